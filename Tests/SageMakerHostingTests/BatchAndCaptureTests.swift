import Foundation
import Testing
@testable import SageMakerHosting

/// How a transform job cuts an object into requests and joins the answers, and how data capture writes a record.
@Suite struct BatchAndCaptureTests {
    let text = Array("1,2\n\n3,4\r\n5,6".utf8)

    @Test func linesAreBatchedUpToThePayloadLimitOrSentOneByOne() throws {
        let multi = try TransformRunner.batches(text, split: "Line", strategy: "MultiRecord", maxPayload: 1 << 20, key: "k")
        #expect(multi.map { String(decoding: $0.body, as: UTF8.self) } == ["1,2\n3,4\r\n5,6"])
        let small = try TransformRunner.batches(text, split: "Line", strategy: "MultiRecord", maxPayload: 8, key: "k")
        #expect(small.map { String(decoding: $0.body, as: UTF8.self) } == ["1,2\n3,4\r", "5,6"])
        let single = try TransformRunner.batches(text, split: "Line", strategy: "SingleRecord", maxPayload: 1 << 20, key: "k")
        #expect(single.count == 3)
        #expect(try TransformRunner.batches(text, split: "None", strategy: "MultiRecord", maxPayload: 1 << 20, key: "k").map(\.body) == [text])
        #expect(throws: ServingFailure.self) { try TransformRunner.batches(text, split: "None", strategy: "MultiRecord", maxPayload: 4, key: "k") }
    }

    @Test func answersAreJoinedAsTheyAreOrLineByLine() {
        let answers = [Array("1.5".utf8), Array("2.5\n".utf8)]
        #expect(String(decoding: TransformRunner.assemble(answers, with: "Line"), as: UTF8.self) == "1.5\n2.5\n")
        #expect(String(decoding: TransformRunner.assemble(answers, with: "None"), as: UTF8.self) == "1.52.5\n")
        #expect(TransformRunner.bucketAndKey("s3://b/in/part") ?? ("", "") == ("b", "in/part"))
        #expect(TransformRunner.bucketAndKey("https://b/x") == nil)
    }

    func capture(_ header: CaptureContentTypeHeaderShape?) -> DataCapture {
        DataCapture(
            config: DataCaptureConfigShape(
                enableCapture: true, initialSamplingPercentage: 100, destinationS3Uri: "s3://bucket/capture/prefix", kmsKeyId: nil,
                captureOptions: [CaptureOptionShape(captureMode: "InputAndOutput")], captureContentTypeHeader: header
            ),
            endpoint: "churn", directory: FileManager.default.temporaryDirectory, upload: { _, _, _ in }
        )
    }

    @Test func capturedRecordsAreSageMakersAndTheirKeysFollowItsLayout() throws {
        let sink = capture(CaptureContentTypeHeaderShape(csvContentTypes: ["text/csv"], jsonContentTypes: ["application/json"]))
        let time = Date(timeIntervalSince1970: 1_700_000_000.5)
        let bytes = sink.record(input: Array("1,2".utf8), inputType: "text/csv", output: Array("{\"a\":1}".utf8), outputType: "application/json; charset=utf-8", inferenceID: "id-1", at: time)
        #expect(bytes.last == UInt8(ascii: "\n"))
        let record = try #require(try JSONSerialization.jsonObject(with: Data(bytes.dropLast())) as? [String: Any])
        let data = try #require(record["captureData"] as? [String: [String: String]])
        #expect(data["endpointInput"] == ["observedContentType": "text/csv", "mode": "INPUT", "data": "1,2", "encoding": "CSV"])
        #expect(data["endpointOutput"]?["encoding"] == "JSON" && data["endpointOutput"]?["data"] == "{\"a\":1}")
        let metadata = try #require(record["eventMetadata"] as? [String: String])
        #expect(metadata["inferenceId"] == "id-1" && metadata["inferenceTime"] == "2023-11-14T22:13:20Z" && record["eventVersion"] as? String == "0")
        // Without content type lists everything is base64.
        let plain = capture(nil).record(input: [0, 1], inputType: "text/csv", output: [], outputType: "text/csv", inferenceID: nil, at: time)
        #expect(String(decoding: plain, as: UTF8.self).contains("\"encoding\":\"BASE64\""))
        let key = sink.key(variant: "AllTraffic", opened: time)
        #expect(key.range(of: #"^capture/prefix/churn/AllTraffic/2023/11/14/22/13-20-500-[0-9a-f-]{36}\.jsonl$"#, options: .regularExpression) != nil, "\(key)")
    }
}
