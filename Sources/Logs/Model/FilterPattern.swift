/// CloudWatch Logs' filter pattern for unstructured events: every plain term (or "quoted phrase") must occur, any
/// `?term` may stand in for the others, and no `-term` may occur; terms match case-sensitively. JSON and
/// space-delimited patterns are refused, not ignored.
struct FilterPattern: Sendable, Equatable {
    var required: [String] = []
    var alternatives: [String] = []
    var excluded: [String] = []

    init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            throw LogsError.invalidParameter("Slipway filters unstructured log events only; JSON and space-delimited filter patterns are not supported.")
        }
        var terms: [(String, Character?)] = []
        var current = ""
        var quoted = false
        var prefix: Character?
        func flush() {
            if !current.isEmpty { terms.append((current, prefix)) }
            current = ""
            prefix = nil
        }
        for character in trimmed {
            if character == "\"" {
                quoted.toggle()
                if !quoted { flush() }
            } else if character == " " && !quoted {
                flush()
            } else if current.isEmpty && !quoted && prefix == nil && (character == "?" || character == "-") {
                prefix = character
            } else {
                current.append(character)
            }
        }
        guard !quoted else { throw LogsError.invalidParameter("Invalid filter pattern: an opening quote has no closing one.") }
        flush()
        for (term, mark) in terms {
            switch mark {
            case "?": alternatives.append(term)
            case "-": excluded.append(term)
            default: required.append(term)
            }
        }
    }

    /// Whether `message` passes the pattern (an empty pattern passes everything).
    func matches(_ message: String) -> Bool {
        if excluded.contains(where: { message.contains($0) }) { return false }
        if !alternatives.isEmpty { return alternatives.contains { message.contains($0) } || (!required.isEmpty && required.allSatisfy { message.contains($0) }) }
        return required.allSatisfy { message.contains($0) }
    }
}
