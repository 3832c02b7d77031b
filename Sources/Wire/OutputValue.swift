import Foundation

/// A response shape encoded into a protocol-neutral tree that the XML, JSON and header writers render.
indirect enum OutputValue {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case date(Date)
    case blob([UInt8])
    /// A streamed body; only meaningful as a REST payload.
    case stream(ByteStream)
    case list([OutputValue])
    /// A `[String: Value]`, entries sorted by key so output is stable.
    case map([OutputField])
    case structure(OutputStructure)
}

/// One member of an encoded structure or one entry of an encoded map.
struct OutputField {
    var key: String
    var value: OutputValue
}

/// The members of an encoded structure, in declaration order, with the shape type that says how to render them.
struct OutputStructure {
    var shapeType: (any WireShape.Type)?
    /// The Swift type, for the default REST-XML root element name.
    var type: Any.Type
    var fields: [OutputField]

    func field(_ key: String) -> OutputValue? {
        for field in fields where field.key == key { return field.value }
        return nil
    }
}

extension OutputValue {
    /// The value as text for XML and headers, timestamps in `dates`; nil for containers and null.
    func scalarText(dates: TimestampStyle) -> String? {
        switch self {
        case .null, .list, .map, .structure: nil
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .uint(let value): String(value)
        case .double(let value): Self.doubleText(value)
        case .string(let value): value
        case .date(let value): dates.format(value)
        case .blob(let bytes): Data(bytes).base64EncodedString()
        case .stream: nil
        }
    }

    /// Shortest round-trip text of a double; non-finite values as AWS spells them.
    static func doubleText(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }
}
