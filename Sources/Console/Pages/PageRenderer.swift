import Mustache

/// Renders the console's pages from their templates, parsed once.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in PageTemplates.all { try library.register(text, named: name) }
        self.library = library
    }

    /// The page `template` shows for `values`; the frame (`top`) reads `title`, `signedIn`, `principal` and `csrf`.
    func render(_ template: String, _ values: [String: Any]) -> String {
        library.render(Self.withoutEmptyText(values), withTemplate: template) ?? ""
    }

    /// `values` with every empty string left out, at any depth: Mustache shows a section for any string, even an
    /// empty one, and a page means "nothing to show" by "".
    static func withoutEmptyText(_ values: [String: Any]) -> [String: Any] {
        var kept: [String: Any] = [:]
        for (key, value) in values {
            switch value {
            case let text as String where text.isEmpty: continue
            case let nested as [String: Any]: kept[key] = withoutEmptyText(nested)
            case let list as [[String: Any]]: kept[key] = list.map(withoutEmptyText)
            default: kept[key] = value
            }
        }
        return kept
    }
}
