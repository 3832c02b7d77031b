import Foundation
import IAMPolicy
import SQLKit
import ServiceKit
import SlipwayCore
import Wire

extension IAMService {
    var managedPolicyOperations: [ServiceOperation] {
        [
            operation("CreatePolicy", CreatePolicyInput.self, resource: { i, c in arn(c, "policy", path: i.path ?? "/", name: i.policyName) }) { input, context in
                try Validate.name(input.policyName, member: "policyName", max: 128)
                let path = try Validate.path(input.path)
                try Validate.tags(input.tags)
                try Validate.policyDocument(input.policyDocument)
                if input.policyDocument.filter({ !$0.isWhitespace }).count > 6144 {
                    throw IAMError.limitExceeded("Cannot exceed quota for PolicySize: 6144")
                }
                try validateIdentityPolicy(input.policyDocument)
                let now = clock.now()
                let policy = ManagedPolicyRecord(
                    arn: arn(context, "policy", path: path, name: input.policyName), account: context.account.rawValue,
                    name: input.policyName, id: ids.uniqueID(prefix: "ANPA"), path: path, description: input.description,
                    defaultVersion: "v1", nextVersion: 2, created: now, updated: now
                )
                let tags = input.tags ?? []
                try await write { db in
                    let existing = try await IAMStore.managedPolicies(db, accounts: [context.account.rawValue])
                    if existing.contains(where: { $0.name.lowercased() == input.policyName.lowercased() }) {
                        throw IAMError.alreadyExists("A policy called \(input.policyName) already exists. Duplicate names are not allowed.")
                    }
                    if existing.count >= 1500 {
                        throw IAMError.limitExceeded("Cannot exceed quota for PoliciesPerAccount: 1500")
                    }
                    try await IAMStore.insertManagedPolicy(db, policy, document: input.policyDocument)
                    try await IAMStore.putTags(db, account: context.account, type: .policy, key: policy.arn, tags: tags)
                }
                return PolicyOutput(policy: shape(policy, attachments: 0, boundaries: 0, tags: tags))
            },
            operation("GetPolicy", PolicyArnInput.self, resource: { i, _ in i.policyArn }) { input, context in
                let (policy, attachments, boundaries, tags) = try await store.read { db in
                    let policy = try await IAMStore.requireManagedPolicy(db, arn: input.policyArn)
                    return (
                        policy, try await IAMStore.attachmentCount(db, policyARN: policy.arn),
                        try await IAMStore.boundaryUsageCount(db, policyARN: policy.arn),
                        try await IAMStore.tags(db, account: context.account, type: .policy, key: policy.arn)
                    )
                }
                try requireVisible(policy, context)
                return PolicyOutput(policy: shape(policy, attachments: attachments, boundaries: boundaries, tags: tags))
            },
            operation("ListPolicies", ListPoliciesInput.self, resource: { _, c in arn(c, "policy") }) { input, context in
                let page = try Page(marker: input.marker, maxItems: input.maxItems)
                let accounts: [String] = switch input.scope ?? "All" {
                case "AWS": ["aws"]
                case "Local": [context.account.rawValue]
                default: ["aws", context.account.rawValue]
                }
                let rows = try await store.read { db in
                    var rows: [(ManagedPolicyRecord, Int, Int)] = []
                    for policy in try await IAMStore.managedPolicies(db, accounts: accounts) where policy.path.hasPrefix(input.pathPrefix ?? "/") {
                        let attachments = try await IAMStore.attachmentCount(db, policyARN: policy.arn)
                        if input.onlyAttached == true && attachments == 0 { continue }
                        rows.append((policy, attachments, try await IAMStore.boundaryUsageCount(db, policyARN: policy.arn)))
                    }
                    return rows
                }
                let shown = page.apply(rows)
                return ListPoliciesOutput(
                    policies: shown.items.map { shape($0.0, attachments: $0.1, boundaries: $0.2, tags: nil) },
                    isTruncated: shown.isTruncated, marker: shown.marker
                )
            },
            operation("DeletePolicy", PolicyArnInput.self, resource: { i, _ in i.policyArn }) { input, context in
                try await write { db in
                    let policy = try await IAMStore.requireManagedPolicy(db, arn: input.policyArn)
                    try requireOwned(policy, context)
                    if try await IAMStore.attachmentCount(db, policyARN: policy.arn) > 0 {
                        throw IAMError.deleteConflict("Cannot delete a policy attached to entities.")
                    }
                    if try await IAMStore.policyVersions(db, arn: policy.arn).count > 1 {
                        throw IAMError.deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
                    }
                    try await IAMStore.deleteManagedPolicy(db, arn: policy.arn)
                    try await IAMStore.deleteTags(db, account: context.account, type: .policy, key: policy.arn)
                }
                return EmptyOutput()
            },
            operation("CreatePolicyVersion", CreatePolicyVersionInput.self, resource: { i, _ in i.policyArn }) { input, context in
                try Validate.policyDocument(input.policyDocument)
                try validateIdentityPolicy(input.policyDocument)
                let now = clock.now()
                let version = try await write { db -> PolicyVersionRecord in
                    var policy = try await IAMStore.requireManagedPolicy(db, arn: input.policyArn)
                    try requireOwned(policy, context)
                    if try await IAMStore.policyVersions(db, arn: policy.arn).count >= 5 {
                        throw IAMError.limitExceeded("A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.")
                    }
                    let version = PolicyVersionRecord(policyARN: policy.arn, versionID: "v\(policy.nextVersion)", document: input.policyDocument, created: now)
                    try await IAMStore.insertPolicyVersion(db, version)
                    policy.nextVersion += 1
                    policy.updated = now
                    if input.setAsDefault == true { policy.defaultVersion = version.versionID }
                    try await IAMStore.updateManagedPolicy(db, policy)
                    return version
                }
                return PolicyVersionOutput(policyVersion: PolicyVersionShape(
                    document: nil, versionId: version.versionID, isDefaultVersion: input.setAsDefault == true, createDate: version.created
                ))
            },
            operation("GetPolicyVersion", PolicyVersionInput.self, resource: { i, _ in i.policyArn }) { input, context in
                let (policy, version) = try await store.read { db in
                    let policy = try await IAMStore.requireManagedPolicy(db, arn: input.policyArn)
                    guard let version = try await IAMStore.policyVersion(db, arn: policy.arn, versionID: input.versionId) else {
                        throw IAMError.noSuchEntity("Policy \(input.policyArn) version \(input.versionId) does not exist or is not attachable.")
                    }
                    return (policy, version)
                }
                try requireVisible(policy, context)
                return PolicyVersionOutput(policyVersion: PolicyVersionShape(
                    document: version.document.addingPercentEncoding(withAllowedCharacters: .iamPolicyAllowed),
                    versionId: version.versionID, isDefaultVersion: version.versionID == policy.defaultVersion, createDate: version.created
                ))
            },
            operation("ListPolicyVersions", PolicyArnInput.self, resource: { i, _ in i.policyArn }) { input, context in
                let (policy, versions) = try await store.read { db in
                    let policy = try await IAMStore.requireManagedPolicy(db, arn: input.policyArn)
                    return (policy, try await IAMStore.policyVersions(db, arn: policy.arn))
                }
                try requireVisible(policy, context)
                return ListPolicyVersionsOutput(
                    versions: versions.map {
                        PolicyVersionShape(document: nil, versionId: $0.versionID, isDefaultVersion: $0.versionID == policy.defaultVersion, createDate: $0.created)
                    },
                    isTruncated: false
                )
            },
            operation("SetDefaultPolicyVersion", PolicyVersionInput.self, resource: { i, _ in i.policyArn }) { input, context in
                try await write { db in
                    var policy = try await IAMStore.requireManagedPolicy(db, arn: input.policyArn)
                    try requireOwned(policy, context)
                    guard try await IAMStore.policyVersion(db, arn: policy.arn, versionID: input.versionId) != nil else {
                        throw IAMError.noSuchEntity("Policy \(input.policyArn) version \(input.versionId) does not exist or is not attachable.")
                    }
                    policy.defaultVersion = input.versionId
                    policy.updated = clock.now()
                    try await IAMStore.updateManagedPolicy(db, policy)
                }
                return EmptyOutput()
            },
            operation("DeletePolicyVersion", PolicyVersionInput.self, resource: { i, _ in i.policyArn }) { input, context in
                try await write { db in
                    let policy = try await IAMStore.requireManagedPolicy(db, arn: input.policyArn)
                    try requireOwned(policy, context)
                    guard try await IAMStore.policyVersion(db, arn: policy.arn, versionID: input.versionId) != nil else {
                        throw IAMError.noSuchEntity("Policy \(input.policyArn) version \(input.versionId) does not exist or is not attachable.")
                    }
                    if input.versionId == policy.defaultVersion {
                        throw IAMError.deleteConflict("Cannot delete the default version of a policy.")
                    }
                    try await IAMStore.deletePolicyVersion(db, arn: policy.arn, versionID: input.versionId)
                }
                return EmptyOutput()
            },
        ]
    }

