/// The step types a pipeline definition may name, and which of them this server runs.
enum PipelineStepType: String, Sendable, CaseIterable, Hashable {
    case training = "Training"
    case processing = "Processing"
    case condition = "Condition"
    case fail = "Fail"
    case registerModel = "RegisterModel"
    case lambda = "Lambda"
    case model = "Model"
    case createModel = "CreateModel"
    case transform = "Transform"
    case callback = "Callback"
    case emr = "EMR"
    case qualityCheck = "QualityCheck"
    case clarifyCheck = "ClarifyCheck"
    case tuning = "Tuning"
    case autoML = "AutoML"

    /// The types this server executes; the others are refused when a pipeline is created.
    static let served: Set<PipelineStepType> = [.training, .processing, .condition, .fail, .registerModel, .lambda, .model, .transform]

    var isServed: Bool { Self.served.contains(self) }
}
