extension PipelineDefinition {
    /// Refuses `DependsOn` and `Get` references to unknown steps, undeclared parameters or property files, and self references.
    func validateReferences() throws(PipelineDefinitionError) {
        let stepNames = Set(steps.map(\.name))
        let parameterNames = Set(parameters.map(\.name))
        for step in steps {
            for dependency in step.dependsOn {
                guard dependency != step.name else {
                    throw PipelineDefinitionError("Step \(step.name) cannot depend on itself")
                }
                guard stepNames.contains(dependency) else {
                    throw PipelineDefinitionError("Step \(step.name) DependsOn unknown step \(dependency)")
                }
            }
            for reference in try step.ownArguments.references() {
                switch reference {
                case .parameter(let name):
                    guard parameterNames.contains(name) else {
                        throw PipelineDefinitionError(
                            "Step \(step.name) refers to parameter \(name), which is not declared in the pipeline definition")
                    }
                case .step(let target, _), .propertyFile(let target, _):
                    guard target != step.name else {
                        throw PipelineDefinitionError("Step \(step.name) cannot refer to its own properties")
                    }
                    guard let referenced = self.step(named: target) else {
                        throw PipelineDefinitionError("Step \(step.name) refers to unknown step \(target)")
                    }
                    if case .propertyFile(_, let file) = reference, !referenced.propertyFiles.contains(where: { $0.name == file }) {
                        throw PipelineDefinitionError(
                            "Step \(step.name) refers to property file \(file), which step \(target) does not declare")
                    }
                case .execution, .experimentConfig:
                    continue
                }
            }
        }
    }

    /// Refuses Condition steps whose `Conditions` are missing or malformed.
    func validateConditions() throws(PipelineDefinitionError) {
        for step in steps where step.type == .condition {
            guard case .array(let conditions)? = step.arguments["Conditions"] else {
                throw PipelineDefinitionError("Condition step \(step.name) must have a Conditions list")
            }
            for condition in conditions {
                try PipelineConditions.validate(condition, step: step.name)
            }
        }
    }
}