    var policyTagOperations: [ServiceOperation] {
        [
            operation("TagPolicy", TagPolicyInput.self, resource: { i, _ in i.policyArn }) { input, context in
                try Validate.tags(input.tags)
                try await write { db in
                    let policy = try await IAMStore.requireManagedPolicy(db, arn: input.policyArn)
                    try requireOwned(policy, context)
                    try await IAMStore.putTags(db, account: context.account, type: .policy, key: policy.arn, tags: input.tags)
                }
                return EmptyOutput()
            },
            operation("UntagPolicy", UntagPolicyInput.self, resource: { i, _ in i.policyArn }) { input, context in
                try await write { db in
                    let policy = try await IAMStore.requireManagedPolicy(db, arn: input.policyArn)
                    try requireOwned(policy, context)
                    try await IAMStore.removeTags(db, account: context.account, type: .policy, key: policy.arn, tagKeys: input.tagKeys)
                }
                return EmptyOutput()
            },
            operation("ListPolicyTags", PolicyArnInput.self, resource: { i, _ in i.policyArn }) { input, context in
                let tags = try await store.read { db in
                    let policy = try await IAMStore.requireManagedPolicy(db, arn: input.policyArn)
                    try requireVisible(policy, context)
                    return try await IAMStore.tags(db, account: context.account, type: .policy, key: policy.arn)
                }
                return ListTagsOutput(tags: tags, isTruncated: false)
            },
        ]
    }

    func shape(_ policy: ManagedPolicyRecord, attachments: Int, boundaries: Int, tags: [TagShape]?) -> ManagedPolicyShape {
        ManagedPolicyShape(
            policyName: policy.name, policyId: policy.id, arn: policy.arn, path: policy.path, defaultVersionId: policy.defaultVersion,
            attachmentCount: attachments, permissionsBoundaryUsageCount: boundaries, isAttachable: true,
            description: policy.description, createDate: policy.created, updateDate: policy.updated,
            tags: (tags?.isEmpty ?? true) ? nil : tags
        )
    }

    /// Another account's customer managed policy does not exist as far as the caller can tell.
    func requireVisible(_ policy: ManagedPolicyRecord, _ context: ServiceContext) throws {
        guard policy.account == "aws" || policy.account == context.account.rawValue else {
            throw IAMError.noSuchEntity("Policy \(policy.arn) does not exist or is not attachable.")
        }
    }

    /// AWS managed policies cannot be changed by anyone.
    func requireOwned(_ policy: ManagedPolicyRecord, _ context: ServiceContext) throws {
        try requireVisible(policy, context)
        guard policy.account == context.account.rawValue else {
            throw IAMError.invalidInput("ARN \(policy.arn) is not valid.")
        }
    }
}
