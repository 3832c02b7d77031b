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
        library.render(values, withTemplate: template) ?? ""
    }
}
