import Foundation
import SQLKit
import SlipwayCore

extension IAMStore {
    static func instanceProfile(from row: any SQLRow) -> InstanceProfileRecord {
        InstanceProfileRecord(
            account: row.accountID(), name: row.string("profile_name") ?? "", id: row.string("profile_id") ?? "",
            path: row.string("path") ?? "/", created: date(row.int64("created_ms"))
        )
    }

    static func instanceProfile(_ db: any SQLDatabase, account: AccountID, name: String) async throws -> InstanceProfileRecord? {
        try await db.raw("""
            SELECT * FROM iam_instance_profiles WHERE account_id = \(bind: account.rawValue) AND name_key = \(bind: name.lowercased())
            """).first().map(instanceProfile(from:))
    }

    static func requireInstanceProfile(_ db: any SQLDatabase, account: AccountID, name: String) async throws -> InstanceProfileRecord {
        guard let profile = try await instanceProfile(db, account: account, name: name) else {
            throw IAMError.noSuchEntity("Instance Profile \(name) cannot be found.")
        }
        return profile
    }

    static func insertInstanceProfile(_ db: any SQLDatabase, _ profile: InstanceProfileRecord) async throws {
        try await db.raw("""
            INSERT INTO iam_instance_profiles (account_id, name_key, profile_name, profile_id, path, created_ms)
            VALUES (\(bind: profile.account.rawValue), \(bind: profile.name.lowercased()), \(bind: profile.name), \(bind: profile.id),
                    \(bind: profile.path), \(bind: ms(profile.created)))
            """).run()
    }

    static func deleteInstanceProfile(_ db: any SQLDatabase, account: AccountID, name: String) async throws {
        try await db.raw("""
            DELETE FROM iam_instance_profiles WHERE account_id = \(bind: account.rawValue) AND name_key = \(bind: name.lowercased())
            """).run()
        try await deleteTags(db, account: account, type: .instanceProfile, key: name.lowercased())
    }

    static func instanceProfiles(_ db: any SQLDatabase, account: AccountID, pathPrefix: String) async throws -> [InstanceProfileRecord] {
        try await db.raw("SELECT * FROM iam_instance_profiles WHERE account_id = \(bind: account.rawValue) ORDER BY name_key")
            .all().map(instanceProfile(from:)).filter { $0.path.hasPrefix(pathPrefix) }
    }

    /// The roles in an instance profile (at most one).
    static func profileRoles(_ db: any SQLDatabase, account: AccountID, profile: String) async throws -> [RoleRecord] {
        try await db.raw("""
            SELECT r.* FROM iam_roles r JOIN iam_instance_profile_roles m ON m.account_id = r.account_id AND m.role_key = r.name_key
            WHERE r.account_id = \(bind: account.rawValue) AND m.profile_key = \(bind: profile.lowercased()) ORDER BY r.name_key
            """).all().map(role(from:))
    }

    static func instanceProfilesForRole(_ db: any SQLDatabase, account: AccountID, role: String) async throws -> [InstanceProfileRecord] {
        try await db.raw("""
            SELECT p.* FROM iam_instance_profiles p JOIN iam_instance_profile_roles m ON m.account_id = p.account_id AND m.profile_key = p.name_key
            WHERE p.account_id = \(bind: account.rawValue) AND m.role_key = \(bind: role.lowercased()) ORDER BY p.name_key
            """).all().map(instanceProfile(from:))
    }

    static func addProfileRole(_ db: any SQLDatabase, account: AccountID, profile: String, role: String) async throws {
        try await db.raw("""
            INSERT INTO iam_instance_profile_roles (account_id, profile_key, role_key)
            VALUES (\(bind: account.rawValue), \(bind: profile.lowercased()), \(bind: role.lowercased()))
            """).run()
    }

    /// Removes a role from a profile; false when it was not in it.
    static func removeProfileRole(_ db: any SQLDatabase, account: AccountID, profile: String, role: String) async throws -> Bool {
        let row = try await db.raw("""
            DELETE FROM iam_instance_profile_roles
            WHERE account_id = \(bind: account.rawValue) AND profile_key = \(bind: profile.lowercased()) AND role_key = \(bind: role.lowercased())
            RETURNING role_key
            """).first()
        return row != nil
    }
}
