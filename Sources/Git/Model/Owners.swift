import Foundation
import ServiceKit
import SlipwayCore

/// The forge's namespaces: the login each IAM identity acts as (made on first use), organizations, and the account's
/// own namespace (its id, the root user's login).
struct Owners: Sendable {
    let store: RepositoryStore
    let clock: any WallClock

    /// A login GitHub would accept made from an IAM user name: letters, digits and single hyphens, at most 39.
    static func sanitized(_ name: String) -> String {
        var login = ""
        for character in name {
            if character.isASCII, character.isLetter || character.isNumber {
                login.append(character)
            } else if !login.isEmpty, login.last != "-" {
                login.append("-")
            }
        }
        while login.hasSuffix("-") { login.removeLast() }
        return String(login.prefix(39))
    }

    static func isLogin(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 39 && !text.hasPrefix("-") && !text.hasSuffix("-") && !text.contains("--")
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    /// The login `principal` acts as: the root user's is the account id; an IAM user's is its name (made unique
    /// with the account id when another owner has it).
    func login(for principal: Principal) async throws -> OwnerRecord {
        if let known = try await store.owner(principalArn: principal.arn) { return known }
        guard let account = principal.account?.rawValue else { throw ForgeError.unauthorized }
        var candidates: [String]
        switch principal.kind {
        case .root: candidates = [account]
        case .user(let name):
            let base = Self.sanitized(name).isEmpty ? "user" : Self.sanitized(name)
            candidates = [base, String("\(base.prefix(26))-\(account)")]
        default: throw ForgeError.forbidden("Only the root user and IAM users have a login on the forge.")
        }
        for login in candidates {
            let owner = OwnerRecord(login: login, kind: "User", account: account, principalArn: principal.arn, admins: [], created: clock.now())
            if try await store.insert(owner) { return owner }
            // Another request of the same identity may have just made its login.
            if let made = try await store.owner(principalArn: principal.arn) { return made }
        }
        throw ForgeError.validation("login", "already_exists")
    }

    /// The owner a login names: a known user or organization, or an account's own namespace (its id).
    func owner(_ login: String) async throws -> OwnerRecord? {
        if let known = try await store.owner(login: login) { return known }
        guard login.count == 12, login.allSatisfy(\.isNumber) else { return nil }
        return OwnerRecord(login: login, kind: "User", account: login, principalArn: "arn:aws:iam::\(login):root", admins: [], created: Date(timeIntervalSince1970: 0))
    }

    /// A new organization in `account`, administered by `admin`.
    func createOrganization(_ login: String, admin: String, account: String) async throws -> OwnerRecord {
        guard Self.isLogin(login) else { throw ForgeError.validation("login", "invalid") }
        let organization = OwnerRecord(login: login, kind: "Organization", account: account, principalArn: nil, admins: [admin], created: clock.now())
        guard try await owner(login) == nil, try await store.insert(organization) else { throw ForgeError.validation("login", "already_exists", resource: "Organization") }
        return organization
    }
}
