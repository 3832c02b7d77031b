/// Byte-level helpers for header names and tokens, which HTTP defines over ASCII,
/// so they never depend on locale or Unicode case mapping.
enum ASCII {
    static func lowercased(_ string: String) -> String {
        // Fast path: most header names arrive lowercase already.
        if !string.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            return string
        }
        return String(decoding: string.utf8.map(lower), as: UTF8.self)
    }

    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    static func equalsIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8) { lower($0) == lower($1) }
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// Drops spaces and tabs at both ends.
    static func trimmed<S: StringProtocol>(_ string: S) -> String {
        let utf8 = Substring(string).utf8
        guard let first = utf8.first, let last = utf8.last else { return "" }
        // Most values need no trimming: skip the copy.
        if !isSpace(first), !isSpace(last) { return String(string) }
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Splits on one ASCII byte. Works on UTF-8 rather than Characters: grapheme breaking made
    /// Character-based splitting the largest cost of parsing a request.
    static func split(_ string: Substring, on separator: UInt8, omittingEmpty: Bool = false) -> [Substring] {
        string.utf8.split(separator: separator, omittingEmptySubsequences: omittingEmpty).map { Substring($0) }
    }

    static func split(_ string: String, on separator: UInt8, omittingEmpty: Bool = false) -> [Substring] {
        split(string[...], on: separator, omittingEmpty: omittingEmpty)
    }

    /// The parts before and after the first occurrence of an ASCII byte, or nil when it does not occur.
    static func cut(_ string: Substring, at separator: UInt8) -> (before: Substring, after: Substring)? {
        guard let index = string.utf8.firstIndex(of: separator) else { return nil }
        return (string[..<index], string[string.utf8.index(after: index)...])
    }

    static func isLowerHex(_ string: String, count: Int) -> Bool {
        string.utf8.count == count && string.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
        }
    }

    static func isHex(_ string: String, count: Int) -> Bool {
        string.utf8.count == count && isLowerHex(lowercased(string), count: count)
    }
}
