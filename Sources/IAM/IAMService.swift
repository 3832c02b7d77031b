import Foundation
import IAMPolicy
import MetadataStore
import ServiceKit
import SlipwayCore
import SQLKit
import Wire

/// The IAM API (Query protocol): users, groups, roles, access keys, inline and managed policies, tags, simulation.
public struct IAMService: AWSService {
    public let serviceName = "iam"
    public let signingName = "iam"
    public let wireProtocol = WireProtocol.query(apiVersion: "2010-05-08", xmlNamespace: "https://iam.amazonaws.com/doc/2010-05-08/")
    let store: IAMStore
    let directory: IdentityDirectory
    let ids: any IDGenerator
    let clock: any WallClock

    init(store: IAMStore, directory: IdentityDirectory, ids: any IDGenerator, clock: any WallClock) {
        self.store = store
        self.directory = directory
        self.ids = ids
        self.clock = clock
    }

    public var operations: [ServiceOperation] {
        let groups: [[ServiceOperation]] = [
            userOperations, accessKeyOperations, groupOperations, roleOperations, entityTagOperations, inlinePolicyOperations,
            managedPolicyOperations, policyTagOperations, attachmentOperations, accountOperations, instanceProfileOperations,
        ]
        return groups.flatMap { $0 }
    }

    /// An operation authorized as `iam:<name>` on the resource `resource` names.
    func operation<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ name: String,
        _ input: Input.Type,
        resource: @escaping @Sendable (Input, ServiceContext) -> String,
        handler: @escaping @Sendable (Input, ServiceContext) async throws -> Output
    ) -> ServiceOperation {
        ServiceOperation(
            name, input: input,
            access: { input, context in
                let arn = resource(input, context)
                var conditions: [String: [String]] = [:]
                for tag in try await resourceTags(arn, context: context) {
                    conditions["aws:ResourceTag/\(tag.key)"] = [tag.value]
                    conditions["iam:ResourceTag/\(tag.key)"] = [tag.value]
                }
                conditions.merge((input as? any CarriesIAMKeys)?.iamKeys ?? [:]) { _, given in given }
                // The entity's own boundary, where the request does not set one.
                if conditions["iam:PermissionsBoundary"] == nil, Self.boundaryKeyActions.contains(name), let boundary = try await entityBoundary(arn, context: context) {
                    conditions["iam:PermissionsBoundary"] = [boundary]
                }
                let request = AccessRequest(action: "iam:\(name)", resource: arn, conditions: conditions)
                guard let tagged = input as? any CarriesRequestTags else { return request }
                return request.requestingTags(tagged.requestTags.map { ($0.key, $0.value) }, keys: tagged.requestTagKeys)
            },
            handler: handler
        )
    }

    /// The tags of the user, role or managed policy an ARN names in the caller's account, for `aws:ResourceTag/*`.
    /// The actions whose `iam:PermissionsBoundary` is the boundary of the user or role they act on.
    static let boundaryKeyActions: Set<String> = [
        "AttachUserPolicy", "AttachRolePolicy", "DetachUserPolicy", "DetachRolePolicy", "PutUserPolicy", "PutRolePolicy", "DeleteUserPolicy",
        "DeleteRolePolicy", "DeleteUserPermissionsBoundary", "DeleteRolePermissionsBoundary",
    ]

    /// The permissions boundary of the user or role `arn` names, if it has one.
    func entityBoundary(_ arn: String, context: ServiceContext) async throws -> String? {
        guard let parsed = ARN(parsing: arn), parsed.service == "iam", parsed.account == context.account.rawValue,
              let kind = parsed.resource.split(separator: "/").first, let name = parsed.resource.split(separator: "/").last.map(String.init)
        else { return nil }
        return try await store.read { db in
            switch kind {
            case "user": try await IAMStore.user(db, account: context.account, name: name)?.boundaryARN
            case "role": try await IAMStore.role(db, account: context.account, name: name)?.boundaryARN
            default: nil
            }
        }
    }

    func resourceTags(_ arn: String, context: ServiceContext) async throws -> [TagShape] {
        guard let parsed = ARN(parsing: arn), parsed.service == "iam", parsed.account == context.account.rawValue else { return [] }
        let parts = parsed.resource.split(separator: "/")
        guard parts.count >= 2, let kind = parts.first, let name = parts.last else { return [] }
        let type: EntityType
        let key: String
        switch kind {
        case "user": (type, key) = (.user, name.lowercased())
        case "role": (type, key) = (.role, name.lowercased())
        case "policy": (type, key) = (.policy, arn)
        case "instance-profile": (type, key) = (.instanceProfile, name.lowercased())
        default: return []
        }
        return try await store.read { db in try await IAMStore.tags(db, account: context.account, type: type, key: key) }
    }

    /// A write: runs `body` in one transaction and clears the identity caches afterwards.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        defer { directory.invalidate() }
        return try await store.write(body)
    }

    func arn(_ context: ServiceContext, _ type: String, path: String = "/", name: String = "") -> String {
        "arn:aws:iam::\(context.account):\(type)\(path)\(name)"
    }
}
