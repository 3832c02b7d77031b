import Foundation

/// One step of an execution as stored: where it got to, what it started, and what later steps may read of it.
struct StepRecord: Codable, Sendable {
    var name: String
    var type: String
    var displayName: String?
    var description: String?
    /// `Starting`, `Executing`, `Stopping`, `Stopped`, `Failed` or `Succeeded`.
    var status: String
    var started: Date?
    var ended: Date?
    var failureReason: String?
    /// `ListPipelineExecutionSteps`'s `Metadata` member.
    var metadata: PipelineValue?
    var attempts: Int
    var cacheSource: String?
    /// What `Steps.<name>.…` reads: the step's job as Describe* answers it, a condition's outcome, a function's outputs.
    var properties: PipelineValue?
    /// The job the step runs, while it runs.
    var jobName: String?
    /// When a failed attempt may be tried again under the step's retry policy.
    var retryAt: Date?
    /// The hash of the step's resolved arguments, for the cache.
    var argumentsHash: String?

    static let terminal: Set<String> = ["Stopped", "Failed", "Succeeded"]
    var isTerminal: Bool { Self.terminal.contains(status) }
}

/// A pipeline execution as stored: the definition it runs, its parameters and its steps.
struct ExecutionRecord: Codable, Sendable {
    var arn: String
    var id: String
    var pipelineArn: String
    var pipelineName: String
    var account: String
    var region: String
    var displayName: String?
    var description: String?
    /// `Executing`, `Stopping`, `Stopped`, `Failed` or `Succeeded`.
    var status: String
    var failureReason: String?
    var definition: String
    var roleArn: String
    var parameters: [ParameterShape]
    var parallelism: ParallelismConfigurationShape?
    var steps: [StepRecord]
    var createdBy: UserContextShape?
    var created: Date
    var modified: Date
    var clientToken: String?
    /// Attempts made at steps a retry cleared, carried into their next attempt's count.
    var retriedAttempts: [String: Int] = [:]

    static let terminal: Set<String> = ["Stopped", "Failed", "Succeeded"]
    var isTerminal: Bool { Self.terminal.contains(status) }

    func step(_ name: String) -> StepRecord? { steps.first { $0.name == name } }

    mutating func update(_ name: String, _ change: (inout StepRecord) -> Void) {
        guard let index = steps.firstIndex(where: { $0.name == name }) else { return }
        change(&steps[index])
    }
}
