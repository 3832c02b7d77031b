/// The single byte range of a `Range: bytes=…` header, resolved against an object's size.
enum ByteRange {
    /// The range to serve; nil when the header is not one S3 honours (it then serves the whole object);
    /// throws `InvalidRange` when it starts past the end.
    static func parse(_ header: String, size: Int) throws -> Range<Int>? {
        guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst("bytes=".count)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        if parts[0].isEmpty {
            guard let suffix = Int(parts[1]), suffix > 0 else { return nil }
            guard size > 0 else { throw S3Error.invalidRange(size, requested: header) }
            return max(0, size - suffix)..<size
        }
        guard let start = Int(parts[0]), start >= 0 else { return nil }
        let end: Int
        if parts[1].isEmpty {
            end = size - 1
        } else {
            guard let last = Int(parts[1]), last >= start else { return nil }
            end = min(last, size - 1)
        }
        guard start < size else { throw S3Error.invalidRange(size, requested: header) }
        return start..<(end + 1)
    }
}
