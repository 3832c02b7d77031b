import Foundation

/// A stack another service launches and follows — what SageMaker provisions a project with.
public struct StackLaunch: Sendable {
    public var stackName: String
    public var templateBody: String
    public var parameters: [String: String]
    public var tags: [(key: String, value: String)]
    /// Who the stack acts as (a project's launch role session): every resource is authorized as it.
    public var identity: Principal

    public init(stackName: String, templateBody: String, parameters: [String: String], tags: [(key: String, value: String)], identity: Principal) {
        self.stackName = stackName
        self.templateBody = templateBody
        self.parameters = parameters
        self.tags = tags
        self.identity = identity
    }
}

/// A stack as the launching service sees it.
public struct StackReport: Sendable {
    public var stackID: String
    public var stackName: String
    public var status: String
    public var reason: String?
    /// The logical ids of resources a delete kept (`DeletionPolicy: Retain`), with their physical ids.
    public var retained: [(logicalID: String, physicalID: String)]

    public init(stackID: String, stackName: String, status: String, reason: String?, retained: [(logicalID: String, physicalID: String)]) {
        self.stackID = stackID
        self.stackName = stackName
        self.status = status
        self.reason = reason
        self.retained = retained
    }
}

/// One resource change a stack update would make, as a preview shows it.
public struct StackChangePreview: Sendable, Codable, Hashable {
    public var action: String
    public var logicalID: String
    public var physicalID: String?
    public var resourceType: String
    public var replacement: String?
    public var changedProperties: [String]

    public init(action: String, logicalID: String, physicalID: String?, resourceType: String, replacement: String?, changedProperties: [String]) {
        self.action = action
        self.logicalID = logicalID
        self.physicalID = physicalID
        self.resourceType = resourceType
        self.replacement = replacement
        self.changedProperties = changedProperties
    }
}

/// The port CloudFormation offers services that provision through stacks. Errors are CloudFormation's own
/// (`ValidationError` for a bad template or parameter value); nothing is made when a call throws.
public protocol StackPort: Sendable {
    /// Checks a template as `ValidateTemplate` does (well-formed, every resource type provided, properties acceptable).
    func validateTemplate(_ body: String, context: ServiceContext) async throws
    /// Checks a template and its parameter values as `CreateStack` would, without making anything.
    func validate(_ launch: StackLaunch, context: ServiceContext) async throws
    /// Starts creating the stack; returns its id while it is created in the background.
    func create(_ launch: StackLaunch, context: ServiceContext) async throws -> String
    /// What an update to `launch` would change, checked as `UpdateStack` would check it.
    func preview(stackID: String, _ launch: StackLaunch, context: ServiceContext) async throws -> [StackChangePreview]
    /// Starts updating the stack to `launch`'s template and parameters (a failure rolls it back).
    func update(stackID: String, _ launch: StackLaunch, context: ServiceContext) async throws
    /// Starts deleting the stack, acting as `identity`.
    func delete(stackID: String, identity: Principal, context: ServiceContext) async throws
    /// The stack now; nil when there is no such stack in the context's account.
    func report(stackID: String, context: ServiceContext) async throws -> StackReport?
    /// The physical ids of the stack's resources (those that exist).
    func physicalIDs(stackID: String, context: ServiceContext) async throws -> [String]
}
