/// One step of a property path: `.Key`, `[0]`, or `['name']`.
enum PropertyPathComponent: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A member of an object, written `.Key`.
    case key(String)
    /// An element of a list, written `[0]`.
    case index(Int)
    /// A member of an object or the list element named so, written `['name']`.
    case named(String)

    var description: String {
        switch self {
        case .key(let key): return "." + key
        case .index(let index): return "[\(index)]"
        case .named(let name): return "['\(name)']"
        }
    }
}

/// Property paths as written after `Steps.<Name>.` and in `Std:JsonGet`'s `Path`: parsing, printing and lookup.
enum PropertyPath {
    /// Parses `ModelArtifacts.S3ModelArtifacts`, `Outputs['train'].S3Output.S3Uri`, `a.b[0].c` or `['k'].v`;
    /// nil when the text is not such a path.
    static func parse(_ text: String) -> [PropertyPathComponent]? {
        var components: [PropertyPathComponent] = []
        var characters = Array(text)[...]
        var expectKey = true  // at the start, or right after a dot
        while let first = characters.first {
            switch first {
            case ".":
                if expectKey && !components.isEmpty { return nil }  // ".."
                characters = characters.dropFirst()
                expectKey = true
                guard !characters.isEmpty else { return nil }
            case "[":
                if expectKey && !components.isEmpty { return nil }  // "a.[0]"
                let inside = characters.dropFirst()
                if let quote = inside.first, quote == "'" || quote == "\"" {
                    // A quoted name may hold "." or "]": it ends at the closing quote, which "]" must follow.
                    let name = inside.dropFirst()
                    guard let closeQuote = name.firstIndex(of: quote), name.index(after: closeQuote) < name.endIndex,
                        name[name.index(after: closeQuote)] == "]"
                    else { return nil }
                    components.append(.named(String(name[..<closeQuote])))
                    characters = name[name.index(closeQuote, offsetBy: 2)...]
                } else {
                    guard let close = inside.firstIndex(of: "]"), let index = Int(String(inside[..<close])), index >= 0 else { return nil }
                    components.append(.index(index))
                    characters = inside[inside.index(after: close)...]
                }
                expectKey = false
            case "\"":
                guard expectKey, let close = characters.dropFirst().firstIndex(of: "\"") else { return nil }
                components.append(.key(String(characters[characters.index(after: characters.startIndex)..<close])))
                characters = characters[characters.index(after: close)...]
                expectKey = false
            default:
                guard expectKey else { return nil }
                let end = characters.firstIndex(where: { $0 == "." || $0 == "[" }) ?? characters.endIndex
                components.append(.key(String(characters[..<end])))
                characters = characters[end...]
                expectKey = false
            }
        }
        return components.isEmpty ? nil : components
    }

    /// The path as text, without a leading dot: `Outputs['train'].S3Output`.
    static func render(_ path: [PropertyPathComponent]) -> String {
        var text = path.map(\.description).joined()
        if text.hasPrefix(".") { text.removeFirst() }
        return text
    }

    /// Follows `path` through `value`. `.named(x)` on a list picks the element with a `…Name` member equal to x
    /// (`OutputName`, `MetricName`, `ChannelName`, …); on an object it is a plain member lookup.
    static func lookup(_ path: [PropertyPathComponent], in value: PipelineValue) -> PipelineValue? {
        var current = value
        for component in path {
            switch (component, current) {
            case (.key(let key), .object(let members)), (.named(let key), .object(let members)):
                guard let next = members[key] else { return nil }
                current = next
            case (.index(let index), .array(let elements)):
                guard elements.indices.contains(index) else { return nil }
                current = elements[index]
            case (.named(let name), .array(let elements)):
                let match = elements.first { element in
                    element.object?.contains { key, member in key.hasSuffix("Name") && member == .string(name) } ?? false
                }
                guard let match else { return nil }
                current = match
            default:
                return nil
            }
        }
        return current
    }
}
