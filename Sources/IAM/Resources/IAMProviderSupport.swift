import Logging
import Provisioning
import ServiceKit
import SlipwayCore
import Wire

/// What IAM's resource providers share: IAM's own operations, called as the stack's identity.
typealias IAMCalls = StackCaller<IAMService>

extension IAMCalls {
    init(module: IAMModule, logger: Logger) {
        self.init(service: module.iam, authorizer: module.directory, clock: module.clock, logger: logger)
    }
}

/// Names IAM allows in a generated role, user or policy name.
let iamNameCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-")

extension TemplateValue {
    /// A policy document as IAM takes it: a string as written, a JSON object serialized.
    var policyText: String? {
        switch self {
        case .string(let text): text
        case .object, .array: jsonText
        default: nil
        }
    }

    /// A list property's items as text.
    var textItems: [String] { arrayValue?.compactMap(\.scalarText) ?? [] }
}

extension ResourceRequest {
    /// The resource's `Tags` plus the stack's own tags (IAM reserves the `aws:` prefix, so CloudFormation's are left out).
    var iamTags: [TagShape] {
        tags(declaredIn: properties, includingSystemTags: false).map { TagShape(key: $0.key, value: $0.value) }
    }
}

/// The inline policies (`Policies`) and attached managed policies (`ManagedPolicyArns`) of a role, user or group,
/// changed from what `previous` properties had to what `properties` have.
struct EntityPolicies {
    let type: EntityType
    let name: String
    let iam: IAMCalls

    func input(policyName: String? = nil, document: String? = nil, arn: String? = nil) -> EntityPolicyInput {
        EntityPolicyInput(
            userName: type == .user ? name : nil, groupName: type == .group ? name : nil, roleName: type == .role ? name : nil,
            policyName: policyName, policyDocument: document, policyArn: arn
        )
    }

    static func inline(_ properties: TemplateValue?) -> [String: String] {
        var policies: [String: String] = [:]
        for policy in properties?["Policies"]?.arrayValue ?? [] {
            if let name = policy["PolicyName"]?.scalarText, let document = policy["PolicyDocument"]?.policyText { policies[name] = document }
        }
        return policies
    }

    func apply(_ properties: TemplateValue?, previous: TemplateValue?, request: ResourceRequest) async throws {
        let noun = type.rawValue.capitalized
        let inline = Self.inline(properties), before = Self.inline(previous)
        for (policy, document) in inline.sorted(by: { $0.key < $1.key }) where before[policy] != document {
            let _: EmptyOutput = try await iam.call("Put\(noun)Policy", input(policyName: policy, document: document), for: request)
        }
        for policy in before.keys.sorted() where inline[policy] == nil {
            try await ignoringMissing { let _: EmptyOutput = try await iam.call("Delete\(noun)Policy", input(policyName: policy), for: request) }
        }
        let managed = properties?["ManagedPolicyArns"]?.textItems ?? [], attached = previous?["ManagedPolicyArns"]?.textItems ?? []
        for arn in managed where !attached.contains(arn) {
            let _: EmptyOutput = try await iam.call("Attach\(noun)Policy", input(arn: arn), for: request)
        }
        for arn in attached where !managed.contains(arn) {
            try await ignoringMissing { let _: EmptyOutput = try await iam.call("Detach\(noun)Policy", input(arn: arn), for: request) }
        }
    }

    /// Removes every inline policy and attachment `properties` made, before the entity is deleted.
    func removeAll(_ properties: TemplateValue?, request: ResourceRequest) async throws {
        try await apply(nil, previous: properties, request: request)
    }
}

/// Runs `body`, treating `NoSuchEntity` (already gone) as done.
func ignoringMissing(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as IAMError where error.code == "NoSuchEntity" {
        return
    }
}

/// Tags changed from `previous` to `wanted` on a role or user.
func retag(_ entity: TagEntityInput, wanted: [TagShape], previous: [TagShape], noun: String, iam: IAMCalls, request: ResourceRequest) async throws {
    let stale = previous.filter { old in !wanted.contains { $0.key == old.key } }.map(\.key)
    if !stale.isEmpty {
        var input = entity
        input.tagKeys = stale
        let _: EmptyOutput = try await iam.call("Untag\(noun)", input, for: request)
    }
    if wanted != previous, !wanted.isEmpty {
        var input = entity
        input.tags = wanted
        let _: EmptyOutput = try await iam.call("Tag\(noun)", input, for: request)
    }
}
