@testable import Console
import Foundation
import Logging
import MetadataStore
import MetadataStoreSQLite
import ServiceKit
import SlipwayCore
import Synchronization
import Testing

/// Keys an identity directory would answer for; a key can be taken away.
final class FakeIdentities: IdentityPort, RoleAssumptionPort {
    let keys = Mutex<[String: SigningIdentity]>([:])
    let roles = Mutex<Set<String>>([])

    func signingIdentity(accessKeyID: String) async throws -> SigningIdentity {
        guard let identity = keys.withLock({ $0[accessKeyID] }) else { throw CredentialLookupFailure.unknownKey }
        return identity
    }

    func principal(arn: String) async throws -> Principal? { nil }

    func assumeRole(_ roleARN: String, by servicePrincipal: String, for account: String, sessionName: String, conditions: [String: [String]]) async throws -> Principal {
        guard roles.withLock({ $0.contains(roleARN) }) else { throw AccessDeniedError(message: "no such role") }
        return Principal(
            kind: .assumedRole(roleName: "r", roleARN: roleARN, sessionName: sessionName), arn: "arn:aws:sts::\(account):assumed-role/r/\(sessionName)",
            account: AccountID(account), userID: "AROAEXAMPLE:\(sessionName)"
        )
    }

    func role(_ roleARN: String) async throws -> RoleIdentity? { nil }

    static func user(_ name: String, secret: String, token: String? = nil, expires: Date? = nil) -> SigningIdentity {
        SigningIdentity(
            secretAccessKey: secret,
            principal: Principal(kind: .user(name: name), arn: "arn:aws:iam::111111111111:user/\(name)", account: AccountID("111111111111"), userID: "AIDA\(name)"),
            expiration: expires, sessionToken: token
        )
    }
}

@Suite("Console sessions")
struct ConsoleSessionsTests {
    func withSessions(_ body: (ConsoleSessions, FakeIdentities, ManualWallClock) async throws -> Void) async throws {
        try await withStore { store, clock in
            let identities = FakeIdentities()
            let sessions = ConsoleSessions(store: store, identities: identities, roles: identities, clock: clock, timeouts: ConsoleTimeouts(idle: 600, absolute: 3600))
            try await body(sessions, identities, clock)
        }
    }

    func withStore(_ body: (ConsoleStore, ManualWallClock) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-console-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try await SQLiteMetadataDatabase.open(path: path, logger: Logger(label: "test"))
        try await Migrator(database: database).migrate(ConsoleModule.migrations)
        try await body(ConsoleStore(database: database), ManualWallClock())
        try await database.close()
    }

    func refusal(_ body: () async throws -> Void) async -> SignInNotice? {
        do {
            try await body()
            return nil
        } catch let refusal as ConsoleSessions.Refusal {
            return refusal.notice
        } catch {
            return nil
        }
    }

    @Test func theSecretAndTheSessionTokenMustBothMatch() async throws {
        try await withSessions { sessions, identities, clock in
            identities.keys.withLock {
                $0["AKIAANA"] = FakeIdentities.user("ana", secret: "s3cret")
                $0["ASIATMP"] = FakeIdentities.user("ana", secret: "tmp", token: "tok", expires: clock.now().addingTimeInterval(900))
            }
            #expect(await refusal { _ = try await sessions.signIn(accessKeyID: "AKIAANA", secret: "s3creT", sessionToken: "") } == .invalidCredentials)
            #expect(await refusal { _ = try await sessions.signIn(accessKeyID: "AKIANONE", secret: "s3cret", sessionToken: "") } == .invalidCredentials)
            #expect(await refusal { _ = try await sessions.signIn(accessKeyID: "AKIAANA", secret: "s3cret", sessionToken: "extra") } == .invalidCredentials)
            #expect(await refusal { _ = try await sessions.signIn(accessKeyID: "ASIATMP", secret: "tmp", sessionToken: "") } == .invalidCredentials)
            let (token, session) = try await sessions.signIn(accessKeyID: "ASIATMP", secret: "tmp", sessionToken: "tok")
            // A session lasts no longer than the temporary credentials it was opened with.
            #expect(session.expires == clock.now().addingTimeInterval(900))
            let current = try await sessions.current(cookies: [ConsoleSessions.cookieName: token])
            #expect(current.principal.arn == "arn:aws:iam::111111111111:user/ana")
            #expect(current.session.csrf.count == 64 && current.session.csrf != token)
        }
    }

