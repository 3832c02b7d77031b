/// A decoded piece of a request, before it meets the Swift type that reads it.
///
/// Form and XML nodes stay in their parsed form because only the requested type says whether
/// `Tags.member.1` is a list or `<TagSet>` wraps one; JSON nodes are typed and read strictly.
enum InputNode {
    case null
    case bool(Bool)
    /// A JSON number, as its literal text so 64-bit integers keep every digit.
    case number(String)
    /// A JSON string: never read as a number or boolean.
    case string(String)
    /// Untyped text (form value, XML attribute, query item, path label), converted to what the type needs.
    case text(String)
    /// A header value: like `text`, but a list splits at commas.
    case headerText(String)
    case array([InputNode])
    case object([String: InputNode])
    case xml(XMLElementNode)
    case form(FormNode)
    /// The whole body of a request bound to a `payload` member, parsed only once its type is known.
    case payload([UInt8])
    /// A streaming body bound to a `ByteStream` payload member.
    case stream(ByteStream)

    /// The scalar text of the node for error messages, if it has one.
    var displayText: String? {
        switch self {
        case .string(let value), .number(let value): value
        default: text
        }
    }

    /// A short name of the node's kind for error messages.
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string, .text, .headerText: "a string"
        case .array: "a list"
        case .object: "a structure"
        case .xml: "an XML element"
        case .form: "form parameters"
        case .payload, .stream: "a body"
        }
    }
}

/// One level of the dotted form parameter tree (`Tags.member.1.Key`).
final class FormNode {
    var value: String?
    var children: [String: FormNode] = [:]

    init() {}

    /// The child for one dotted segment, created if missing.
    func child(_ key: String) -> FormNode {
        if let existing = children[key] { return existing }
        let node = FormNode()
        children[key] = node
        return node
    }

    /// Children whose keys are positive integers, ordered by that number (`member.2`, `member.10`).
    func numberedChildren() -> [FormNode] {
        var numbered: [(Int, FormNode)] = []
        numbered.reserveCapacity(children.count)
        for (key, node) in children {
            if let number = Int(key), number > 0 { numbered.append((number, node)) }
        }
        numbered.sort { $0.0 < $1.0 }
        return numbered.map(\.1)
    }
}
