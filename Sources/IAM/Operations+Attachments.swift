import Foundation
import SQLKit
import ServiceKit
import SlipwayCore
import Wire

extension IAMService {
    var attachmentOperations: [ServiceOperation] {
        [EntityType.user, .group, .role].flatMap { type -> [ServiceOperation] in
            let noun = type.rawValue.capitalized
            return [
                operation("Attach\(noun)Policy", EntityPolicyInput.self, resource: { i, c in entityARN(type, i, c) }) { input, context in
                    let entity = try input.entity(type)
                    let policyARN = try required(input.policyArn, "policyArn")
                    try await write { db in
                        _ = try await requireEntity(db, type, name: entity, context: context)
                        let policy = try await IAMStore.requireManagedPolicy(db, arn: policyARN)
                        try requireVisible(policy, context)
                        try await IAMStore.attach(db, account: context.account, type: type, entity: entity, policyARN: policyARN)
                        // AWS's default quota: ten managed policies per user, group or role.
                        if try await IAMStore.attachedPolicyARNs(db, account: context.account, type: type, entity: entity).count > 10 {
                            throw IAMError.limitExceeded("Cannot exceed quota for PoliciesPer\(noun): 10")
                        }
                    }
                    return EmptyOutput()
                },
                operation("Detach\(noun)Policy", EntityPolicyInput.self, resource: { i, c in entityARN(type, i, c) }) { input, context in
                    let entity = try input.entity(type)
                    let policyARN = try required(input.policyArn, "policyArn")
                    try await write { db in
                        _ = try await requireEntity(db, type, name: entity, context: context)
                        guard try await IAMStore.detach(db, account: context.account, type: type, entity: entity, policyARN: policyARN) else {
                            throw IAMError.noSuchEntity("Policy \(policyARN) was not found.")
                        }
                    }
                    return EmptyOutput()
                },
                operation("ListAttached\(noun)Policies", EntityPolicyInput.self, resource: { i, c in entityARN(type, i, c) }) { input, context in
                    let entity = try input.entity(type)
                    let page = try Page(marker: input.marker, maxItems: input.maxItems)
                    let attached = try await store.read { db in
                        _ = try await requireEntity(db, type, name: entity, context: context)
                        var result: [AttachedPolicyShape] = []
                        for arn in try await IAMStore.attachedPolicyARNs(db, account: context.account, type: type, entity: entity) {
                            if let policy = try await IAMStore.managedPolicy(db, arn: arn), policy.path.hasPrefix(input.pathPrefix ?? "/") {
                                result.append(AttachedPolicyShape(policyName: policy.name, policyArn: policy.arn))
                            }
                        }
                        return result
                    }
                    let shown = page.apply(attached)
                    return ListAttachedPoliciesOutput(attachedPolicies: shown.items, isTruncated: shown.isTruncated, marker: shown.marker)
                },
            ]
        }
    }
}
