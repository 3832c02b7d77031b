import Foundation
import SlipwayCore

/// A JSON value as it appears in a pipeline definition, a step's arguments or a resolved expression.
typealias PipelineValue = JSONValue

extension PipelineValue {
    /// Parses a JSON document (any JSON value at top level).
    init(json: Data) throws {
        self = try JSONDecoder().decode(PipelineValue.self, from: json)
    }

    /// Parses a JSON document given as text.
    init(json: String) throws {
        try self.init(json: Data(json.utf8))
    }

    /// The value as JSON with sorted keys, so equal values give equal bytes (stable for hashing and caching).
    func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The value as compact JSON text with sorted keys.
    var jsonString: String {
        (try? jsonData()).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}

extension PipelineValue {
    /// The element at `index` when this is an array and the index is in range.
    subscript(index: Int) -> PipelineValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    /// The string, when this is a string.
    var string: String? { stringValue }

    /// The number, when this is a number.
    var number: Double? { numberValue }

    /// The Boolean, when this is a Boolean.
    var bool: Bool? { boolValue }

    /// The elements, when this is an array.
    var array: [PipelineValue]? { arrayValue }

    /// The members, when this is an object.
    var object: [String: PipelineValue]? { objectValue }

    /// The integer value of an integral number.
    var integer: Int? {
        number.flatMap(PipelineValue.integer)
    }

    /// The text SageMaker puts in a string built from this value (`Std:Join`, string parameters):
    /// integral numbers without `.0`, Booleans as `true`/`false`, null as empty, arrays and objects as JSON.
    var text: String {
        switch self {
        case .null: return ""
        case .bool(let bool): return bool ? "true" : "false"
        case .number(let number): return PipelineValue.render(number)
        case .string(let string): return string
        case .array, .object: return jsonString
        }
    }

    /// `number` as an `Int` when it is integral and exactly representable.
    static func integer(_ number: Double) -> Int? {
        guard number.isFinite, number.rounded() == number, abs(number) < 9_007_199_254_740_992 else { return nil }
        return Int(number)
    }

    /// A number as text: `5` for integral values, `2.5` otherwise.
    static func render(_ number: Double) -> String {
        if let integer = integer(number) { return String(integer) }
        return String(number)
    }
}
