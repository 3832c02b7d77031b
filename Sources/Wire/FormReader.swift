/// Reads `application/x-www-form-urlencoded` bodies into a dotted parameter tree.
enum FormReader {
    /// Why a form was rejected.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The most dotted segments one parameter name may have (`Tags.member.1.Key` has four).
    static let maximumKeyDepth = 32

    /// Splits a form body into decoded name/value pairs, in order.
    static func pairs(_ body: [UInt8]) throws(Failure) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var start = 0
        let count = body.count
        while start < count {
            var end = start
            while end < count, body[end] != UInt8(ascii: "&") { end += 1 }
            if end > start {
                var equals = start
                while equals < end, body[equals] != UInt8(ascii: "=") { equals += 1 }
                let name = try decode(body[start..<equals])
                let value = equals < end ? try decode(body[(equals + 1)..<end]) : ""
                if !name.isEmpty { result.append((name, value)) }
            }
            start = end + 1
        }
        return result
    }

    /// The decoded value of the first `name=` pair, without decoding the rest of the body.
    static func firstValue(of name: StaticString, in body: [UInt8]) -> String? {
        let nameLength = name.utf8CodeUnitCount
        let namePointer = name.utf8Start
        var start = 0
        let count = body.count
        while start < count {
            var end = start
            while end < count, body[end] != UInt8(ascii: "&") { end += 1 }
            if end - start > nameLength, body[start + nameLength] == UInt8(ascii: "=") {
                var same = true
                for offset in 0..<nameLength where body[start + offset] != namePointer[offset] {
                    same = false
                    break
                }
                if same { return try? decode(body[(start + nameLength + 1)..<end]) }
            }
            start = end + 1
        }
        return nil
    }

    /// Builds the parameter tree from pairs; later pairs override earlier ones.
    static func tree(_ pairs: [(name: String, value: String)]) throws(Failure) -> FormNode {
        let root = FormNode()
        for pair in pairs {
            var node = root
            var depth = 0
            let name = pair.name.utf8
            var start = name.startIndex
            var index = start
            while true {
                if index == name.endIndex || name[index] == UInt8(ascii: ".") {
                    depth += 1
                    guard depth <= maximumKeyDepth else { throw Failure(description: "parameter name nested too deeply") }
                    node = node.child(String(Substring(pair.name.utf8[start..<index])))
                    if index == name.endIndex { break }
                    start = name.index(after: index)
                }
                index = name.index(after: index)
            }
            node.value = pair.value
        }
        return root
    }

    /// Percent-decodes one form component (`+` is a space) and validates it as UTF-8.
    static func decode(_ bytes: ArraySlice<UInt8>) throws(Failure) -> String {
        var needsWork = false
        for byte in bytes where byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") {
            needsWork = true
            break
        }
        if !needsWork {
            guard let text = UTF8Validation.string(bytes) else { throw Failure(description: "invalid UTF-8") }
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(0x20)
                index += 1
            } else if byte == UInt8(ascii: "%") {
                guard bytes.endIndex - index >= 3,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else { throw Failure(description: "malformed percent escape") }
                // U+0000 cannot be kept by every metadata store (PostgreSQL text), so no input may carry it.
                guard high | low != 0 else { throw Failure(description: "NUL character (%00)") }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        guard let text = UTF8Validation.string(out) else { throw Failure(description: "invalid UTF-8") }
        return text
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}
