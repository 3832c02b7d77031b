/// What expressions read at run time: parameter values, execution variables, finished steps' properties and S3 objects.
protocol ExpressionContext: Sendable {
    /// The typed value of a parameter for this execution.
    func parameter(_ name: String) throws -> PipelineValue
    /// An execution variable such as `PipelineExecutionId`.
    func executionVariable(_ name: String) throws -> PipelineValue
    /// The value at `path` (what follows `Steps.<step>.`) in a finished step's properties.
    func stepProperty(step: String, path: [PropertyPathComponent]) throws -> PipelineValue
    /// The S3 URI of a property file a step declared (the engine computes it from the step's outputs).
    func propertyFile(step: String, name: String) throws -> String
    /// The body of an S3 object.
    func readObject(_ s3URI: String) async throws -> String
    /// A `PipelineExperimentConfig` property (`ExperimentName`, `TrialName`).
    func experimentConfig(_ name: String) throws -> PipelineValue
}

extension ExpressionContext {
    /// By default the experiment is named after the pipeline and the trial after the execution id.
    func experimentConfig(_ name: String) throws -> PipelineValue {
        name == "TrialName" ? try executionVariable("PipelineExecutionId") : try executionVariable("PipelineName")
    }
}
