import Foundation
import ServiceKit
import SlipwayCore
import Wire

struct DeleteProjectRequest: WireShape {
    var projectName: String
    var cascade: Bool?
    var dryRun: Bool?
    static let bindings: [String: WireBinding] = ["ProjectName": .uri("ProjectName")]
    enum CodingKeys: String, CodingKey { case projectName = "ProjectName", cascade = "Cascade", dryRun = "DryRun" }
}

struct CascadeItemShape: Codable, Sendable {
    var resourceARN: String
    var resourceType: String
    var error: String?
    enum CodingKeys: String, CodingKey { case resourceARN = "ResourceARN", resourceType = "ResourceType", error = "Error" }
}

struct DeleteProjectOutcome: Codable, Sendable {
    var projectName: String
    var outsideStack: [CascadeItemShape]
    var projectDeleted: Bool
    enum CodingKeys: String, CodingKey { case projectName = "ProjectName", outsideStack = "OutsideStack", projectDeleted = "ProjectDeleted" }
}

/// A project's deletion that goes further than the real service: the resources tagged with the project's id that
/// were made outside its stack (found through every service's `TaggedResourcesPort`) are listed and, with
/// `Cascade`, deleted as the caller before the project itself.
struct ProjectCascade: Sendable {
    let service: SageMakerService
    let ports: [any TaggedResourcesPort]

    /// The tagged resources of the project that its stack did not make, each with the port of the service holding it.
    func outsideStack(_ project: ProjectRecord, context: ServiceContext) async throws -> [(port: any TaggedResourcesPort, resource: TaggedResource)] {
        let made = try await project.stackID.asyncMap { try await service.stacks.physicalIDs(stackID: $0, context: context) } ?? []
        var found: [(port: any TaggedResourcesPort, resource: TaggedResource)] = []
        for port in ports { found += try await port.taggedResources(context: context).map { (port, $0) } }
        return found.filter { port, resource in
            resource.tags["sagemaker:project-id"] == project.id && resource.arn != project.arn && resource.arn != project.stackID
                && (project.stackID == nil || resource.tags["aws:cloudformation:stack-id"] != project.stackID)
                && !made.contains { resource.arn == $0 || resource.arn.hasSuffix("/\($0)") || resource.arn.hasSuffix(":\($0)") }
        }.sorted { $0.resource.arn < $1.resource.arn }
    }

    func delete(_ input: DeleteProjectRequest, context: ServiceContext) async throws -> DeleteProjectOutcome {
        let project = try await service.requireProject(input.projectName, context)
        let outside = try await outsideStack(project, context: context)
        var items = outside.map { CascadeItemShape(resourceARN: $0.resource.arn, resourceType: $0.resource.type, error: nil) }
        guard input.dryRun != true else { return DeleteProjectOutcome(projectName: project.name, outsideStack: items, projectDeleted: false) }
        if input.cascade == true {
            for (index, found) in outside.enumerated() {
                do {
                    try await found.port.deleteTaggedResource(found.resource, context: context)
                } catch {
                    items[index].error = (error as? any ServiceError)?.message ?? String(describing: error)
                }
            }
        }
        _ = try await service.deleteProject(project.name, context: context)
        return DeleteProjectOutcome(projectName: project.name, outsideStack: items, projectDeleted: true)
    }
}
