/// A deployment package's table of contents, read from its zip central directory without unpacking it: enough to
/// refuse a corrupt or oversized package before anything is stored.
struct CodeArchive: Sendable {
    /// One file in the package.
    struct Entry: Sendable, Equatable {
        var path: String
        var uncompressedSize: Int
    }

    let entries: [Entry]

    /// The largest unpacked package Lambda accepts (250 MB).
    static let maxUnzippedSize = 262_144_000

    var unzippedSize: Int { entries.reduce(0) { $0 + $1.uncompressedSize } }

    /// Why a package cannot be read.
    enum Failure: Error, Equatable { case notAZip, truncated }

    init(_ bytes: [UInt8]) throws(Failure) {
        guard bytes.count >= 22 else { throw .notAZip }
        // The end-of-central-directory record sits in the last 22 bytes plus up to 64 KB of comment.
        var end = -1
        var index = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while index >= lowest {
            if Self.uint32(bytes, index) == 0x0605_4B50 { end = index; break }
            index -= 1
        }
        guard end >= 0 else { throw .notAZip }
        let count = Self.uint16(bytes, end + 10)
        let directorySize = Self.uint32(bytes, end + 12)
        let directoryOffset = Self.uint32(bytes, end + 16)
        guard directoryOffset + directorySize <= end else { throw .truncated }
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        var cursor = directoryOffset
        for _ in 0..<count {
            guard cursor + 46 <= end, Self.uint32(bytes, cursor) == 0x0201_4B50 else { throw .truncated }
            let size = Self.uint32(bytes, cursor + 24)
            let nameLength = Self.uint16(bytes, cursor + 28)
            let extraLength = Self.uint16(bytes, cursor + 30)
            let commentLength = Self.uint16(bytes, cursor + 32)
            let localOffset = Self.uint32(bytes, cursor + 42)
            guard cursor + 46 + nameLength <= end, localOffset + 30 <= directoryOffset,
                  Self.uint32(bytes, localOffset) == 0x0403_4B50
            else { throw .truncated }
            let path = String(decoding: bytes[(cursor + 46)..<(cursor + 46 + nameLength)], as: UTF8.self)
            entries.append(Entry(path: path, uncompressedSize: size))
            cursor += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    private static func uint16(_ bytes: [UInt8], _ at: Int) -> Int {
        Int(bytes[at]) | Int(bytes[at + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ at: Int) -> Int {
        Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }
}
