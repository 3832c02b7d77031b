import Foundation
import IAMPolicy
import Logging
import ServiceKit
import SlipwayCore
import Wire

/// The Secrets Manager API (JSON 1.1, `secretsmanager.*`): secrets with versions and staging labels, scheduled
/// deletion, resource policies and tags. Values are sealed at rest and appear in no log, audit record or error.
public struct SecretsManagerService: AWSService {
    public let serviceName = "secretsmanager"
    public let signingName = "secretsmanager"
    public let wireProtocol = WireProtocol.json(version: "1.1", targetPrefix: "secretsmanager")
    let store: SecretStore
    let sealer: SecretSealer
    let ids: any IDGenerator
    let clock: any WallClock

    public var operations: [ServiceOperation] { secretOperations + versionOperations + policyOperations }

    static let suffixAlphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// The secret `id` names, live or waiting for deletion; one whose recovery window ended is purged and not found.
    func find(_ id: String, _ context: ServiceContext) async throws -> SecretRecord? {
        guard let secret = try await store.secret(id, account: context.account.rawValue, region: context.region.name) else { return nil }
        if let deletion = secret.deletionDate, deletion <= clock.now() {
            try await store.purge(secret.arn)
            return nil
        }
        return secret
    }

    func require(_ id: String, _ context: ServiceContext) async throws -> SecretRecord {
        guard let secret = try await find(id, context) else { throw SecretsError.notFound() }
        return secret
    }

    /// A secret marked for deletion can be read, described and restored, and nothing else.
    static func requireLive(_ secret: SecretRecord) throws {
        if secret.deletionDate != nil {
            throw SecretsError.invalidRequest("You can't perform this operation on the secret because it was marked for deletion.")
        }
    }

    /// `secretsmanager:<action>` on the secret `id` names (with its resource policy), or on the name when none exists yet.
    /// `secretsmanager:<name>` keys for the request parameters that were given.
    static func keys(_ values: [String: String?]) -> [String: [String]] {
        var keys: [String: [String]] = [:]
        for (name, value) in values { if let value { keys["secretsmanager:\(name)"] = [value] } }
        return keys
    }

    func access(_ action: String, _ id: String, _ context: ServiceContext) async throws -> AccessRequest {
        let secret = try await find(id, context)
        let policy = secret?.policy.flatMap { try? PolicyDocument.parse($0, kind: .resource) }.map { AttachedPolicy(id: "secret policy", document: $0) }
        let arn = secret?.arn ?? (id.hasPrefix("arn:") ? id : "arn:aws:secretsmanager:\(context.region.name):\(context.account):secret:\(id)")
        return AccessRequest(action: "secretsmanager:\(action)", resource: arn, resourceAccount: context.account.rawValue, resourcePolicy: policy)
            .onResourceTagged((secret?.tags ?? []).map { ($0.key, $0.value) }, servicePrefix: "secretsmanager")
            .withConditions(secret == nil ? [:] : ["secretsmanager:SecretId": [arn]])
    }

    /// A value as given: exactly one of a string and binary, within 65,536 bytes. The message never quotes it.
    static func value(string: String?, binary: Data?, required: Bool) throws -> (bytes: [UInt8], binary: Bool)? {
        switch (string, binary) {
        case (.some, .some): throw SecretsError.invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.")
        case (.some(let text), nil):
            guard (1...65_536).contains(text.utf8.count) else { throw SecretsError.invalidParameter("The secret string must be 1 to 65536 bytes long.") }
            return (Array(text.utf8), false)
        case (nil, .some(let data)):
            guard (1...65_536).contains(data.count) else { throw SecretsError.invalidParameter("The secret binary must be 1 to 65536 bytes long.") }
            return (Array(data), true)
        case (nil, nil):
            if required { throw SecretsError.invalidParameter("You must provide either SecretString or SecretBinary.") }
            return nil
        }
    }

    /// The client token as the version id (an idempotency key), or a new one.
    func versionID(_ token: String?) throws -> String {
        guard let token else { return ids.uuid() }
        guard (32...64).contains(token.count) else { throw SecretsError.invalidParameter("ClientRequestToken must be 32 to 64 characters long.") }
        return token
    }

    /// Adds a version to the secret: `stages` move to it (AWSCURRENT's old holder becomes AWSPREVIOUS). Reusing a
    /// version id with the same value is idempotent; with another value it is refused.
    func addVersion(_ secret: inout SecretRecord, value: (bytes: [UInt8], binary: Bool), id: String, stages: [String]) throws {
        if let existing = secret.versions.first(where: { $0.id == id }) {
            let same = (try? sealer.open(existing.sealed, secret: secret.arn, version: id)) == value.bytes && existing.isBinary == value.binary
            guard same else {
                throw SecretsError(code: "ResourceExistsException", message: "You can't modify an existing version, you can only create a new version.", httpStatus: 400)
            }
            return
        }
        let now = clock.now()
        if stages.contains("AWSCURRENT") {
            for index in secret.versions.indices {
                secret.versions[index].stages.removeAll { $0 == "AWSPREVIOUS" }
                if secret.versions[index].stages.contains("AWSCURRENT") {
                    secret.versions[index].stages.removeAll { $0 == "AWSCURRENT" }
                    secret.versions[index].stages.append("AWSPREVIOUS")
                }
            }
        }
        for index in secret.versions.indices { secret.versions[index].stages.removeAll { stages.contains($0) && $0 != "AWSPREVIOUS" } }
        secret.versions.append(SecretRecord.SecretVersion(
            id: id, stages: stages, sealed: try sealer.seal(value.bytes, secret: secret.arn, version: id), isBinary: value.binary, created: now
        ))
        // Versions with no stage left are dropped beyond the newest hundred, as Secrets Manager keeps them.
        let unlabeled = secret.versions.filter { $0.stages.isEmpty }
        if unlabeled.count > 100 { secret.versions.removeAll { version in unlabeled.prefix(unlabeled.count - 100).contains { $0.id == version.id } } }
        secret.lastChanged = now
    }
}
