import Crypto

/// The derived key for one secret, day, region and service: the third SigV4 stage.
public struct SigningKey: Sendable, Hashable {
    /// The 32 bytes of `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public init(secretAccessKey: String, dateStamp: String, region: String, service: String) {
        var key = Array(("AWS4" + secretAccessKey).utf8)
        for part in [dateStamp, region, service, "aws4_request"] {
            key = Self.hmac(key: key, message: Array(part.utf8))
        }
        self.bytes = key
    }

    /// The fourth stage: the lower-case hex HMAC of a string to sign.
    public func signature(for stringToSign: String) -> String {
        Hex.encode(Self.hmac(key: bytes, message: Array(stringToSign.utf8)))
    }

    static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}
