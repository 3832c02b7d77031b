import Foundation
import IAMPolicy
import SQLKit
import ServiceKit
import SlipwayCore

extension IAMService {
    var accountOperations: [ServiceOperation] {
        [
            operation("GetAccountAuthorizationDetails", GetAccountAuthorizationDetailsInput.self, resource: { _, _ in "*" }) { input, context in
                _ = try Page(marker: input.marker, maxItems: input.maxItems)
                let filter = Set(input.filter ?? ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"])
                return try await store.read { db in
                    try await authorizationDetails(db, account: context.account, filter: filter)
                }
            },
            operation("SimulatePrincipalPolicy", SimulatePolicyInput.self, resource: { i, _ in i.policySourceArn ?? "*" }) { input, context in
                guard let source = input.policySourceArn else {
                    throw IAMError.validation("1 validation error detected: Value null at 'policySourceArn' failed to satisfy constraint: Member must not be null")
                }
                let (principal, policies, boundary) = try await store.read { db in try await simulationSubject(db, arn: source, context: context) }
                let extra = try parseAll(input.policyInputList ?? [], kind: .identity, prefix: "PolicyInputList")
                let boundaries = try parseAll(input.permissionsBoundaryPolicyInputList ?? [], kind: .identity, prefix: "PermissionsBoundaryPolicyInputList")
                return try simulate(
                    input, principal: principal, identity: policies + extra, boundary: boundaries.first ?? boundary, context: context
                )
            },
            operation("SimulateCustomPolicy", SimulatePolicyInput.self, resource: { _, _ in "*" }) { input, context in
                let identity = try parseAll(input.policyInputList ?? [], kind: .identity, prefix: "PolicyInputList")
                let boundaries = try parseAll(input.permissionsBoundaryPolicyInputList ?? [], kind: .identity, prefix: "PermissionsBoundaryPolicyInputList")
                let caller = input.callerArn ?? "arn:aws:iam::\(context.account):user/SimulatedUser"
                let principal = PrincipalContext(
                    kind: .user, arn: caller, account: context.account.rawValue, userID: "AIDASIMULATEDUSER000",
                    username: caller.split(separator: "/").last.map(String.init), tags: [:]
                )
                return try simulate(input, principal: principal, identity: identity, boundary: boundaries.first, context: context)
            },
        ]
    }

    func parseAll(_ texts: [String], kind: PolicyKind, prefix: String) throws -> [AttachedPolicy] {
        try texts.enumerated().map { index, text in
            AttachedPolicy(id: "\(prefix).\(index + 1)", document: try parsePolicy(text, kind: kind))
        }
    }

    /// Evaluates every action on every resource the input names.
    func simulate(
        _ input: SimulatePolicyInput, principal: PrincipalContext, identity: [AttachedPolicy], boundary: AttachedPolicy?, context: ServiceContext
    ) throws -> SimulatePolicyOutput {
        let page = try Page(marker: input.marker, maxItems: input.maxItems)
        let resourcePolicy = try input.resourcePolicy.map { text in
            try parseAll([text], kind: .resource, prefix: "ResourcePolicy")[0]
        }
        var conditions: [String: [String]] = [:]
        for entry in input.contextEntries ?? [] {
            if let name = entry.contextKeyName { conditions[name] = entry.contextKeyValues ?? [] }
        }
        let resources = input.resourceArns ?? ["*"]
        var results: [EvaluationResultShape] = []
        for action in input.actionNames {
            for resource in resources {
                var request = AuthorizationRequest(
                    principal: principal, action: action, resource: resource,
                    resourceAccount: input.resourceOwner.flatMap { ARN(parsing: $0)?.account } ?? context.account.rawValue,
                    context: ConditionContext(conditions)
                )
                // The simulation's ContextEntries are what the caller wants the policies to see, principal keys included.
                request.requestKeysWin = true
                let policies = PolicySet(identity: identity, resource: resourcePolicy, sessionPolicies: nil, permissionsBoundary: boundary)
                let decision = PolicyEvaluator.evaluate(request, policies: policies)
                let evalDecision = switch decision.outcome {
                case .allowed: "allowed"
                case .explicitDeny: "explicitDeny"
                case .implicitDeny: "implicitDeny"
                }
                results.append(EvaluationResultShape(
                    evalActionName: action, evalResourceName: resource, evalDecision: evalDecision,
                    matchedStatements: decision.matchedStatements.map { StatementShape(sourcePolicyId: $0.policyID, sourcePolicyType: nil) },
                    missingContextValues: MissingContextKeys.of(request, policies: policies)
                ))
            }
        }
        let shown = page.apply(results)
        return SimulatePolicyOutput(evaluationResults: shown.items, isTruncated: shown.isTruncated, marker: shown.marker)
    }

    /// The principal a `PolicySourceArn` names, with its identity policies and boundary.
    func simulationSubject(_ db: any SQLDatabase, arn: String, context: ServiceContext) async throws -> (PrincipalContext, [AttachedPolicy], AttachedPolicy?) {
        guard let parsed = ARN(parsing: arn), parsed.service == "iam", parsed.account == context.account.rawValue,
              let name = parsed.resource.split(separator: "/").last.map(String.init)
        else { throw IAMError.invalidInput("Invalid ARN: \(arn)") }
        let kind = parsed.resource.split(separator: "/").first.map(String.init) ?? ""
        var documents: [(String, String)] = []
        var boundaryARN: String?
        let principal: PrincipalContext
        switch kind {
        case "user":
            let user = try await IAMStore.requireUser(db, account: context.account, name: name)
            documents += try await IAMStore.inlinePolicies(db, account: context.account, type: .user, entity: user.name).map { ($0.name, $0.document) }
            var arns = try await IAMStore.attachedPolicyARNs(db, account: context.account, type: .user, entity: user.name)
            for group in try await IAMStore.groupsForUser(db, account: context.account, userName: user.name) {
                documents += try await IAMStore.inlinePolicies(db, account: context.account, type: .group, entity: group.name).map { ($0.name, $0.document) }
                arns += try await IAMStore.attachedPolicyARNs(db, account: context.account, type: .group, entity: group.name)
            }
            documents += try await IAMStore.defaultDocuments(db, arns: arns).map { ($0.arn, $0.document) }
            boundaryARN = user.boundaryARN
            principal = PrincipalContext(kind: .user, arn: user.arn, account: context.account.rawValue, userID: user.id, username: user.name, tags: [:])
        case "group":
            let group = try await IAMStore.requireGroup(db, account: context.account, name: name)
            documents += try await IAMStore.inlinePolicies(db, account: context.account, type: .group, entity: group.name).map { ($0.name, $0.document) }
            let arns = try await IAMStore.attachedPolicyARNs(db, account: context.account, type: .group, entity: group.name)
            documents += try await IAMStore.defaultDocuments(db, arns: arns).map { ($0.arn, $0.document) }
            principal = PrincipalContext(kind: .user, arn: group.arn, account: context.account.rawValue, userID: group.id, username: nil, tags: [:])
        case "role":
            let role = try await IAMStore.requireRole(db, account: context.account, name: name)
            documents += try await IAMStore.inlinePolicies(db, account: context.account, type: .role, entity: role.name).map { ($0.name, $0.document) }
            let arns = try await IAMStore.attachedPolicyARNs(db, account: context.account, type: .role, entity: role.name)
            documents += try await IAMStore.defaultDocuments(db, arns: arns).map { ($0.arn, $0.document) }
            boundaryARN = role.boundaryARN
            principal = PrincipalContext(
                kind: .assumedRole(roleARN: role.arn, sessionName: "simulation"), arn: role.arn, account: context.account.rawValue,
                userID: role.id, username: nil, tags: [:]
            )
        default:
            throw IAMError.invalidInput("Invalid ARN: \(arn)")
        }
        let policies = documents.compactMap { id, text in
            (try? PolicyDocument.parse(text, kind: .identity)).map { AttachedPolicy(id: id, document: $0) }
        }
        var boundary: AttachedPolicy?
        if let boundaryARN, let item = try await IAMStore.defaultDocuments(db, arns: [boundaryARN]).first {
            boundary = (try? PolicyDocument.parse(item.document, kind: .identity)).map { AttachedPolicy(id: item.arn, document: $0) }
        }
        return (principal, policies, boundary)
    }

    func authorizationDetails(_ db: any SQLDatabase, account: AccountID, filter: Set<String>) async throws -> GetAccountAuthorizationDetailsOutput {
        func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .iamPolicyAllowed) ?? text }
        func attached(_ type: EntityType, _ name: String) async throws -> [AttachedPolicyShape] {
            var result: [AttachedPolicyShape] = []
            for arn in try await IAMStore.attachedPolicyARNs(db, account: account, type: type, entity: name) {
                if let policy = try await IAMStore.managedPolicy(db, arn: arn) {
                    result.append(AttachedPolicyShape(policyName: policy.name, policyArn: policy.arn))
                }
            }
            return result
        }
        func inline(_ type: EntityType, _ name: String) async throws -> [PolicyDetailShape] {
            try await IAMStore.inlinePolicies(db, account: account, type: type, entity: name)
                .map { PolicyDetailShape(policyName: $0.name, policyDocument: encoded($0.document)) }
        }
        var users: [UserDetailShape] = []
        if filter.contains("User") {
            for user in try await IAMStore.users(db, account: account, pathPrefix: "/") {
                users.append(UserDetailShape(
                    path: user.path, userName: user.name, userId: user.id, arn: user.arn, createDate: user.created,
                    userPolicyList: try await inline(.user, user.name),
                    groupList: try await IAMStore.groupsForUser(db, account: account, userName: user.name).map(\.name),
                    attachedManagedPolicies: try await attached(.user, user.name),
                    permissionsBoundary: user.boundaryARN.map { AttachedPermissionsBoundaryShape(permissionsBoundaryArn: $0) },
                    tags: try await IAMStore.tags(db, account: account, type: .user, key: user.name.lowercased())
                ))
            }
        }
        var groups: [GroupDetailShape] = []
        if filter.contains("Group") {
            for group in try await IAMStore.groups(db, account: account, pathPrefix: "/") {
                groups.append(GroupDetailShape(
                    path: group.path, groupName: group.name, groupId: group.id, arn: group.arn, createDate: group.created,
                    groupPolicyList: try await inline(.group, group.name), attachedManagedPolicies: try await attached(.group, group.name)
                ))
            }
        }
        var roles: [RoleDetailShape] = []
        if filter.contains("Role") {
            for role in try await IAMStore.roles(db, account: account, pathPrefix: "/") {
                roles.append(RoleDetailShape(
                    path: role.path, roleName: role.name, roleId: role.id, arn: role.arn, createDate: role.created,
                    assumeRolePolicyDocument: encoded(role.trustPolicy), instanceProfileList: [],
                    rolePolicyList: try await inline(.role, role.name), attachedManagedPolicies: try await attached(.role, role.name),
                    permissionsBoundary: role.boundaryARN.map { AttachedPermissionsBoundaryShape(permissionsBoundaryArn: $0) },
                    tags: try await IAMStore.tags(db, account: account, type: .role, key: role.name.lowercased())
                ))
            }
        }
        var accounts: [String] = []
        if filter.contains("LocalManagedPolicy") { accounts.append(account.rawValue) }
        if filter.contains("AWSManagedPolicy") { accounts.append("aws") }
        var policies: [ManagedPolicyDetailShape] = []
        for policy in try await IAMStore.managedPolicies(db, accounts: accounts) {
            let attachments = try await IAMStore.attachmentCount(db, policyARN: policy.arn)
            // AWS lists only the AWS managed policies that are in use.
            if policy.account == "aws" && attachments == 0 { continue }
            policies.append(ManagedPolicyDetailShape(
                policyName: policy.name, policyId: policy.id, arn: policy.arn, path: policy.path, defaultVersionId: policy.defaultVersion,
                attachmentCount: attachments, permissionsBoundaryUsageCount: try await IAMStore.boundaryUsageCount(db, policyARN: policy.arn),
                isAttachable: true, description: policy.description, createDate: policy.created, updateDate: policy.updated,
                policyVersionList: try await IAMStore.policyVersions(db, arn: policy.arn).map {
                    PolicyVersionShape(document: encoded($0.document), versionId: $0.versionID, isDefaultVersion: $0.versionID == policy.defaultVersion, createDate: $0.created)
                }
            ))
        }
        return GetAccountAuthorizationDetailsOutput(
            userDetailList: users, groupDetailList: groups, roleDetailList: roles, policies: policies, isTruncated: false, marker: nil
        )
    }
}
