/// Zip archives of a few files, stored uncompressed: what Slipway packages itself (inline function code, provided
/// seed code), readable by every unzip tool.
public enum StoredZip {
    /// A zip of `files` (name, contents), uncompressed.
    public static func archive(_ files: [(name: String, contents: [UInt8])]) -> [UInt8] {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }
        // 1980-01-01 00:00 in DOS time and date.
        let time = 0, date = (1 << 5) | 1
        var locals: [UInt8] = []
        var central: [UInt8] = []
        for file in files {
            let name = Array(file.name.utf8)
            let crc = crc32(file.contents)
            let offset = locals.count
            locals += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(time) + le16(date) + le32(crc) + le32(file.contents.count)
                + le32(file.contents.count) + le16(name.count) + le16(0) + name + file.contents
            // Unix mode 0644 regular file in the external attributes' high half.
            central += le32(0x0201_4B50) + le16(0x0314) + le16(20) + le16(0) + le16(0) + le16(time) + le16(date) + le32(crc)
                + le32(file.contents.count) + le32(file.contents.count) + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0)
                + le32(0o100644 << 16) + le32(offset) + name
        }
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(files.count) + le16(files.count) + le32(central.count) + le32(locals.count) + le16(0)
        return locals + central + end
    }

    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    public static func crc32(_ bytes: [UInt8]) -> Int {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return Int(crc ^ 0xFFFF_FFFF)
    }
}
