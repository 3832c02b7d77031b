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

/// A mutable slot an encoding container writes into; resolved into an `OutputValue` when encoding ends.
final class OutputSlot {
    enum Content {
        case empty
        case value(OutputValue)
        case keyed(KeyedStorage)
        case unkeyed(UnkeyedStorage)
    }

    var content: Content = .empty

    func resolve() -> OutputValue {
        switch content {
        case .empty: .null
        case .value(let value): value
        case .keyed(let storage): storage.resolve()
        case .unkeyed(let storage): storage.resolve()
        }
    }
}

/// The members written through a keyed container.
final class KeyedStorage {
    let shapeType: (any WireShape.Type)?
    let type: Any.Type
    var fields: [(key: String, slot: OutputSlot)] = []

    init(shapeType: (any WireShape.Type)?, type: Any.Type) {
        self.shapeType = shapeType
        self.type = type
    }

    func slot(for key: String) -> OutputSlot {
        for field in fields where field.key == key { return field.slot }
        let slot = OutputSlot()
        fields.append((key, slot))
        return slot
    }

    func set(_ value: OutputValue, for key: String) {
        slot(for: key).content = .value(value)
    }

    func resolve() -> OutputValue {
        var resolved: [OutputField] = []
        resolved.reserveCapacity(fields.count)
        for field in fields {
            let value = field.slot.resolve()
            if case .null = value { continue }
            resolved.append(OutputField(key: field.key, value: value))
        }
        return .structure(OutputStructure(shapeType: shapeType, type: type, fields: resolved))
    }
}

/// The elements written through an unkeyed container.
final class UnkeyedStorage {
    var elements: [OutputSlot] = []

    func append(_ value: OutputValue) {
        let slot = OutputSlot()
        slot.content = .value(value)
        elements.append(slot)
    }

    func resolve() -> OutputValue {
        .list(elements.map { $0.resolve() })
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

/// The keyed container of `OutputEncoder`.
struct OutputKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: OutputEncoder
    let storage: KeyedStorage

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws { storage.set(.null, for: key.stringValue) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { storage.set(.bool(value), for: key.stringValue) }
    mutating func encode(_ value: String, forKey key: Key) throws { storage.set(.string(value), for: key.stringValue) }
    mutating func encode(_ value: Double, forKey key: Key) throws { storage.set(.double(value), for: key.stringValue) }
    mutating func encode(_ value: Float, forKey key: Key) throws { storage.set(.double(Double(value)), for: key.stringValue) }
    mutating func encode(_ value: Int, forKey key: Key) throws { storage.set(.int(Int64(value)), for: key.stringValue) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { storage.set(.int(Int64(value)), for: key.stringValue) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { storage.set(.int(Int64(value)), for: key.stringValue) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { storage.set(.int(Int64(value)), for: key.stringValue) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { storage.set(.int(value), for: key.stringValue) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { storage.set(.uint(UInt64(value)), for: key.stringValue) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { storage.set(.uint(UInt64(value)), for: key.stringValue) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { storage.set(.uint(UInt64(value)), for: key.stringValue) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { storage.set(.uint(UInt64(value)), for: key.stringValue) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { storage.set(.uint(value), for: key.stringValue) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        storage.set(try encoder.box(value, key: key), for: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let slot = storage.slot(for: key.stringValue)
        let nested = KeyedStorage(shapeType: nil, type: Any.self)
        slot.content = .keyed(nested)
        let child = OutputEncoder(codingPath: codingPath + [key], valueType: Any.self, slot: slot)
        return KeyedEncodingContainer(OutputKeyedContainer<NestedKey>(encoder: child, storage: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let slot = storage.slot(for: key.stringValue)
        let nested = UnkeyedStorage()
        slot.content = .unkeyed(nested)
        let child = OutputEncoder(codingPath: codingPath + [key], valueType: Any.self, slot: slot)
        return OutputUnkeyedContainer(encoder: child, storage: nested)
    }

    mutating func superEncoder() -> any Encoder {
        OutputEncoder(codingPath: codingPath, valueType: Any.self, slot: storage.slot(for: "super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        OutputEncoder(codingPath: codingPath + [key], valueType: Any.self, slot: storage.slot(for: key.stringValue))
    }
}

/// The unkeyed container of `OutputEncoder`.
struct OutputUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: OutputEncoder
    let storage: UnkeyedStorage

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { storage.elements.count }

    mutating func encodeNil() throws { storage.append(.null) }
    mutating func encode(_ value: Bool) throws { storage.append(.bool(value)) }
    mutating func encode(_ value: String) throws { storage.append(.string(value)) }
    mutating func encode(_ value: Double) throws { storage.append(.double(value)) }
    mutating func encode(_ value: Float) throws { storage.append(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { storage.append(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { storage.append(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { storage.append(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { storage.append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { storage.append(.int(value)) }
    mutating func encode(_ value: UInt) throws { storage.append(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { storage.append(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { storage.append(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { storage.append(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { storage.append(.uint(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        storage.append(try encoder.box(value, key: IndexKey(index: count)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let slot = OutputSlot()
        let nested = KeyedStorage(shapeType: nil, type: Any.self)
        slot.content = .keyed(nested)
        storage.elements.append(slot)
        let child = OutputEncoder(codingPath: codingPath + [IndexKey(index: count - 1)], valueType: Any.self, slot: slot)
        return KeyedEncodingContainer(OutputKeyedContainer<NestedKey>(encoder: child, storage: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let slot = OutputSlot()
        let nested = UnkeyedStorage()
        slot.content = .unkeyed(nested)
        storage.elements.append(slot)
        let child = OutputEncoder(codingPath: codingPath + [IndexKey(index: count - 1)], valueType: Any.self, slot: slot)
        return OutputUnkeyedContainer(encoder: child, storage: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let slot = OutputSlot()
        storage.elements.append(slot)
        return OutputEncoder(codingPath: codingPath + [IndexKey(index: count - 1)], valueType: Any.self, slot: slot)
    }
}

/// The single-value container of `OutputEncoder`.
struct OutputSingleValueContainer: SingleValueEncodingContainer {
    let encoder: OutputEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ value: OutputValue) { encoder.slot.content = .value(value) }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(.double(value)) }
    mutating func encode(_ value: Float) throws { set(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { set(.int(value)) }
    mutating func encode(_ value: UInt) throws { set(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { set(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { set(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { set(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { set(.uint(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        set(try encoder.box(value, key: nil))
    }
}
