import Crypto
import Foundation
import SigV4

/// Shared helpers for the SigV4 tests.
enum TestSupport {
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// A date from its ISO 8601 basic form, such as `20150830T123600Z`.
    static func date(_ basic: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        guard let date = formatter.date(from: basic) else { fatalError("bad test date \(basic)") }
        return date
    }

    /// The signature from an Authorization header.
    static func signature(in authorization: String?) -> String? {
        authorization?.components(separatedBy: "Signature=").last
    }

    /// A copy with one header value replaced.
    static func replacing(_ name: String, with value: String, in request: SigV4Request) -> SigV4Request {
        var copy = request
        copy.headers = copy.headers.map { $0.name.lowercased() == name.lowercased() ? ($0.name, value) : $0 }
        return copy
    }

    /// Changes the last character of a hex string to a different hex digit.
    static func flipLastHexDigit(_ hex: String) -> String {
        guard let last = hex.last else { return hex }
        return String(hex.dropLast()) + (last == "0" ? "1" : "0")
    }
}
