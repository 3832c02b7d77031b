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

/// The port the identity service offers services that act through a customer's role (S3 replication, stacks, projects).
public protocol RoleAssumptionPort: Sendable {
    /// A session principal of `roleARN` for `servicePrincipal` (e.g. `s3.amazonaws.com`), when the role's trust policy
    /// lets that service assume it under `conditions` (`aws:SourceAccount`, `aws:SourceArn`, …); otherwise
    /// `AccessDeniedError` with the explained denial. The session carries the role's permissions only.
    func assumeRole(_ roleARN: String, by servicePrincipal: String, sessionName: String, conditions: [String: [String]]) async throws -> Principal
}
