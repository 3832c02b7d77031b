extension PipelineValue {
    /// The `Get` text when this value is exactly `{"Get": "…"}`.
    var getReference: String? {
        guard case .object(let members) = self, members.count == 1, let text = members["Get"]?.string else { return nil }
        return text
    }

    /// Every `Get` reference anywhere in this value (inside lists, `Std:Join`, `Std:JsonGet`, conditions), parsed.
    func references() throws(PipelineDefinitionError) -> [PipelineReference] {
        var found: [PipelineReference] = []
        try collectReferences(into: &found)
        return found
    }

    private func collectReferences(into found: inout [PipelineReference]) throws(PipelineDefinitionError) {
        switch self {
        case .array(let elements):
            for element in elements { try element.collectReferences(into: &found) }
        case .object(let members):
            if let text = getReference {
                found.append(try PipelineReference(parsing: text))
                return
            }
            if members.count == 1, let get = members["Get"] {
                throw PipelineDefinitionError("Invalid property reference \(get.jsonString): Get must be a string")
            }
            for key in members.keys.sorted() {
                if let member = members[key] { try member.collectReferences(into: &found) }
            }
        case .null, .bool, .number, .string:
            return
        }
    }
}
