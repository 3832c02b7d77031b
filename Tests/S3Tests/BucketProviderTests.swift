import BlobStore
import Foundation
import IAM
import Logging
import MetadataStore
import MetadataStoreSQLite
import Provisioning
@testable import S3
import ServiceKit
import SlipwayCore
import TemplateEngine
import Synchronization
import Testing

/// `AWS::S3::Bucket` through the stack engine against a real S3 module and IAM authorization (no HTTP).
@Suite("S3 bucket provider")
struct BucketProviderTests {
    struct World {
        let engine: StackEngine
        let s3: S3Module
        let root: Principal
        let account: AccountID
    }

    func withWorld(_ body: (World) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-bp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let logger = Logger(label: "test")
        let database = try await SQLiteMetadataDatabase.open(path: directory.appendingPathComponent("metadata.sqlite").path, logger: logger)
        do {
            try await Migrator(database: database).migrate(IAMModule.migrations + TieredBlobStore.migrations + S3Module.migrations)
            let iam = IAMModule(database: database, ids: RandomIDGenerator(), clock: SystemWallClock())
            let account = try await iam.createAccount(name: "default", id: AccountID("111111111111")).account
            let files = try LocalBlobStore(root: directory.appendingPathComponent("objects"))
            let s3 = S3Module(database: database, blobs: TieredBlobStore(files: files, database: database, sealing: nil), clock: SystemWallClock(), roles: iam.directory, accounts: iam.directory)
            let provider = BucketProvider(module: s3, authorizer: iam.directory, logger: logger)
            let root = Principal(kind: .root, arn: "arn:aws:iam::\(account):root", account: account, userID: account.rawValue)
            try await body(World(engine: StackEngine(registry: ProviderRegistry([provider])), s3: s3, root: root, account: account))
        } catch {
            try await database.close()
            throw error
        }
        try await database.close()
    }

    func settings(_ world: World, identity: Principal? = nil) -> StackEngine.Settings {
        var settings = StackEngine.Settings(
            stackName: "Churn-Project", stackID: "arn:aws:cloudformation:eu-west-1:111111111111:stack/Churn-Project/1", region: "eu-west-1",
            accountID: world.account.rawValue, identity: identity ?? world.root
        )
        settings.tags = [("sagemaker:project-name", "churn")]
        return settings
    }

    let template = """
        Resources:
          Artifacts:
            Type: AWS::S3::Bucket
            Properties:
              VersioningConfiguration: {Status: Enabled}
              Tags: [{Key: team, Value: ml}]
          Named:
            Type: AWS::S3::Bucket
            Properties: {BucketName: !Sub "${AWS::AccountId}-models"}
        Outputs:
          ArtifactsArn: {Value: !GetAtt Artifacts.Arn}
        """

    @Test func bucketsAreCreatedConfiguredAndDeleted() async throws {
        try await withWorld { world in
            let parsed = try Template.load(template)
            let created = await world.engine.create(parsed, parameters: [:], settings: settings(world), record: { _, _ in })
            #expect(created.status == "CREATE_COMPLETE", "\(created.reason ?? "")")
            let generated = try #require(created.resources["Artifacts"]?.physicalID)
            #expect(generated.hasPrefix("churn-project-artifacts-") && generated.count == "churn-project-artifacts-".count + 12)
            #expect(created.resources["Named"]?.physicalID == "111111111111-models")
            #expect(created.outputs["ArtifactsArn"]?.value == "arn:aws:s3:::\(generated)")
            let bucket = try #require(try await world.s3.service.store.bucket(named: generated))
            #expect(bucket.region.name == "eu-west-1" && bucket.versioning == .enabled)
            let stackID = settings(world).stackID
            #expect(try await world.s3.service.store.bucketTags(generated) == [
                ObjectTag(key: "sagemaker:project-name", value: "churn"), ObjectTag(key: "aws:cloudformation:stack-name", value: "Churn-Project"),
                ObjectTag(key: "aws:cloudformation:stack-id", value: stackID), ObjectTag(key: "aws:cloudformation:logical-id", value: "Artifacts"),
                ObjectTag(key: "team", value: "ml"),
            ])
            #expect(try await world.s3.service.store.bucketTags("111111111111-models")?.map(\.key).contains("aws:cloudformation:logical-id") == true)

            let left = await world.engine.delete(created.resources, template: parsed, settings: settings(world), record: { _, _ in })
            #expect(left.isEmpty)
            #expect(try await world.s3.service.store.bucket(named: generated) == nil)
            #expect(try await world.s3.service.store.bucket(named: "111111111111-models") == nil)
        }
    }

    @Test func anIdentityWithoutPermissionFailsWithTheExplainedDenialAndLeavesNothing() async throws {
        try await withWorld { world in
            let intern = Principal(kind: .user(name: "intern"), arn: "arn:aws:iam::111111111111:user/intern", account: world.account, userID: "AIDAINTERN")
            let result = await world.engine.create(try Template.load(template), parameters: [:], settings: settings(world, identity: intern), record: { _, _ in })
            #expect(result.status == "ROLLBACK_COMPLETE")
            #expect(result.reason?.contains("is not authorized to perform: s3:CreateBucket") == true)
            #expect(result.reason?.contains("Error Code: AccessDenied") == true)
            #expect(try await world.s3.service.store.bucket(named: "111111111111-models") == nil)
        }
    }

    @Test func aBucketWithObjectsCannotBeDeleted() async throws {
        try await withWorld { world in
            let parsed = try Template.load("Resources:\n  Keep: {Type: AWS::S3::Bucket, Properties: {BucketName: holds-objects}}\n")
            let created = await world.engine.create(parsed, parameters: [:], settings: settings(world), record: { _, _ in })
            let blob = try await world.s3.service.blobs.write(AsyncThrowingStream { $0.yield(Array("x".utf8)); $0.finish() })
            _ = try await world.s3.service.store.putVersion(
                StoredObject(bucket: "holds-objects", key: "k", versionID: "null", isLatest: true, isDeleteMarker: false, blobID: blob.id, size: 1,
                             etag: "\"x\"", contentType: nil, headers: [:], metadata: [:], lastModified: Date()),
                ifNoneMatch: false
            )
            let reasons = ReasonLog()
            let left = await world.engine.delete(created.resources, template: parsed, settings: settings(world), record: { event, _ in reasons.add(event) })
            #expect(left.keys.elements == ["Keep"])
            #expect(reasons.failures.first?.contains("Error Code: BucketNotEmpty") == true)
        }
    }
}

final class ReasonLog: Sendable {
    private let events = Synchronization.Mutex<[ResourceEvent]>([])
    func add(_ event: ResourceEvent) { events.withLock { $0.append(event) } }
    var failures: [String] { events.withLock { $0.filter { $0.status == .deleteFailed }.compactMap(\.reason) } }
}
