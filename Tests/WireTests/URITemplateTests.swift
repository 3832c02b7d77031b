import Testing
@testable import Wire

@Suite("URI templates")
struct URITemplateTests {
    /// A template, a request path and query, and the labels expected (nil: no match).
    struct MatchCase: Sendable, CustomTestStringConvertible {
        let template: String
        let path: String
        var query: [(name: String, value: String)] = []
        let labels: [String: String]?

        var testDescription: String { "\(template) ~ \(path)" + (query.isEmpty ? "" : "?\(query.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))") }
    }

    static let table: [MatchCase] = [
        MatchCase(template: "/", path: "/", labels: [:]),
        MatchCase(template: "/", path: "/b", labels: nil),
        MatchCase(template: "/{Bucket}", path: "/templates", labels: ["Bucket": "templates"]),
        MatchCase(template: "/{Bucket}", path: "/templates/", labels: ["Bucket": "templates"]),
        MatchCase(template: "/{Bucket}", path: "/", labels: nil),
        MatchCase(template: "/{Bucket}", path: "/a/b", labels: nil),
        MatchCase(template: "/{Bucket}/{Key+}", path: "/b/dir/a b+c.yaml", labels: ["Bucket": "b", "Key": "dir/a b+c.yaml"]),
        MatchCase(template: "/{Bucket}/{Key+}", path: "/b/a//b/", labels: ["Bucket": "b", "Key": "a//b/"]),
        MatchCase(template: "/{Bucket}/{Key+}", path: "/b//", labels: ["Bucket": "b", "Key": "/"]),
        MatchCase(template: "/{Bucket}/{Key+}", path: "/b/", labels: nil),
        MatchCase(template: "/{Bucket}/{Key+}", path: "/b", labels: nil),
        MatchCase(template: "/{Bucket}?uploads", path: "/b", query: [("uploads", "")], labels: ["Bucket": "b"]),
        MatchCase(template: "/{Bucket}?uploads", path: "/b", query: [("prefix", "x")], labels: nil),
        MatchCase(template: "/{Bucket}?list-type=2", path: "/b", query: [("prefix", "p"), ("list-type", "2")], labels: ["Bucket": "b"]),
        MatchCase(template: "/{Bucket}?list-type=2", path: "/b", query: [("list-type", "1")], labels: nil),
        MatchCase(template: "/{Bucket}/{Key+}?select&select-type=2", path: "/b/k", query: [("select", ""), ("select-type", "2")],
                  labels: ["Bucket": "b", "Key": "k"]),
        MatchCase(template: "/{Bucket}/{Key+}?select&select-type=2", path: "/b/k", query: [("select", "")], labels: nil),
        MatchCase(template: "/{Bucket}/{Key+}?x-id=GetObject", path: "/b/k", labels: ["Bucket": "b", "Key": "k"]),
        MatchCase(template: "/2015-03-31/functions/{FunctionName}/invocations", path: "/2015-03-31/functions/fn/invocations",
                  labels: ["FunctionName": "fn"]),
        MatchCase(template: "/2015-03-31/functions/{FunctionName}/invocations", path: "/2015-03-31/functions/fn", labels: nil),
        MatchCase(template: "/2015-03-31/functions/{FunctionName}/invocations", path: "/2015-03-31/functions//invocations", labels: nil),
        MatchCase(template: "/2015-03-31/functions/{FunctionName}", path: "/2015-03-31/functions/fn/invocations", labels: nil),
        MatchCase(template: "/2017-03-31/tags/{ARN}", path: "/2017-03-31/tags/arn:aws:lambda:us-east-1:1:function:f",
                  labels: ["ARN": "arn:aws:lambda:us-east-1:1:function:f"]),
        MatchCase(template: "/v1/{Name}:run", path: "/v1/job:run", labels: ["Name": "job"]),
        MatchCase(template: "/v1/{Name}:run", path: "/v1/job", labels: nil),
        MatchCase(template: "/{Key+}/meta", path: "/a/b/meta", labels: ["Key": "a/b"]),
        MatchCase(template: "/{Key+}/meta", path: "/meta", labels: nil),
        MatchCase(template: "/files/{Path+}", path: "/files/\u{fc}/x", labels: ["Path": "\u{fc}/x"]),
    ]

    @Test("matches paths and required query literals", arguments: table)
    func match(_ testCase: MatchCase) {
        let template = URITemplate(testCase.template)
        #expect(template.match(path: testCase.path, queryItems: testCase.query) == testCase.labels)
    }

    @Test("more constrained templates are more specific")
    func specificity() {
        let ordered = [
            "/{Bucket}/{Key+}?uploads", "/{Bucket}?uploads", "/2015-03-31/functions/{FunctionName}/invocations",
            "/2015-03-31/functions/{FunctionName}", "/{Bucket}/{Key+}", "/{Bucket}",
        ].map(URITemplate.init)
        for (higher, lower) in zip(ordered, ordered.dropFirst()) {
            #expect(higher.specificity > lower.specificity, "\(higher) should outrank \(lower)")
        }
        #expect(URITemplate("/{A}/{B}").specificity > URITemplate("/{A}/{B+}").specificity)
    }

    @Test("labels and equality")
    func labels() {
        #expect(URITemplate("/{Bucket}/{Key+}?acl").labelNames == ["Bucket", "Key"])
        #expect(URITemplate("/{Bucket}") == URITemplate("/{Bucket}"))
        #expect(URITemplate("/{Bucket}") != URITemplate("/{Bucket}?acl"))
        #expect(URITemplate("/{Bucket}?acl").description == "/{Bucket}?acl")
    }
}
