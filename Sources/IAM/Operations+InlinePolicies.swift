import Foundation
import IAMPolicy
import SQLKit
import ServiceKit
import SlipwayCore
import Wire

extension IAMService {
    var inlinePolicyOperations: [ServiceOperation] {
        [EntityType.user, .group, .role].flatMap { type -> [ServiceOperation] in
            let noun = type.rawValue.capitalized
            return [
                operation("Put\(noun)Policy", EntityPolicyInput.self, resource: { i, c in entityARN(type, i, c) }) { input, context in
                    let entity = try input.entity(type)
                    let name = try required(input.policyName, "policyName")
                    let document = try required(input.policyDocument, "policyDocument")
                    try Validate.name(name, member: "policyName", max: 128)
                    try Validate.policyDocument(document)
                    try validateIdentityPolicy(document)
                    try await write { db in
                        _ = try await requireEntity(db, type, name: entity, context: context)
                        try await IAMStore.putInlinePolicy(db, account: context.account, type: type, entity: entity, name: name, document: document)
                        let total = try await IAMStore.inlinePolicies(db, account: context.account, type: type, entity: entity)
                            .reduce(0) { $0 + $1.document.filter { !$0.isWhitespace }.count }
                        let limit = type == .user ? 2048 : type == .group ? 5120 : 10240
                        if total > limit {
                            throw IAMError.limitExceeded("Maximum policy size of \(limit) bytes exceeded for \(type.rawValue) \(entity)")
                        }
                    }
                    return EmptyOutput()
                },
                operation("Get\(noun)Policy", EntityPolicyInput.self, resource: { i, c in entityARN(type, i, c) }) { input, context in
                    let entity = try input.entity(type)
                    let name = try required(input.policyName, "policyName")
                    let (entityName, document) = try await store.read { db in
                        let entityName = try await requireEntity(db, type, name: entity, context: context)
                        guard let document = try await IAMStore.inlinePolicy(db, account: context.account, type: type, entity: entity, name: name) else {
                            throw IAMError.noSuchEntity("The \(type.rawValue) policy with name \(name) cannot be found.")
                        }
                        return (entityName, document)
                    }
                    let encoded = document.addingPercentEncoding(withAllowedCharacters: .iamPolicyAllowed) ?? document
                    return GetInlinePolicyOutput(
                        userName: type == .user ? entityName : nil, groupName: type == .group ? entityName : nil,
                        roleName: type == .role ? entityName : nil, policyName: name, policyDocument: encoded
                    )
                },
                operation("List\(noun)Policies", EntityPolicyInput.self, resource: { i, c in entityARN(type, i, c) }) { input, context in
                    let entity = try input.entity(type)
                    let page = try Page(marker: input.marker, maxItems: input.maxItems)
                    let names = try await store.read { db in
                        _ = try await requireEntity(db, type, name: entity, context: context)
                        return try await IAMStore.inlinePolicies(db, account: context.account, type: type, entity: entity).map(\.name)
                    }
                    let shown = page.apply(names)
                    return ListInlinePoliciesOutput(policyNames: shown.items, isTruncated: shown.isTruncated, marker: shown.marker)
                },
                operation("Delete\(noun)Policy", EntityPolicyInput.self, resource: { i, c in entityARN(type, i, c) }) { input, context in
                    let entity = try input.entity(type)
                    let name = try required(input.policyName, "policyName")
                    try await write { db in
                        _ = try await requireEntity(db, type, name: entity, context: context)
                        guard try await IAMStore.inlinePolicy(db, account: context.account, type: type, entity: entity, name: name) != nil else {
                            throw IAMError.noSuchEntity("The \(type.rawValue) policy with name \(name) cannot be found.")
                        }
                        try await IAMStore.deleteInlinePolicy(db, account: context.account, type: type, entity: entity, name: name)
                    }
                    return EmptyOutput()
                },
            ]
        }
    }

    func entityARN(_ type: EntityType, _ input: EntityPolicyInput, _ context: ServiceContext) -> String {
        arn(context, type.rawValue, name: (try? input.entity(type)) ?? "")
    }

    /// The stored display name of the entity, or `NoSuchEntity`.
    func requireEntity(_ db: any SQLDatabase, _ type: EntityType, name: String, context: ServiceContext) async throws -> String {
        switch type {
        case .user: try await IAMStore.requireUser(db, account: context.account, name: name).name
        case .group: try await IAMStore.requireGroup(db, account: context.account, name: name).name
        case .role: try await IAMStore.requireRole(db, account: context.account, name: name).name
        case .policy, .instanceProfile: name
        }
    }

    func required(_ value: String?, _ member: String) throws -> String {
        guard let value else {
            throw IAMError.validation("1 validation error detected: Value null at '\(member)' failed to satisfy constraint: Member must not be null")
        }
        return value
    }

    func validateIdentityPolicy(_ text: String) throws {
        _ = try parsePolicy(text, kind: .identity)
    }
}
