import Foundation

/// Marks `[String: Value]` so decoders can turn AWS map encodings into keyed containers.
protocol StringKeyedMapDecodable {}
extension Dictionary: StringKeyedMapDecodable where Key == String, Value: Decodable {}

/// A `Decoder` over one input node; REST roots also carry their bound members.
struct NodeDecoder: Decoder {
    let node: InputNode
    let codingPath: [any CodingKey]
    let context: DecodeContext
    let traits: XMLTraits
    let overlay: BindingOverlay?

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(
        node: InputNode, codingPath: [any CodingKey], context: DecodeContext,
        traits: XMLTraits = .none, overlay: BindingOverlay? = nil
    ) {
        self.node = node
        self.codingPath = codingPath
        self.context = context
        self.traits = traits
        self.overlay = overlay
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch node {
        case .object, .xml, .form:
            return KeyedDecodingContainer(NodeKeyedContainer<Key>(decoder: self))
        case .text(let value) where value.isEmpty:
            // Query sends an empty structure as `Name=`.
            return KeyedDecodingContainer(NodeKeyedContainer<Key>(decoder: self.replacing(node: .object([:]))))
        default:
            throw mismatch(expected: "a structure", path: codingPath)
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        NodeUnkeyedContainer(decoder: self, elements: try listElements())
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        NodeSingleValueContainer(decoder: self)
    }

    func replacing(node: InputNode) -> NodeDecoder {
        NodeDecoder(node: node, codingPath: codingPath, context: context, traits: traits, overlay: overlay)
    }

    /// The elements of a list in any of the protocols' list encodings.
    func listElements() throws -> [InputNode] {
        switch node {
        case .array(let elements):
            return elements
        case .xml(let element):
            return element.children.map(InputNode.xml)
        case .form(let form):
            if let members = form.children["member"] { return members.numberedChildren().map(InputNode.form) }
            let numbered = form.numberedChildren()
            if !numbered.isEmpty { return numbered.map(InputNode.form) }
            // A list whose members have their own name (`EventCategories.EventCategory.1`).
            if form.children.count == 1, let named = form.children.values.first {
                let items = named.numberedChildren()
                if !items.isEmpty { return items.map(InputNode.form) }
            }
            if let value = form.value, !value.isEmpty, form.children.isEmpty { return [.text(value)] }
            if form.children.isEmpty { return [] }
            throw mismatch(expected: "a list", path: codingPath)
        case .text(let value):
            return value.isEmpty ? [] : [.text(value)]
        case .headerText(let value):
            return HeaderList.split(value).map(InputNode.text)
        default:
            throw mismatch(expected: "a list", path: codingPath)
        }
    }

    /// The entries of a map in any of the protocols' map encodings.
    func mapEntries() throws -> [String: InputNode] {
        switch node {
        case .object(let members):
            return members
        case .xml(let element):
            var entries: [String: InputNode] = [:]
            for entry in element.children {
                guard let key = entry.child(named: "key"), key.children.isEmpty else {
                    throw mismatch(expected: "a map entry with a key", path: codingPath)
                }
                if let value = entry.child(named: "value") { entries[key.text] = .xml(value) }
            }
            return entries
        case .form(let form):
            let entryNodes = form.children["entry"]?.numberedChildren() ?? form.numberedChildren()
            if entryNodes.isEmpty, form.children.isEmpty || form.children["entry"] != nil { return [:] }
            var entries: [String: InputNode] = [:]
            for entry in entryNodes {
                guard let key = entry.children["key"]?.value else {
                    throw mismatch(expected: "a map entry with a key", path: codingPath)
                }
                if let value = entry.children["value"] { entries[key] = .form(value) }
            }
            return entries
        case .text(let value) where value.isEmpty:
            return [:]
        default:
            throw mismatch(expected: "a map", path: codingPath)
        }
    }

    /// Decodes any `Decodable` from `node`, handling the types protocols encode specially.
    func decodeValue<T: Decodable>(_ type: T.Type, from node: InputNode, path: [any CodingKey]) throws -> T {
        if T.self == String.self {
            return try cast(scalarString(node, path: path), path: path)
        }
        if T.self == Date.self {
            guard let date = node.dateValue else { throw mismatch(expected: "a timestamp", found: node, path: path) }
            return try cast(date, path: path)
        }
        if T.self == ByteStream.self {
            switch node {
            case .stream(let stream): return try cast(stream, path: path)
            case .payload(let bytes): return try cast(ByteStream(bytes: bytes), path: path)
            default: throw mismatch(expected: "a body", found: node, path: path)
            }
        }
        if T.self == Data.self {
            guard let bytes = node.blobValue else { throw mismatch(expected: "base64 data", found: node, path: path) }
            return try cast(Data(bytes), path: path)
        }
        if T.self == [UInt8].self {
            guard let bytes = node.blobValue else { throw mismatch(expected: "base64 data", found: node, path: path) }
            return try cast(bytes, path: path)
        }
        var node = node
        if case .payload(let bytes) = node {
            node = try parsePayload(bytes, path: path)
        }
        if T.self is any StringKeyedMapDecodable.Type {
            let entries = try NodeDecoder(node: node, codingPath: path, context: context).mapEntries()
            return try T(from: NodeDecoder(node: .object(entries), codingPath: path, context: context))
        }
        let traits = (T.self as? any WireShape.Type).map(context.traits(for:)) ?? .none
        return try T(from: NodeDecoder(node: node, codingPath: path, context: context, traits: traits))
    }

    /// Parses a structured payload body in the protocol's document format.
    private func parsePayload(_ bytes: [UInt8], path: [any CodingKey]) throws -> InputNode {
        switch context.payloadFormat {
        case .xml:
            guard !bytes.isEmpty else {
                throw DecodingError.valueNotFound(
                    InputNode.self, .init(codingPath: path, debugDescription: "The request body is empty.")
                )
            }
            return .xml(try XMLReader.parse(bytes))
        case .json:
            if bytes.isEmpty { return .object([:]) }
            return try JSONReader.parse(bytes)
        }
    }

    func scalarString(_ node: InputNode, path: [any CodingKey]) throws -> String {
        guard let value = node.stringValue else { throw mismatch(expected: "a string", found: node, path: path) }
        return value
    }

    func scalarBool(_ node: InputNode, path: [any CodingKey]) throws -> Bool {
        guard let value = node.boolValue else { throw mismatch(expected: "a boolean", found: node, path: path) }
        return value
    }

    func scalarInteger<I: FixedWidthInteger>(_ type: I.Type, _ node: InputNode, path: [any CodingKey]) throws -> I {
        guard let value = node.integerValue(I.self) else { throw mismatch(expected: "an integer", found: node, path: path) }
        return value
    }

    func scalarFloat<F: BinaryFloatingPoint & LosslessStringConvertible>(
        _ type: F.Type, _ node: InputNode, path: [any CodingKey]
    ) throws -> F {
        guard let value = node.floatingValue(F.self) else { throw mismatch(expected: "a number", found: node, path: path) }
        return value
    }

    private func cast<T, V>(_ value: V, path: [any CodingKey]) throws -> T {
        guard let typed = value as? T else { throw mismatch(expected: "\(T.self)", path: path) }
        return typed
    }

    func mismatch(expected: String, found node: InputNode? = nil, path: [any CodingKey]) -> DecodingError {
        let found = node ?? self.node
        var description = "Expected \(expected) but found \(found.kindDescription)"
        if let text = found.displayText { description += " '\(text.prefix(64))'" }
        return DecodingError.typeMismatch(Any.self, .init(codingPath: path, debugDescription: description + "."))
    }
}
