/// S3's general-purpose bucket naming rules, checked before anything is stored.
enum BucketName {
    /// Whether `name` is a valid bucket name.
    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func isLowerAlphanumeric(_ byte: UInt8) -> Bool { (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) }
        guard bytes.allSatisfy({ isLowerAlphanumeric($0) || $0 == 0x2E || $0 == 0x2D }) else { return false }
        guard let first = bytes.first, let last = bytes.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last) else { return false }
        if name.contains("..") || name.contains(".-") || name.contains("-.") { return false }
        // Names formatted as IP addresses are refused.
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, parts.allSatisfy({ part in part.allSatisfy(\.isNumber) && (Int(part) ?? 256) <= 255 }) { return false }
        for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] where name.hasPrefix(prefix) { return false }
        for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] where name.hasSuffix(suffix) { return false }
        return true
    }
}
