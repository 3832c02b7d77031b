import Foundation
import Logging
import ResourceGroupsTagging
import ServiceKit
import SlipwayCore
import Testing

/// A service that holds a fixed set of tagged resources.
struct FixedResources: TaggedResourcesPort {
    let resources: [TaggedResource]
    func taggedResources(context: ServiceContext) async throws -> [TaggedResource] { resources }
    func deleteTaggedResource(_ resource: TaggedResource, context: ServiceContext) async throws {}
}

@Suite("Tagging API matching")
struct MatchingTests {
    let context = ServiceContext(
        account: AccountID("111111111111")!, region: .usEast1,
        principal: Principal(kind: .root, arn: "arn:aws:iam::111111111111:root", account: AccountID("111111111111"), userID: "111111111111"),
        requestID: "r", logger: Logger(label: "test"), receivedAt: Date()
    )

    let service = ResourceGroupsTaggingService(ports: [
        FixedResources(resources: [
            TaggedResource(arn: "arn:aws:s3:::a", type: "s3:bucket", tags: ["sagemaker:project-id": "p-1", "stage": "dev"]),
            TaggedResource(arn: "arn:aws:s3:::b", type: "s3:bucket", tags: ["sagemaker:project-id": "p-2"]),
            TaggedResource(arn: "arn:aws:s3:::untagged", type: "s3:bucket", tags: [:]),
        ]),
        FixedResources(resources: [TaggedResource(arn: "arn:aws:iam::111111111111:role/r", type: "iam:role", tags: ["sagemaker:project-id": "p-1"])]),
    ])

    @Test func filtersByTagsValuesAndTypes() async throws {
        let project = try await service.matching(tagFilters: [("sagemaker:project-id", ["p-1"])], types: [], context: context)
        #expect(project.map(\.arn) == ["arn:aws:iam::111111111111:role/r", "arn:aws:s3:::a"])
        let anyProject = try await service.matching(tagFilters: [("sagemaker:project-id", [])], types: ["s3"], context: context)
        #expect(anyProject.map(\.arn) == ["arn:aws:s3:::a", "arn:aws:s3:::b"])
        let both = try await service.matching(tagFilters: [("sagemaker:project-id", ["p-1", "p-2"]), ("stage", [])], types: ["s3:bucket"], context: context)
        #expect(both.map(\.arn) == ["arn:aws:s3:::a"])
        let untaggedOmitted = try await service.matching(tagFilters: [], types: [], context: context)
        #expect(!untaggedOmitted.contains { $0.arn == "arn:aws:s3:::untagged" } && untaggedOmitted.count == 3)
    }
}
