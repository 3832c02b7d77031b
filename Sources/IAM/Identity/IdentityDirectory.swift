import Foundation
import IAMPolicy
import Logging
import MetadataStore
import SQLKit
import ServiceKit
import SlipwayCore
import Synchronization

/// Answers the edge's two questions — whose key is this, and may this principal do that — from the IAM tables.
///
/// Both answers are cached because they run on every request; every IAM write clears the caches,
/// and entries also age out so servers sharing one PostgreSQL database converge within seconds.
public final class IdentityDirectory: IdentityPort, AuthorizationPort, Sendable {
    let store: IAMStore
    let clock: any WallClock
    private let identities = TTLCache<SigningIdentity>(lifetime: 5)
    private let policySets = TTLCache<PolicySet>(lifetime: 5)

    init(store: IAMStore, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    /// Forgets everything cached; called after every IAM or STS write.
    func invalidate() {
        identities.removeAll()
        policySets.removeAll()
    }

    // MARK: IdentityPort

    public func signingIdentity(accessKeyID: String) async throws -> SigningIdentity {
        try await identities.value(for: accessKeyID, now: clock.now()) { try await loadIdentity(accessKeyID: accessKeyID) }
    }

    public func principal(arn: String) async throws -> Principal? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "iam", parts[3].isEmpty, let account = AccountID(parts[4]) else { return nil }
        if parts[5] == "root" { return Self.root(of: account, accessKeyID: nil) }
        guard parts[5].hasPrefix("user/"), let name = parts[5].split(separator: "/").last.map(String.init) else { return nil }
        let found = try await store.read { db -> (UserRecord, [TagShape])? in
            guard let user = try await IAMStore.user(db, account: account, name: name) else { return nil }
            return (user, try await IAMStore.tags(db, account: account, type: .user, key: name.lowercased()))
        }
        // A user ARN without a path names the user whatever its path; one with a path must match it.
        guard let (user, tags) = found, user.arn == arn || parts[5] == "user/" + name else { return nil }
        return Principal(
            kind: .user(name: user.name), arn: user.arn, account: account, userID: user.id,
            tags: Dictionary(tags.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        )
    }

    private func loadIdentity(accessKeyID: String) async throws -> SigningIdentity {
        if accessKeyID.hasPrefix("ASIA") {
            let found = try await store.read { db -> SessionRecord? in
                guard let session = try await IAMStore.session(db, accessKeyID: accessKeyID) else { return nil }
                return try await Self.principalStillExists(session, db) ? session : nil
            }
            guard let session = found else { throw CredentialLookupFailure.unknownKey }
            return SigningIdentity(
                secretAccessKey: session.secret, principal: Self.principal(of: session), expiration: session.expires,
                sessionToken: session.token
            )
        }
        let found = try await store.read { db -> (AccessKeyRecord, [TagShape])? in
            guard let key = try await IAMStore.accessKey(db, id: accessKeyID) else { return nil }
            var tags: [TagShape] = []
            if let userName = key.userName {
                tags = try await IAMStore.tags(db, account: key.account, type: .user, key: userName.lowercased())
            }
            return (key, tags)
        }
        guard let (key, tags) = found else { throw CredentialLookupFailure.unknownKey }
        guard key.status == .active else { throw CredentialLookupFailure.inactiveKey }
        let principal: Principal
        if let userName = key.userName, let user = try await store.read({ db in try await IAMStore.user(db, account: key.account, name: userName) }) {
            principal = Principal(
                kind: .user(name: user.name), arn: user.arn, account: key.account, userID: user.id, accessKeyID: key.id,
                tags: Dictionary(tags.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            )
        } else {
            principal = Self.root(of: key.account, accessKeyID: key.id)
        }
        return SigningIdentity(secretAccessKey: key.secret, principal: principal)
    }

    /// Whether the user or role a session was issued to still exists as the same entity: a session is bound to its
    /// principal's unique id, so deleting the principal ends it, and a new user or role of the same name does not
    /// lend it its permissions.
    static func principalStillExists(_ session: SessionRecord, _ db: any SQLDatabase) async throws -> Bool {
        let stored = session.principal
        switch stored.kind {
        case .root:
            return true
        case .user:
            guard let name = stored.userName, let user = try await IAMStore.user(db, account: session.account, name: name) else { return false }
            return user.id == stored.userID
        case .role:
            guard let name = stored.roleName, let role = try await IAMStore.role(db, account: session.account, name: name) else { return false }
            return stored.userID.hasPrefix(role.id + ":") && stored.roleARN == role.arn
        }
    }

    static func root(of account: AccountID, accessKeyID: String?) -> Principal {
        Principal(kind: .root, arn: "arn:aws:iam::\(account):root", account: account, userID: account.rawValue, accessKeyID: accessKeyID)
    }

    static func principal(of session: SessionRecord) -> Principal {
        let stored = session.principal
        let kind: Principal.Kind
        switch stored.kind {
        case .role:
            kind = .assumedRole(roleName: stored.roleName ?? "", roleARN: stored.roleARN ?? "", sessionName: stored.sessionName ?? "")
        case .user:
            kind = .userSession(of: stored.userName ?? "")
        case .root:
            kind = .root
        }
        let sessionPolicies = stored.sessionPolicies.map { texts in
            texts.enumerated().compactMap { index, text in
                (try? PolicyDocument.parse(text, kind: .identity)).map { AttachedPolicy(id: "session-policy-\(index + 1)", document: $0) }
            }
        }
        var principal = Principal(
            kind: kind, arn: stored.arn, account: session.account, userID: stored.userID, accessKeyID: session.accessKeyID,
            tags: stored.tags, sessionPolicies: sessionPolicies
        )
        principal.tokenIssueTime = stored.issuedAt
        return principal
    }

    // MARK: AuthorizationPort

    public func decide(_ request: AccessRequest, context: ServiceContext) async throws -> Decision {
        let principalPolicies = try await policySet(for: context.principal)
        let policies = PolicySet(
            identity: principalPolicies.identity, resource: request.resourcePolicy,
            sessionPolicies: principalPolicies.sessionPolicies, permissionsBoundary: principalPolicies.permissionsBoundary
        )
        var conditions = request.conditions
        let now = context.receivedAt
        conditions["aws:CurrentTime"] = [now.ISO8601Format()]
        conditions["aws:EpochTime"] = [String(Int(now.timeIntervalSince1970))]
        conditions["aws:SecureTransport"] = [context.secureTransport ? "true" : "false"]
        conditions["aws:RequestedRegion"] = [context.region.name]
        if let ip = context.sourceIP { conditions["aws:SourceIp"] = [ip] }
        conditions["aws:ResourceAccount"] = [request.resourceAccount ?? context.account.rawValue]
        if let agent = context.userAgent { conditions["aws:UserAgent"] = [agent] }
        conditions["aws:ViaAWSService"] = [context.calledVia.isEmpty ? "false" : "true"]
        if let first = context.calledVia.first, let last = context.calledVia.last {
            conditions["aws:CalledVia"] = context.calledVia
            conditions["aws:CalledViaFirst"] = [first]
            conditions["aws:CalledViaLast"] = [last]
        }
        // Temporary credentials carry their issue time and say that no MFA was used; long-term keys carry neither.
        if context.principal.accessKeyID?.hasPrefix("ASIA") == true || context.principal.tokenIssueTime != nil {
            if let issued = context.principal.tokenIssueTime { conditions["aws:TokenIssueTime"] = [issued.ISO8601Format()] }
            conditions["aws:MultiFactorAuthPresent"] = ["false"]
        }
        let evaluated = AuthorizationRequest(
            principal: context.principal.policyContext, action: request.action, resource: request.resource,
            resourceAccount: request.resourceAccount ?? context.account.rawValue, context: ConditionContext(conditions)
        )
        return PolicyEvaluator.evaluate(evaluated, policies: policies)
    }

    /// The identity policies, boundary and session policies that apply to `principal`.
    func policySet(for principal: Principal) async throws -> PolicySet {
        let cacheKey = principal.arn + "|" + (principal.accessKeyID ?? "")
        return try await policySets.value(for: cacheKey, now: clock.now()) { try await loadPolicySet(for: principal) }
    }

    /// The permissions boundary's id and document, when the entity has one.
    private static func boundary(_ db: any SQLDatabase, arn: String?) async throws -> (String, String)? {
        guard let arn, let found = try await IAMStore.defaultDocuments(db, arns: [arn]).first else { return nil }
        return (found.arn, found.document)
    }

    private func loadPolicySet(for principal: Principal) async throws -> PolicySet {
        guard let account = principal.account else {
            return PolicySet(identity: [], resource: nil, sessionPolicies: principal.sessionPolicies, permissionsBoundary: nil)
        }
        let loaded = try await store.read { db -> (documents: [(String, String)], boundary: (String, String)?) in
            switch principal.kind {
            case .user(let name), .userSession(let name):
                guard let user = try await IAMStore.user(db, account: account, name: name) else { return ([], nil) }
                var documents = try await IAMStore.inlinePolicies(db, account: account, type: .user, entity: name)
                    .map { ("\(user.arn)#\($0.name)", $0.document) }
                var arns = try await IAMStore.attachedPolicyARNs(db, account: account, type: .user, entity: name)
                for group in try await IAMStore.groupsForUser(db, account: account, userName: name) {
                    documents += try await IAMStore.inlinePolicies(db, account: account, type: .group, entity: group.name)
                        .map { ("\(group.arn)#\($0.name)", $0.document) }
                    arns += try await IAMStore.attachedPolicyARNs(db, account: account, type: .group, entity: group.name)
                }
                documents += try await IAMStore.defaultDocuments(db, arns: arns).map { ($0.arn, $0.document) }
                return (documents, try await Self.boundary(db, arn: user.boundaryARN))
            case .assumedRole(let roleName, _, _):
                guard let role = try await IAMStore.role(db, account: account, name: roleName) else { return ([], nil) }
                var documents = try await IAMStore.inlinePolicies(db, account: account, type: .role, entity: roleName)
                    .map { ("\(role.arn)#\($0.name)", $0.document) }
                let arns = try await IAMStore.attachedPolicyARNs(db, account: account, type: .role, entity: roleName)
                documents += try await IAMStore.defaultDocuments(db, arns: arns).map { ($0.arn, $0.document) }
                return (documents, try await Self.boundary(db, arn: role.boundaryARN))
            case .root, .service, .anonymous:
                return ([], nil)
            }
        }
        // Stored documents were validated when written; one that no longer parses grants nothing.
        let identity = loaded.documents.compactMap { id, text in
            (try? PolicyDocument.parse(text, kind: .identity)).map { AttachedPolicy(id: id, document: $0) }
        }
        let boundary = loaded.boundary.flatMap { id, text in
            (try? PolicyDocument.parse(text, kind: .identity)).map { AttachedPolicy(id: id, document: $0) }
        }
        return PolicySet(identity: identity, resource: nil, sessionPolicies: principal.sessionPolicies, permissionsBoundary: boundary)
    }
}
