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
            let session = try await directory.assumeRole(record.arn, by: "s3.amazonaws.com", sessionName: "s3-replication", conditions: [:])
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
                _ = try await directory.assumeRole(lambdaOnly.arn, by: "s3.amazonaws.com", sessionName: "s", conditions: [:])
            }
            await #expect(throws: AccessDeniedError.self) {
                _ = try await directory.assumeRole("arn:aws:iam::111111111111:role/absent", by: "s3.amazonaws.com", sessionName: "s", conditions: [:])
            }
            await #expect(throws: AccessDeniedError.self) {
                _ = try await directory.assumeRole(pinned.arn, by: "s3.amazonaws.com", sessionName: "s", conditions: ["aws:SourceAccount": ["111111111111"]])
            }
            let allowed = try await directory.assumeRole(pinned.arn, by: "s3.amazonaws.com", sessionName: "s", conditions: ["aws:SourceAccount": ["222222222222"]])
            #expect(allowed.account == account)
        }
    }
}