    @Test func aSessionEndsWhenIdleAtItsLimitOrWhenItsKeyGoes() async throws {
        try await withSessions { sessions, identities, clock in
            identities.keys.withLock { $0["AKIAANA"] = FakeIdentities.user("ana", secret: "s") }
            let cookie = { (token: String) in [ConsoleSessions.cookieName: token] }
            let (idle, _) = try await sessions.signIn(accessKeyID: "AKIAANA", secret: "s", sessionToken: "")
            clock.advance(by: 599)
            _ = try await sessions.current(cookies: cookie(idle))
            clock.advance(by: 599)
            _ = try await sessions.current(cookies: cookie(idle))
            clock.advance(by: 600)
            #expect(await refusal { _ = try await sessions.current(cookies: cookie(idle)) } == .idle)
            // Once ended it stays ended.
            clock.advance(by: -600)
            #expect(await refusal { _ = try await sessions.current(cookies: cookie(idle)) } == .required)

            let (long, _) = try await sessions.signIn(accessKeyID: "AKIAANA", secret: "s", sessionToken: "")
            for _ in 0..<7 {
                clock.advance(by: 500)
                _ = try await sessions.current(cookies: cookie(long))
            }
            // Used all along, it still ends at its absolute limit.
            clock.advance(by: 200)
            #expect(await refusal { _ = try await sessions.current(cookies: cookie(long)) } == .expired)

            let (revoked, _) = try await sessions.signIn(accessKeyID: "AKIAANA", secret: "s", sessionToken: "")
            identities.keys.withLock { $0["AKIAANA"] = nil }
            #expect(await refusal { _ = try await sessions.current(cookies: cookie(revoked)) } == .keyRevoked)
            identities.keys.withLock { $0["AKIAANA"] = FakeIdentities.user("ana", secret: "s") }
            #expect(await refusal { _ = try await sessions.current(cookies: cookie(revoked)) } == .required)
            #expect(await refusal { _ = try await sessions.current(cookies: [:]) } == .required)
        }
    }

    @Test func aRoleSessionEndsWhenTheRoleCanNoLongerBeAssumed() async throws {
        try await withSessions { sessions, identities, _ in
            let role = "arn:aws:iam::111111111111:role/studio"
            identities.roles.withLock { _ = $0.insert(role) }
            let (token, session) = try await sessions.signIn(role: role, sessionName: "ana", account: "111111111111", seconds: 1800)
            #expect(session.principalARN == "arn:aws:sts::111111111111:assumed-role/r/ana")
            let current = try await sessions.current(cookies: [ConsoleSessions.cookieName: token])
            #expect(current.account.rawValue == "111111111111")
            identities.roles.withLock { $0.removeAll() }
            #expect(await refusal { _ = try await sessions.current(cookies: [ConsoleSessions.cookieName: token]) } == .roleRevoked)
        }
    }

    @Test func aSignInLinkWorksOnceAndOnlyBeforeItExpires() async throws {
        try await withStore { store, clock in
            let links = ConsoleLinks(store: store, clock: clock)
            let role = "arn:aws:iam::111111111111:role/studio"
            let token = try await links.signInToken(account: "111111111111", roleARN: role, sessionName: "ana", sessionSeconds: 1800, expiresIn: 60)
            #expect(try await links.redeem("") == nil)
            #expect(try await links.redeem(token + "0") == nil)
            #expect(try await links.redeem(token) == ConsoleStore.Link(account: "111111111111", roleARN: role, sessionName: "ana", sessionSeconds: 1800))
            #expect(try await links.redeem(token) == nil)
            let late = try await links.signInToken(account: "111111111111", roleARN: role, sessionName: "ana", sessionSeconds: 1800, expiresIn: 60)
            clock.advance(by: 61)
            #expect(try await links.redeem(late) == nil)
        }
    }
}
