import Crypto
import Foundation

/// Keeps secrets encrypted at rest (AES-GCM under a key of the data directory): what the settings tables hold is
/// never the value itself.
struct SecretSealer: Sendable {
    let key: SymmetricKey

    init(keyBytes: [UInt8]) {
        key = SymmetricKey(data: keyBytes)
    }

    func seal(_ value: [UInt8]) throws -> String {
        guard let combined = try AES.GCM.seal(value, using: key).combined else { throw StepFailure("A secret could not be sealed.") }
        return combined.base64EncodedString()
    }

    func open(_ sealed: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: sealed), let box = try? AES.GCM.SealedBox(combined: data) else { return nil }
        return (try? AES.GCM.open(box, using: key)).map { Array($0) }
    }
}
