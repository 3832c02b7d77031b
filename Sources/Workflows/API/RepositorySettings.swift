import Foundation
import Git
import SlipwayCore

/// A repository's secrets, variables and environments as the runner and the API use them: secrets opened from the
/// sealed boxes clients send and kept encrypted, names checked as GitHub checks them.
struct RepositorySettings: Sendable {
    let store: SettingsStore
    let sealer: SecretSealer
    let clock: any WallClock

    /// The settings of a repository, with its key pair made on first use.
    func settings(_ repository: HostedRepository) async throws -> RepositorySettingsRecord {
        try await store.settings(repository.arn) { [sealer] in
            let pair = SealedBoxes.keyPair()
            return RepositorySettingsRecord(
                repositoryArn: repository.arn, keyID: String(Int.random(in: 100_000_000_000...999_999_999_999)),
                publicKey: Data(pair.publicKey).base64EncodedString(), sealedSecretKey: try sealer.seal(pair.secretKey)
            )
        }
    }

    /// A secret or variable name as GitHub accepts it (letters, digits and `_`, not starting with a digit or
    /// `GITHUB_`), upper-cased as GitHub keeps it; throws GitHub's 422 otherwise.
    static func name(_ text: String, kind: String) throws -> String {
        let upper = text.uppercased()
        guard !upper.isEmpty, upper.count <= 200, upper.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }),
              upper.first.map({ !$0.isNumber }) ?? false, !upper.hasPrefix("GITHUB_")
        else {
            throw ForgeError(status: 422, message: "Invalid request.\n\n\(kind) names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_). Must not start with `GITHUB_`.")
        }
        return upper
    }

    /// Opens a sealed box sent for the repository's key and seals it for storage.
    func storable(_ encrypted: String, keyID: String?, settings: RepositorySettingsRecord) throws -> String {
        guard keyID == nil || keyID == settings.keyID else { throw ForgeError(status: 422, message: "Bad request: key_id does not match the repository's public key.") }
        guard let sealed = Data(base64Encoded: encrypted), let publicKey = Data(base64Encoded: settings.publicKey), let secretKey = sealer.open(settings.sealedSecretKey),
              let value = SealedBoxes.open(Array(sealed), publicKey: Array(publicKey), secretKey: secretKey)
        else { throw ForgeError(status: 422, message: "Bad request: encrypted_value is not a sealed box for this repository's public key.") }
        return try sealer.seal(value)
    }

    /// The secrets and variables a job gets: the repository's, then its environment's over them (only once the job
    /// may run in it).
    func values(_ repository: HostedRepository, environment: String?) async throws -> (secrets: [String: String], variables: [String: String]) {
        var secrets: [String: String] = [:], variables: [String: String] = [:]
        func take(_ stored: [String: StoredSecret], _ vars: [String: StoredVariable]) {
            for (name, secret) in stored { if let value = sealer.open(secret.sealed) { secrets[name] = String(decoding: value, as: UTF8.self) } }
            for (name, variable) in vars { variables[name] = variable.value }
        }
        if let settings = try await store.settings(repository.arn) { take(settings.secrets, settings.variables) }
        if let environment, let found = try await store.environment(repository.arn, name: environment) { take(found.secrets, found.variables) }
        return (secrets, variables)
    }
}
