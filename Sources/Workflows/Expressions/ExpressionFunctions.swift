import Foundation

/// The functions expressions can call; names match case-insensitively and argument counts follow GitHub.
enum ExpressionFunction: String, Sendable, CaseIterable {
    case contains, startsWith = "startswith", endsWith = "endswith", format, join
    case toJSON = "tojson", fromJSON = "fromjson", hashFiles = "hashfiles"
    case success, failure, always, cancelled
    /// `case(pred1, value1, …, default)`, GitHub's newer conditional function.
    case `case`

    init?(named name: String) { self.init(rawValue: name.lowercased()) }

    static let statusFunctions: Set<ExpressionFunction> = [.success, .failure, .always, .cancelled]

    var arity: ClosedRange<Int> {
        switch self {
        case .contains, .startsWith, .endsWith: 2...2
        case .format, .hashFiles: 1...255
        case .join: 1...2
        case .toJSON, .fromJSON: 1...1
        case .success, .failure, .always, .cancelled: 0...0
        case .case: 3...Int.max
        }
    }
}

extension ExpressionEvaluator {
    /// Runs a function on already evaluated arguments; the parser has checked availability and argument counts.
    func call(_ function: ExpressionFunction, _ arguments: [ExpressionValue]) throws(ExpressionError) -> ExpressionValue {
        func argument(_ index: Int) -> ExpressionValue { index < arguments.count ? arguments[index] : .null }
        switch function {
        case .contains:
            return .bool(Self.contains(argument(0), argument(1)))
        case .startsWith, .endsWith:
            let (text, affix) = (argument(0), argument(1))
            guard text.isPrimitive, affix.isPrimitive else { return .bool(false) }
            let haystack = text.stringValue.lowercased(), needle = affix.stringValue.lowercased()
            return .bool(function == .startsWith ? haystack.hasPrefix(needle) : haystack.hasSuffix(needle))
        case .format:
            return .string(try Self.format(argument(0).stringValue, Array(arguments.dropFirst())))
        case .join:
            return .string(Self.join(argument(0), separator: arguments.count > 1 ? argument(1) : nil))
        case .toJSON:
            return .string(try argument(0).jsonString())
        case .fromJSON:
            return try ExpressionValue(json: argument(0).stringValue)
        case .hashFiles:
            guard let hashFiles = context.hashFiles else { throw ExpressionError("Unrecognized function: 'hashFiles'") }
            let patterns = arguments.map(\.stringValue)
            do {
                return .string(try hashFiles(patterns))
            } catch let error as ExpressionError {
                throw error
            } catch {
                throw ExpressionError("hashFiles('\(patterns.joined(separator: "', '"))') failed. \(error)")
            }
        case .success: return .bool(context.jobStatus == .success)
        case .failure: return .bool(context.jobStatus == .failure)
        case .cancelled: return .bool(context.jobStatus == .cancelled)
        case .always: return .bool(true)
        case .case:
            for pair in stride(from: 0, to: arguments.count - 1, by: 2) {
                guard case .bool(let matched) = arguments[pair] else {
                    throw ExpressionError("case predicate must evaluate to a boolean value")
                }
                if matched { return arguments[pair + 1] }
            }
            return arguments.last ?? .null
        }
    }

    /// Substring search for primitives (case-insensitive, string-converted) or loose membership for arrays.
    static func contains(_ search: ExpressionValue, _ item: ExpressionValue) -> Bool {
        switch search {
        case .array(let elements):
            return elements.contains { item.looselyEquals($0) }
        case .object:
            return false
        default:
            guard item.isPrimitive else { return false }
            let needle = item.stringValue.lowercased()
            return needle.isEmpty || search.stringValue.lowercased().contains(needle)
        }
    }

    /// `join`: a primitive converts to a string as is, an array joins its string-converted elements.
    static func join(_ value: ExpressionValue, separator: ExpressionValue?) -> String {
        switch value {
        case .array(let elements):
            let glue = separator.flatMap { $0.isPrimitive ? $0.stringValue : nil } ?? ","
            return elements.map(\.stringValue).joined(separator: glue)
        case .object:
            return ""
        default:
            return value.stringValue
        }
    }

    /// `format`: `{N}` takes argument N, `{{` and `}}` are literal braces, anything else with a brace is invalid.
    static func format(_ template: String, _ arguments: [ExpressionValue]) throws(ExpressionError) -> String {
        let scalars = Array(template.unicodeScalars)
        let invalid = ExpressionError("The following format string is invalid: \(template)")
        var output = String.UnicodeScalarView()
        var offset = 0
        while offset < scalars.count {
            let c = scalars[offset]
            let next = offset + 1 < scalars.count ? scalars[offset + 1] : nil
            if c == "{" && next == "{" || c == "}" && next == "}" {
                output.append(c)
                offset += 2
            } else if c == "{" {
                var end = offset + 1
                var index = 0
                while end < scalars.count, ("0"..."9").contains(scalars[end]) {
                    // Saturate: any huge index is simply out of range.
                    index = min(index * 10 + Int(scalars[end].value - 48), Int(Int32.max))
                    end += 1
                }
                guard end > offset + 1, end < scalars.count, scalars[end] == "}" else { throw invalid }
                guard index < arguments.count else {
                    throw ExpressionError("The following format string references more arguments than were supplied: \(template)")
                }
                output.append(contentsOf: arguments[index].stringValue.unicodeScalars)
                offset = end + 1
            } else if c == "}" {
                throw invalid
            } else {
                output.append(c)
                offset += 1
            }
        }
        return String(output)
    }
}
