import Foundation
import Testing
@testable import SageMakerPipelines

@Suite("Pipeline values")
struct PipelineValueTests {
    static let roundTrips: [(json: String, sorted: String)] = [
        ("5", "5"),
        ("5.0", "5"),
        ("2.5", "2.5"),
        ("-3", "-3"),
        ("true", "true"),
        ("null", "null"),
        (#""s3://b/k""#, #""s3://b/k""#),
        (#"{"b":1,"a":[1,"x",false,null,{"z":0.5}]}"#, #"{"a":[1,"x",false,null,{"z":0.5}],"b":1}"#),
    ]

    @Test(arguments: roundTrips)
    func jsonRoundTripsWithSortedKeysAndIntegers(json: String, sorted: String) throws {
        let value = try PipelineValue(json: json)
        #expect(value.jsonString == sorted)
        #expect(try PipelineValue(json: value.jsonData()) == value)
    }

    @Test func booleansAndNumbersStayDistinct() throws {
        let value = try PipelineValue(json: "[1, true, 0, false]")
        #expect(value == [1, true, 0, false])
    }

    static let renderings: [(PipelineValue, String)] = [
        (5, "5"), (.number(5.0), "5"), (2.5, "2.5"), (-0.25, "-0.25"), (true, "true"), (false, "false"),
        ("text", "text"), (nil, ""), ([1, "a"], #"[1,"a"]"#), (["k": 1], #"{"k":1}"#),
    ]

    @Test(arguments: renderings)
    func stringValueRendersLikeSageMaker(value: PipelineValue, text: String) {
        #expect(value.text == text)
    }

    @Test func subscriptsAndAccessors() throws {
        let value = try PipelineValue(json: #"{"a":{"b":[10,"x"]},"n":3,"f":1.5,"t":true}"#)
        #expect(value["a"]?["b"]?[0] == 10)
        #expect(value["a"]?["b"]?[1]?.string == "x")
        #expect(value["a"]?["b"]?[2] == nil)
        #expect(value["missing"] == nil)
        #expect(value["n"]?.integer == 3)
        #expect(value["f"]?.integer == nil)
        #expect(value["f"]?.number == 1.5)
        #expect(value["t"]?.bool == true)
        #expect(value[0] == nil)
    }

    @Test func refusesInvalidJSON() {
        #expect(throws: (any Error).self) { try PipelineValue(json: "{nope") }
    }
}

@Suite("ISO-8601 durations")
struct ISO8601DurationTests {
    static let table: [(String, Double?)] = [
        ("PT1H", 3_600), ("P30D", 2_592_000), ("PT10M", 600), ("PT30S", 30), ("P1DT12H", 129_600), ("P1W", 604_800),
        ("PT1.5H", 5_400), ("P1Y", 31_536_000), ("P1M", 2_592_000), ("pt2h", 7_200),
        ("", nil), ("P", nil), ("PT", nil), ("1H", nil), ("PT1D", nil), ("P1H", nil), ("PTH", nil), ("P1DT", nil), ("PT1H2", nil),
    ]

    @Test(arguments: table)
    func parsesSeconds(text: String, seconds: Double?) {
        #expect(ISO8601Duration.seconds(text) == seconds)
    }
}
