/// Text made safe to place in HTML, SVG or XML, as element content or inside a double-quoted attribute.
public enum MarkupText {
    /// `text` with `&`, `<`, `>` and `"` escaped and control characters as character references (the rule the XML
    /// answers follow).
    public static func escaped(_ text: String) -> String {
        var writer = XMLWriter(timestampStyle: .iso8601, capacity: text.utf8.count + 16)
        writer.escape(text, inAttribute: true)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
