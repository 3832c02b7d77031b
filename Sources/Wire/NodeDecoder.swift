import Foundation

/// The XML specifics of one shape type, read once per request.
struct XMLTraits {
    var flattened: Set<String> = []
    var memberNames: [String: String] = [:]
    var attributes: Set<String> = []

    static let none = XMLTraits()

    init() {}

    init(_ type: any WireShape.Type) {
        flattened = type.xmlFlattenedLists
        memberNames = type.xmlListMemberNames
        attributes = type.xmlAttributes
    }
}

/// State shared by every decoder of one request.
final class DecodeContext {
    /// How a `payload` member's body is parsed when its type is a structure.
    let payloadFormat: PayloadFormat
    private var traitsCache: [ObjectIdentifier: XMLTraits] = [:]

    /// The document format of a structured payload.
    enum PayloadFormat { case xml, json }

    init(payloadFormat: PayloadFormat) {
        self.payloadFormat = payloadFormat
    }

    func traits(for type: any WireShape.Type) -> XMLTraits {
        let id = ObjectIdentifier(type)
        if let cached = traitsCache[id] { return cached }
        let traits = XMLTraits(type)
        traitsCache[id] = traits
        return traits
    }
}

/// The members of the root REST shape that travel outside the body.
struct BindingOverlay {
    /// Bound members present in the request.
    var values: [String: InputNode]
    /// Every bound key: these are never looked up in the body.
    var boundKeys: Set<String>
    /// The member bound to the whole body, if any; it reads as an empty body when the request has none.
    var payloadKey: String?
}

/// A key for positions in lists and for synthesised paths.
struct IndexKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(index: Int) {
        stringValue = String(index)
        intValue = index
    }

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init?(intValue: Int) {
        self.init(index: intValue)
    }
}

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

