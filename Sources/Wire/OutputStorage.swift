/// A mutable slot an encoding container writes into; resolved into an `OutputValue` when encoding ends.
final class OutputSlot {
    /// What has been written into the slot so far.
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
    /// A member: a finished value, or a slot a nested container still writes into.
    enum Field {
        case value(String, OutputValue)
        case nested(String, OutputSlot)
    }

    let shapeType: (any WireShape.Type)?
    let type: Any.Type
    var fields: [Field] = []

    init(shapeType: (any WireShape.Type)?, type: Any.Type) {
        self.shapeType = shapeType
        self.type = type
    }

    /// A slot for a nested container or super-encoder under `key`.
    func slot(for key: String) -> OutputSlot {
        let slot = OutputSlot()
        fields.append(.nested(key, slot))
        return slot
    }

    func set(_ value: OutputValue, for key: String) {
        fields.append(.value(key, value))
    }

    func resolve() -> OutputValue {
        var resolved: [OutputField] = []
        resolved.reserveCapacity(fields.count)
        for field in fields {
            let key: String
            let value: OutputValue
            switch field {
            case .value(let name, let finished):
                key = name
                value = finished
            case .nested(let name, let slot):
                key = name
                value = slot.resolve()
            }
            if case .null = value { continue }
            // A key written twice keeps its last value, as JSONEncoder does.
            if let existing = resolved.firstIndex(where: { $0.key == key }) {
                resolved[existing].value = value
            } else {
                resolved.append(OutputField(key: key, value: value))
            }
        }
        return .structure(OutputStructure(shapeType: shapeType, type: type, fields: resolved))
    }
}

/// The elements written through an unkeyed container.
final class UnkeyedStorage {
    /// An element: a finished value, or a slot a nested container still writes into.
    enum Element {
        case value(OutputValue)
        case nested(OutputSlot)
    }

    var elements: [Element] = []

    func append(_ value: OutputValue) {
        elements.append(.value(value))
    }

    /// A slot for a nested container or super-encoder.
    func appendSlot() -> OutputSlot {
        let slot = OutputSlot()
        elements.append(.nested(slot))
        return slot
    }

    func resolve() -> OutputValue {
        .list(elements.map { element in
            switch element {
            case .value(let value): value
            case .nested(let slot): slot.resolve()
            }
        })
    }
}
