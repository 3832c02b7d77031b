import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// What Slipway adds to SageMaker under `/_slipway/` (REST-JSON, signed with the service name `slipway`): template
/// discovery for a domain, and the preview of a project update.
public struct SageMakerExtensions: AWSService {
    public let serviceName = "slipway"
    public let signingName = "slipway"
    public let wireProtocol = WireProtocol.restJSON
    let service: SageMakerService

    public init(module: SageMakerModule) {
        service = module.service
    }

    public var operations: [ServiceOperation] {
        [
            ServiceOperation("ListProjectTemplates", route: .init("GET", "/_slipway/templates"), input: ListProjectTemplatesInput.self, access: { input, context in
                service.request("ListProjectTemplates", service.arn(context, "domain", input.domainId), context)
            }, handler: { input, context in try await service.discoverTemplates(domainID: input.domainId, context: context) }),
            ServiceOperation("PlanProjectUpdate", route: .init("POST", "/_slipway/projects/{ProjectName}/plan"), input: PlanProjectUpdateInput.self, access: { input, context in
                service.request("UpdateProject", service.arn(context, "project", input.projectName), context)
            }, handler: { input, context in try await service.planUpdate(input, context: context) }),
        ]
    }
}
