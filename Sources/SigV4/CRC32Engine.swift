/// Table-driven reflected CRC-32 and CRC-32C (slicing-by-8) for the checksums S3 accepts.
/// Checksums run over every uploaded byte, so they read eight bytes per step instead of one.
struct CRC32Engine: Sendable {
    /// Eight 256-entry tables laid end to end.
    private let table: [UInt32]

    /// `polynomial` is the reflected form: 0xEDB88320 for CRC-32, 0x82F63B78 for CRC-32C.
    init(reflectedPolynomial polynomial: UInt32) {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1
            }
            table[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = table[(slice - 1) * 256 + byte]
                table[slice * 256 + byte] = (previous >> 8) ^ table[Int(previous & 0xff)]
            }
        }
        self.table = table
    }

    /// Continues a CRC over more bytes; `crc` is the running value before the final inversion.
    func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = crc
        var index = 0
        let count = bytes.count
        table.withUnsafeBufferPointer { t in
            while count - index >= 8 {
                let low = UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
                let word = crc ^ low
                crc = t[7 * 256 + Int(word & 0xff)] ^ t[6 * 256 + Int((word >> 8) & 0xff)]
                    ^ t[5 * 256 + Int((word >> 16) & 0xff)] ^ t[4 * 256 + Int(word >> 24)]
                    ^ t[3 * 256 + Int(bytes[index + 4])] ^ t[2 * 256 + Int(bytes[index + 5])]
                    ^ t[1 * 256 + Int(bytes[index + 6])] ^ t[Int(bytes[index + 7])]
                index += 8
            }
            while index < count {
                crc = (crc >> 8) ^ t[Int((crc ^ UInt32(bytes[index])) & 0xff)]
                index += 1
            }
        }
        return crc
    }

    static let crc32 = CRC32Engine(reflectedPolynomial: 0xEDB8_8320)
    static let crc32c = CRC32Engine(reflectedPolynomial: 0x82F6_3B78)
}
