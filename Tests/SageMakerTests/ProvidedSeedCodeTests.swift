import Foundation
@testable import SageMaker
import ServiceKit
import SlipwayCore
import TemplateEngine
import Testing
@testable import Workflows

@Suite("Provided templates and their seed code")
struct ProvidedSeedCodeTests {
    let context = ServiceContext(
        account: AccountID("111111111111")!, region: .usEast1,
        principal: Principal(kind: .root, arn: "arn:aws:iam::111111111111:root", account: AccountID("111111111111"), userID: "111111111111"),
        requestID: "test", logger: .init(label: "test"), receivedAt: Date()
    )

    /// A port that refuses everything: the provided objects must answer without it.
    struct NoObjects: ObjectPort {
        func read(_ location: ObjectLocation, context: ServiceContext, limit: Int) async throws -> ObjectContent { throw AWSError(code: "NoSuchBucket", message: "none") }
        func list(bucket: String, prefix: String, context: ServiceContext) async throws -> [ObjectSummary] { [] }
        func tags(_ location: ObjectLocation, context: ServiceContext) async throws -> [String: String] { [:] }
        func write(_ bytes: [UInt8], to location: ObjectLocation, contentType: String, tags: [String: String], context: ServiceContext) async throws -> String? { nil }
    }

    /// The names a zip's central directory lists.
    static func names(inZip bytes: [UInt8]) -> [String] {
        var names: [String] = []
        var index = 0
        while index + 46 <= bytes.count {
            if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x01, bytes[index + 3] == 0x02 {
                let length = Int(bytes[index + 28]) | Int(bytes[index + 29]) << 8
                names.append(String(decoding: bytes[(index + 46)..<(index + 46 + length)], as: UTF8.self))
                index += 46 + length
            } else {
                index += 1
            }
        }
        return names
    }

    @Test func theGitHubActionsTemplateIsValidAndAsksForItsCreator() throws {
        let template = try Template.load(ProvidedTemplates.githubActions)
        #expect(template.parameters[SageMakerService.creatorParameter] != nil)
        let types = Set(template.resources.values.map(\.type))
        #expect(types.isSuperset(of: ["AWS::CodeCommit::Repository", "Slipway::Workflows::Environment", "Slipway::Git::AccessToken", "AWS::SageMaker::MlflowTrackingServer"]))
    }

    @Test func theSeedArchiveHoldsTheSampleProjectAndItsWorkflowsParse() async throws {
        let objects = ProvidedObjects(base: NoObjects())
        let zip = try await objects.read(ObjectLocation(bucket: ProvidedTemplates.bucket, key: "seed/mlops-github-actions.zip"), context: context, limit: 1 << 20)
        #expect(Self.names(inZip: zip.bytes).sorted() == ProvidedSeedCode.githubActions.map(\.path).sorted())
        #expect(Self.names(inZip: zip.bytes).contains("pipelines/pipeline.py"))
        for file in ProvidedSeedCode.githubActions where file.path.hasPrefix(".github/workflows/") {
            let workflow = try WorkflowParser.parse(file.text, path: file.path)
            #expect(!workflow.jobs.isEmpty, "\(file.path)")
        }
        let template = try await objects.read(ObjectLocation(bucket: ProvidedTemplates.bucket, key: "mlops-github-actions.yaml"), context: context, limit: 1 << 20)
        #expect(String(decoding: template.bytes, as: UTF8.self) == ProvidedTemplates.githubActions)
    }

    @Test func theReservedBucketHasNothingElseAndTakesNoWrites() async throws {
        let objects = ProvidedObjects(base: NoObjects())
        await #expect(throws: AWSError.self) {
            _ = try await objects.read(ObjectLocation(bucket: ProvidedTemplates.bucket, key: "seed/other.zip"), context: context, limit: 1 << 20)
        }
        await #expect(throws: AWSError.self) {
            _ = try await objects.write([1], to: ObjectLocation(bucket: ProvidedTemplates.bucket, key: "seed/x.zip"), contentType: "", tags: [:], context: context)
        }
        await #expect(throws: ObjectTooLarge.self) {
            _ = try await objects.read(ObjectLocation(bucket: ProvidedTemplates.bucket, key: "seed/mlops-github-actions.zip"), context: context, limit: 10)
        }
        let listed = try await objects.list(bucket: ProvidedTemplates.bucket, prefix: "seed/", context: context)
        #expect(listed.map(\.key) == ["seed/mlops-github-actions.zip"])
    }
}
