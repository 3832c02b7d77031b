/// A small, strict XML parser for request bodies: no DTDs, no external entities, bounded depth.
///
/// Hostile input is expected: every failure is a thrown `XMLReader.Failure`, never a trap.
struct XMLReader {
    /// Why a document was rejected.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The deepest element nesting accepted; S3 documents stay below ten.
    static let maximumDepth = 100

    /// Parses a complete document and returns its root element.
    static func parse(_ bytes: [UInt8]) throws(Failure) -> XMLElementNode {
        var result: Result<XMLElementNode, Failure> = .failure(Failure(description: "empty document"))
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Cursor(buffer: buffer)
            do throws(Failure) {
                result = .success(try reader.document())
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
        }

        mutating func document() throws(Failure) -> XMLElementNode {
            if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { index = 3 }
            try skipMisc()
            guard index < buffer.count, buffer[index] == UInt8(ascii: "<") else {
                throw Failure(description: "no root element")
            }
            let root = try element()
            try skipMisc()
            guard index == buffer.count else { throw Failure(description: "content after the root element") }
            return root
        }

        /// Skips whitespace, comments and processing instructions outside the root; rejects DTDs.
        mutating func skipMisc() throws(Failure) {
            while true {
                skipWhitespace()
                if starts(with: "<?") {
                    try skip(past: "?>")
                } else if starts(with: "<!--") {
                    try skip(past: "-->")
                } else if starts(with: "<!") {
                    throw Failure(description: "document type declarations are not accepted")
                } else {
                    return
                }
            }
        }

        /// Parses an element starting at `<`, iteratively so depth costs no stack.
        mutating func element() throws(Failure) -> XMLElementNode {
            var stack: [XMLElementNode] = []
            var texts: [[UInt8]] = []
            var root: XMLElementNode?

            func open(_ node: XMLElementNode, selfClosing: Bool) throws(Failure) {
                if selfClosing {
                    if let parent = stack.last { parent.children.append(node) } else { root = node }
                } else {
                    guard stack.count < XMLReader.maximumDepth else {
                        throw Failure(description: "elements nested too deeply")
                    }
                    stack.append(node)
                    texts.append([])
                }
            }

            let (first, firstClosed) = try startTag()
            try open(first, selfClosing: firstClosed)
            while let current = stack.last {
                guard index < buffer.count else { throw Failure(description: "unexpected end of document") }
                if buffer[index] != UInt8(ascii: "<") {
                    try text(into: &texts[texts.count - 1])
                } else if starts(with: "</") {
                    index += 2
                    let name = try self.name()
                    skipWhitespace()
                    guard index < buffer.count, buffer[index] == UInt8(ascii: ">") else {
                        throw Failure(description: "malformed end tag")
                    }
                    index += 1
                    guard name == current.name else { throw Failure(description: "mismatched end tag </\(name)>") }
                    let content = texts.removeLast()
                    stack.removeLast()
                    if current.children.isEmpty {
                        guard let string = UTF8Validation.string(content) else {
                            throw Failure(description: "invalid UTF-8")
                        }
                        current.text = string
                    }
                    if let parent = stack.last { parent.children.append(current) } else { root = current }
                } else if starts(with: "<!--") {
                    try skip(past: "-->")
                } else if starts(with: "<![CDATA[") {
                    index += 9
                    let start = index
                    try skip(past: "]]>")
                    texts[texts.count - 1].append(contentsOf: buffer[start..<(index - 3)])
                } else if starts(with: "<?") {
                    try skip(past: "?>")
                } else if starts(with: "<!") {
                    throw Failure(description: "declarations are not accepted inside elements")
                } else {
                    let (child, closed) = try startTag()
                    try open(child, selfClosing: closed)
                }
            }
            guard let root else { throw Failure(description: "no root element") }
            return root
        }

        /// Parses `<name attr="v" …>` or `<name … />`.
        mutating func startTag() throws(Failure) -> (XMLElementNode, selfClosing: Bool) {
            index += 1
            let name = try self.name()
            var attributes: [(name: String, value: String)] = []
            while true {
                let hadSpace = skipWhitespace()
                guard index < buffer.count else { throw Failure(description: "unexpected end in a start tag") }
                let byte = buffer[index]
                if byte == UInt8(ascii: ">") {
                    index += 1
                    return (XMLElementNode(name: name, attributes: attributes), false)
                }
                if byte == UInt8(ascii: "/") {
                    guard index + 1 < buffer.count, buffer[index + 1] == UInt8(ascii: ">") else {
                        throw Failure(description: "malformed empty-element tag")
                    }
                    index += 2
                    return (XMLElementNode(name: name, attributes: attributes), true)
                }
                guard hadSpace else { throw Failure(description: "attributes must be separated by whitespace") }
                let attributeName = try self.name()
                skipWhitespace()
                guard index < buffer.count, buffer[index] == UInt8(ascii: "=") else {
                    throw Failure(description: "attribute without a value")
                }
                index += 1
                skipWhitespace()
                guard index < buffer.count,
                      buffer[index] == UInt8(ascii: "\"") || buffer[index] == UInt8(ascii: "'")
                else { throw Failure(description: "unquoted attribute value") }
                let quote = buffer[index]
                index += 1
                var value: [UInt8] = []
                while true {
                    guard index < buffer.count else { throw Failure(description: "unterminated attribute value") }
                    let byte = buffer[index]
                    if byte == quote { index += 1; break }
                    if byte == UInt8(ascii: "<") { throw Failure(description: "'<' in an attribute value") }
                    if byte == UInt8(ascii: "&") {
                        try reference(into: &value)
                    } else {
                        value.append(byte)
                        index += 1
                    }
                }
                guard let string = UTF8Validation.string(value) else {
                    throw Failure(description: "invalid UTF-8")
                }
                if attributes.contains(where: { $0.name == attributeName }) {
                    throw Failure(description: "duplicate attribute \(attributeName)")
                }
                attributes.append((attributeName, string))
            }
        }

        /// Reads character data up to the next `<`, resolving references and normalising line ends.
        mutating func text(into out: inout [UInt8]) throws(Failure) {
            while index < buffer.count {
                let start = index
                while index < buffer.count {
                    let byte = buffer[index]
                    if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\r") || byte == 0 {
                        break
                    }
                    index += 1
                }
                if index > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<index])) }
                guard index < buffer.count else { return }
                switch buffer[index] {
                case UInt8(ascii: "<"):
                    return
                case UInt8(ascii: "&"):
                    try reference(into: &out)
                case UInt8(ascii: "\r"):
                    out.append(UInt8(ascii: "\n"))
                    index += 1
                    if index < buffer.count, buffer[index] == UInt8(ascii: "\n") { index += 1 }
                default:
                    throw Failure(description: "NUL in character data")
                }
            }
        }

        /// Resolves `&name;` or `&#…;` at the cursor into UTF-8.
        mutating func reference(into out: inout [UInt8]) throws(Failure) {
            index += 1
            let start = index
            while index < buffer.count, buffer[index] != UInt8(ascii: ";") {
                index += 1
                if index - start > 10 { throw Failure(description: "malformed reference") }
            }
            guard index < buffer.count else { throw Failure(description: "unterminated reference") }
            let body = UnsafeBufferPointer(rebasing: buffer[start..<index])
            index += 1
            if body.elementsEqual("lt".utf8) { out.append(UInt8(ascii: "<")); return }
            if body.elementsEqual("gt".utf8) { out.append(UInt8(ascii: ">")); return }
            if body.elementsEqual("amp".utf8) { out.append(UInt8(ascii: "&")); return }
            if body.elementsEqual("quot".utf8) { out.append(UInt8(ascii: "\"")); return }
            if body.elementsEqual("apos".utf8) { out.append(UInt8(ascii: "'")); return }
            guard body.count >= 2, body[0] == UInt8(ascii: "#") else {
                throw Failure(description: "undefined entity")
            }
            var value: UInt32 = 0
            let hex = body[1] == UInt8(ascii: "x")
            let digits = body[(hex ? 2 : 1)...]
            guard !digits.isEmpty else { throw Failure(description: "malformed character reference") }
            for byte in digits {
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x61...0x66 where hex: digit = UInt32(byte - 0x61 + 10)
                case 0x41...0x46 where hex: digit = UInt32(byte - 0x41 + 10)
                default: throw Failure(description: "malformed character reference")
                }
                value = value * (hex ? 16 : 10) + digit
                if value > 0x10FFFF { throw Failure(description: "character reference out of range") }
            }
            guard value != 0, let scalar = Unicode.Scalar(value) else {
                throw Failure(description: "character reference out of range")
            }
            guard let encoded = UTF8.encode(scalar) else {
                throw Failure(description: "character reference out of range")
            }
            out.append(contentsOf: encoded)
        }

        /// Reads an element or attribute name.
        mutating func name() throws(Failure) -> String {
            let start = index
            while index < buffer.count {
                let byte = buffer[index]
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ">")
                    || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "<")
                    || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "&") {
                    break
                }
                index += 1
            }
            guard index > start else { throw Failure(description: "missing name") }
            guard let name = UTF8Validation.string(UnsafeBufferPointer(rebasing: buffer[start..<index]))
            else { throw Failure(description: "invalid UTF-8 in a name") }
            return name
        }

        @discardableResult
        mutating func skipWhitespace() -> Bool {
            let start = index
            while index < buffer.count {
                let byte = buffer[index]
                guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { break }
                index += 1
            }
            return index > start
        }

        func starts(with literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard buffer.count - index >= count else { return false }
            let pointer = literal.utf8Start
            for offset in 0..<count where buffer[index + offset] != pointer[offset] { return false }
            return true
        }

        /// Moves the cursor just past the next occurrence of `terminator`.
        mutating func skip(past terminator: StaticString) throws(Failure) {
            let count = terminator.utf8CodeUnitCount
            while index < buffer.count {
                if starts(with: terminator) {
                    index += count
                    return
                }
                index += 1
            }
            throw Failure(description: "unterminated markup")
        }
    }
}
