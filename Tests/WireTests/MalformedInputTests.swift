import Foundation
import SlipwayCore
import Testing
@testable import Wire

/// Hostile bodies: every one must end in the protocol's `WireError`, never a crash.
@Suite("Malformed and hostile input")
struct MalformedInputTests {
    /// A body sent to one protocol and the error code it must produce.
    struct HostileCase: Sendable, CustomTestStringConvertible {
        let name: String
        let protocolName: String
        let body: [UInt8]
        let code: String

        var testDescription: String { "\(protocolName): \(name)" }

        /// Decodes the body with the protocol's representative input shape.
        func decodingError() -> WireError? {
            switch protocolName {
            case "query": decodeError(CreateUserInput.self, Codecs.iam, WireRequest(body: body))
            case "json": decodeError(PutEventsEntryWithDocument.self, Codecs.events, WireRequest(body: body))
            case "rest-xml":
                decodeError(PutBucketLifecycleConfigurationInput.self, Codecs.s3, WireRequest(
                    method: "PUT", body: body, pathParameters: ["Bucket": "b"]
                ))
            default:
                decodeError(CreateFunctionInput.self, Codecs.lambda, WireRequest(body: body))
            }
        }
    }

    static func nested(_ open: String, _ close: String, depth: Int, inner: String = "") -> [UInt8] {
        Array((String(repeating: open, count: depth) + inner + String(repeating: close, count: depth)).utf8)
    }

