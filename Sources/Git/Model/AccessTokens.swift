import Foundation
import ServiceKit
import SlipwayCore

/// Mints, finds and revokes personal access tokens: `slp_` and 40 letters and digits (never `:`, `"`, `}` or a
/// space, so every client can send one as a Basic password or an `Authorization: token` header).
struct AccessTokens: Sendable {
    let store: RepositoryStore
    let clock: any WallClock

    static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    static let knownScopes: Set<String> = ["repo", "workflow", "read:org", "admin:org", "delete_repo", "read:user", "user"]

    /// The token an `Authorization` header presents: `token <t>`, `Bearer <t>`, or the password of Basic credentials.
    static func presented(in authorization: String) -> String? {
        for scheme in ["token ", "bearer "] where authorization.lowercased().hasPrefix(scheme) {
            return String(authorization.dropFirst(scheme.count)).trimmingCharacters(in: .whitespaces)
        }
        return BasicCredentials(header: authorization)?.password
    }

    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return "slp_" + String((0..<40).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// The scopes a personal token asked for with `name`, `scopes` (nil: `repo` and `workflow`) and an expiry in days
    /// gets, or the error naming what is wrong — one rule for `slipway git token create` and for stacks.
    static func requested(name: String, scopes: [String]?, expiresInDays: Int?) throws -> [String] {
        guard (1...100).contains(name.count), !name.contains(where: { $0.isNewline }) else {
            throw GitError.invalidToken("A token's name must be 1 to 100 characters on one line.")
        }
        let scopes = scopes ?? ["repo", "workflow"]
        let unknown = scopes.filter { !knownScopes.contains($0) }
        guard !scopes.isEmpty, unknown.isEmpty else {
            throw GitError.invalidToken("Unknown scopes: \(unknown.joined(separator: ", ")); known: \(knownScopes.sorted().joined(separator: ", ")).")
        }
        if let expiresInDays, !(1...366).contains(expiresInDays) {
            throw GitError.invalidToken("ExpiresInDays must be between 1 and 366.")
        }
        return scopes
    }

    /// A new token for the caller; the token itself is returned once and never stored.
    func create(
        name: String, scopes: [String], expiresInDays: Int?, principal: Principal, repositoryArn: String? = nil, expires: Date? = nil
    ) async throws -> (AccessTokenRecord, String) {
        guard let account = principal.account else { throw GitError.tokenOwner }
        let (kind, ownerName): (String, String?) = switch principal.kind {
        case .root: ("root", nil)
        case .user(let name): ("user", name)
        default: throw GitError.tokenOwner
        }
        let token = Self.newToken()
        let now = clock.now()
        let record = AccessTokenRecord(
            id: "gt-" + String(Self.newToken().dropFirst(4).prefix(20)).lowercased(), account: account.rawValue, name: name, scopes: scopes,
            hash: SecretTokens.hash(token), prefix: String(token.prefix(8)), created: now,
            expires: expires ?? expiresInDays.map { now.addingTimeInterval(TimeInterval($0) * 86_400) }, lastUsed: nil,
            ownerArn: principal.arn, ownerKind: kind, ownerName: ownerName, ownerUserID: principal.userID, ownerTags: principal.tags,
            repositoryArn: repositoryArn
        )
        try await store.insert(record)
        return (record, token)
    }

    /// The live token `token` is, its use recorded; nil when it is unknown, revoked or expired.
    func find(_ token: String) async throws -> AccessTokenRecord? {
        guard token.hasPrefix("slp_"), token.count == 44 else { return nil }
        guard var record = try await store.token(hash: SecretTokens.hash(token)) else { return nil }
        let now = clock.now()
        if let expires = record.expires, expires <= now { return nil }
        if record.lastUsed.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            record.lastUsed = now
            try await store.update(record)
        }
        return record
    }
}
