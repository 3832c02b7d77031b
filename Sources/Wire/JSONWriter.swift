import Foundation

/// Renders `OutputValue` trees as compact JSON: timestamps as epoch seconds, blobs as base64.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    mutating func value(_ value: OutputValue) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): raw(flag ? "true" : "false")
        case .int(let number): raw(String(number))
        case .uint(let number): raw(String(number))
        case .double(let number):
            if number.isFinite { raw(number.description) } else { string(OutputValue.doubleText(number)) }
        case .string(let text): string(text)
        case .date(let date): raw(Timestamp.epochSeconds(date))
        case .blob(let data): string(Data(data).base64EncodedString())
        case .stream: raw("null")  // streams travel only as payloads, never inside a document
        case .list(let items):
            bytes.append(UInt8(ascii: "["))
            var first = true
            for item in items {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                self.value(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .map(let entries):
            object(entries)
        case .structure(let structure):
            self.structure(structure)
        }
    }

    /// An object of the structure's members, without the keys in `skipping`.
    mutating func structure(_ structure: OutputStructure, skipping: Set<String> = []) {
        object(structure.fields, skipping: skipping)
    }

    /// An object of members, leaving out nulls; extra members follow in order.
    mutating func object(_ members: [OutputField], skipping: Set<String> = []) {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for field in members {
            let key = field.key
            let member = field.value
            if !skipping.isEmpty, skipping.contains(key) { continue }
            if case .null = member { continue }
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            string(key)
            bytes.append(UInt8(ascii: ":"))
            value(member)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A JSON string literal with the required escapes.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0..<0x20:
                raw("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
