import Crypto
import SlipwayCore

/// The 64-hex-digit canonical user id S3 shows as an account's `Owner.ID`.
enum CanonicalUser {
    static func id(of account: AccountID) -> String {
        SHA256.hash(data: Array("slipway-canonical-user:\(account.rawValue)".utf8)).map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }
}