    static let table: [HostileCase] = [
        // JSON 1.1
        HostileCase(name: "array bomb", protocolName: "json", body: nested("[", "]", depth: 100_000), code: "SerializationException"),
        HostileCase(name: "object bomb", protocolName: "json", body: nested("{\"a\":", "}", depth: 50_000, inner: "1"),
                    code: "SerializationException"),
        HostileCase(name: "nesting just past the limit", protocolName: "json",
                    body: Array(#"{"Detail": "#.utf8) + nested("[", "]", depth: 100) + Array("}".utf8), code: "SerializationException"),
        HostileCase(name: "invalid UTF-8 in a string", protocolName: "json", body: Array(#"{"Detail": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8),
                    code: "SerializationException"),
        HostileCase(name: "overlong UTF-8", protocolName: "json", body: Array(#"{"Detail": ""#.utf8) + [0xC0, 0xAF] + Array(#""}"#.utf8),
                    code: "SerializationException"),
        HostileCase(name: "lone surrogate escape", protocolName: "json", body: Array(#"{"Detail": "\ud800"}"#.utf8), code: "SerializationException"),
        HostileCase(name: "raw control character", protocolName: "json", body: Array("{\"Detail\": \"a\u{1}b\"}".utf8), code: "SerializationException"),
        HostileCase(name: "truncated", protocolName: "json", body: Array(#"{"Detail": {"a": [1, 2"#.utf8), code: "SerializationException"),
        HostileCase(name: "trailing garbage", protocolName: "json", body: Array(#"{"Detail": 1} x"#.utf8), code: "SerializationException"),
        HostileCase(name: "NaN literal", protocolName: "json", body: Array(#"{"Detail": NaN}"#.utf8), code: "SerializationException"),
        HostileCase(name: "leading zeros", protocolName: "json", body: Array(#"{"Detail": 01}"#.utf8), code: "SerializationException"),
        HostileCase(name: "single quotes", protocolName: "json", body: Array("{'Detail': 1}".utf8), code: "SerializationException"),
        HostileCase(name: "bad escape", protocolName: "json", body: Array(#"{"Detail": "\x41"}"#.utf8), code: "SerializationException"),
        HostileCase(name: "missing required member", protocolName: "json", body: Array(#"{"Extra": []}"#.utf8), code: "ValidationException"),
        HostileCase(name: "NUL escape (no store keeps U+0000 in text)", protocolName: "json", body: Array(#"{"Detail": "a\u0000b"}"#.utf8),
                    code: "SerializationException"),
        // REST-XML
        HostileCase(name: "element bomb", protocolName: "rest-xml", body: nested("<a>", "</a>", depth: 100_000), code: "MalformedXML"),
        HostileCase(name: "billion laughs", protocolName: "rest-xml", body: Array("""
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\
            <LifecycleConfiguration>&lol2;</LifecycleConfiguration>
            """.utf8), code: "MalformedXML"),
        HostileCase(name: "external entity", protocolName: "rest-xml", body: Array("""
            <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><LifecycleConfiguration>&xxe;</LifecycleConfiguration>
            """.utf8), code: "MalformedXML"),
        HostileCase(name: "undeclared entity", protocolName: "rest-xml", body: Array("<LifecycleConfiguration>&xxe;</LifecycleConfiguration>".utf8),
                    code: "MalformedXML"),
        HostileCase(name: "invalid UTF-8 in text", protocolName: "rest-xml",
                    body: Array("<LifecycleConfiguration><Rule><ID>".utf8) + [0xFF, 0xFE] + Array("</ID></Rule></LifecycleConfiguration>".utf8),
                    code: "MalformedXML"),
        HostileCase(name: "invalid UTF-8 in a name", protocolName: "rest-xml", body: [0x3C, 0xFF, 0x3E, 0x3C, 0x2F, 0xFF, 0x3E], code: "MalformedXML"),
        HostileCase(name: "NUL character reference", protocolName: "rest-xml", body: Array("<L>&#0;</L>".utf8), code: "MalformedXML"),
        HostileCase(name: "surrogate character reference", protocolName: "rest-xml", body: Array("<L>&#xD800;</L>".utf8), code: "MalformedXML"),
        HostileCase(name: "out-of-range character reference", protocolName: "rest-xml", body: Array("<L>&#x110000;</L>".utf8), code: "MalformedXML"),
        HostileCase(name: "huge character reference", protocolName: "rest-xml", body: Array("<L>&#99999999999999999999;</L>".utf8), code: "MalformedXML"),
        HostileCase(name: "unterminated comment", protocolName: "rest-xml", body: Array("<L><!-- x</L>".utf8), code: "MalformedXML"),
        HostileCase(name: "unterminated CDATA", protocolName: "rest-xml", body: Array("<L><![CDATA[x</L>".utf8), code: "MalformedXML"),
        HostileCase(name: "unquoted attribute", protocolName: "rest-xml", body: Array("<L a=b></L>".utf8), code: "MalformedXML"),
        HostileCase(name: "duplicate attribute", protocolName: "rest-xml", body: Array(#"<L a="1" a="2"></L>"#.utf8), code: "MalformedXML"),
        HostileCase(name: "two roots", protocolName: "rest-xml", body: Array("<L></L><L></L>".utf8), code: "MalformedXML"),
        HostileCase(name: "truncated", protocolName: "rest-xml", body: Array("<LifecycleConfiguration><Rule>".utf8), code: "MalformedXML"),
        HostileCase(name: "wrong type in the body", protocolName: "rest-xml",
                    body: Array("<LifecycleConfiguration><Rule><Status>E</Status><Expiration><Days>x</Days></Expiration></Rule></LifecycleConfiguration>".utf8),
                    code: "MalformedXML"),
        HostileCase(name: "bad date in the body", protocolName: "rest-xml",
                    body: Array("<LifecycleConfiguration><Rule><Status>E</Status><Expiration><Date>soon</Date></Expiration></Rule></LifecycleConfiguration>".utf8),
                    code: "MalformedXML"),
        // Query
        HostileCase(name: "key depth bomb", protocolName: "query",
                    body: Array(("UserName=u&" + Array(repeating: "a", count: 10_000).joined(separator: ".") + "=1").utf8),
                    code: "MalformedQueryString"),
        HostileCase(name: "invalid UTF-8 after decoding", protocolName: "query", body: Array("UserName=%FF%FE".utf8), code: "MalformedQueryString"),
        HostileCase(name: "raw invalid UTF-8", protocolName: "query", body: Array("UserName=".utf8) + [0xED, 0xA0, 0x80], code: "MalformedQueryString"),
        HostileCase(name: "truncated escape", protocolName: "query", body: Array("UserName=a%4".utf8), code: "MalformedQueryString"),
        HostileCase(name: "NUL escape (no store keeps U+0000 in text)", protocolName: "query", body: Array("UserName=a%00b".utf8),
                    code: "MalformedQueryString"),
        HostileCase(name: "NUL escape in a parameter's name", protocolName: "query", body: Array("UserName=u&Tags.member.1.Key%00=k".utf8),
                    code: "MalformedQueryString"),
        HostileCase(name: "structure where a string belongs", protocolName: "query", body: Array("UserName.a=1".utf8), code: "ValidationError"),
        HostileCase(name: "a scalar where a list of structures belongs", protocolName: "query", body: Array("UserName=u&Tags=abc".utf8),
                    code: "ValidationError"),
        // REST-JSON
        HostileCase(name: "array bomb", protocolName: "rest-json", body: nested("[", "]", depth: 100_000), code: "SerializationException"),
        HostileCase(name: "not JSON", protocolName: "rest-json", body: Array("<xml/>".utf8), code: "SerializationException"),
        HostileCase(name: "invalid UTF-8", protocolName: "rest-json", body: [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D], code: "SerializationException"),
        HostileCase(name: "NUL escape", protocolName: "rest-json", body: Array(#"{"FunctionName": "f\u0000"}"#.utf8), code: "SerializationException"),
    ]

    @Test("hostile bodies end in the protocol's error", arguments: table)
    func hostile(_ testCase: HostileCase) {
        #expect(testCase.decodingError()?.code == testCase.code)
    }

    @Test("nesting inside the limit still decodes")
    func nestingWithinLimit() throws {
        let body = Array(#"{"Detail": "#.utf8) + Self.nested("[", "]", depth: 98) + Array("}".utf8)
        let decoded = try Codecs.events.decode(PutEventsEntryWithDocument.self, from: WireRequest(body: body))
        var depth = 0
        var value = decoded.detail
        while case .array(let items) = value, let first = items.first {
            depth += 1
            value = first
        }
        #expect(depth == 97)
        let xml = Array("<LifecycleConfiguration><Rule><Status>E</Status>".utf8) + Self.nested("<x>", "</x>", depth: 98)
            + Array("</Rule></LifecycleConfiguration>".utf8)
        let input = try Codecs.s3.decode(
            PutBucketLifecycleConfigurationInput.self, from: WireRequest(method: "PUT", body: xml, pathParameters: ["Bucket": "b"])
        )
        #expect(input.lifecycleConfiguration?.rules.map(\.status) == ["E"])
        let tooDeep = Array("<LifecycleConfiguration><Rule><Status>E</Status>".utf8) + Self.nested("<x>", "</x>", depth: 99)
            + Array("</Rule></LifecycleConfiguration>".utf8)
        #expect(decodeError(
            PutBucketLifecycleConfigurationInput.self, Codecs.s3, WireRequest(method: "PUT", body: tooDeep, pathParameters: ["Bucket": "b"])
        ) == WireError.malformedXML())
    }

    /// A small deterministic generator so fuzz failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func mutate(_ body: [UInt8], using random: inout SplitMix) -> [UInt8] {
        var bytes = body
        let interesting: [UInt8] = Array("<>&;\"'{}[],:.=%+\\/#x0123456789".utf8) + [0x00, 0x80, 0xC3, 0xFF, 0xED]
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !bytes.isEmpty else { break }
            let index = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0: bytes[index] = interesting.randomElement(using: &random) ?? 0
            case 1: bytes.remove(at: index)
            case 2: bytes.insert(interesting.randomElement(using: &random) ?? 0, at: index)
            case 3: bytes.removeSubrange(index...)
            default:
                let end = min(bytes.count, index + Int.random(in: 1...16, using: &random))
                bytes.insert(contentsOf: Array(bytes[index..<end]), at: index)
            }
        }
        return bytes
    }

    @Test("mutated botocore requests decode or fail with a WireError", arguments: ["query", "json", "rest-xml", "rest-json"])
    func fuzz(protocolName: String) {
        var random = SplitMix(state: 0x5EED_0000 &+ UInt64(protocolName.utf8.count))
        let seeds: [BotocoreRequest] = switch protocolName {
        case "query": [BotocoreRequests.iamCreateUser, BotocoreRequests.snsCreateTopic, BotocoreRequests.cfnCreateStack]
        case "json": [BotocoreRequests.sageMakerCreateDomain, BotocoreRequests.sqsSendMessage, BotocoreRequests.secretsCreateSecret]
        case "rest-xml": [BotocoreRequests.s3PutBucketLifecycle, BotocoreRequests.s3DeleteObjects, BotocoreRequests.s3PutBucketTagging]
        default: [BotocoreRequests.lambdaCreateFunction, BotocoreRequests.lambdaTagResource]
        }
        var failures = 0
        for iteration in 0..<1500 {
            let seed = seeds[iteration % seeds.count]
            var request = seed.wireRequest
            request.body = Self.mutate(seed.body, using: &random)
            let outcome: Result<Void, WireError>
            switch protocolName {
            case "query":
                outcome = Result { () throws(WireError) in
                    _ = try Codecs.iam.decode(CreateUserInput.self, from: request)
                    _ = try Codecs.sns.decode(CreateTopicInput.self, from: request)
                    _ = try Codecs.cloudFormation.decode(CreateStackInput.self, from: request)
                }
            case "json":
                outcome = Result { () throws(WireError) in
                    _ = try Codecs.sageMaker.decode(CreateDomainInput.self, from: request)
                    _ = try Codecs.sqs.decode(SendMessageInput.self, from: request)
                    _ = try Codecs.events.decode(PutEventsEntryWithDocument.self, from: request)
                }
            case "rest-xml":
                outcome = Result { () throws(WireError) in
                    _ = try Codecs.s3.decode(PutBucketLifecycleConfigurationInput.self, from: request)
                    _ = try Codecs.s3.decode(DeleteObjectsInput.self, from: request)
                    _ = try Codecs.s3.decode(PutBucketTaggingInput.self, from: request)
                }
            default:
                outcome = Result { () throws(WireError) in
                    _ = try Codecs.lambda.decode(CreateFunctionInput.self, from: request)
                    _ = try Codecs.lambda.decode(TagResourceInput.self, from: request)
                }
            }
            if case .failure(let error) = outcome {
                failures += 1
                #expect(error.httpStatus == 400, "\(error)")
                #expect(!error.code.isEmpty)
            }
        }
        #expect(failures > 0)
    }
}
