import Foundation

/// A workflow command a step printed (`::name key=value,…::message`): masks, annotations, groups and the old
/// `set-output`.
struct WorkflowCommand: Equatable, Sendable {
    var name: String
    var properties: [String: String]
    var message: String

    /// The command a line holds, or nil for an ordinary line.
    init?(line: String) {
        var text = Substring(line)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        guard text.hasPrefix("::") else { return nil }
        let rest = text.dropFirst(2)
        guard let end = rest.range(of: "::") else { return nil }
        let head = rest[..<end.lowerBound]
        let nameEnd = head.firstIndex(of: " ") ?? head.endIndex
        let name = String(head[..<nameEnd])
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        self.name = name
        properties = [:]
        for pair in head[nameEnd...].split(separator: ",") {
            let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            properties[String(parts[0])] = Self.unescape(String(parts[1]), property: true)
        }
        message = Self.unescape(String(rest[end.upperBound...]), property: false)
    }

    /// GitHub's escapes: `%25` `%0D` `%0A`, and in properties `%3A` `%2C`.
    static func unescape(_ text: String, property: Bool) -> String {
        var result = text.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
        if property { result = result.replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",") }
        return result.replacingOccurrences(of: "%25", with: "%")
    }
}
