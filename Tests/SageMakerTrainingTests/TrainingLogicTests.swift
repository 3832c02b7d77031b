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
