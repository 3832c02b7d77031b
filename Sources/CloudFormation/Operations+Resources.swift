import Foundation
import ServiceKit
import TemplateEngine

extension CloudFormationService {
    var resourceOperations: [ServiceOperation] {
        [
            ServiceOperation("DescribeStackResource", input: DescribeStackResourceInput.self, access: { input, context in
                try await stackRequest("cloudformation:DescribeStackResource", input.stackName, context)
            }, handler: { input, context in
                let stack = try await requireStack(input.stackName, context: context)
                guard let resource = try await store.resources(stack.stackID).first(where: { $0.logicalID == input.logicalResourceId }) else {
                    throw CloudFormationError.validation("Resource \(input.logicalResourceId) does not exist for stack \(stack.name)")
                }
                let template = try? Template.load(stack.templateBody)
                return DescribeStackResourceOutput(stackResourceDetail: StackResourceDetailShape(
                    stackName: stack.name, stackId: stack.stackID, logicalResourceId: resource.logicalID, physicalResourceId: resource.physicalID,
                    resourceType: resource.type, lastUpdatedTimestamp: resource.updated, resourceStatus: resource.status,
                    resourceStatusReason: resource.reason, metadata: template?.resources[resource.logicalID]?.metadata?.jsonText
                ))
            }),
            ServiceOperation("ListStackResources", input: ListStackResourcesInput.self, access: { input, context in
                try await stackRequest("cloudformation:ListStackResources", input.stackName, context)
            }, handler: { input, context in
                let stack = try await requireStack(input.stackName, context: context)
                return ListStackResourcesOutput(stackResourceSummaries: try await store.resources(stack.stackID).map { resource in
                    StackResourceSummaryShape(
                        logicalResourceId: resource.logicalID, physicalResourceId: resource.physicalID, resourceType: resource.type,
                        lastUpdatedTimestamp: resource.updated, resourceStatus: resource.status, resourceStatusReason: resource.reason
                    )
                })
            }),
            ServiceOperation("UpdateTerminationProtection", input: UpdateTerminationProtectionInput.self, access: { input, context in
                try await stackRequest("cloudformation:UpdateTerminationProtection", input.stackName, context)
            }, handler: { input, context in
                let stack = try await requireStack(input.stackName, context: context)
                try await store.setTerminationProtection(stack.stackID, input.enableTerminationProtection)
                return StackIdOutput(stackId: stack.stackID)
            }),
            ServiceOperation("ListExports", input: ListExportsInput.self, access: { _, context in
                try await stackRequest("cloudformation:ListExports", nil, context)
            }, handler: { _, context in
                let view = try await store.exportView(for: "", account: context.account.rawValue, region: context.region.name)
                return ListExportsOutput(exports: view.exports.sorted { $0.key < $1.key }.map { name, export in
                    ExportShape(exportingStackId: export.stackID, name: name, value: export.value)
                })
            }),
            ServiceOperation("ListImports", input: ListImportsInput.self, access: { _, context in
                try await stackRequest("cloudformation:ListImports", nil, context)
            }, handler: { input, context in
                let view = try await store.exportView(for: "", account: context.account.rawValue, region: context.region.name)
                let importers = (view.importers[input.exportName] ?? []).sorted()
                guard !importers.isEmpty else { throw CloudFormationError.validation("Export '\(input.exportName)' is not imported by any stack.") }
                return ListImportsOutput(imports: importers)
            }),
        ]
    }
}
