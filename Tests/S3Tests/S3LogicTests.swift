@testable import S3
import Testing

@Suite("S3 request logic")
struct S3LogicTests {
    @Test(arguments: [
        ("bytes=0-9", 0..<10), ("bytes=10-", 10..<100), ("bytes=-5", 95..<100), ("bytes=90-200", 90..<100), ("bytes=-500", 0..<100),
    ])
    func ranges(header: String, expected: Range<Int>) throws {
        #expect(try ByteRange.parse(header, size: 100) == expected)
    }

    @Test(arguments: ["items=0-1", "bytes=5-1", "bytes=a-b", "bytes=0-1,3-4", "bytes=-0"])
    func ignoredRanges(header: String) throws {
        #expect(try ByteRange.parse(header, size: 100) == nil)
    }

    @Test func unsatisfiableRange() {
        #expect(throws: S3Error.self) { try ByteRange.parse("bytes=100-", size: 100) }
        #expect(throws: S3Error.self) { try ByteRange.parse("bytes=-1", size: 0) }
    }

    @Test(arguments: [
        ("https://*.sagemaker.aws", "https://d-1.studio.sagemaker.aws", true), ("https://*.sagemaker.aws", "https://sagemaker.aws", false),
        ("*", "anything", true), ("https://exact.example", "https://exact.example", true), ("https://exact.example", "https://exact.example.evil", false),
        ("http://*:8080", "http://host:8080", true),
    ])
    func corsOrigins(pattern: String, origin: String, matches: Bool) {
        #expect(CORSMatcher.matches(pattern: pattern, value: origin) == matches)
    }

    @Test func corsRulesNeedMethodAndHeaders() throws {
        let configuration = CORSConfiguration(rules: [
            CORSRule(id: nil, allowedHeaders: ["x-amz-*"], allowedMethods: ["GET"], allowedOrigins: ["https://*.a"], exposeHeaders: nil, maxAgeSeconds: nil),
        ])
        #expect(CORSMatcher.rule(in: configuration, origin: "https://b.a", method: "GET", headers: ["x-amz-date"]) != nil)
        #expect(CORSMatcher.rule(in: configuration, origin: "https://b.a", method: "GET", headers: ["authorization"]) == nil)
        #expect(CORSMatcher.rule(in: configuration, origin: "https://b.a", method: "PUT", headers: []) == nil)
        #expect(throws: S3Error.self) {
            try CORSMatcher.validate(CORSConfiguration(rules: [CORSRule(id: nil, allowedHeaders: nil, allowedMethods: ["PATCH"], allowedOrigins: ["*"], exposeHeaders: nil, maxAgeSeconds: nil)]))
        }
    }

    @Test func tagRules() throws {
        try TagRules.validate((0..<10).map { ObjectTag(key: "k\($0)", value: "v") })
        #expect(throws: S3Error.self) { try TagRules.validate((0..<11).map { ObjectTag(key: "k\($0)", value: "v") }) }
        #expect(throws: S3Error.self) { try TagRules.validate([ObjectTag(key: "aws:x", value: "v")]) }
        #expect(throws: S3Error.self) { try TagRules.validate([ObjectTag(key: "a", value: "1"), ObjectTag(key: "a", value: "2")]) }
        #expect(try TagRules.parseHeader("sagemaker%3Astudio-visibility=true&team=ml&empty=") == [
            ObjectTag(key: "sagemaker:studio-visibility", value: "true"), ObjectTag(key: "team", value: "ml"), ObjectTag(key: "empty", value: ""),
        ])
    }

    @Test func copySources() throws {
        let plain = try CopySource.parse("/bucket/dir/a%20b.yaml")
        #expect(plain.bucket == "bucket" && plain.key == "dir/a b.yaml" && plain.versionID == nil)
        let versioned = try CopySource.parse("bucket/key?versionId=abc")
        #expect(versioned.key == "key" && versioned.versionID == "abc")
        #expect(throws: S3Error.self) { try CopySource.parse("bucket-only") }
    }

    @Test func conditionalHeaders() {
        #expect(Conditions.matches("\"abc\"", etag: "\"abc\""))
        #expect(Conditions.matches("abc, \"def\"", etag: "\"def\""))
        #expect(Conditions.matches("*", etag: "\"x\""))
        #expect(!Conditions.matches("\"abc\"", etag: "\"abd\""))
    }

    @Test func versionIDs() throws {
        try S3Service.validateVersionID("null")
        try S3Service.validateVersionID(S3Store.newVersionID())
        #expect(throws: S3Error.self) { try S3Service.validateVersionID("../x") }
    }
}
