import Foundation
import Provisioning
import ServiceKit
import TemplateEngine

extension CloudFormationService {
    var templateOperations: [ServiceOperation] {
        [
            ServiceOperation("ListStacks", input: ListStacksInput.self, access: { _, context in
                try await stackRequest("cloudformation:ListStacks", nil, context)
            }, handler: { input, context in
                let wanted = Set(input.stackStatusFilter ?? [])
                return ListStacksOutput(stackSummaries: try await store.allStacks(account: context.account.rawValue, region: context.region.name)
                    .filter { wanted.isEmpty || wanted.contains($0.status) }
                    .map { stack in
                        StackSummaryShape(
                            stackId: stack.stackID, stackName: stack.name, templateDescription: stack.description, creationTime: stack.created,
                            lastUpdatedTime: stack.lastUpdated, deletionTime: stack.deleted, stackStatus: stack.status, stackStatusReason: stack.statusReason
                        )
                    })
            }),
            ServiceOperation("GetTemplate", input: StackNameInput.self, access: { input, context in
                try await stackRequest("cloudformation:GetTemplate", input.stackName, context)
            }, handler: { input, context in
                GetTemplateOutput(templateBody: try await requireStack(input.stackName, context: context).templateBody, stagesAvailable: ["Original", "Processed"])
            }),
            ServiceOperation("GetTemplateSummary", input: GetTemplateSummaryInput.self, access: { input, context in
                try await stackRequest("cloudformation:GetTemplateSummary", input.stackName, context, templateURL: input.templateURL)
            }, handler: { input, context in
                let body = if let name = input.stackName { try await requireStack(name, context: context).templateBody }
                    else { try await templateSource(body: input.templateBody, url: input.templateURL, context: context) }
                return try templateSummary(try loadTemplate(body: body, fromURL: input.stackName == nil && input.templateURL != nil))
            }),
        ]
    }

    /// What a form needs to launch a template: parameters with types, defaults and allowed values, the metadata
    /// (parameter groups and labels), the resource types and the capabilities creating it needs.
    func templateSummary(_ template: Template) -> GetTemplateSummaryOutput {
        let (capabilities, reason) = ResourceCatalog.requiredCapabilities(template)
        var types: [String] = []
        for resource in template.resources.values where !types.contains(resource.type) { types.append(resource.type) }
        return GetTemplateSummaryOutput(
            parameters: template.parameters.values.map { declaration in
                ParameterDeclarationShape(
                    parameterKey: declaration.name, defaultValue: declaration.defaultValue, parameterType: declaration.type, noEcho: declaration.noEcho,
                    description: declaration.description, parameterConstraints: ParameterConstraintsShape(allowedValues: declaration.allowedValues)
                )
            },
            description: template.description, capabilities: capabilities.isEmpty ? nil : capabilities, capabilitiesReason: reason,
            resourceTypes: types, version: template.formatVersion, metadata: template.metadata?.jsonText, declaredTransforms: template.transforms
        )
    }
}
