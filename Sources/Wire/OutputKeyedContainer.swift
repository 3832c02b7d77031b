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
