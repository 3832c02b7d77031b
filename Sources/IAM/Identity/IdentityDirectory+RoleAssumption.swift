import Foundation
import IAMPolicy
import ServiceKit
import SlipwayCore

extension IdentityDirectory: RoleAssumptionPort {
    public func role(_ roleARN: String) async throws -> RoleIdentity? {
        guard let reference = RoleReference(arn: roleARN), let role = try await store.read({ db in try await IAMStore.role(db, reference) }) else { return nil }
        return RoleIdentity(arn: role.arn, account: role.account.rawValue, name: role.name, id: role.id)
    }

    public func assumeRole(_ roleARN: String, by servicePrincipal: String, for account: String, sessionName: String, conditions: [String: [String]]) async throws -> Principal {
        let requester = PrincipalContext.service(servicePrincipal)
        let refusal = "\(servicePrincipal) is not authorized to perform: sts:AssumeRole on resource: \(roleARN)"
        guard let reference = RoleReference(arn: roleARN) else {
            throw AccessDeniedError(message: "\(refusal) because no role with that ARN exists")
        }
        // A service acts for one account, and only through that account's roles.
        guard reference.account.rawValue == account else { throw AccessDeniedError(message: PassRole.crossAccountMessage) }
        guard let role = try await store.read({ db in try await IAMStore.role(db, reference) }) else {
            throw AccessDeniedError(message: "\(refusal) because no role with that ARN exists")
        }
        let trust = (try? PolicyDocument.parse(role.trustPolicy, kind: .trust)).map { AttachedPolicy(id: "\(role.arn)#trust", document: $0) }
        var context = conditions
        context["sts:RoleSessionName"] = [sessionName]
        let now = clock.now()
        context["aws:CurrentTime"] = [now.ISO8601Format()]
        context["aws:EpochTime"] = [String(Int(now.timeIntervalSince1970))]
        let request = AuthorizationRequest(
            principal: requester, action: "sts:AssumeRole", resource: role.arn, resourceAccount: role.account.rawValue,
            context: ConditionContext(context)
        )
        let decision = PolicyEvaluator.evaluate(request, policies: PolicySet(identity: [], resource: trust, sessionPolicies: nil, permissionsBoundary: nil))
        guard decision.isAllowed else { throw AccessDeniedError(message: decision.denialMessage(for: request)) }
        let tags = try await store.read { db in try await IAMStore.tags(db, account: role.account, type: .role, key: role.name.lowercased()) }
        var session = Principal(
            kind: .assumedRole(roleName: role.name, roleARN: role.arn, sessionName: sessionName),
            arn: "arn:aws:sts::\(role.account):assumed-role/\(role.name)/\(sessionName)", account: role.account,
            userID: "\(role.id):\(sessionName)", tags: Dictionary(tags.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        )
        session.tokenIssueTime = now
        session.actingService = servicePrincipal
        return session
    }
}

extension IdentityDirectory: AccountDirectoryPort {
    public func accountIDs() async throws -> [AccountID] {
        try await store.accounts().map(\.id)
    }
}
