import Foundation
@testable import SageMakerTraining
import Testing

@Suite("Training job logic")
struct TrainingLogicTests {
    @Test func s3LocationsAndWhereOutputsGo() throws {
        #expect(S3URI("s3://bucket/a/b")?.bucket == "bucket")
        #expect(S3URI("s3://bucket/a/b")?.key == "a/b")
        #expect(S3URI("s3://bucket")?.key == "")
        #expect(S3URI("https://bucket/a") == nil)
        #expect(S3URI("s3:///a") == nil)
        #expect(try TrainingRunner.outputLocation("s3://b/output", job: "j").key == "output/j/output/")
        #expect(try TrainingRunner.outputLocation("s3://b/output/", job: "j").key == "output/j/output/")
        #expect(try TrainingRunner.outputLocation("s3://b", job: "j").key == "j/output/")
    }

    @Test func hyperparametersAreDecodedAsTheToolkitDoes() {
        #expect(TrainingRunner.unquoted(#""train.py""#) == "train.py")
        #expect(TrainingRunner.unquoted("3") == "3")
        #expect(TrainingRunner.unquoted(#""unterminated"#) == #""unterminated"#)
    }

    @Test func secondaryStatusesCloseOneAnother() {
        let start = Date(timeIntervalSince1970: 1_000)
        var job = TrainingJobRecord(
            arn: "arn", account: "111111111111", region: "us-east-1", name: "j",
            request: CreateTrainingJobInput(trainingJobName: "j", roleArn: "r", outputDataConfig: OutputDataConfigShape(s3OutputPath: "s3://b/o")),
            status: "InProgress", secondaryStatus: "Starting", transitions: [], metrics: [], created: start, modified: start
        )
        job.enter("Starting", at: start)
        job.enter("Training", at: start.addingTimeInterval(5))
        job.finish("Completed", secondary: "Completed", message: "done", at: start.addingTimeInterval(9))
        #expect(job.transitions.map(\.status) == ["Starting", "Training", "Completed"])
        #expect(job.transitions.map(\.endTime) == [start.addingTimeInterval(5), start.addingTimeInterval(9), start.addingTimeInterval(9)])
        #expect(job.isTerminal && job.ended == start.addingTimeInterval(9))
    }
}

@Suite("Processing job logic")
struct ProcessingLogicTests {
    @Test func localPathsStayUnderOptMlProcessing() {
        let ml = URL(fileURLWithPath: "/data/jobs/j/ml")
        #expect(ProcessingRunner.hostPath("/opt/ml/processing/input", ml: ml)?.path == "/data/jobs/j/ml/processing/input")
        #expect(ProcessingRunner.hostPath("/opt/ml/processing/a/b/", ml: ml)?.path == "/data/jobs/j/ml/processing/a/b")
        for refused in ["/opt/ml/processing", "/opt/ml/processing/", "/opt/ml/input/x", "/etc/passwd", "/opt/ml/processing/../../x", "/opt/ml/processing/./x", "relative/path"] {
            #expect(ProcessingRunner.hostPath(refused, ml: ml) == nil, "\(refused)")
        }
    }

    func input(_ inputs: [(String, String)], outputs: [(String, String)] = []) -> CreateProcessingJobInput {
        CreateProcessingJobInput(
            processingInputs: inputs.map { ProcessingInputShape(inputName: $0.0, s3Input: ProcessingS3InputShape(s3Uri: "s3://b/k", localPath: $0.1, s3DataType: "S3Prefix")) },
            processingOutputConfig: ProcessingOutputConfigShape(outputs: outputs.map {
                ProcessingOutputShape(outputName: $0.0, s3Output: ProcessingS3OutputShape(s3Uri: "s3://b/o", localPath: $0.1, s3UploadMode: "EndOfJob"))
            }),
            processingJobName: "job", processingResources: ProcessingResourcesShape(clusterConfig: ProcessingClusterConfigShape(instanceCount: 1, instanceType: "ml.m5.large", volumeSizeInGB: 5)),
            appSpecification: AppSpecificationShape(imageUri: "image"), roleArn: "arn:aws:iam::111111111111:role/r"
        )
    }

    @Test func requestsAreValidatedBeforeAnythingRuns() {
        #expect(throws: Never.self) { try ProcessingJobs.validate(input([("a", "/opt/ml/processing/a"), ("b", "/opt/ml/processing/b")], outputs: [("o", "/opt/ml/processing/o")])) }
        let refused: [(CreateProcessingJobInput, String)] = [
            (input([("a", "/opt/ml/processing/a"), ("a", "/opt/ml/processing/b")]), "unique"),
            (input([("a", "/tmp/a")]), "/opt/ml/processing"),
            (input([("a", "/opt/ml/processing/a")], outputs: [("o", "/opt/ml/processing/a/out")]), "overlap"),
            (input([("a", "/opt/ml/processing/data")], outputs: [("o", "/opt/ml/processing/data2")]), ""),
        ]
        for (request, text) in refused.dropLast() {
            #expect { try ProcessingJobs.validate(request) } throws: { ($0 as? TrainingError)?.message.contains(text) == true }
        }
        // Sibling paths sharing a prefix do not overlap.
        #expect(throws: Never.self) { try ProcessingJobs.validate(refused[3].0) }
    }
}
