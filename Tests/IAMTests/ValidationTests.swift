@testable import IAM
import Testing

@Suite("IAM input validation")
struct ValidationTests {
    @Test(arguments: ["alice", "a.b@c=d,e+f-g_h", String(repeating: "x", count: 64)])
    func acceptsValidNames(name: String) throws {
        try Validate.name(name, member: "userName", max: 64)
    }

    @Test(arguments: ["", "has space", "slash/", String(repeating: "x", count: 65), "émile"])
    func rejectsInvalidNames(name: String) {
        #expect(throws: IAMError.self) { try Validate.name(name, member: "userName", max: 64) }
    }

    @Test func patternMessageMatchesAWS() {
        do {
            try Validate.name("bad name", member: "userName", max: 64)
            Issue.record("expected a validation error")
        } catch let error as IAMError {
            #expect(error.code == "ValidationError")
            #expect(error.message == "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: [("/", true), ("/a/b/", true), ("a/", false), ("/a", false), ("/a b/", false)])
    func paths(path: String, valid: Bool) {
        #expect(((try? Validate.path(path)) != nil) == valid)
    }

    @Test func tagLimits() throws {
        try Validate.tags((0..<50).map { TagShape(key: "k\($0)", value: "v") })
        #expect(throws: IAMError.self) { try Validate.tags((0..<51).map { TagShape(key: "k\($0)", value: "v") }) }
        #expect(throws: IAMError.self) { try Validate.tags([TagShape(key: "A", value: "1"), TagShape(key: "a", value: "2")]) }
        #expect(throws: IAMError.self) { try Validate.tags([TagShape(key: String(repeating: "k", count: 129), value: "")]) }
    }

    @Test func pagesWalkTheWholeList() throws {
        let items = Array(0..<7)
        var seen: [Int] = []
        var marker: String?
        repeat {
            let page = try Page(marker: marker, maxItems: 3).apply(items)
            seen += page.items
            #expect(page.isTruncated == (page.marker != nil))
            marker = page.marker
        } while marker != nil
        #expect(seen == items)
        #expect(throws: IAMError.self) { try Page(marker: "not-a-marker!", maxItems: nil) }
        #expect(throws: IAMError.self) { try Page(marker: nil, maxItems: 0) }
    }

    @Test func roleReferencesNameTheLastPathSegment() throws {
        let reference = try STSService.roleReference("arn:aws:iam::123456789012:role/service-role/Deployer")
        #expect(reference.account.rawValue == "123456789012")
        #expect(reference.name == "Deployer")
        #expect(throws: IAMError.self) { try STSService.roleReference("arn:aws:iam::123456789012:user/alice") }
        #expect(throws: IAMError.self) { try STSService.roleReference("not an arn") }
    }
}
