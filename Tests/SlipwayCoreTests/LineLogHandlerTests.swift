import Logging
@testable import SlipwayCore
import Testing

@Suite("Log lines")
struct LineLogHandlerTests {
    @Test func metadataSetOnTheLoggerIsKeptAndReadBack() {
        var logger = Logger(label: "test") { LineLogHandler.standardError(label: $0) }
        logger[metadataKey: "request-id"] = "abc"
        logger[metadataKey: "gone"] = "x"
        logger[metadataKey: "gone"] = nil
        #expect(logger[metadataKey: "request-id"] == "abc")
        #expect(logger[metadataKey: "gone"] == nil)
        logger.logLevel = .error
        #expect(logger.logLevel == .error)
    }

    @Test func aLinesMetadataLetsTheCallOverrideTheProviderAndTheLogger() throws {
        let merged = try #require(LineLogHandler.merged(
            base: ["request-id": "a", "k": "base"], provided: ["k": "provider", "p": "1"], explicit: ["k": "call"]
        ))
        #expect(merged == ["request-id": "a", "k": "call", "p": "1"])
        #expect(LineLogHandler.merged(base: [:], provided: [:], explicit: [:]) == nil)
    }
}
