import Testing
import Wire

@Suite("Markup text")
struct MarkupTextTests {
    @Test func everyCharacterThatEndsTextOrAnAttributeIsEscaped() {
        #expect(MarkupText.escaped(#"a "b" <c> & d"#) == "a &quot;b&quot; &lt;c&gt; &amp; d")
        #expect(MarkupText.escaped("\u{1}") == "&#x1;")
        #expect(MarkupText.escaped("plain text, é") == "plain text, é")
    }
}
