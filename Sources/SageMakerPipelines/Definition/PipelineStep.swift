/// One step of a pipeline definition (top level or nested in a condition's branch), with its settings parsed.
struct PipelineStep: Sendable, Equatable {
    let name: String
    let type: PipelineStepType
    /// The step's `Arguments` as written; for a Condition step this still holds the nested `IfSteps`/`ElseSteps`.
    let arguments: PipelineValue
    let dependsOn: [String]
    let displayName: String?
    let description: String?
    let cacheConfig: CacheConfig?
    /// The `RetryPolicies` list as written.
    let rawRetryPolicies: PipelineValue?
    let retryPolicies: [RetryPolicy]
    let propertyFiles: [PropertyFile]
    /// A Lambda step's `FunctionArn` (step level, outside `Arguments`).
    let functionArn: String?
    /// A Lambda step's declared outputs (step level, outside `Arguments`).
    let outputParameters: [OutputParameter]
    /// The condition branch this step sits in, when it is nested in a Condition step's `IfSteps` or `ElseSteps`.
    let branch: Branch?
    /// The whole step object as written.
    let raw: PipelineValue

    /// A step's `CacheConfig`: whether results may be reused and for how long.
    struct CacheConfig: Sendable, Equatable {
        let enabled: Bool
        let expireAfter: String?
        /// `expireAfter` in seconds (`PT1H` is 3600).
        let expireAfterSeconds: Double?
    }

    /// One entry of a step's `RetryPolicies`.
    struct RetryPolicy: Sendable, Equatable {
        let exceptionTypes: [String]
        let intervalSeconds: Double
        let backoffRate: Double
        let maxAttempts: Int?
        let expireAfterMinutes: Int?
    }

    /// One entry of a step's `PropertyFiles`: a JSON file in one of its outputs that `Std:JsonGet` can read.
    struct PropertyFile: Sendable, Equatable {
        let name: String
        let outputName: String
        let filePath: String
    }

    /// One entry of a Lambda step's `OutputParameters`.
    struct OutputParameter: Sendable, Equatable {
        let name: String
        let type: String
    }

    /// Where a nested step sits: the Condition step holding it and which side (`true` for `IfSteps`).
    struct Branch: Sendable, Equatable, Hashable {
        let condition: String
        let ifBranch: Bool
    }

    /// The names of the steps nested directly in this Condition step's `IfSteps`.
    var ifStepNames: [String] { nestedNames("IfSteps") }

    /// The names of the steps nested directly in this Condition step's `ElseSteps`.
    var elseStepNames: [String] { nestedNames("ElseSteps") }

    /// A Condition step's `Conditions` list, AND-ed at run time.
    var conditions: [PipelineValue] { arguments["Conditions"]?.array ?? [] }

    /// The arguments that hold this step's own expressions: a Condition's nested steps belong to themselves.
    var ownArguments: PipelineValue {
        guard type == .condition, case .object(var members) = arguments else { return arguments }
        members["IfSteps"] = nil
        members["ElseSteps"] = nil
        return .object(members)
    }

    private func nestedNames(_ key: String) -> [String] {
        guard type == .condition else { return [] }
        return (arguments[key]?.array ?? []).compactMap { $0["Name"]?.string }
    }
}
