import Foundation
import OrderedCollections
import Provisioning
import ServiceKit
import SlipwayCore
import TemplateEngine

/// CloudFormation's `StackPort`: stacks other services launch, created, updated and deleted by the same engine and
/// records as any stack, acting as the identity the launching service gives (IAM resources are acknowledged).
public struct CloudFormationStacks: StackPort {
    let service: CloudFormationService

    public init(module: CloudFormationModule) {
        service = module.service
    }

    static let allCapabilities = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]

    func load(_ launch: StackLaunch, context: ServiceContext) throws -> Template {
        try CloudFormationService.checkStackName(launch.stackName)
        let template = try service.loadTemplate(body: launch.templateBody, parameters: launch.parameters, fromURL: true)
        try service.checkParameters(template, given: launch.parameters, stackName: launch.stackName, context: context)
        return template
    }

    public func validateTemplate(_ body: String, context: ServiceContext) async throws {
        _ = try service.loadTemplate(body: body, fromURL: true)
    }

    public func validate(_ launch: StackLaunch, context: ServiceContext) async throws {
        _ = try load(launch, context: context)
    }

    public func create(_ launch: StackLaunch, context: ServiceContext) async throws -> String {
        let template = try load(launch, context: context)
        let now = service.clock.now()
        let stackID = service.stackARN(launch.stackName, context: context, id: UUID().uuidString.lowercased())
        let record = StackRecord(
            stackID: stackID, accountID: context.account.rawValue, region: context.region.name, name: launch.stackName, status: "CREATE_IN_PROGRESS",
            statusReason: "User Initiated", description: template.description, templateBody: launch.templateBody, parameters: launch.parameters,
            outputs: [], tags: launch.tags.map { StackTagShape(key: $0.key, value: $0.value) }, capabilities: Self.allCapabilities, roleARN: nil,
            principal: StoredPrincipal(launch.identity), disableRollback: false, created: now
        )
        try await service.store.insert(record)
        try await service.store.recordStackEvent(record, status: "CREATE_IN_PROGRESS", reason: "User Initiated", now: now)
        let (settings, exports) = try await service.operationSettings(for: record, identity: launch.identity)
        Task { await service.runCreate(record, template: template, parameters: launch.parameters, settings: settings, exports: exports, deleteOnFailure: false) }
        return stackID
    }

    func prepared(stackID: String, _ launch: StackLaunch, context: ServiceContext) async throws -> PreparedUpdate {
        guard var stack = try await service.store.stack(stackID, account: context.account.rawValue, region: context.region.name), stack.deleted == nil else {
            throw CloudFormationError.noSuchStack(stackID)
        }
        stack.principal = StoredPrincipal(launch.identity)
        var update = try await service.prepareUpdate(
            stack, templateBody: launch.templateBody, templateURL: nil,
            parameters: launch.parameters.map { ParameterShape(parameterKey: $0.key, parameterValue: $0.value, usePreviousValue: nil) },
            capabilities: Self.allCapabilities, roleARN: nil, tags: launch.tags.map { StackTagShape(key: $0.key, value: $0.value) }, context: context
        )
        update.identity = launch.identity
        return update
    }

    public func preview(stackID: String, _ launch: StackLaunch, context: ServiceContext) async throws -> [StackChangePreview] {
        let update = try await prepared(stackID: stackID, launch, context: context)
        let (settings, _) = try await service.operationSettings(for: update.updated, identity: launch.identity)
        do {
            return try service.engine.preview(
                from: update.old, resources: try await service.existingResources(stackID), previousParameters: update.current.parameters,
                to: update.new, parameters: update.updated.parameters, settings: settings
            ).map { change in
                StackChangePreview(
                    action: change.action.rawValue, logicalID: change.logicalID, physicalID: change.physicalID, resourceType: change.resourceType,
                    replacement: change.replacement?.rawValue, changedProperties: change.changedProperties
                )
            }
        } catch let error as TemplateError {
            throw CloudFormationError.validation(error.message)
        }
    }

    public func update(stackID: String, _ launch: StackLaunch, context: ServiceContext) async throws {
        let update = try await prepared(stackID: stackID, launch, context: context)
        try await service.startUpdate(update)
    }

    public func delete(stackID: String, identity: Principal, context: ServiceContext) async throws {
        guard let stack = try await service.store.stack(stackID, account: context.account.rawValue, region: context.region.name), stack.deleted == nil else { return }
        guard !stack.status.hasSuffix("_IN_PROGRESS") else {
            throw CloudFormationError.validation("Stack [\(stack.name)] cannot be deleted while in status \(stack.status)")
        }
        let template = try service.loadTemplate(body: stack.templateBody, parameters: stack.parameters, fromURL: true)
        let (settings, _) = try await service.operationSettings(for: stack, identity: identity)
        try await service.store.setStatus(stack.stackID, "DELETE_IN_PROGRESS", reason: "User Initiated", now: service.clock.now())
        try await service.store.recordStackEvent(stack, status: "DELETE_IN_PROGRESS", reason: "User Initiated", now: service.clock.now())
        Task { await service.runDelete(stack, template: template, settings: settings) }
    }

    public func report(stackID: String, context: ServiceContext) async throws -> StackReport? {
        guard let stack = try await service.store.stack(stackID, account: context.account.rawValue, region: context.region.name) else { return nil }
        let retained = stack.status == "DELETE_COMPLETE"
            ? try await service.store.resources(stackID).filter { $0.status == "DELETE_SKIPPED" }.compactMap { resource in
                resource.physicalID.map { (resource.logicalID, $0) }
            }
            : []
        return StackReport(stackID: stack.stackID, stackName: stack.name, status: stack.status, reason: stack.statusReason, retained: retained)
    }

    public func physicalIDs(stackID: String, context: ServiceContext) async throws -> [String] {
        guard try await service.store.stack(stackID, account: context.account.rawValue, region: context.region.name) != nil else { return [] }
        return try await service.existingResources(stackID).values.map(\.physicalID)
    }
}
