@testable import Console
import Testing

@Suite("Console requests, tokens and pages")
struct ConsoleRequestTests {
    @Test func formFieldsDecodePlusPercentAndRepeats() {
        let form = FormFields(encoded: "a=1&name=x+y%2Bz&a=2&empty=&flag&bad=%zz")
        #expect(form["a"] == "1")
        #expect(form.all("a") == ["1", "2"])
        #expect(form["name"] == "x y+z")
        #expect(form["empty"] == "")
        #expect(form["flag"] == "")
        #expect(form["bad"] == "%zz")
        #expect(form["missing"] == nil)
        #expect(FormFields.encode("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9")
    }

    @Test func cookiesComeFromEveryCookieHeaderFirstNameWins() {
        let cookies = ConsoleRequest.cookies([("Cookie", "a=1; slipway-console=abc"), ("cookie", "a=2;b=x=y"), ("Host", "h")])
        #expect(cookies == ["a": "1", "slipway-console": "abc", "b": "x=y"])
    }

    @Test(arguments: [
        ("127.0.0.1:7433", nil, true), ("127.0.0.1:7433", "http://127.0.0.1:7433", true), ("h.example", "https://h.example", true),
        ("127.0.0.1:7433", "http://evil.example", false), ("127.0.0.1:7433", "http://127.0.0.1:7434", false), (nil, "http://x", false),
        ("127.0.0.1:7433", "null", false),
    ] as [(String?, String?, Bool)])
    func originMustBeThisHost(host: String?, origin: String?, same: Bool) {
        #expect(ConsoleRequest(method: "POST", path: "/", host: host, origin: origin).isSameOrigin == same)
    }

    @Test(arguments: [("localhost:80", true), ("127.0.0.1", true), ("[::1]:7433", true), ("10.0.0.2:7433", false), ("localhost.evil.example", false)])
    func loopbackHostsGetSecureCookies(host: String, loopback: Bool) {
        #expect(ConsoleRequest(method: "GET", path: "/", host: host).isLoopbackHost == loopback)
    }

    @Test func secureCookiesOverTLSOrOnLoopback() {
        var request = ConsoleRequest(method: "GET", path: "/", host: "console.example")
        #expect(!request.allowsSecureCookies)
        request.secureTransport = true
        #expect(request.allowsSecureCookies)
        #expect(ConsoleRequest(method: "GET", path: "/", host: "127.0.0.1:7433").allowsSecureCookies)
    }

    @Test func pagesEscapeEverythingTheyInsert() throws {
        let renderer = try PageRenderer()
        let page = renderer.render("message", [
            "title": "<script>alert(1)</script>", "heading": "x\"y", "text": "<img src=x onerror=alert(1)>", "back": "/console/\" onclick=\"x", "signedIn": false,
        ])
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("<img"))
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(page.contains("href=\"/console/&quot; onclick=&quot;x\""))
        #expect(!page.contains("<script"))
    }

    @Test func theFrameShowsWhoIsSignedInAndCarriesTheFormToken() throws {
        let renderer = try PageRenderer()
        let page = renderer.render("projects", [
            "title": "Projects", "signedIn": true, "principal": "arn:aws:iam::111111111111:user/ana", "csrf": "tok123",
            "projects": [["name": "p1", "status": "CreateCompleted", "tone": "good", "template": "<b>t</b>", "created": "", "createdISO": "", "createdBy": "ana"]],
            "sorts": [[String: Any]](),
        ])
        #expect(page.contains("Signed in as arn:aws:iam::111111111111:user/ana"))
        #expect(page.contains("name=\"_csrf\" value=\"tok123\""))
        #expect(page.contains("<a href=\"/console/projects/p1\">p1</a>"))
        #expect(page.contains("&lt;b&gt;t&lt;/b&gt;"))
        #expect(!page.contains("No projects yet"))
    }
}

@Suite("Console page values")
struct PageValueTests {
    @Test func emptyTextShowsNoSection() throws {
        let renderer = try PageRenderer()
        let values: [String: Any] = ["title": "t", "heading": "h", "text": "", "back": "/", "signedIn": false]
        let page = renderer.render("message", values)
        #expect(page.contains("<p></p>"))
        let stripped = PageRenderer.withoutEmptyText(["a": "", "b": "x", "c": [["d": "", "e": 1]], "f": ["g": ""]])
        #expect(stripped["a"] == nil && stripped["b"] as? String == "x")
        #expect((stripped["c"] as? [[String: Any]])?.first?["d"] == nil && (stripped["f"] as? [String: Any])?.isEmpty == true)
    }

    @Test func terminalCodesLeaveLogLines() {
        #expect(ConsolePages.withoutTerminalCodes("\u{1B}[36;1mecho \"built it\"\u{1B}[0m") == "echo \"built it\"")
        #expect(ConsolePages.withoutTerminalCodes("plain [not a code]") == "plain [not a code]")
    }
}
