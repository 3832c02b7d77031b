import Foundation
@testable import IAM
import Logging
import MetadataStore
import MetadataStoreSQLite
import Provisioning
import ServiceKit
import SlipwayCore
import TemplateEngine
import Testing

/// IAM's resource types through the stack engine against a real IAM module and its authorization (no HTTP).
@Suite("IAM resource providers")
struct IAMProviderTests {
    struct World {
        let engine: StackEngine
        let iam: IAMModule
        let settings: StackEngine.Settings
    }

    func withWorld(_ body: (World) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-iamp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let logger = Logger(label: "test")
        let database = try await SQLiteMetadataDatabase.open(path: directory.appendingPathComponent("metadata.sqlite").path, logger: logger)
        do {
            try await Migrator(database: database).migrate(IAMModule.migrations)
            let iam = IAMModule(database: database, ids: RandomIDGenerator(), clock: SystemWallClock())
            let account = try await iam.createAccount(name: "default", id: AccountID("111111111111")).account
            let registry = ProviderRegistry([
                RoleProvider(module: iam, logger: logger), PolicyProvider(module: iam, logger: logger), ManagedPolicyProvider(module: iam, logger: logger),
                UserProvider(module: iam, logger: logger), AccessKeyProvider(module: iam, logger: logger),
            ])
            let root = Principal(kind: .root, arn: "arn:aws:iam::\(account):root", account: account, userID: account.rawValue)
            let settings = StackEngine.Settings(
                stackName: "churn", stackID: "arn:aws:cloudformation:us-east-1:111111111111:stack/churn/1", region: "us-east-1",
                accountID: account.rawValue, identity: root
            )
            try await body(World(engine: StackEngine(registry: registry), iam: iam, settings: settings))
        } catch {
            try await database.close()
            throw error
        }
        try await database.close()
    }

    func inlinePolicies(_ world: World, role: String) async throws -> [String] {
        try await world.iam.store.read { db in
            try await IAMStore.inlinePolicies(db, account: AccountID("111111111111")!, type: .role, entity: role).map(\.name).sorted()
        }
    }

    func attached(_ world: World, role: String) async throws -> [String] {
        try await world.iam.store.read { db in
            try await IAMStore.attachedPolicyARNs(db, account: AccountID("111111111111")!, type: .role, entity: role)
        }
    }

    let trust = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#

    @Test func aRoleGetsItsPoliciesAndAnUpdateChangesOnlyWhatDiffers() async throws {
        try await withWorld { world in
            let before = try Template.load("""
                Resources:
                  Runner:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument: \(trust)
                      ManagedPolicyArns: [!Ref Shared]
                      Policies: [{PolicyName: a, PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}}]
                  Shared:
                    Type: AWS::IAM::ManagedPolicy
                    Properties: {PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}}
                  Named:
                    Type: AWS::IAM::Policy
                    Properties: {PolicyName: named, Roles: [!Ref Runner], PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:PutObject", Resource: "*"}]}}
                """)
            let created = await world.engine.create(before, parameters: [:], settings: world.settings) { _, _ in }
            #expect(created.status == "CREATE_COMPLETE", "\(created.reason ?? "")")
            let role = try #require(created.resources["Runner"]?.physicalID)
            #expect(role.hasPrefix("churn-Runner-"))
            #expect(try await inlinePolicies(world, role: role) == ["a", "named"])
            #expect(try await attached(world, role: role) == [created.resources["Shared"]?.physicalID].compactMap { $0 })

            // The inline policy goes, the named policy is renamed, the managed policy detached: the role itself stays.
            let after = try Template.load("""
                Resources:
                  Runner:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument: \(trust)
                  Named:
                    Type: AWS::IAM::Policy
                    Properties: {PolicyName: renamed, Roles: [!Ref Runner], PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:PutObject", Resource: "*"}]}}
                """)
            let updated = await world.engine.update(from: before, resources: created.resources, to: after, parameters: [:], settings: world.settings) { _, _ in }
            #expect(updated.status == "UPDATE_COMPLETE", "\(updated.reason ?? "")")
            #expect(updated.resources["Runner"]?.physicalID == role)
            #expect(try await inlinePolicies(world, role: role) == ["renamed"])
            #expect(try await attached(world, role: role).isEmpty)

            let left = await world.engine.delete(updated.resources, template: after, settings: world.settings) { _, _ in }
            #expect(left.isEmpty)
            let remaining = try await world.iam.store.read { db in try await IAMStore.role(db, account: AccountID("111111111111")!, name: role) }
            #expect(remaining == nil)
        }
    }

    @Test func aRoleWhosePolicyCannotBeAttachedIsNotLeftBehind() async throws {
        try await withWorld { world in
            let template = try Template.load("""
                Resources:
                  Runner:
                    Type: AWS::IAM::Role
                    Properties:
                      RoleName: half-made
                      AssumeRolePolicyDocument: \(trust)
                      ManagedPolicyArns: ["arn:aws:iam::111111111111:policy/does-not-exist"]
                """)
            let created = await world.engine.create(template, parameters: [:], settings: world.settings) { _, _ in }
            #expect(created.status == "ROLLBACK_COMPLETE")
            #expect(created.reason?.contains("Error Code: NoSuchEntity") == true)
            let remaining = try await world.iam.store.read { db in try await IAMStore.role(db, account: AccountID("111111111111")!, name: "half-made") }
            #expect(remaining == nil)
        }
    }

    @Test func generatedNamesAreStableAndDifferPerStack() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        let one = PhysicalName.generate(stack: "Churn", stackID: "id-1", logicalID: "Runner", lowercase: false, allowed: allowed)
        #expect(one == PhysicalName.generate(stack: "Churn", stackID: "id-1", logicalID: "Runner", lowercase: false, allowed: allowed))
        #expect(one != PhysicalName.generate(stack: "Churn", stackID: "id-2", logicalID: "Runner", lowercase: false, allowed: allowed))
        #expect(one.hasPrefix("Churn-Runner-") && one.count == "Churn-Runner-".count + 12)
        let long = PhysicalName.generate(stack: String(repeating: "s", count: 80), stackID: "x", logicalID: String(repeating: "L", count: 80), lowercase: true, allowed: allowed)
        #expect(long.count <= 64 && long == long.lowercased())
        // A replacement is named apart from what it replaces, the same way every time (a crash finds it again).
        let replacement = PhysicalName.generate(stack: "Churn", stackID: "id-1", logicalID: "Runner", replacing: one, lowercase: false, allowed: allowed)
        #expect(replacement != one && replacement.hasPrefix("Churn-Runner-"))
        #expect(replacement == PhysicalName.generate(stack: "Churn", stackID: "id-1", logicalID: "Runner", replacing: one, lowercase: false, allowed: allowed))
    }
}
