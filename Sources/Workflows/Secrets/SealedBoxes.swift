import CSodium
import Foundation

/// libsodium's sealed boxes (`crypto_box_seal`), as GitHub's secrets API uses them: clients seal a secret with the
/// repository's public key; only the holder of its secret key opens it.
enum SealedBoxes {
    private static let ready: Bool = sodium_init() >= 0

    /// A new key pair (32-byte Curve25519 keys).
    static func keyPair() -> (publicKey: [UInt8], secretKey: [UInt8]) {
        precondition(ready, "libsodium could not be initialised")
        var publicKey = [UInt8](repeating: 0, count: Int(crypto_box_publickeybytes()))
        var secretKey = [UInt8](repeating: 0, count: Int(crypto_box_secretkeybytes()))
        _ = crypto_box_keypair(&publicKey, &secretKey)
        return (publicKey, secretKey)
    }

    /// The message a sealed box holds; nil when it was not sealed for this key pair or was altered.
    static func open(_ sealed: [UInt8], publicKey: [UInt8], secretKey: [UInt8]) -> [UInt8]? {
        guard ready, sealed.count >= Int(crypto_box_sealbytes()), publicKey.count == Int(crypto_box_publickeybytes()),
              secretKey.count == Int(crypto_box_secretkeybytes()) else { return nil }
        var message = [UInt8](repeating: 0, count: sealed.count - Int(crypto_box_sealbytes()))
        let status = crypto_box_seal_open(&message, sealed, UInt64(sealed.count), publicKey, secretKey)
        return status == 0 ? message : nil
    }

    /// Seals `message` for `publicKey` (what a client does).
    static func seal(_ message: [UInt8], publicKey: [UInt8]) -> [UInt8]? {
        guard ready, publicKey.count == Int(crypto_box_publickeybytes()) else { return nil }
        var sealed = [UInt8](repeating: 0, count: message.count + Int(crypto_box_sealbytes()))
        return crypto_box_seal(&sealed, message, UInt64(message.count), publicKey) == 0 ? sealed : nil
    }
}
