/// One pattern of GitHub's filter syntax for branches, tags and paths: `*` (anything but `/`), `**` (anything),
/// `?` (zero or one of the preceding character), `+` (one or more of it), `[a-z0-9]` classes, a leading `!` to
/// negate, and `\` to escape the next character.
struct FilterPattern: Sendable, Hashable {
    /// The pattern as written, including any leading `!`.
    let source: String
    /// Whether the pattern starts with `!` (it then un-matches what earlier patterns matched).
    let isNegated: Bool
    private let atoms: [Atom]

    /// What one compiled atom stands for.
    private enum Element: Sendable, Hashable {
        case character(Character)
        /// Inclusive ranges of one character class.
        case characterClass([ClosedRange<Character>])
        /// `*`: any run of characters other than `/`.
        case star
        /// `**`: any run of characters.
        case globstar
        /// `**/` at the start or after `/`: nothing, or anything that ends with `/`.
        case globstarDirectory
    }

    /// How often an atom may repeat: `?` makes it optional, `+` one or more.
    private enum Repeat: Sendable, Hashable {
        case once, optional, oneOrMore
    }

    /// One element of the compiled pattern with its repetition.
    private struct Atom: Sendable, Hashable {
        var element: Element
        var repeats: Repeat = .once
    }

    init(_ source: String) {
        self.source = source
        var body = Array(source)
        isNegated = body.first == "!"
        if isNegated { body.removeFirst() }
        atoms = FilterPattern.compile(body)
    }

    private static func compile(_ chars: [Character]) -> [Atom] {
        var atoms: [Atom] = []
        var index = 0
        while index < chars.count {
            let char = chars[index]
            switch char {
            case "\\" where index + 1 < chars.count:
                atoms.append(Atom(element: .character(chars[index + 1])))
                index += 2
            case "*":
                if index + 1 < chars.count, chars[index + 1] == "*" {
                    let atSegmentStart = index == 0 || chars[index - 1] == "/"
                    if atSegmentStart, index + 2 < chars.count, chars[index + 2] == "/" {
                        atoms.append(Atom(element: .globstarDirectory))
                        index += 3
                    } else {
                        atoms.append(Atom(element: .globstar))
                        index += 2
                    }
                } else {
                    atoms.append(Atom(element: .star))
                    index += 1
                }
            case "?", "+":
                if let last = atoms.last, last.repeats == .once, canRepeat(last.element) {
                    atoms[atoms.count - 1].repeats = char == "?" ? .optional : .oneOrMore
                } else {
                    atoms.append(Atom(element: .character(char)))
                }
                index += 1
            case "[":
                if let (ranges, next) = characterClass(chars, from: index + 1) {
                    atoms.append(Atom(element: .characterClass(ranges)))
                    index = next
                } else {
                    atoms.append(Atom(element: .character(char)))
                    index += 1
                }
            default:
                atoms.append(Atom(element: .character(char)))
                index += 1
            }
        }
        return atoms
    }

    private static func canRepeat(_ element: Element) -> Bool {
        switch element {
        case .character, .characterClass: true
        case .star, .globstar, .globstarDirectory: false
        }
    }

    /// The ranges of a class starting after `[`, and the index after its `]`; nil when unterminated or empty.
    private static func characterClass(_ chars: [Character], from start: Int) -> ([ClosedRange<Character>], Int)? {
        var ranges: [ClosedRange<Character>] = []
        var index = start
        while index < chars.count, chars[index] != "]" {
            var low = chars[index]
            if low == "\\", index + 1 < chars.count { index += 1; low = chars[index] }
            if index + 2 < chars.count, chars[index + 1] == "-", chars[index + 2] != "]", low <= chars[index + 2] {
                ranges.append(low...chars[index + 2])
                index += 3
            } else {
                ranges.append(low...low)
                index += 1
            }
        }
        guard index < chars.count, !ranges.isEmpty else { return nil }
        return (ranges, index + 1)
    }

    /// Whether the pattern's body (ignoring a leading `!`) matches the whole of `value`.
    func matches(_ value: String) -> Bool {
        var matcher = Matcher(atoms: atoms, text: Array(value))
        return matcher.match(0, 0)
    }

    /// GitHub's order semantics for a pattern list: the last pattern that matches decides (a negated one
    /// un-matches), so a list of only negated patterns matches nothing.
    static func evaluate(_ patterns: [FilterPattern], _ value: String) -> Bool {
        var matched = false
        for pattern in patterns where pattern.matches(value) {
            matched = !pattern.isNegated
        }
        return matched
    }

    /// A memoising backtracking matcher over the compiled atoms.
    private struct Matcher {
        let atoms: [Atom]
        let text: [Character]
        var memo: [Int: Bool] = [:]

        init(atoms: [Atom], text: [Character]) {
            self.atoms = atoms
            self.text = text
        }

        mutating func match(_ atomIndex: Int, _ textIndex: Int) -> Bool {
            if atomIndex == atoms.count { return textIndex == text.count }
            let key = atomIndex * (text.count + 1) + textIndex
            if let known = memo[key] { return known }
            let result = compute(atomIndex, textIndex)
            memo[key] = result
            return result
        }

        private mutating func compute(_ atomIndex: Int, _ textIndex: Int) -> Bool {
            let atom = atoms[atomIndex]
            let next = atomIndex + 1
            switch atom.element {
            case .star:
                var end = textIndex
                while true {
                    if match(next, end) { return true }
                    guard end < text.count, text[end] != "/" else { return false }
                    end += 1
                }
            case .globstar:
                return (textIndex...text.count).contains { match(next, $0) }
            case .globstarDirectory:
                if match(next, textIndex) { return true }
                return (textIndex..<text.count).contains { text[$0] == "/" && match(next, $0 + 1) }
            case .character, .characterClass:
                switch atom.repeats {
                case .once:
                    return accepts(atom.element, at: textIndex) && match(next, textIndex + 1)
                case .optional:
                    return (accepts(atom.element, at: textIndex) && match(next, textIndex + 1)) || match(next, textIndex)
                case .oneOrMore:
                    var end = textIndex
                    while accepts(atom.element, at: end) {
                        end += 1
                        if match(next, end) { return true }
                    }
                    return false
                }
            }
        }

        private func accepts(_ element: Element, at index: Int) -> Bool {
            guard index < text.count else { return false }
            switch element {
            case .character(let char): return text[index] == char
            case .characterClass(let ranges): return ranges.contains { $0.contains(text[index]) }
            default: return false
            }
        }
    }
}

/// A filter as written under an event: a pattern list that must match (`branches:`, `tags:`, `paths:`) or a
/// `-ignore` list whose matches are excluded; `!` patterns invert within either, and later patterns win.
enum PatternFilter: Sendable, Hashable {
    case only([FilterPattern])
    case ignore([FilterPattern])

    /// Whether `value` (a branch, tag or path) passes the filter.
    func allows(_ value: String) -> Bool {
        switch self {
        case .only(let patterns): FilterPattern.evaluate(patterns, value)
        case .ignore(let patterns): !FilterPattern.evaluate(patterns, value)
        }
    }

    /// The patterns as written.
    var patterns: [String] {
        switch self {
        case .only(let patterns), .ignore(let patterns): patterns.map(\.source)
        }
    }
}
