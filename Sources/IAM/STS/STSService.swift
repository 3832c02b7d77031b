import Foundation
import IAMPolicy
import SQLKit
import ServiceKit
import SlipwayCore
import Wire

/// The STS API (Query protocol): who am I, and temporary credentials for roles and users.
public struct STSService: AWSService {
    public let serviceName = "sts"
    public let signingName = "sts"
    public let wireProtocol = WireProtocol.query(apiVersion: "2011-06-15", xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/")
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
        [
            // Anyone with valid credentials may ask who they are; no policy can deny it.
            ServiceOperation("GetCallerIdentity", input: GetCallerIdentityInput.self, access: { _, _ in nil }) { _, context in
                GetCallerIdentityOutput(userId: context.principal.userID, account: context.account.rawValue, arn: context.principal.arn)
            },
            ServiceOperation("AssumeRole", input: AssumeRoleInput.self, accessAll: { input, context in
                let assume = try await assumeRoleAccess(input, context)
                // Session tags are passed only where the trust policy and the caller's own policy allow sts:TagSession.
                guard !(input.tags ?? []).isEmpty || !(input.transitiveTagKeys ?? []).isEmpty else { return [assume] }
                var tagSession = assume
                tagSession.action = "sts:TagSession"
                if let transitive = input.transitiveTagKeys { tagSession.conditions["sts:TransitiveTagKeys"] = transitive }
                return [assume, tagSession]
            }, handler: assumeRole),
            ServiceOperation(
                "GetSessionToken", input: GetSessionTokenInput.self,
                access: { _, context in
                    // Temporary credentials of any kind (a role's, or another GetSessionToken's) cannot extend themselves.
                    if context.principal.accessKeyID?.hasPrefix("ASIA") == true {
                        throw AccessDeniedError(message: "Cannot call GetSessionToken with session credentials")
                    }
                    return nil
                },
                handler: getSessionToken
            ),
        ]
    }

    /// The role an ARN names: its account and name (the last path segment).
    static func roleReference(_ arnText: String) throws -> RoleReference {
        guard let reference = RoleReference(arn: arnText) else { throw IAMError.validation("\(arnText) is invalid") }
        return reference
    }

    /// `sts:AssumeRole` on the role, with the role's trust policy as the resource policy.
    @Sendable func assumeRoleAccess(_ input: AssumeRoleInput, _ context: ServiceContext) async throws -> AccessRequest {
        try Validate.length(input.roleArn, member: "roleArn", min: 20, max: 2048)
        try Validate.name(input.roleSessionName, member: "roleSessionName", max: 64, min: 2)
        if case .root = context.principal.kind {
            throw AccessDeniedError(message: "Roles may not be assumed by root accounts.")
        }
        let reference = try Self.roleReference(input.roleArn)
        let (role, roleTags) = try await store.read { db -> (RoleRecord?, [TagShape]) in
            guard let role = try await IAMStore.role(db, reference) else { return (nil, []) }
            return (role, try await IAMStore.tags(db, account: role.account, type: .role, key: role.name.lowercased()))
        }
        var conditions: [String: [String]] = ["sts:RoleSessionName": [input.roleSessionName]]
        for tag in roleTags {
            conditions["aws:ResourceTag/\(tag.key)"] = [tag.value]
            conditions["iam:ResourceTag/\(tag.key)"] = [tag.value]
        }
        if let externalID = input.externalId { conditions["sts:ExternalId"] = [externalID] }
        if let sourceIdentity = input.sourceIdentity { conditions["sts:SourceIdentity"] = [sourceIdentity] }
        // A missing role is refused exactly like a role whose trust policy says no, so existence does not leak.
        let trust = role.flatMap { try? PolicyDocument.parse($0.trustPolicy, kind: .trust) }
            .map { AttachedPolicy(id: "\(input.roleArn)#trust", document: $0) }
            ?? AttachedPolicy(id: "none", document: PolicyDocument(statements: [], kind: .trust))
        return AccessRequest(
            action: "sts:AssumeRole", resource: role?.arn ?? input.roleArn, resourceAccount: reference.account.rawValue,
            resourcePolicy: trust, conditions: conditions
        ).requestingTags((input.tags ?? []).map { ($0.key, $0.value) })
    }

