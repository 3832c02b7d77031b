import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// A pipeline step's job: its status and failure, its final metrics (training jobs), and its log from CloudWatch Logs
/// (`/aws/sagemaker/TrainingJobs` or `/aws/sagemaker/ProcessingJobs`), as the signed-in user reads them.
extension ConsolePages {
    /// The kind of job an ARN names and its name: (`training-job`, NAME) or (`processing-job`, NAME).
    static func job(_ arn: String) -> (kind: String, name: String)? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "sagemaker" else { return nil }
        let resource = parts[5].split(separator: "/", maxSplits: 1)
        guard resource.count == 2, ["training-job", "processing-job"].contains(String(resource[0])) else { return nil }
        return (String(resource[0]), String(resource[1]))
    }

    func jobPage(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        let project: JSONValue
        switch await describedProject(name, request, current, audit: audit) {
        case .success(let found): project = found
        case .failure(let page): return page.response
        }
        var values = projectFrame(project, name: name, tab: "Pipelines", current: current)
        guard let arn = request.query["arn"], let job = Self.job(arn) else {
            return message(status: 400, heading: "No such job", text: "Name a training or processing job by its ARN.", back: "\(Self.projectBase(name))/pipelines", signedIn: current)
        }
        let training = job.kind == "training-job"
        audit.operation(training ? "DescribeTrainingJob" : "DescribeProcessingJob", resource: arn)
        values["jobName"] = job.name
        values["kind"] = training ? "Training job" : "Processing job"
        do {
            let described = training
                ? try await calls.call("sagemaker", "DescribeTrainingJob", ["TrainingJobName": .string(job.name)], as: current, from: request)
                : try await calls.call("sagemaker", "DescribeProcessingJob", ["ProcessingJobName": .string(job.name)], as: current, from: request)
            // An ARN names a job in lower case; its log streams carry the name as it was given.
            let jobName = described.string(training ? "TrainingJobName" : "ProcessingJobName") ?? job.name
            values["jobName"] = jobName
            let status = described.string(training ? "TrainingJobStatus" : "ProcessingJobStatus") ?? ""
            values["status"] = status
            values["jobTone"] = Self.tone(status == "Completed" ? "Succeeded" : status)
            values["failure"] = described.string("FailureReason") ?? ""
            if ["InProgress", "Stopping"].contains(status) { values["refreshSeconds"] = "3" }
            values["metrics"] = described.objects("FinalMetricDataList").map { metric -> [String: Any] in
                ["name": metric.string("MetricName") ?? "", "value": Self.number(metric["Value"]?.numberValue ?? 0)]
            }
            let group = training ? "/aws/sagemaker/TrainingJobs" : "/aws/sagemaker/ProcessingJobs"
            let log = try await calls.call(
                "logs", "FilterLogEvents", ["logGroupName": .string(group), "logStreamNamePrefix": .string(jobName + "/"), "limit": 5000], as: current, from: request
            )
            values["log"] = log.objects("events").compactMap { $0.string("message") }.joined(separator: "\n")
        } catch {
            if error.isDenied { audit.denied() }
            values["error"] = error.message
        }
        return ConsoleResponse.html(200, renderer.render("job", values))
    }
}
