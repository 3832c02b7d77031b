/// An IPv4 or IPv6 address block in CIDR form, as `IpAddress` and `NotIpAddress` compare them.
public struct IPAddressRange: Sendable, Hashable {
    /// Four bytes for IPv4, sixteen for IPv6.
    let bytes: [UInt8]
    public let prefixLength: Int

    /// Whether it is an IPv6 block.
    public var isIPv6: Bool { bytes.count == 16 }

    /// `203.0.113.0/24`, `2001:DB8::/32`, or a bare address meaning `/32` or `/128`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let bytes = Self.address(parts[0]) else { return nil }
        let maximum = bytes.count * 8
        var prefix = maximum
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...maximum).contains(value) else { return nil }
            prefix = value
        }
        self.bytes = bytes
        self.prefixLength = prefix
    }

    /// Whether `address` (which may itself carry a prefix, ignored) falls in this block.
    func contains(_ address: String) -> Bool {
        guard let other = IPAddressRange(address) else { return false }
        let mine = Self.unmapped(bytes)
        let theirs = Self.unmapped(other.bytes)
        guard mine.count == theirs.count else { return false }
        let prefix = bytes.count == 16 && mine.count == 4 ? max(0, prefixLength - 96) : prefixLength
        var remaining = prefix
        for (a, b) in zip(mine, theirs) where remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if a & mask != b & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) compared as its IPv4 address.
    private static func unmapped(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return Array(bytes[12...])
        }
        return bytes
    }

    static func address(_ text: Substring) -> [UInt8]? {
        text.contains(":") ? ipv6(text) : ipv4(text)
    }

    private static func ipv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func ipv6(_ text: Substring) -> [UInt8]? {
        let halves = text.pieces(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        guard let head = groups(halves[0]) else { return nil }
        var tail: [UInt8] = []
        if halves.count == 2 {
            guard let groups = groups(halves[1]) else { return nil }
            tail = groups
        }
        let written = head.count + tail.count
        if halves.count == 2 {
            guard written <= 14 else { return nil }
            return head + Array(repeating: 0, count: 16 - written) + tail
        }
        return written == 16 ? head : nil
    }

    /// Colon-separated hex groups, the last of which may be a dotted IPv4 address.
    private static func groups(_ text: Substring) -> [UInt8]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var bytes: [UInt8] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, part.contains(".") {
                guard let v4 = ipv4(part) else { return nil }
                bytes += v4
                continue
            }
            guard !part.isEmpty, part.count <= 4, let value = UInt16(part, radix: 16) else { return nil }
            bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
        }
        return bytes
    }
}
