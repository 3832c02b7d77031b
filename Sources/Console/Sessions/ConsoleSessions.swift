import Foundation
import ServiceKit
import SlipwayCore

/// Signs browsers in and out and finds who is behind a request's cookie: sessions live in the metadata database,
/// and the credentials a session was opened with are checked again at every request, so a disabled access key or a
/// deleted role ends it at once.
struct ConsoleSessions: Sendable {
    let store: ConsoleStore
    let identities: any IdentityPort
    let roles: any RoleAssumptionPort
    let clock: any WallClock
    let timeouts: ConsoleTimeouts

    static let cookieName = "slipway-console"

    /// A request's session and the principal acting for it now.
    struct Current: Sendable {
        var tokenHash: String
        var session: ConsoleSession
        var principal: Principal
        var account: AccountID
        /// Whether the principal may use Administration (the front decides it for each request).
        var administers = false
    }

    /// Why a sign-in or a session was refused.
    struct Refusal: Error, Sendable, Equatable {
        var notice: SignInNotice
    }

    /// Opens a session for an access key whose secret (and session token, for temporary credentials) were given;
    /// returns the new cookie value and the session.
    func signIn(accessKeyID: String, secret: String, sessionToken: String) async throws -> (token: String, session: ConsoleSession) {
        let refused = Refusal(notice: .invalidCredentials)
        let identity: SigningIdentity
        do {
            identity = try await identities.signingIdentity(accessKeyID: accessKeyID.trimmingCharacters(in: .whitespaces))
        } catch is CredentialLookupFailure {
            throw refused
        }
        guard SecretTokens.equal(identity.secretAccessKey, secret), SecretTokens.equal(identity.sessionToken ?? "", sessionToken) else { throw refused }
        let now = clock.now()
        if let expiration = identity.expiration, expiration <= now { throw Refusal(notice: .credentialsExpired) }
        guard let account = identity.principal.account else { throw refused }
        // A session never outlives the temporary credentials it was opened with.
        let expires = min(now.addingTimeInterval(timeouts.absolute), identity.expiration ?? .distantFuture)
        return try await open(.accessKey(accessKeyID), account: account.rawValue, principalARN: identity.principal.arn, expires: expires, now: now)
    }

    /// Opens a session acting as a role (a user profile's execution role, through a presigned domain URL) for
    /// `seconds`.
    func signIn(role: String, sessionName: String, account: String, seconds: TimeInterval) async throws -> (token: String, session: ConsoleSession) {
        let principal = try await roles.assumeRole(role, by: "sagemaker.amazonaws.com", for: account, sessionName: sessionName, conditions: [:])
        let now = clock.now()
        return try await open(.role(arn: role, sessionName: sessionName), account: account, principalARN: principal.arn, expires: now.addingTimeInterval(seconds), now: now)
    }

    private func open(_ credentials: ConsoleSession.Credentials, account: String, principalARN: String, expires: Date, now: Date) async throws -> (token: String, session: ConsoleSession) {
        let token = SecretTokens.make()
        let session = ConsoleSession(
            credentials: credentials, account: account, principalARN: principalARN, csrf: SecretTokens.make(), created: now, lastSeen: now, expires: expires
        )
        try await store.save(session, tokenHash: SecretTokens.hash(token))
        return (token, session)
    }

    /// The session the request's cookie names and the principal it acts as now; throws a refusal when there is none
    /// or it has ended (and then forgets it).
    func current(cookies: [String: String]) async throws -> Current {
        guard let token = cookies[Self.cookieName], !token.isEmpty else { throw Refusal(notice: .required) }
        let hash = SecretTokens.hash(token)
        guard let session = try await store.session(tokenHash: hash) else { throw Refusal(notice: .required) }
        let now = clock.now()
        if let reason = session.ended(at: now, idleTimeout: timeouts.idle) {
            try await store.delete(tokenHash: hash)
            throw Refusal(notice: reason)
        }
        let principal: Principal
        do {
            principal = try await self.principal(for: session, now: now)
        } catch let refusal as Refusal {
            try await store.delete(tokenHash: hash)
            throw refusal
        }
        guard let account = principal.account ?? AccountID(session.account) else { throw Refusal(notice: .required) }
        // Idle time is counted in whole minutes' steps, so a busy page does not write on every request.
        if now.timeIntervalSince(session.lastSeen) >= min(60, timeouts.idle / 4) { try await store.touch(tokenHash: hash, at: now) }
        return Current(tokenHash: hash, session: session, principal: principal, account: account)
    }

    private func principal(for session: ConsoleSession, now: Date) async throws -> Principal {
        switch session.credentials {
        case .accessKey(let key):
            let identity: SigningIdentity
            do {
                identity = try await identities.signingIdentity(accessKeyID: key)
            } catch is CredentialLookupFailure {
                throw Refusal(notice: .keyRevoked)
            }
            if let expiration = identity.expiration, expiration <= now { throw Refusal(notice: .credentialsExpired) }
            return identity.principal
        case .role(let arn, let name):
            do {
                return try await roles.assumeRole(arn, by: "sagemaker.amazonaws.com", for: session.account, sessionName: name, conditions: [:])
            } catch is AccessDeniedError {
                throw Refusal(notice: .roleRevoked)
            }
        }
    }

    /// Ends the session `tokenHash` names.
    func signOut(tokenHash: String) async throws {
        try await store.delete(tokenHash: tokenHash)
    }
}

/// How long a console session lasts: `idle` without a request, `absolute` at most.
public struct ConsoleTimeouts: Sendable {
    public var idle: TimeInterval
    public var absolute: TimeInterval

    public init(idle: TimeInterval = 30 * 60, absolute: TimeInterval = 12 * 60 * 60) {
        self.idle = idle
        self.absolute = absolute
    }
}