    @Sendable func assumeRole(_ input: AssumeRoleInput, _ context: ServiceContext) async throws -> AssumeRoleOutput {
        let reference = try Self.roleReference(input.roleArn)
        guard let role = try await store.read({ db in try await IAMStore.role(db, reference) }) else {
            throw AccessDeniedError(message: "User: \(context.principal.arn) is not authorized to perform: sts:AssumeRole on resource: \(input.roleArn)")
        }
        let duration = input.durationSeconds ?? 3600
        if duration < 900 {
            throw IAMError.validation("1 validation error detected: Value '\(duration)' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")
        }
        if case .assumedRole = context.principal.kind, duration > 3600 {
            throw IAMError.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
        }
        if duration > role.maxSessionDuration {
            throw IAMError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
        }
        var sessionPolicies: [String] = []
        if let policy = input.policy {
            try Validate.length(policy, member: "policy", min: 1, max: 2048)
            _ = try parsePolicy(policy, kind: .identity)
            sessionPolicies.append(policy)
        }
        let arns = (input.policyArns ?? []).compactMap(\.arn)
        if arns.count > 10 {
            throw IAMError.validation("1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10")
        }
        if !arns.isEmpty {
            let documents = try await store.read { db in try await IAMStore.defaultDocuments(db, arns: arns) }
            if let missing = arns.first(where: { arn in !documents.contains { $0.arn == arn } }) {
                throw IAMError.validation("Policy \(missing) does not exist or is not attachable.")
            }
            sessionPolicies += documents.map(\.document)
        }
        try Validate.tags(input.tags)
        let sessionTagKeys = Set((input.tags ?? []).map { $0.key.lowercased() })
        if let missing = (input.transitiveTagKeys ?? []).first(where: { !sessionTagKeys.contains($0.lowercased()) }) {
            throw IAMError.validation("The specified transitive tag key must be included in the requested tags: \(missing)")
        }
        let packedSize = sessionPolicies.reduce(0) { $0 + $1.filter { !$0.isWhitespace }.count } + (input.tags ?? []).reduce(0) { $0 + $1.key.count + $1.value.count }
        let packedPercent = packedSize * 100 / 2048
        if packedPercent > 100 {
            throw IAMError.packedPolicyTooLarge("Packed policy consumes \(packedPercent)% of allotted space, please use smaller policy for session.")
        }
        let sessionARN = "arn:aws:sts::\(role.account):assumed-role/\(role.name)/\(input.roleSessionName)"
        let roleTags = try await store.read { db in try await IAMStore.tags(db, account: role.account, type: .role, key: role.name.lowercased()) }
        var tags = Dictionary(roleTags.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        for tag in input.tags ?? [] { tags[tag.key] = tag.value }
        let principal = StoredSessionPrincipal(
            kind: .role, arn: sessionARN, userID: "\(role.id):\(input.roleSessionName)", roleName: role.name, roleARN: role.arn,
            sessionName: input.roleSessionName, userName: nil, sessionPolicies: sessionPolicies.isEmpty ? nil : sessionPolicies,
            sessionPolicyARNs: arns.isEmpty ? nil : arns, tags: tags
        )
        let credentials = try await issue(account: role.account, principal: principal, duration: duration)
        return AssumeRoleOutput(
            credentials: credentials, assumedRoleUser: AssumedRoleUserShape(assumedRoleId: principal.userID, arn: sessionARN),
            packedPolicySize: sessionPolicies.isEmpty && (input.tags ?? []).isEmpty ? nil : max(packedPercent, 1),
            sourceIdentity: input.sourceIdentity
        )
    }

    @Sendable func getSessionToken(_ input: GetSessionTokenInput, _ context: ServiceContext) async throws -> GetSessionTokenOutput {
        let isRoot = context.principal.kind == .root
        let duration = input.durationSeconds ?? (isRoot ? 3600 : 43200)
        let maximum = isRoot ? 3600 : 129_600
        guard (900...maximum).contains(duration) else {
            throw IAMError.validation(
                "1 validation error detected: Value '\(duration)' at 'durationSeconds' failed to satisfy constraint: Member must have value \(duration < 900 ? "greater than or equal to 900" : "less than or equal to \(maximum)")"
            )
        }
        let userName: String? = switch context.principal.kind {
        case .user(let name), .userSession(let name): name
        default: nil
        }
        let principal = StoredSessionPrincipal(
            kind: userName == nil ? .root : .user, arn: context.principal.arn, userID: context.principal.userID, roleName: nil,
            roleARN: nil, sessionName: nil, userName: userName, sessionPolicies: nil, sessionPolicyARNs: nil, tags: context.principal.tags
        )
        return GetSessionTokenOutput(credentials: try await issue(account: context.account, principal: principal, duration: duration))
    }

    /// Stores a new session and returns its credentials.
    func issue(account: AccountID, principal issued: StoredSessionPrincipal, duration: Int) async throws -> CredentialsShape {
        let now = clock.now()
        var principal = issued
        principal.issuedAt = now
        // AWS reports expirations to the second.
        let expires = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + Double(duration)).rounded(.down))
        let session = SessionRecord(
            accessKeyID: ids.uniqueID(prefix: "ASIA", length: 20), account: account, secret: ids.secretAccessKey(),
            token: "FwoGZXIvYXdzE" + ids.randomString(length: 300, alphabet: IDAlphabet.secret), principal: principal, expires: expires
        )
        try await store.write { db in
            try await IAMStore.purgeSessions(db, expiredBefore: now.addingTimeInterval(-86_400))
            try await IAMStore.insertSession(db, session)
        }
        return CredentialsShape(accessKeyId: session.accessKeyID, secretAccessKey: session.secret, sessionToken: session.token, expiration: expires)
    }
}
