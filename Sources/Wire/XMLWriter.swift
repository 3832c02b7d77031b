import Foundation

/// Renders `OutputValue` trees as AWS XML: wrapped or flattened lists, `entry` maps, attributes, escaped text.
struct XMLWriter {
    static let xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"

    private(set) var bytes: [UInt8] = []
    let timestampStyle: TimestampStyle
    private var traitsCache: [ObjectIdentifier: XMLTraits] = [:]

    init(timestampStyle: TimestampStyle, capacity: Int = 512) {
        self.timestampStyle = timestampStyle
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// `<name xmlns="namespace">` with the structure's attributes, if any.
    mutating func openTag(_ name: String, namespace: String? = nil, attributesOf structure: OutputStructure? = nil) {
        bytes.append(UInt8(ascii: "<"))
        raw(name)
        if let namespace {
            raw(" xmlns=\"")
            escape(namespace, inAttribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
        if let structure {
            let traits = self.traits(of: structure)
            if !traits.attributes.isEmpty {
                var declaredXSI = false
                for field in structure.fields where traits.attributes.contains(field.key) {
                    guard let text = field.value.scalarText(dates: timestampStyle) else { continue }
                    if field.key.hasPrefix("xsi:"), !declaredXSI {
                        raw(" xmlns:xsi=\"")
                        raw(Self.xsiNamespace)
                        bytes.append(UInt8(ascii: "\""))
                        declaredXSI = true
                    }
                    bytes.append(UInt8(ascii: " "))
                    raw(field.key)
                    raw("=\"")
                    escape(text, inAttribute: true)
                    bytes.append(UInt8(ascii: "\""))
                }
            }
        }
        bytes.append(UInt8(ascii: ">"))
    }

    mutating func closeTag(_ name: String) {
        raw("</")
        raw(name)
        bytes.append(UInt8(ascii: ">"))
    }

    /// `<name>escaped text</name>`.
    mutating func textElement(_ name: String, _ text: String) {
        bytes.append(UInt8(ascii: "<"))
        raw(name)
        bytes.append(UInt8(ascii: ">"))
        escape(text, inAttribute: false)
        closeTag(name)
    }

    /// The child elements of a structure, skipping attributes and the keys in `skipping`.
    mutating func members(of structure: OutputStructure, skipping: Set<String> = []) {
        let traits = self.traits(of: structure)
        for field in structure.fields {
            if !skipping.isEmpty, skipping.contains(field.key) { continue }
            if !traits.attributes.isEmpty, traits.attributes.contains(field.key) { continue }
            if case .list(let items) = field.value, traits.flattened.contains(field.key) {
                let name = traits.memberNames[field.key] ?? field.key
                for item in items { element(name, item, memberName: "member") }
            } else {
                element(field.key, field.value, memberName: traits.memberNames[field.key] ?? "member")
            }
        }
    }

    /// One value as an element named `name`; `memberName` names the items when it is a list.
    mutating func element(_ name: String, _ value: OutputValue, memberName: String) {
        switch value {
        case .null:
            return
        case .structure(let structure):
            openTag(name, attributesOf: structure)
            members(of: structure)
            closeTag(name)
        case .list(let items):
            openTag(name)
            for item in items { element(memberName, item, memberName: "member") }
            closeTag(name)
        case .map(let entries):
            openTag(name)
            for entry in entries {
                raw("<entry>")
                textElement("key", entry.key)
                element("value", entry.value, memberName: "member")
                raw("</entry>")
            }
            closeTag(name)
        default:
            textElement(name, value.scalarText(dates: timestampStyle) ?? "")
        }
    }

    private mutating func traits(of structure: OutputStructure) -> XMLTraits {
        guard let type = structure.shapeType else { return .none }
        let id = ObjectIdentifier(type)
        if let cached = traitsCache[id] { return cached }
        let traits = XMLTraits(type)
        traitsCache[id] = traits
        return traits
    }

    /// Appends text with the XML special characters escaped; control characters become character references.
    mutating func escape(_ text: String, inAttribute: Bool) {
        let fast = text.utf8.withContiguousStorageIfAvailable { buffer -> Bool in
            for byte in buffer where byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "\"") || byte < 0x20 {
                return false
            }
            bytes.append(contentsOf: buffer)
            return true
        }
        if fast == true { return }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): raw("&amp;")
            case UInt8(ascii: "<"): raw("&lt;")
            case UInt8(ascii: ">"): raw("&gt;")
            case UInt8(ascii: "\"") where inAttribute: raw("&quot;")
            case 0x0A where !inAttribute, 0x09 where !inAttribute: bytes.append(byte)
            case 0..<0x20:
                raw("&#x")
                raw(String(byte, radix: 16, uppercase: true))
                bytes.append(UInt8(ascii: ";"))
            default: bytes.append(byte)
            }
        }
    }
}
