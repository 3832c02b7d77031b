import Foundation

/// Finds an object key written twice in JSON text. JSON parsers keep one of the two silently (which one differs from
/// parser to parser), so a policy with a repeated key could be enforced with one value and shown with the other:
/// AWS refuses such documents, and so do we.
enum DuplicateKeys {
    /// The first key repeated within one object of `text` (valid JSON), or nil.
    static func first(in text: String) -> String? {
        enum Frame { case object(keys: Set<String>, expectingKey: Bool), array }
        var stack: [Frame] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"): stack.append(.object(keys: [], expectingKey: true))
            case UInt8(ascii: "["): stack.append(.array)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = stack.popLast()
            case UInt8(ascii: ","):
                if case .object(let keys, _)? = stack.last { stack[stack.count - 1] = .object(keys: keys, expectingKey: true) }
            case UInt8(ascii: ":"):
                if case .object(let keys, _)? = stack.last { stack[stack.count - 1] = .object(keys: keys, expectingKey: false) }
            case UInt8(ascii: "\""):
                var end = index + 1
                var escaped = false
                while end < bytes.count {
                    if bytes[end] == UInt8(ascii: "\\") { escaped = true; end += 2; continue }
                    if bytes[end] == UInt8(ascii: "\"") { break }
                    end += 1
                }
                if case .object(var keys, true)? = stack.last {
                    let raw = Array(bytes[index...min(end, bytes.count - 1)])
                    let key = escaped ? (try? JSONDecoder().decode(String.self, from: Data(raw))) ?? String(decoding: raw, as: UTF8.self)
                        : String(decoding: raw.dropFirst().dropLast(), as: UTF8.self)
                    guard keys.insert(key).inserted else { return key }
                    stack[stack.count - 1] = .object(keys: keys, expectingKey: false)
                }
                index = end
            default: break
            }
            index += 1
        }
        return nil
    }
}
