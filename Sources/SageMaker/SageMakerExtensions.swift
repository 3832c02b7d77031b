import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// What Slipway adds to SageMaker under `/_slipway/` (REST-JSON, signed with the service name `slipway`): template
/// discovery for a domain, the preview of a project update, and a project delete that can cascade to what was made
/// outside its stack.
public struct SageMakerExtensions: AWSService {
    public let serviceName = "slipway"
    public let signingName = "slipway"
    public let wireProtocol = WireProtocol.restJSON
    let service: SageMakerService
    let cascade: ProjectCascade

    /// `resources`: every service's tagged resources, which a project's cascade delete looks through.
    public init(module: SageMakerModule, resources: [any TaggedResourcesPort]) {
        service = module.service
        cascade = ProjectCascade(service: module.service, ports: resources)
    }

    public var operations: [ServiceOperation] {
        [
            ServiceOperation("ListProjectTemplates", route: .init("GET", "/_slipway/templates"), input: ListProjectTemplatesInput.self, access: { input, context in
                try await service.request("ListProjectTemplates", service.arn(context, "domain", input.domainId), context)
            }, handler: { input, context in try await service.discoverTemplates(domainID: input.domainId, context: context) }),
            ServiceOperation("PlanProjectUpdate", route: .init("POST", "/_slipway/projects/{ProjectName}/plan"), input: PlanProjectUpdateInput.self, access: { input, context in
                try await service.request("UpdateProject", service.arn(context, "project", input.projectName), context)
            }, handler: { input, context in try await service.planUpdate(input, context: context) }),
            ServiceOperation("DescribeProjectTemplate", route: .init("GET", "/_slipway/projects/{ProjectName}/template"), input: ProjectTemplateInput.self, access: { input, context in
                try await service.request("DescribeProject", service.arn(context, "project", input.projectName), context)
            }, handler: { input, context in try await service.projectTemplate(input.projectName, context: context) }),
            ServiceOperation("ListProvidedTemplates", route: .init("GET", "/_slipway/provided-templates"), input: NoInput.self, access: { _, context in
                try await service.request("ListProjectTemplates", "*", context)
            }, handler: { _, context in ProvidedTemplatesOutput(templates: await service.providedTemplates(context: context)) }),
            ServiceOperation("PublishProvidedTemplate", route: .init("POST", "/_slipway/provided-templates/{Name}/publish"), input: PublishProvidedTemplateInput.self, access: { _, context in
                try await service.request("ListProjectTemplates", "*", context)
            }, handler: { input, context in try await service.publishProvided(input, context: context) }),
            ServiceOperation("DeleteProject", route: .init("POST", "/_slipway/projects/{ProjectName}/delete"), input: DeleteProjectRequest.self, access: { input, context in
                try await service.request("DeleteProject", service.arn(context, "project", input.projectName), context)
            }, handler: { input, context in try await cascade.delete(input, context: context) }),
        ]
    }
}
