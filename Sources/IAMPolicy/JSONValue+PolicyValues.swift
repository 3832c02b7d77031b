import SlipwayCore

extension JSONValue {
    /// A string, or an array holding only strings.
    var stringList: [String]? {
        switch self {
        case .string(let text): return [text]
        case .array(let items):
            var list: [String] = []
            for item in items {
                guard case .string(let text) = item else { return nil }
                list.append(text)
            }
            return list
        default: return nil
        }
    }

    /// A condition value: a string, number or boolean, or an array of them, as text.
    var scalarList: [String]? {
        if let text = scalarText { return [text] }
        guard case .array(let items) = self else { return nil }
        var list: [String] = []
        for item in items {
            guard let text = item.scalarText else { return nil }
            list.append(text)
        }
        return list
    }

    private var scalarText: String? {
        switch self {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number):
            number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        default: nil
        }
    }
}