/// The keyed container of `NodeDecoder`: JSON objects, XML element children and attributes, form sub-trees.
struct NodeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        switch decoder.node {
        case .object(let members):
            return members.keys.compactMap { Key(stringValue: $0) }
        case .xml(let element):
            var seen = Set<Substring>()
            var keys: [Key] = []
            for child in element.children where seen.insert(child.localName).inserted {
                if let key = Key(stringValue: String(child.localName)) { keys.append(key) }
            }
            return keys
        case .form(let form):
            return form.children.keys.compactMap { Key(stringValue: $0) }
        default:
            return []
        }
    }

    func lookup(_ key: Key) -> InputNode? {
        let name = key.stringValue
        if let overlay = decoder.overlay, overlay.boundKeys.contains(name) { return overlay.values[name] }
        switch decoder.node {
        case .object(let members):
            return members[name]
        case .xml(let element):
            let traits = decoder.traits
            if !traits.attributes.isEmpty, traits.attributes.contains(name) {
                return element.attribute(name).map(InputNode.text)
            }
            if !traits.flattened.isEmpty, traits.flattened.contains(name) {
                let items = element.children(named: traits.memberNames[name] ?? name)
                return items.isEmpty ? nil : .array(items.map(InputNode.xml))
            }
            return element.child(named: name).map(InputNode.xml)
        case .form(let form):
            return form.children[name].map(InputNode.form)
        default:
            return nil
        }
    }

    private func required(_ key: Key) throws -> InputNode {
        guard let node = lookup(key) else {
            if let payloadKey = decoder.overlay?.payloadKey, payloadKey == key.stringValue { return .payload([]) }
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value for \(key.stringValue)."))
        }
        if case .null = node {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath + [key], debugDescription: "Null value."))
        }
        return node
    }

    func contains(_ key: Key) -> Bool { lookup(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let node = lookup(key) else { return true }
        if case .null = node { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try decoder.scalarBool(required(key), path: codingPath + [key])
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try decoder.scalarString(required(key), path: codingPath + [key])
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try decoder.scalarFloat(type, required(key), path: codingPath + [key])
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try decoder.scalarFloat(type, required(key), path: codingPath + [key])
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }

    private func integer<I: FixedWidthInteger>(_ type: I.Type, _ key: Key) throws -> I {
        try decoder.scalarInteger(type, required(key), path: codingPath + [key])
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.decodeValue(T.self, from: required(key), path: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(node: required(key), codingPath: codingPath + [key], context: decoder.context)
            .container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(node: required(key), codingPath: codingPath + [key], context: decoder.context)
            .unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder.replacing(node: decoder.node)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        NodeDecoder(node: lookup(key) ?? .null, codingPath: codingPath + [key], context: decoder.context)
    }
}

/// The unkeyed container of `NodeDecoder`, over already extracted list elements.
struct NodeUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: NodeDecoder
    let elements: [InputNode]
    private(set) var currentIndex = 0

    init(decoder: NodeDecoder, elements: [InputNode]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private var currentPath: [any CodingKey] { codingPath + [IndexKey(index: currentIndex)] }

    private mutating func next() throws -> InputNode {
        guard currentIndex < elements.count else {
            throw DecodingError.valueNotFound(
                Any.self, .init(codingPath: currentPath, debugDescription: "The list has no more elements.")
            )
        }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < elements.count else { return false }
        if case .null = elements[currentIndex] {
            currentIndex += 1
            return true
        }
        return false
    }

    private mutating func scalar<T>(_ convert: (NodeDecoder, InputNode, [any CodingKey]) throws -> T) throws -> T {
        let node = try next()
        if case .null = node {
            throw DecodingError.valueNotFound(T.self, .init(codingPath: currentPath, debugDescription: "Null element."))
        }
        let value = try convert(decoder, node, currentPath)
        currentIndex += 1
        return value
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try scalar { try $0.scalarBool($1, path: $2) } }
    mutating func decode(_ type: String.Type) throws -> String { try scalar { try $0.scalarString($1, path: $2) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try scalar { try $0.scalarFloat(type, $1, path: $2) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try scalar { try $0.scalarFloat(type, $1, path: $2) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try scalar { try $0.scalarInteger(type, $1, path: $2) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try scalar { try $0.scalarInteger(type, $1, path: $2) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try scalar { try $0.scalarInteger(type, $1, path: $2) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try scalar { try $0.scalarInteger(type, $1, path: $2) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try scalar { try $0.scalarInteger(type, $1, path: $2) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try scalar { try $0.scalarInteger(type, $1, path: $2) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar { try $0.scalarInteger(type, $1, path: $2) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar { try $0.scalarInteger(type, $1, path: $2) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar { try $0.scalarInteger(type, $1, path: $2) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar { try $0.scalarInteger(type, $1, path: $2) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // Null elements reach `decodeValue` so that `[T?]` can read them as nil.
        let node = try next()
        let value = try decoder.decodeValue(T.self, from: node, path: currentPath)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try scalar { decoder, node, path in
            try NodeDecoder(node: node, codingPath: path, context: decoder.context).container(keyedBy: type)
        }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try scalar { decoder, node, path in
            try NodeDecoder(node: node, codingPath: path, context: decoder.context).unkeyedContainer()
        }
    }

    mutating func superDecoder() throws -> any Decoder {
        try scalar { decoder, node, path in NodeDecoder(node: node, codingPath: path, context: decoder.context) }
    }
}

/// The single-value container of `NodeDecoder`.
struct NodeSingleValueContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        if case .null = decoder.node { return true }
        return false
    }

    private func nonNull() throws -> InputNode {
        if case .null = decoder.node {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "Null value."))
        }
        return decoder.node
    }

    func decode(_ type: Bool.Type) throws -> Bool { try decoder.scalarBool(nonNull(), path: codingPath) }
    func decode(_ type: String.Type) throws -> String { try decoder.scalarString(nonNull(), path: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.scalarFloat(type, nonNull(), path: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try decoder.scalarFloat(type, nonNull(), path: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.scalarInteger(type, nonNull(), path: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.scalarInteger(type, nonNull(), path: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.scalarInteger(type, nonNull(), path: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.scalarInteger(type, nonNull(), path: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.scalarInteger(type, nonNull(), path: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.scalarInteger(type, nonNull(), path: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.scalarInteger(type, nonNull(), path: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.scalarInteger(type, nonNull(), path: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.scalarInteger(type, nonNull(), path: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.scalarInteger(type, nonNull(), path: codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.decodeValue(T.self, from: nonNull(), path: codingPath)
    }
}
