import Provisioning
import OrderedCollections

/// What a create works from: parameter values, conditions, the resources that are in, their dependencies and order.
struct Plan: Sendable {
    let template: Template
    let baseContext: EvaluationContext
    /// Resources whose condition holds, in template order.
    let order: [String]
    let dependencies: OrderedDictionary<String, Set<String>>
    let settings: StackEngine.Settings

    init(_ template: Template, given: [String: String], settings: StackEngine.Settings, registry: ProviderRegistry) throws(TemplateError) {
        try registry.catalog.validate(template)
        let graph = try DependencyGraph(template)
        let parameters = try StackParameters.resolve(template, given: given)
        try TemplateRules.check(
            template, parameters: parameters, accountID: settings.accountID, region: settings.region, stackName: settings.stackName, stackID: settings.stackID
        )
        var context = EvaluationContext(
            parameters: parameters, accountID: settings.accountID, region: settings.region, stackName: settings.stackName, stackID: settings.stackID
        )
        context.mappings = template.mappings
        context.importedValue = settings.importedValue
        context.conditions = try Intrinsics.evaluateConditions(template.conditions, in: context)
        let conditions = context.conditions
        let included = template.resources.values.filter { $0.condition.map { conditions[$0] == true } ?? true }.map(\.logicalID)
        self.template = template
        baseContext = context
        order = included
        let kept = Set(included)
        dependencies = graph.dependencies.filter { kept.contains($0.key) }.mapValues { $0.intersection(kept) }
        self.settings = settings
    }

    /// The evaluation context with references to the resources made so far.
    func context(made: Made) -> EvaluationContext {
        var context = baseContext
        context.reference = { name in made.get(name).map { .string($0.physicalID) } }
        context.attribute = { name, attribute in made.get(name)?.attributes[attribute] }
        return context
    }

    /// The stack's tags plus CloudFormation's own for one resource.
    func tags(for logicalID: String) -> [(key: String, value: String)] {
        settings.tags + [
            ("aws:cloudformation:stack-name", settings.stackName), ("aws:cloudformation:stack-id", settings.stackID),
            ("aws:cloudformation:logical-id", logicalID),
        ]
    }

    /// Each output whose condition holds: its value as text (lists comma-joined) and export name.
    func outputs(made: Made) throws(TemplateError) -> OrderedDictionary<String, (value: String, exportName: String?)> {
        let context = context(made: made)
        var outputs = OrderedDictionary<String, (value: String, exportName: String?)>()
        for output in template.outputs.values {
            if let condition = output.condition, context.conditions[condition] != true { continue }
            let value = try Intrinsics.resolve(output.value, in: context)
            let text = value?.scalarText ?? value?.arrayValue?.compactMap(\.scalarText).joined(separator: ",") ?? ""
            let exportName = try output.exportName.flatMap { name throws(TemplateError) in try Intrinsics.resolve(name, in: context)?.scalarText }
            outputs[output.name] = (text, exportName)
        }
        if let refusal = settings.checkExports(outputs) { throw TemplateError(refusal) }
        return outputs
    }
}
