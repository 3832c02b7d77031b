import Foundation

/// Marks `[String: Value]` so the encoder renders it as an AWS map rather than a structure.
protocol StringKeyedMapEncodable {
    func encodeEntries(with encoder: OutputEncoder) throws -> [OutputField]
}

extension Dictionary: StringKeyedMapEncodable where Key == String, Value: Encodable {
    func encodeEntries(with encoder: OutputEncoder) throws -> [OutputField] {
        var entries: [OutputField] = []
        entries.reserveCapacity(count)
        for key in keys.sorted() {
            guard let value = self[key] else { continue }
            entries.append(OutputField(key: key, value: try encoder.box(value, key: IndexKey(stringValue: key))))
        }
        return entries
    }
}

/// An `Encoder` that turns any `Encodable` output into an `OutputValue` tree.
final class OutputEncoder: Encoder {
    let codingPath: [any CodingKey]
    let slot: OutputSlot
    /// The type whose `encode(to:)` runs on this encoder, for its structure's metadata.
    let valueType: Any.Type
    let shapeType: (any WireShape.Type)?

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(codingPath: [any CodingKey], valueType: Any.Type, slot: OutputSlot = OutputSlot()) {
        self.codingPath = codingPath
        self.slot = slot
        self.valueType = valueType
        self.shapeType = valueType as? any WireShape.Type
    }

    /// Encodes a top-level value.
    static func encode<T: Encodable>(_ value: T) throws -> OutputValue {
        try OutputEncoder(codingPath: [], valueType: T.self).box(value, key: nil)
    }

    /// Encodes one value into a finished tree, handling the types protocols render specially.
    func box<T: Encodable>(_ value: T, key: (any CodingKey)?) throws -> OutputValue {
        // Compare types, not values: an empty `[String]` would cast to `[UInt8]`.
        if T.self == String.self, let string = value as? String { return .string(string) }
        if T.self == Date.self, let date = value as? Date { return .date(date) }
        if T.self == ByteStream.self, let stream = value as? ByteStream { return .stream(stream) }
        if T.self == Data.self, let data = value as? Data { return .blob([UInt8](data)) }
        if T.self == [UInt8].self, let bytes = value as? [UInt8] { return .blob(bytes) }
        switch value {
        case let map as any StringKeyedMapEncodable:
            let path = key.map { codingPath + [$0] } ?? codingPath
            return .map(try map.encodeEntries(with: OutputEncoder(codingPath: path, valueType: T.self)))
        default:
            let path = key.map { codingPath + [$0] } ?? codingPath
            let encoder = OutputEncoder(codingPath: path, valueType: T.self)
            try value.encode(to: encoder)
            return encoder.slot.resolve()
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(OutputKeyedContainer<Key>(encoder: self, storage: keyedStorage()))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        OutputUnkeyedContainer(encoder: self, storage: unkeyedStorage())
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        OutputSingleValueContainer(encoder: self)
    }

    private func keyedStorage() -> KeyedStorage {
        if case .keyed(let existing) = slot.content { return existing }
        let storage = KeyedStorage(shapeType: shapeType, type: valueType)
        slot.content = .keyed(storage)
        return storage
    }

    private func unkeyedStorage() -> UnkeyedStorage {
        if case .unkeyed(let existing) = slot.content { return existing }
        let storage = UnkeyedStorage()
        slot.content = .unkeyed(storage)
        return storage
    }
}
