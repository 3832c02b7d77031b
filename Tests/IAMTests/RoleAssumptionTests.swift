import Foundation
@testable import IAM
import Logging
import MetadataStore
import MetadataStoreSQLite
import ServiceKit
import SlipwayCore
import Testing

@Suite("Roles assumed by services")
struct RoleAssumptionTests {
    let account = AccountID("111111111111")!  // a valid literal

    func withDirectory(_ body: (IdentityDirectory, IAMStore) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-roles-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try await SQLiteMetadataDatabase.open(path: path, logger: Logger(label: "test"))
        try await Migrator(database: database).migrate(IAMModule.migrations)
        let module = IAMModule(database: database, ids: RandomIDGenerator(), clock: SystemWallClock())
        do {
            _ = try await module.createAccount(name: "default", id: account)
            try await body(module.directory, module.store)
        } catch {
            try await database.close()
            throw error
        }
        try await database.close()
    }

    func role(_ name: String, trusting service: String, condition: String = "") -> RoleRecord {
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"\#(service)"},"Action":"sts:AssumeRole"\#(condition)}]}"#
        return RoleRecord(
            account: account, name: name, id: "AROA\(name.uppercased())", path: "/", trustPolicy: trust, description: nil,
            maxSessionDuration: 3600, created: Date(), boundaryARN: nil
        )
    }

    @Test func aTrustedServiceGetsASessionOfTheRole() async throws {
        try await withDirectory { directory, store in
            let record = role("replication", trusting: "s3.amazonaws.com")
            try await store.write { db in try await IAMStore.insertRole(db, record) }
            let session = try await directory.assumeRole(record.arn, by: "s3.amazonaws.com", for: "111111111111", sessionName: "s3-replication", conditions: [:])
            #expect(session.arn == "arn:aws:sts::111111111111:assumed-role/replication/s3-replication")
            #expect(session.account == account)
            #expect(session.kind == .assumedRole(roleName: "replication", roleARN: record.arn, sessionName: "s3-replication"))
            #expect(session.userID == "AROAREPLICATION:s3-replication")
        }
    }

    @Test func anotherServiceAMissingRoleAndAFailedConditionAreDenied() async throws {
        try await withDirectory { directory, store in
            let lambdaOnly = role("functions", trusting: "lambda.amazonaws.com")
            let pinned = role("pinned", trusting: "s3.amazonaws.com", condition: #","Condition":{"StringEquals":{"aws:SourceAccount":"222222222222"}}"#)
            try await store.write { db in
                try await IAMStore.insertRole(db, lambdaOnly)
                try await IAMStore.insertRole(db, pinned)
            }
            await #expect(throws: AccessDeniedError.self) {
                _ = try await directory.assumeRole(lambdaOnly.arn, by: "s3.amazonaws.com", for: "111111111111", sessionName: "s", conditions: [:])
            }
            await #expect(throws: AccessDeniedError.self) {
                _ = try await directory.assumeRole("arn:aws:iam::111111111111:role/absent", by: "s3.amazonaws.com", for: "111111111111", sessionName: "s", conditions: [:])
            }
            await #expect(throws: AccessDeniedError.self) {
                _ = try await directory.assumeRole(pinned.arn, by: "s3.amazonaws.com", for: "111111111111", sessionName: "s", conditions: ["aws:SourceAccount": ["111111111111"]])
            }
            let allowed = try await directory.assumeRole(pinned.arn, by: "s3.amazonaws.com", for: "111111111111", sessionName: "s", conditions: ["aws:SourceAccount": ["222222222222"]])
            #expect(allowed.account == account)
        }
    }

    @Test func aRoleIsFoundByItsWholeARNAndNeverAcrossAccounts() async throws {
        try await withDirectory { directory, store in
            var adminRecord = role("cfnadmin", trusting: "lambda.amazonaws.com")
            var deployRecord = role("deploy", trusting: "lambda.amazonaws.com")
            deployRecord.path = "/app/"
            adminRecord.id = "AROAADMIN"
            let admin = adminRecord, deploy = deployRecord
            try await store.write { db in
                try await IAMStore.insertRole(db, admin)
                try await IAMStore.insertRole(db, deploy)
            }
            // The name alone does not find a role under another path.
            #expect(try await directory.role("arn:aws:iam::111111111111:role/app/cfnadmin") == nil)
            #expect(try await directory.role("arn:aws:iam::111111111111:role/deploy") == nil)
            #expect(try await directory.role("arn:aws:iam::111111111111:role/app/deploy")?.arn == "arn:aws:iam::111111111111:role/app/deploy")
            #expect(try await directory.role(admin.arn) == RoleIdentity(arn: admin.arn, account: "111111111111", name: "cfnadmin", id: "AROAADMIN"))
            await #expect(throws: AccessDeniedError.self) {
                _ = try await directory.assumeRole("arn:aws:iam::111111111111:role/app/cfnadmin", by: "lambda.amazonaws.com", for: "111111111111", sessionName: "s", conditions: [:])
            }
            // A service acting for another account cannot use this account's role, however the trust policy reads.
            do {
                _ = try await directory.assumeRole(admin.arn, by: "lambda.amazonaws.com", for: "222222222222", sessionName: "s", conditions: [:])
                Issue.record("a role crossed accounts")
            } catch let denied as AccessDeniedError {
                #expect(denied.message == "Cross-account pass role is not allowed.")
            }
        }
    }

    @Test(arguments: [
        ("arn:aws:iam::111111111111:role/deploy", "/", "deploy"),
        ("arn:aws:iam::111111111111:role/app/deploy", "/app/", "deploy"),
        ("arn:aws:iam::111111111111:role/a/b/c/deploy", "/a/b/c/", "deploy"),
    ])
    func roleARNsNameAPathAndAName(arn: String, path: String, name: String) {
        let reference = RoleReference(arn: arn)
        #expect(reference?.path == path)
        #expect(reference?.name == name)
        #expect(reference?.account.rawValue == "111111111111")
    }

    @Test(arguments: ["arn:aws:iam::111111111111:role/", "arn:aws:iam::111111111111:role/app//deploy", "arn:aws:iam::111111111111:user/deploy", "arn:aws:s3:::role/x", "role/x"])
    func whatNamesNoRole(arn: String) {
        #expect(RoleReference(arn: arn) == nil)
    }
}
