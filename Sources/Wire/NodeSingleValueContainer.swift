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
