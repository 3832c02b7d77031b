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
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value for \(key.stringValue).")
            )
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
