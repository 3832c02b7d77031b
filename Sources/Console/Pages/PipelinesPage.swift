import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// A project's Pipelines: the pipelines tagged with its id, each with its executions and, for the one chosen (the
/// latest by default), the definition as a graph coloured by each step's status and the steps' table.
extension ConsolePages {
    func pipelines(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        let project: JSONValue
        switch await describedProject(name, request, current, audit: audit) {
        case .success(let found): project = found
        case .failure(let page): return page.response
        }
        audit.operation("ListPipelines", resource: nil)
        var values = projectFrame(project, name: name, tab: "Pipelines", current: current)
        values["empty"] = "No pipeline carries this project's id yet."
        let projectID = project.string("ProjectId") ?? ""
        do {
            let listed = try await calls.call("sagemaker", "ListPipelines", ["MaxResults": 100], as: current, from: request).objects("PipelineSummaries")
            var shown: [[String: Any]] = []
            var running = false
            for summary in listed {
                guard let arn = summary.string("PipelineArn"), let pipeline = summary.string("PipelineName") else { continue }
                let tags = try await calls.call("sagemaker", "ListTags", ["ResourceArn": .string(arn)], as: current, from: request).objects("Tags")
                guard tags.contains(where: { $0.string("Key") == "sagemaker:project-id" && $0.string("Value") == projectID }) else { continue }
                let (section, executing) = try await pipelineValues(pipeline, index: shown.count, base: Self.projectBase(name), request, current)
                running = running || executing
                shown.append(section)
            }
            values["pipelines"] = shown
            if running { values["refreshSeconds"] = "3" }
        } catch {
            if error.isDenied { audit.denied() }
            values["error"] = error.message
        }
        return ConsoleResponse.html(200, renderer.render("pipelines", values))
    }

    private func pipelineValues(_ pipeline: String, index: Int, base: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current) async throws(ConsoleCalls.Failure) -> ([String: Any], Bool) {
        let described = try await calls.call("sagemaker", "DescribePipeline", ["PipelineName": .string(pipeline)], as: current, from: request)
        let executions = try await calls.call(
            "sagemaker", "ListPipelineExecutions", ["PipelineName": .string(pipeline), "SortBy": "CreationTime", "SortOrder": "Descending", "MaxResults": 10],
            as: current, from: request
        ).objects("PipelineExecutionSummaries")
        let asked = request.query["pipeline"] == pipeline ? request.query["execution"] : nil
        let chosen = executions.first { $0.string("PipelineExecutionArn") == asked } ?? executions.first
        var definitionText = described.string("PipelineDefinition") ?? "{}"
        var statuses: [String: String] = [:], steps: [[String: Any]] = []
        if let arn = chosen?.string("PipelineExecutionArn") {
            let input: [String: JSONValue] = ["PipelineExecutionArn": .string(arn)]
            definitionText = try await calls.call("sagemaker", "DescribePipelineDefinitionForExecution", input, as: current, from: request).string("PipelineDefinition") ?? definitionText
            for step in try await calls.call("sagemaker", "ListPipelineExecutionSteps", input, as: current, from: request).objects("PipelineExecutionSteps") {
                let status = step.string("StepStatus") ?? ""
                statuses[step.string("StepName") ?? ""] = status
                steps.append([
                    "name": step.string("StepName") ?? "", "status": status, "tone": Self.tone(status), "started": Self.shown(step.date("StartTime")),
                    "ended": Self.shown(step.date("EndTime")), "reason": step.string("FailureReason") ?? "",
                    "job": Self.jobOf(step["Metadata"]) ?? "",
                ])
                if let arn = Self.jobOf(step["Metadata"]), let job = Self.job(arn) {
                    steps[steps.count - 1]["jobHref"] = "\(base)/jobs?arn=\(FormFields.encode(arn))"
                    steps[steps.count - 1]["jobName"] = "Logs and metrics of \(job.name)"
                }
            }
        }
        let definition = (try? JSONDecoder().decode(JSONValue.self, from: Data(definitionText.utf8))) ?? .object([:])
        let diagram = PipelineDiagram(definition: definition)
        let chosenStatus = chosen?.string("PipelineExecutionStatus")
        var values: [String: Any] = [
            "index": index, "name": pipeline, "description": described.string("PipelineDescription") ?? "",
            "diagram": diagram.svg(statuses: statuses, title: "Steps of \(pipeline)"), "steps": steps,
            "executions": executions.map { execution -> [String: Any] in
                let arn = execution.string("PipelineExecutionArn") ?? "", status = execution.string("PipelineExecutionStatus") ?? ""
                return [
                    "href": "\(base)/pipelines?pipeline=\(FormFields.encode(pipeline))&execution=\(FormFields.encode(arn))",
                    "label": execution.string("PipelineExecutionDisplayName") ?? String(arn.split(separator: "/").last ?? ""),
                    "status": status, "tone": Self.tone(status), "started": Self.shown(execution.date("StartTime")),
                    "current": arn == chosen?.string("PipelineExecutionArn"),
                ]
            },
        ]
        if let chosenStatus { values["chosen"] = "\(chosen?.string("PipelineExecutionDisplayName") ?? "Execution"): \(chosenStatus)" }
        return (values, chosenStatus == "Executing" || chosenStatus == "Stopping")
    }

    /// The ARN of the job a step ran (training, processing, transform), from its metadata.
    static func jobOf(_ metadata: JSONValue?) -> String? {
        for key in ["TrainingJob", "ProcessingJob", "TransformJob", "Model", "RegisterModel", "Lambda"] {
            if let arn = metadata?[key]?.string("Arn") { return arn }
        }
        return nil
    }
}
