/// A strict JSON parser into `InputNode`s: UTF-8 validated, bounded depth, no trailing content.
struct JSONReader {
    /// Why a document was rejected.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The deepest nesting of objects and arrays accepted.
    static let maximumDepth = 100

    /// Parses one JSON value filling the whole input.
    static func parse(_ bytes: [UInt8]) throws(Failure) -> InputNode {
        var result: Result<InputNode, Failure> = .failure(Failure(description: "empty document"))
        bytes.withUnsafeBufferPointer { buffer in
            var cursor = Cursor(buffer: buffer)
            do throws(Failure) {
                cursor.skipWhitespace()
                let value = try cursor.value(depth: 0)
                cursor.skipWhitespace()
                guard cursor.index == buffer.count else { throw Failure(description: "content after the JSON value") }
                result = .success(value)
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    /// The parsing state over the document bytes.
    private struct Cursor {
        let buffer: UnsafeBufferPointer<UInt8>
        var index = 0

        init(buffer: UnsafeBufferPointer<UInt8>) {
            self.buffer = buffer
            if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { index = 3 }
        }

        mutating func skipWhitespace() {
            while index < buffer.count {
                let byte = buffer[index]
                guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
                index += 1
            }
        }

        mutating func value(depth: Int) throws(Failure) -> InputNode {
            guard index < buffer.count else { throw Failure(description: "unexpected end of input") }
            switch buffer[index] {
            case UInt8(ascii: "{"):
                guard depth < JSONReader.maximumDepth else { throw Failure(description: "nested too deeply") }
                return try object(depth: depth + 1)
            case UInt8(ascii: "["):
                guard depth < JSONReader.maximumDepth else { throw Failure(description: "nested too deeply") }
                return try array(depth: depth + 1)
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            case UInt8(ascii: "-"), 0x30...0x39:
                return .number(try number())
            default:
                throw Failure(description: "unexpected character at offset \(index)")
            }
        }

        mutating func object(depth: Int) throws(Failure) -> InputNode {
            index += 1
            var members: [String: InputNode] = [:]
            skipWhitespace()
            if index < buffer.count, buffer[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard index < buffer.count, buffer[index] == UInt8(ascii: "\"") else {
                    throw Failure(description: "expected a member name at offset \(index)")
                }
                let key = try string()
                skipWhitespace()
                guard index < buffer.count, buffer[index] == UInt8(ascii: ":") else {
                    throw Failure(description: "expected ':' at offset \(index)")
                }
                index += 1
                skipWhitespace()
                members[key] = try value(depth: depth)
                skipWhitespace()
                guard index < buffer.count else { throw Failure(description: "unterminated object") }
                if buffer[index] == UInt8(ascii: ",") {
                    index += 1
                } else if buffer[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(members)
                } else {
                    throw Failure(description: "expected ',' or '}' at offset \(index)")
                }
            }
        }

        mutating func array(depth: Int) throws(Failure) -> InputNode {
            index += 1
            var elements: [InputNode] = []
            skipWhitespace()
            if index < buffer.count, buffer[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth))
                skipWhitespace()
                guard index < buffer.count else { throw Failure(description: "unterminated array") }
                if buffer[index] == UInt8(ascii: ",") {
                    index += 1
                } else if buffer[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(elements)
                } else {
                    throw Failure(description: "expected ',' or ']' at offset \(index)")
                }
            }
        }

        mutating func literal(_ word: StaticString) throws(Failure) {
            let count = word.utf8CodeUnitCount
            guard buffer.count - index >= count else { throw Failure(description: "unexpected end of input") }
            let pointer = word.utf8Start
            for offset in 0..<count where buffer[index + offset] != pointer[offset] {
                throw Failure(description: "unexpected character at offset \(index)")
            }
            index += count
        }

        mutating func number() throws(Failure) -> String {
            let start = index
            if buffer[index] == UInt8(ascii: "-") { index += 1 }
            guard index < buffer.count else { throw Failure(description: "malformed number") }
            if buffer[index] == UInt8(ascii: "0") {
                index += 1
            } else if isDigit(buffer[index]) {
                while index < buffer.count, isDigit(buffer[index]) { index += 1 }
            } else {
                throw Failure(description: "malformed number")
            }
            if index < buffer.count, buffer[index] == UInt8(ascii: ".") {
                index += 1
                guard index < buffer.count, isDigit(buffer[index]) else { throw Failure(description: "malformed number") }
                while index < buffer.count, isDigit(buffer[index]) { index += 1 }
            }
            if index < buffer.count, buffer[index] == UInt8(ascii: "e") || buffer[index] == UInt8(ascii: "E") {
                index += 1
                if index < buffer.count, buffer[index] == UInt8(ascii: "+") || buffer[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard index < buffer.count, isDigit(buffer[index]) else { throw Failure(description: "malformed number") }
                while index < buffer.count, isDigit(buffer[index]) { index += 1 }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
        }

        mutating func string() throws(Failure) -> String {
            index += 1
            let start = index
            // Fast path: no escapes.
            while index < buffer.count {
                let byte = buffer[index]
                if byte == UInt8(ascii: "\"") {
                    guard let text = UTF8Validation.string(UnsafeBufferPointer(rebasing: buffer[start..<index]))
                    else { throw Failure(description: "invalid UTF-8 in a string") }
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw Failure(description: "control character in a string") }
                index += 1
            }
            var bytes = Array(UnsafeBufferPointer(rebasing: buffer[start..<index]))
            while true {
                guard index < buffer.count else { throw Failure(description: "unterminated string") }
                let byte = buffer[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    guard let text = UTF8Validation.string(bytes) else {
                        throw Failure(description: "invalid UTF-8 in a string")
                    }
                    return text
                }
                if byte < 0x20 { throw Failure(description: "control character in a string") }
                if byte != UInt8(ascii: "\\") {
                    bytes.append(byte)
                    index += 1
                    continue
                }
                index += 1
                guard index < buffer.count else { throw Failure(description: "unterminated escape") }
                let escape = buffer[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): bytes.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalarValue = try hex4()
                    if (0xD800...0xDBFF).contains(scalarValue) {
                        guard buffer.count - index >= 6, buffer[index] == UInt8(ascii: "\\"),
                              buffer[index + 1] == UInt8(ascii: "u")
                        else { throw Failure(description: "unpaired surrogate") }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw Failure(description: "unpaired surrogate") }
                        scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                    }
                    // U+0000 cannot be kept by every metadata store (PostgreSQL text), so no input may carry it.
                    guard scalarValue != 0 else { throw Failure(description: "NUL character (\\u0000) in a string") }
                    guard let scalar = Unicode.Scalar(scalarValue), let encoded = UTF8.encode(scalar) else {
                        throw Failure(description: "unpaired surrogate")
                    }
                    bytes.append(contentsOf: encoded)
                default:
                    throw Failure(description: "invalid escape")
                }
            }
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard buffer.count - index >= 4 else { throw Failure(description: "malformed \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = buffer[index]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                default: throw Failure(description: "malformed \\u escape")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        @inline(__always)
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    }
}
