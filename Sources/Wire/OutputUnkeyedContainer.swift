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
        let slot = storage.appendSlot()
        let nested = KeyedStorage(shapeType: nil, type: Any.self)
        slot.content = .keyed(nested)
        let child = OutputEncoder(codingPath: codingPath + [IndexKey(index: count - 1)], valueType: Any.self, slot: slot)
        return KeyedEncodingContainer(OutputKeyedContainer<NestedKey>(encoder: child, storage: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let slot = storage.appendSlot()
        let nested = UnkeyedStorage()
        slot.content = .unkeyed(nested)
        let child = OutputEncoder(codingPath: codingPath + [IndexKey(index: count - 1)], valueType: Any.self, slot: slot)
        return OutputUnkeyedContainer(encoder: child, storage: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let slot = storage.appendSlot()
        return OutputEncoder(codingPath: codingPath + [IndexKey(index: count - 1)], valueType: Any.self, slot: slot)
    }
}
