import Foundation

extension PipelineDefinition {
    /// Parses one step object, and for a Condition step its nested steps after it, appending them to `steps`.
    /// `placed` records where each name was seen, to tell a duplicate from a step listed in two branches.
    static func parseStep(
        _ value: PipelineValue, branch: PipelineStep.Branch?, into steps: inout [PipelineStep], placed: inout [String: PipelineStep.Branch?]
    ) throws(PipelineDefinitionError) {
        guard case .object(let members) = value else {
            throw PipelineDefinitionError("Every step must be a JSON object; found \(value.jsonString)")
        }
        guard let name = members["Name"]?.string, !name.isEmpty else {
            throw PipelineDefinitionError("Every step must have a Name")
        }
        guard let typeText = members["Type"]?.string, !typeText.isEmpty else {
            throw PipelineDefinitionError("Step \(name) must have a Type")
        }
        try validateName(name)
        if let earlier = placed[name] {
            if let earlier, let branch, earlier != branch {
                throw PipelineDefinitionError("Step \(name) appears in more than one condition branch")
            }
            throw PipelineDefinitionError("Step names must be unique; \(name) is used more than once")
        }
        placed[name] = .some(branch)
        guard let type = PipelineStepType(rawValue: typeText) else {
            throw PipelineDefinitionError("Unknown step type \(typeText) (step \(name))")
        }
        guard type.isServed else {
            throw PipelineDefinitionError("Step type \(typeText) (step \(name)) is not supported by this server")
        }
        let arguments = members["Arguments"] ?? .object([:])
        guard case .object = arguments else {
            throw PipelineDefinitionError("Arguments of step \(name) must be a JSON object")
        }
        let step = PipelineStep(
            name: name, type: type, arguments: arguments,
            dependsOn: try dependsOn(members["DependsOn"], step: name),
            displayName: members["DisplayName"]?.string, description: members["Description"]?.string,
            cacheConfig: try cacheConfig(members["CacheConfig"], step: name),
            rawRetryPolicies: members["RetryPolicies"],
            retryPolicies: try retryPolicies(members["RetryPolicies"], step: name),
            propertyFiles: try propertyFiles(members["PropertyFiles"], step: name),
            functionArn: members["FunctionArn"]?.string,
            outputParameters: try outputParameters(members["OutputParameters"], step: name),
            branch: branch, raw: value)
        if type == .lambda, step.functionArn?.isEmpty ?? true {
            throw PipelineDefinitionError("Lambda step \(name) must have a FunctionArn")
        }
        steps.append(step)
        guard type == .condition else { return }
        for (key, ifBranch) in [("IfSteps", true), ("ElseSteps", false)] {
            guard let nested = arguments[key], nested != .null else { continue }
            guard case .array(let nestedSteps) = nested else {
                throw PipelineDefinitionError("\(key) of Condition step \(name) must be a list of steps")
            }
            for nestedStep in nestedSteps {
                try parseStep(nestedStep, branch: PipelineStep.Branch(condition: name, ifBranch: ifBranch), into: &steps, placed: &placed)
            }
        }
    }

