import Foundation
import OrderedCollections
import Provisioning

/// A stack as stored: where it lives, its template and parameters, its status, outputs and tags.
struct StackRecord: Sendable {
    var stackID: String
    var accountID: String
    var region: String
    var name: String
    var status: String
    var statusReason: String?
    var description: String?
    var templateBody: String
    var parameters: [String: String]
    var outputs: [StoredOutput]
    var tags: [StackTagShape]
    var capabilities: [String]
    var roleARN: String?
    /// The caller a stack without a role acts as.
    var principal: StoredPrincipal?
    var disableRollback: Bool
    var created: Date
    var updated: Date?
    var deleted: Date?
    /// When an update last started (`LastUpdatedTime`).
    var lastUpdated: Date? = nil
    var terminationProtection = false
    /// What the stack was before the update in progress (or whose rollback failed), to roll back to.
    var previous: PreviousState? = nil
    /// The export names the stack's template imports.
    var imports: [String] = []
    /// For a nested stack: the stack whose `AWS::CloudFormation::Stack` resource it is, and the top-level stack.
    var parentID: String? = nil
    var rootID: String? = nil

    /// A stack's template and settings before an update, kept until the update completes or is rolled back.
    struct PreviousState: Codable, Sendable {
        var templateBody: String
        var parameters: [String: String]
        var tags: [StackTagShape]
        var capabilities: [String]
        var roleARN: String?
        var description: String?
        var imports: [String]?
    }

    var asPrevious: PreviousState {
        PreviousState(templateBody: templateBody, parameters: parameters, tags: tags, capabilities: capabilities, roleARN: roleARN, description: description, imports: imports)
    }

    /// An output as recorded when the stack finished.
    struct StoredOutput: Codable, Sendable {
        var key: String
        var value: String
        var description: String?
        var exportName: String?
    }
}

/// A stack's resource as last recorded.
struct StackResourceRecord: Sendable {
    var logicalID: String
    var type: String
    var physicalID: String?
    var status: String
    var reason: String?
    var properties: TemplateValue?
    var attributes: [String: TemplateValue]
    var updated: Date

    /// The resource as the engine knows it, when it exists.
    var provisioned: ProvisionedResource? {
        guard let physicalID, status != "DELETE_COMPLETE" else { return nil }
        return ProvisionedResource(physicalID: physicalID, attributes: attributes, properties: properties ?? .object([:]))
    }
}

/// One stack event as recorded.
struct StackEventRecord: Sendable {
    var eventID: String
    var logicalID: String
    var physicalID: String?
    var type: String
    var status: String
    var reason: String?
    var time: Date
}
