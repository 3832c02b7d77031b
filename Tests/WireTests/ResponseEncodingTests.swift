import Foundation
import Testing
@testable import Wire

/// Every response sample against the bytes botocore read back, and botocore's reading against the encoded value.
@Suite("Responses botocore parses")
struct ResponseEncodingTests {
    @Test("encodes byte-for-byte what botocore parsed", arguments: ResponseSamples.all.map(\.name))
    func matchesRecordedResponse(name: String) throws {
        let sample = try #require(ResponseSamples.all.first { $0.name == name })
        let expected = try #require(BotocoreResponses.expected[name], "no recorded response for \(name)")
        let response = try sample.response()
        #expect(response.status == expected.status)
        #expect(response.headers.map(\.name) == expected.headers.map(\.name))
        #expect(response.headers.map(\.value) == expected.headers.map(\.value))
        #expect(response.text == expected.body)
    }

    @Test("botocore's parse is the encoded value", arguments: ResponseSamples.all.map(\.name))
    func botocoreReadsTheValue(name: String) throws {
        let sample = try #require(ResponseSamples.all.first { $0.name == name })
        let expected = try #require(BotocoreResponses.expected[name])
        #expect(sample.matchesParsed(Array(expected.parsed.utf8)), "botocore read \(expected.parsed)")
    }

    @Test("every sample has a recorded response")
    func everySampleRecorded() {
        #expect(Set(ResponseSamples.all.map(\.name)) == Set(BotocoreResponses.expected.keys))
    }
}
