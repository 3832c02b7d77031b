import Foundation
import IAMPolicy
import SlipwayCore

/// A secret the edge verifies a signature with, and the principal it stands for.
public struct SigningIdentity: Sendable {
    public var secretAccessKey: String
    public var principal: Principal
    /// When a temporary credential stops working; nil for long-term keys.
    public var expiration: Date?
    /// The session token a temporary credential must be presented with.
    public var sessionToken: String?

    public init(secretAccessKey: String, principal: Principal, expiration: Date? = nil, sessionToken: String? = nil) {
        self.secretAccessKey = secretAccessKey
        self.principal = principal
        self.expiration = expiration
        self.sessionToken = sessionToken
    }
}

/// Why a presented access key cannot sign.
public enum CredentialLookupFailure: Error, Sendable, Equatable {
    case unknownKey
    case inactiveKey
}

/// The port the identity service offers the edge: find who an access key belongs to.
public protocol IdentityPort: Sendable {
    /// The identity behind `accessKeyID`; throws `CredentialLookupFailure` when it cannot sign.
    func signingIdentity(accessKeyID: String) async throws -> SigningIdentity
    /// The root user or IAM user an ARN names, as it is now (its unique id and tags); nil when no such identity exists.
    /// A user ARN without a path (`user/NAME`) names the user whatever its path; one with a path must match it.
    func principal(arn: String) async throws -> Principal?
}

/// The port the identity service offers every operation: decide whether a principal may act.
public protocol AuthorizationPort: Sendable {
    /// The decision for `request` made by `context.principal`, with every policy that applies.
    func decide(_ request: AccessRequest, context: ServiceContext) async throws -> Decision
}

extension AuthorizationPort {
    /// Throws the service's access-denied error, with AWS's explained message, unless allowed.
    public func authorize(_ request: AccessRequest, context: ServiceContext, deniedCode: String) async throws {
        let decision = try await decide(request, context: context)
        guard decision.isAllowed else {
            let evaluated = AuthorizationRequest(
                principal: context.principal.policyContext, action: request.action, resource: request.resource,
                resourceAccount: request.resourceAccount, context: ConditionContext(request.conditions)
            )
            throw AccessDeniedError(code: deniedCode, message: decision.denialMessage(for: evaluated))
        }
    }
}

/// An authorization failure, carrying AWS's explanation.
public struct AccessDeniedError: ServiceError {
    public let code: String
    public let message: String
    public var httpStatus: Int { 403 }

    public init(code: String = "AccessDenied", message: String) {
        self.code = code
        self.message = message
    }
}

/// A role as IAM knows it, found from the exact ARN a caller gave (account, path and name).
public struct RoleIdentity: Sendable, Equatable {
    /// The role's real ARN, with its path.
    public var arn: String
    public var account: String
    public var name: String
    /// The role's unique id (`AROA…`).
    public var id: String

    public init(arn: String, account: String, name: String, id: String) {
        self.arn = arn
        self.account = account
        self.name = name
        self.id = id
    }
}

/// The port the identity service offers services that act through a customer's role (S3 replication, stacks, projects).
public protocol RoleAssumptionPort: Sendable {
    /// A session principal of `roleARN` for `servicePrincipal` (e.g. `s3.amazonaws.com`) acting for `account`, when the
    /// role is exactly the one the ARN names (path included), belongs to `account` (a role is never passed across
    /// accounts) and its trust policy lets that service assume it under `conditions` (`aws:SourceAccount`,
    /// `aws:SourceArn`, …); otherwise `AccessDeniedError` with the explained denial. The session carries the role's
    /// permissions only.
    func assumeRole(_ roleARN: String, by servicePrincipal: String, for account: String, sessionName: String, conditions: [String: [String]]) async throws -> Principal

    /// The role `roleARN` names exactly (account, path and name), or nil when there is none.
    func role(_ roleARN: String) async throws -> RoleIdentity?
}
