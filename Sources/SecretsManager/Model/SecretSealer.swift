import Crypto
import Foundation

/// Seals secret values at rest: AES-256-GCM under the server's secrets key, with the secret's ARN and the version id as
/// associated data, so a sealed value moved to another secret or version does not open.
struct SecretSealer: Sendable {
    let key: SymmetricKey

    init(keyBytes: [UInt8]) {
        key = SymmetricKey(data: keyBytes)
    }

    func seal(_ value: [UInt8], secret arn: String, version: String) throws -> Data {
        guard let combined = try AES.GCM.seal(value, using: key, authenticating: Data("\(arn)/\(version)".utf8)).combined else {
            throw SecretsError.invalidRequest("The secret value could not be sealed.")
        }
        return combined
    }

    func open(_ sealed: Data, secret arn: String, version: String) throws -> [UInt8] {
        let box = try AES.GCM.SealedBox(combined: sealed)
        return Array(try AES.GCM.open(box, using: key, authenticating: Data("\(arn)/\(version)".utf8)))
    }
}
