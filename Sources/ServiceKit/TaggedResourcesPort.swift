/// A resource some service holds, with its tags: what the Resource Groups Tagging API lists.
public struct TaggedResource: Sendable, Hashable {
    public var arn: String
    /// `service:type`, as `ResourceTypeFilters` names it (`s3:bucket`, `iam:role`, `sagemaker:project`).
    public var type: String
    public var tags: [String: String]

    public init(arn: String, type: String, tags: [String: String]) {
        self.arn = arn
        self.type = type
        self.tags = tags
    }
}

/// The port each service offers the tagging API and a project's cascade delete: its taggable resources, and how to
/// remove one of them as the caller.
public protocol TaggedResourcesPort: Sendable {
    /// The service's taggable resources in the context's account and region (global ones everywhere).
    func taggedResources(context: ServiceContext) async throws -> [TaggedResource]
    /// Deletes one of them as `context.principal`, authorized as that caller's own delete calls would be, emptying it
    /// first when it holds data (a bucket's object versions).
    func deleteTaggedResource(_ resource: TaggedResource, context: ServiceContext) async throws
}
