import Foundation
import SigV4

/// The git password CodeCommit derives from IAM keys (what `git-remote-codecommit` and `aws codecommit
/// credential-helper` send): `<yyyyMMdd'T'HHmmss>Z<signature>`, a SigV4 signature for service `codecommit` over the
/// canonical request `GIT <path> host:<host>`; the user name is the access key id, `%<session token>` appended for
/// temporary credentials.
struct CodeCommitPassword: Sendable, Equatable {
    /// `yyyyMMdd'T'HHmmss`, as signed.
    let timestamp: String
    let signature: String

    /// The password's parts, when it has CodeCommit's shape.
    init?(_ password: String) {
        let bytes = Array(password.utf8)
        guard bytes.count == 15 + 1 + 64, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z"),
              bytes[0..<8].allSatisfy({ (48...57).contains($0) }), bytes[9..<15].allSatisfy({ (48...57).contains($0) }),
              bytes[16...].allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { return nil }
        timestamp = String(decoding: bytes[0..<15], as: UTF8.self)
        signature = String(decoding: bytes[16...], as: UTF8.self)
    }

    /// When it was signed.
    var signedAt: Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let digits = Array(timestamp.utf8).map { Int($0) - 48 }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + $1 } }
        let components = DateComponents(
            year: number(0..<4), month: number(4..<6), day: number(6..<8), hour: number(9..<11), minute: number(11..<13), second: number(13..<15)
        )
        return calendar.date(from: components)
    }

    /// The signature the password must carry for `path` on `host`, signed with `secret` in `region`.
    static func signature(path: String, host: String, region: String, timestamp: String, secret: String) -> String {
        let canonical = "GIT\n\(path)\n\nhost:\(host)\n\nhost\n"
        let date = String(timestamp.prefix(8))
        let scope = "\(date)/\(region)/codecommit/aws4_request"
        let stringToSign = SigV4Signer.stringToSign(amzDate: timestamp, credentialScope: scope, canonicalRequest: canonical)
        return SigningKey(secretAccessKey: secret, dateStamp: date, region: region, service: "codecommit").signature(for: stringToSign)
    }

    /// Whether the password is `secret`'s for `path` on `host` in `region`, signed within `window` of `now`.
    func verifies(path: String, host: String, region: String, secret: String, now: Date, window: TimeInterval = 15 * 60) -> Bool {
        guard let signedAt, abs(now.timeIntervalSince(signedAt)) <= window else { return false }
        let expected = Self.signature(path: path, host: host, region: region, timestamp: timestamp, secret: secret)
        // Constant-time comparison: the signature is a credential.
        guard expected.utf8.count == signature.utf8.count else { return false }
        return zip(expected.utf8, signature.utf8).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The user name and password of an `Authorization: Basic` header.
struct BasicCredentials: Sendable, Equatable {
    let user: String
    let password: String

    init?(header: String?) {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else { return nil }
        guard let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        user = String(text[..<colon])
        password = String(text[text.index(after: colon)...])
    }
}
