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

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
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
