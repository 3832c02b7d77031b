/// Table-driven CRC-64/NVME (slicing-by-8): reflected polynomial 0x9A6C9329AC4BC9B5, initial value and final XOR all ones.
struct CRC64Engine: Sendable {
    private let table: [UInt64]

    init(reflectedPolynomial polynomial: UInt64) {
        var table = [UInt64](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt64(byte)
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

    func update(_ crc: UInt64, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var crc = crc
        var index = 0
        let count = bytes.count
        table.withUnsafeBufferPointer { t in
            while count - index >= 8 {
                var word: UInt64 = 0
                for offset in 0..<8 {
                    word |= UInt64(bytes[index + offset]) << (8 * UInt64(offset))
                }
                word ^= crc
                crc = t[7 * 256 + Int(word & 0xff)] ^ t[6 * 256 + Int((word >> 8) & 0xff)]
                    ^ t[5 * 256 + Int((word >> 16) & 0xff)] ^ t[4 * 256 + Int((word >> 24) & 0xff)]
                    ^ t[3 * 256 + Int((word >> 32) & 0xff)] ^ t[2 * 256 + Int((word >> 40) & 0xff)]
                    ^ t[1 * 256 + Int((word >> 48) & 0xff)] ^ t[Int(word >> 56)]
                index += 8
            }
            while index < count {
                crc = (crc >> 8) ^ t[Int((crc ^ UInt64(bytes[index])) & 0xff)]
                index += 1
            }
        }
        return crc
    }

    static let nvme = CRC64Engine(reflectedPolynomial: 0x9A6C_9329_AC4B_C9B5)
}
