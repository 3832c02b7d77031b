@testable import SigV4
import Testing

/// The canonical request's shortcuts give exactly what the full rules give.
@Suite struct CanonicalFormTests {
    @Test(arguments: [
        "/", "", "/a", "/a/", "/a/b/c", "/endpoints/x/invocations", "//", "/a//b", "/./a", "/a/./b", "/a/../b", "/a/..", "/a/.",
        "/...", "/a/.../b", "/..a", "/a.b/c~d-e_f", "/a b", "/a%20b", "/é", "a/b", "/a/b//", "/.", "/..",
    ])
    func aPathThatLooksCanonicalIsLeftAsTheFullRulesWouldLeaveIt(path: String) {
        let full = URIEncoding.encode(Canonical.normalizedPath(path).utf8, keepSlash: true)
        #expect(Canonical.uri(path: path, service: "iam") == full)
        if Canonical.isAlreadyCanonical(path) { #expect(path == full) }
    }

    @Test func signedHeadersAreJoinedInOrderReceivedAndMissingOnesLeftEmpty() {
        let request = SigV4Request(method: "GET", path: "/", query: "", headers: [
            ("Host", "example.com"), ("X-Amz-Meta-A", "  one  two "), ("x-amz-meta-a", "three"), ("X-Amz-Date", "20150830T123600Z"),
        ])
        var lines: [UInt8] = []
        Canonical.appendHeaders(of: request, signedHeaders: ["host", "x-amz-date", "x-amz-meta-a", "x-amz-missing"], to: &lines)
        #expect(String(decoding: lines, as: UTF8.self) == "host:example.com\nx-amz-date:20150830T123600Z\nx-amz-meta-a:one two,three\nx-amz-missing:\n")
    }
}