    private static func validateName(_ name: String) throws(PipelineDefinitionError) {
        guard name.count <= maximumStepNameLength else {
            throw PipelineDefinitionError(
                "Step name \(name) is longer than \(maximumStepNameLength) characters")
        }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_")
        }
        guard allowed else {
            throw PipelineDefinitionError("Step name \(name) must match the pattern ^[A-Za-z0-9\\-_]*$")
        }
    }

    private static func dependsOn(_ value: PipelineValue?, step: String) throws(PipelineDefinitionError) -> [String] {
        guard let value, value != .null else { return [] }
        guard case .array(let entries) = value else {
            throw PipelineDefinitionError("DependsOn of step \(step) must be a list of step names")
        }
        var names: [String] = []
        for entry in entries {
            guard let name = entry.string else {
                throw PipelineDefinitionError("DependsOn of step \(step) must be a list of step names; found \(entry.jsonString)")
            }
            names.append(name)
        }
        return names
    }

    private static func cacheConfig(_ value: PipelineValue?, step: String) throws(PipelineDefinitionError) -> PipelineStep.CacheConfig? {
        guard let value, value != .null else { return nil }
        guard case .object = value else {
            throw PipelineDefinitionError("CacheConfig of step \(step) must be a JSON object")
        }
        let enabled = value["Enabled"]?.bool ?? false
        let expireAfter = value["ExpireAfter"]?.string
        var seconds: Double?
        if let expireAfter {
            guard let parsed = ISO8601Duration.seconds(expireAfter) else {
                throw PipelineDefinitionError(
                    "ExpireAfter '\(expireAfter)' in CacheConfig of step \(step) is not an ISO-8601 duration such as PT1H or P30D")
            }
            seconds = parsed
        }
        return PipelineStep.CacheConfig(enabled: enabled, expireAfter: expireAfter, expireAfterSeconds: seconds)
    }

    private static func retryPolicies(_ value: PipelineValue?, step: String) throws(PipelineDefinitionError) -> [PipelineStep.RetryPolicy] {
        guard let value, value != .null else { return [] }
        guard case .array(let entries) = value else {
            throw PipelineDefinitionError("RetryPolicies of step \(step) must be a list")
        }
        var policies: [PipelineStep.RetryPolicy] = []
        for entry in entries {
            let exceptions = entry["ExceptionType"]?.array?.compactMap(\.string) ?? []
            guard case .object = entry, !exceptions.isEmpty else {
                throw PipelineDefinitionError("Every retry policy of step \(step) must list its ExceptionType")
            }
            func number(_ key: String) throws(PipelineDefinitionError) -> Double? {
                guard let member = entry[key], member != .null else { return nil }
                guard let number = member.number, number >= 0 else {
                    throw PipelineDefinitionError("\(key) in a retry policy of step \(step) must be a non-negative number")
                }
                return number
            }
            func integer(_ key: String) throws(PipelineDefinitionError) -> Int? {
                guard let number = try number(key) else { return nil }
                guard let integer = PipelineValue.integer(number) else {
                    throw PipelineDefinitionError("\(key) in a retry policy of step \(step) must be an integer")
                }
                return integer
            }
            policies.append(
                PipelineStep.RetryPolicy(
                    exceptionTypes: exceptions, intervalSeconds: try number("IntervalSeconds") ?? 1,
                    backoffRate: try number("BackoffRate") ?? 2, maxAttempts: try integer("MaxAttempts"),
                    expireAfterMinutes: try integer("ExpireAfterMin")))
        }
        return policies
    }

    private static func propertyFiles(_ value: PipelineValue?, step: String) throws(PipelineDefinitionError) -> [PipelineStep.PropertyFile] {
        guard let value, value != .null else { return [] }
        guard case .array(let entries) = value else {
            throw PipelineDefinitionError("PropertyFiles of step \(step) must be a list")
        }
        var files: [PipelineStep.PropertyFile] = []
        for entry in entries {
            guard let name = entry["PropertyFileName"]?.string, let output = entry["OutputName"]?.string,
                let path = entry["FilePath"]?.string
            else {
                throw PipelineDefinitionError("Every property file of step \(step) needs PropertyFileName, OutputName and FilePath")
            }
            guard !files.contains(where: { $0.name == name }) else {
                throw PipelineDefinitionError("Step \(step) declares property file \(name) more than once")
            }
            files.append(PipelineStep.PropertyFile(name: name, outputName: output, filePath: path))
        }
        return files
    }

    private static func outputParameters(
        _ value: PipelineValue?, step: String
    ) throws(PipelineDefinitionError) -> [PipelineStep.OutputParameter] {
        guard let value, value != .null else { return [] }
        guard case .array(let entries) = value else {
            throw PipelineDefinitionError("OutputParameters of step \(step) must be a list")
        }
        var outputs: [PipelineStep.OutputParameter] = []
        for entry in entries {
            guard let name = entry["OutputName"]?.string, !name.isEmpty else {
                throw PipelineDefinitionError("Every output parameter of step \(step) must have an OutputName")
            }
            outputs.append(PipelineStep.OutputParameter(name: name, type: entry["OutputType"]?.string ?? "String"))
        }
        return outputs
    }
}
