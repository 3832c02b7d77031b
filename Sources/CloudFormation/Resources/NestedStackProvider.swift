import Foundation
import Provisioning
import ServiceKit
import SlipwayCore
import TemplateEngine

/// `AWS::CloudFormation::Stack`: a nested stack from a template in S3, created, updated and deleted as a stack of
/// its own (it appears in `DescribeStacks` with its `ParentId`) acting as its parent; its outputs are the
/// resource's `Outputs.Name` attributes. The parent waits for each operation to end.
struct NestedStackProvider: ResourceProvider {
    let reference: ServiceReference

    var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::CloudFormation::Stack",
            properties: ObjectShape([
                "TemplateURL": .string, "Parameters": .map(.json), "Tags": .list(.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))),
                "TimeoutInMinutes": .integer, "NotificationARNs": .list(.string),
            ], required: ["TemplateURL"])
        )
    }

    static let nameCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")

    func plannedPhysicalID(for request: ResourceRequest) -> String? {
        let name = PhysicalName.generate(for: request, lowercase: false, allowed: Self.nameCharacters)
        return "arn:aws:cloudformation:\(request.region):\(request.accountID):stack/\(name)/\(PhysicalName.stableUUID("\(request.stackID)/\(request.logicalID)"))"
    }

    func context(_ service: CloudFormationService, for request: ResourceRequest) throws -> ServiceContext {
        guard let principal = request.identity as? Principal, let account = AccountID(request.accountID) ?? principal.account else {
            throw CloudFormationError.validation("\(request.type) needs a signed-in identity to act as")
        }
        return ServiceContext(
            account: account, region: Region(request.region) ?? .usEast1, principal: principal, requestID: "stack-\(request.logicalID)",
            logger: service.logger, receivedAt: service.clock.now()
        )
    }

    static func parameters(_ properties: TemplateValue) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in properties["Parameters"]?.objectValue ?? [:] {
            values[key] = value.scalarText ?? value.arrayValue?.compactMap(\.scalarText).joined(separator: ",") ?? ""
        }
        return values
    }

    /// The template the `TemplateURL` names, read as the stack's identity.
    func template(_ service: CloudFormationService, _ request: ResourceRequest, context: ServiceContext) async throws -> (String, Template) {
        let body = try await service.templateSource(body: nil, url: request.properties["TemplateURL"]?.scalarText, context: context) ?? ""
        return (body, try service.loadTemplate(body: body, parameters: Self.parameters(request.properties), fromURL: true))
    }

    func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let service = try reference.get()
        let context = try context(service, for: request)
        let (body, template) = try await template(service, request, context: context)
        let parameters = Self.parameters(request.properties)
        try service.checkParameters(template, given: parameters, stackName: request.stackName, context: context)
        guard let stackID = plannedPhysicalID(for: request), let name = stackID.split(separator: "/").dropFirst().first.map(String.init) else {
            throw CloudFormationError.validation("no name for the nested stack")
        }
        let parent = try await service.store.stack(request.stackID, account: request.accountID, region: request.region)
        let tags = (request.properties["Tags"]?.arrayValue ?? []).compactMap { tag -> StackTagShape? in
            guard let key = tag["Key"]?.scalarText, let value = tag["Value"]?.scalarText else { return nil }
            return StackTagShape(key: key, value: value)
        }
        let inherited = request.stackTags.filter { !$0.key.hasPrefix("aws:") }.map { StackTagShape(key: $0.key, value: $0.value) }
        let child = StackRecord(
            stackID: stackID, accountID: request.accountID, region: request.region, name: name, status: "CREATE_IN_PROGRESS",
            statusReason: "User Initiated", description: template.description, templateBody: body, parameters: parameters, outputs: [],
            tags: inherited.filter { tag in !tags.contains { $0.key == tag.key } } + tags, capabilities: ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
            roleARN: nil, principal: StoredPrincipal(context.principal), disableRollback: false, created: service.clock.now(),
            parentID: request.stackID, rootID: parent?.rootID ?? request.stackID
        )
        try await service.store.insert(child)
        try await service.store.recordStackEvent(child, status: "CREATE_IN_PROGRESS", reason: "User Initiated", now: service.clock.now())
        let (settings, exports) = try await service.operationSettings(for: child, identity: context.principal)
        await service.runCreate(child, template: template, parameters: parameters, settings: settings, exports: exports, deleteOnFailure: false)
        do {
            return try await result(service, stackID: stackID, expected: "CREATE_COMPLETE", verb: "created", request: request, properties: request.properties)
        } catch {
            // A nested stack that did not come to be is not left behind: the rolled-back stack is deleted as well.
            try? await delete(ProvisionedResource(physicalID: stackID, attributes: [:], properties: request.properties), request: request)
            throw error
        }
    }

    func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        let service = try reference.get()
        guard let child = try await service.store.stack(current.physicalID, account: request.accountID, region: request.region), child.deleted == nil else {
            throw CloudFormationError.noSuchStack(current.physicalID)
        }
        let context = try context(service, for: request)
        let (body, _) = try await template(service, request, context: context)
        let parameters = Self.parameters(request.properties)
        guard body != child.templateBody || parameters != child.parameters else {
            return ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: request.properties)
        }
        let update = try await service.prepareUpdate(
            child, templateBody: body, templateURL: nil,
            parameters: parameters.map { ParameterShape(parameterKey: $0.key, parameterValue: $0.value, usePreviousValue: nil) },
            capabilities: child.capabilities, roleARN: nil, tags: nil, context: context
        )
        let (settings, exports) = try await service.beginUpdate(update)
        await service.runUpdate(update, settings: settings, exports: exports)
        return try await result(service, stackID: child.stackID, expected: "UPDATE_COMPLETE", verb: "updated", request: request, properties: request.properties)
    }

    func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        let service = try reference.get()
        guard let child = try await service.store.stack(resource.physicalID, account: request.accountID, region: request.region), child.deleted == nil else {
            return  // never made, or already gone
        }
        let context = try context(service, for: request)
        let template = try service.loadTemplate(body: child.templateBody, parameters: child.parameters, fromURL: true)
        let (settings, _) = try await service.operationSettings(for: child, identity: context.principal)
        try await service.store.setStatus(child.stackID, "DELETE_IN_PROGRESS", reason: "User Initiated", now: service.clock.now())
        try await service.store.recordStackEvent(child, status: "DELETE_IN_PROGRESS", reason: "User Initiated", now: service.clock.now())
        await service.runDelete(child, template: template, settings: settings)
        _ = try await result(service, stackID: child.stackID, expected: "DELETE_COMPLETE", verb: "deleted", request: request, properties: resource.properties)
    }

    /// The nested stack after an operation: its outputs as attributes, or the failure CloudFormation reports.
    func result(_ service: CloudFormationService, stackID: String, expected: String, verb: String, request: ResourceRequest, properties: TemplateValue) async throws -> ProvisionedResource {
        guard let stack = try await service.store.stack(stackID, account: request.accountID, region: request.region) else {
            throw CloudFormationError.noSuchStack(stackID)
        }
        guard stack.status == expected else {
            throw CloudFormationError.validation("Embedded stack \(stackID) was not successfully \(verb): \(stack.statusReason ?? stack.status)")
        }
        var attributes: [String: TemplateValue] = [:]
        for output in stack.outputs { attributes["Outputs.\(output.key)"] = .string(output.value) }
        return ProvisionedResource(physicalID: stackID, attributes: attributes, properties: properties)
    }
}
