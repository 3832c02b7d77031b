import Foundation
import Synchronization
import OrderedCollections
import Provisioning
import ServiceKit
import SlipwayCore
import TemplateEngine

extension CloudFormationService {
    func createStack(_ input: CreateStackInput, context: ServiceContext) async throws -> CreateStackOutput {
        let name = input.stackName
        try Self.checkStackName(name)
        var given: [String: String] = [:]
        for parameter in input.parameters ?? [] {
            guard let key = parameter.parameterKey else { continue }
            given[key] = parameter.parameterValue ?? ""
        }
        let body = try await templateSource(body: input.templateBody, url: input.templateURL, context: context)
        let template = try loadTemplate(body: body, parameters: given, fromURL: input.templateURL != nil)
        try checkCapabilities(template, granted: input.capabilities ?? [])
        let granted = Set(input.capabilities ?? [])
        try checkParameters(template, given: given, stackName: name, context: context)
        let identity = try await identity(roleARN: input.roleARN, context: context)
        let now = clock.now()
        let stackID = stackARN(name, context: context, id: UUID().uuidString.lowercased())
        let record = StackRecord(
            stackID: stackID, accountID: context.account.rawValue, region: context.region.name, name: name, status: "CREATE_IN_PROGRESS",
            statusReason: "User Initiated", description: template.description, templateBody: body ?? "", parameters: given, outputs: [],
            tags: input.tags ?? [], capabilities: Array(granted).sorted(), roleARN: input.roleARN, principal: StoredPrincipal(context.principal),
            disableRollback: input.disableRollback == true || input.onFailure == "DO_NOTHING", created: now,
            terminationProtection: input.enableTerminationProtection == true
        )
        try await store.insert(record)
        try await store.recordStackEvent(record, status: "CREATE_IN_PROGRESS", reason: "User Initiated", now: now)
        let (settings, exports) = try await operationSettings(for: record, identity: identity)
        let deleteOnFailure = input.onFailure == "DELETE"
        Task { await runCreate(record, template: template, parameters: given, settings: settings, exports: exports, deleteOnFailure: deleteOnFailure) }
        return CreateStackOutput(stackId: stackID)
    }

    /// A `ValidationError` unless the parameter values suit their declarations and the template's `Rules` hold.
    func checkParameters(_ template: Template, given: [String: String], stackName: String, stackID: String = "", context: ServiceContext) throws {
        do {
            let values = try StackParameters.resolve(template, given: given)
            try TemplateRules.check(
                template, parameters: values, accountID: context.account.rawValue, region: context.region.name, stackName: stackName, stackID: stackID
            )
        } catch {
            throw CloudFormationError.validation(error.message)
        }
    }

    /// A `ValidationError` unless `name` is a stack name CloudFormation accepts.
    static func checkStackName(_ name: String) throws {
        guard name.count <= 128, name.range(of: "^[a-zA-Z][-a-zA-Z0-9]*$", options: .regularExpression) != nil else {
            throw CloudFormationError.validation(
                "1 validation error detected: Value '\(name)' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*"
            )
        }
    }

    /// The principal a stack acts as: its role's session when it has one (the role must trust CloudFormation), else the caller.
    func identity(roleARN: String?, context: ServiceContext) async throws -> Principal {
        guard let roleARN else { return context.principal }
        do {
            return try await roles.assumeRole(roleARN, by: "cloudformation.amazonaws.com", for: context.account.rawValue, sessionName: "AWSCloudFormation", conditions: ["aws:SourceAccount": [context.account.rawValue]])
        } catch {
            throw CloudFormationError.validation("Role \(roleARN) is invalid or cannot be assumed")
        }
    }

    /// How the engine runs an operation on `stack`: as `identity`, with the stack's tags, reading other stacks'
    /// exports as they are now.
    func operationSettings(for stack: StackRecord, identity: Principal) async throws -> (StackEngine.Settings, ExportView) {
        let exports = try await store.exportView(for: stack.stackID, account: stack.accountID, region: stack.region)
        var settings = StackEngine.Settings(stackName: stack.name, stackID: stack.stackID, region: stack.region, accountID: stack.accountID, identity: identity)
        settings.tags = stack.tags.map { ($0.key, $0.value) }
        settings.importedValue = { exports.value($0) }
        settings.checkExports = { exports.refusal(for: $0) }
        return (settings, exports)
    }

    /// Records each event before the engine goes on; the first failure turns the stack to rolling back.
    func recorder(for stack: StackRecord, rollingBack: String?) -> StackEngine.Recorder {
        let store = store, clock = clock, logger = logger
        let turned = TurnOnce()
        return { event, resource in
            do {
                try await store.record(stack.stackID, event, resource: resource, now: clock.now())
                if let rollingBack, event.status == .createFailed, turned.first() {
                    try await store.setStatus(stack.stackID, rollingBack, reason: "The following resource(s) failed to create: [\(event.logicalID)]. ", now: clock.now())
                    try await store.recordStackEvent(stack, status: rollingBack, reason: "The following resource(s) failed to create: [\(event.logicalID)]. ", now: clock.now())
                }
            } catch {
                logger.error("could not record stack event for \(stack.name): \(error)")
            }
        }
    }

    func runCreate(
        _ stack: StackRecord, template: Template, parameters: [String: String], settings: StackEngine.Settings, exports: ExportView, deleteOnFailure: Bool
    ) async {
        let result = await engine.create(
            template, parameters: parameters, settings: settings, disableRollback: stack.disableRollback,
            record: recorder(for: stack, rollingBack: stack.disableRollback ? nil : "ROLLBACK_IN_PROGRESS")
        )
        let outputs = result.outputs.map { key, value in
            StackRecord.StoredOutput(key: key, value: value.value, description: template.outputs[key]?.description, exportName: value.exportName)
        }
        do {
            try await store.setStatus(stack.stackID, result.status, reason: result.reason, outputs: outputs, now: clock.now())
            if result.status == "CREATE_COMPLETE" { try await store.setImports(stack.stackID, exports.imports) }
            try await store.finishExecution(stackID: stack.stackID, succeeded: result.status == "CREATE_COMPLETE")
            try await store.recordStackEvent(stack, status: result.status, reason: result.reason, now: clock.now())
            if deleteOnFailure, result.status == "ROLLBACK_COMPLETE" {
                try await store.setStatus(stack.stackID, "DELETE_COMPLETE", reason: nil, now: clock.now())
                try await store.recordStackEvent(stack, status: "DELETE_COMPLETE", reason: nil, now: clock.now())
            }
        } catch {
            logger.error("could not record the end of stack \(stack.name): \(error)")
        }
    }

    func describeStacks(_ input: StackNameInput, context: ServiceContext) async throws -> DescribeStacksOutput {
        let stacks = if let name = input.stackName { [try await requireStack(name, context: context)] }
            else { try await store.liveStacks(account: context.account.rawValue, region: context.region.name) }
        return DescribeStacksOutput(stacks: stacks.map { stack in
            let template = try? Template.load(stack.templateBody)
            return StackShape(
                stackId: stack.stackID, stackName: stack.name, description: stack.description,
                parameters: template.map { template in
                    template.parameters.values.map { declaration in
                        let value = stack.parameters[declaration.name] ?? declaration.defaultValue ?? ""
                        return ParameterShape(parameterKey: declaration.name, parameterValue: declaration.noEcho ? "****" : value, usePreviousValue: nil)
                    }
                },
                creationTime: stack.created, lastUpdatedTime: stack.lastUpdated, deletionTime: stack.deleted, stackStatus: stack.status,
                stackStatusReason: stack.statusReason, disableRollback: stack.disableRollback,
                capabilities: stack.capabilities.isEmpty ? nil : stack.capabilities,
                outputs: stack.outputs.isEmpty ? nil : stack.outputs.map { OutputShape(outputKey: $0.key, outputValue: $0.value, description: $0.description, exportName: $0.exportName) },
                roleARN: stack.roleARN, tags: stack.tags.isEmpty ? nil : stack.tags, enableTerminationProtection: stack.terminationProtection,
                parentId: stack.parentID, rootId: stack.rootID
            )
        })
    }

    func deleteStack(_ input: DeleteStackInput, context: ServiceContext) async throws -> EmptyResult {
        guard let name = input.stackName, let stack = try await store.stack(name, account: context.account.rawValue, region: context.region.name),
              stack.deleted == nil
        else { return EmptyResult() }  // deleting a stack that does not exist succeeds, as on AWS
        guard !stack.terminationProtection else {
            throw CloudFormationError.validation("Stack [\(stack.name)] cannot be deleted while TerminationProtection is enabled")
        }
        guard !stack.status.hasSuffix("_IN_PROGRESS") || stack.status == "REVIEW_IN_PROGRESS" else {
            throw CloudFormationError.validation("Stack [\(stack.name)] cannot be deleted while in status \(stack.status)")
        }
        let retain = Set(input.retainResources ?? [])
        guard retain.isEmpty || stack.status == "DELETE_FAILED" else {
            throw CloudFormationError.validation("Invalid operation on stack \(stack.stackID). RetainResources can only be specified when the stack is in DELETE_FAILED state")
        }
        if stack.status == "REVIEW_IN_PROGRESS" {  // created for a change set never executed: nothing to delete
            try await store.setStatus(stack.stackID, "DELETE_COMPLETE", reason: nil, now: clock.now())
            try await store.recordStackEvent(stack, status: "DELETE_COMPLETE", reason: nil, now: clock.now())
            return EmptyResult()
        }
        let identity = try await identity(roleARN: input.roleARN ?? stack.roleARN, context: context)
        let template = try loadTemplate(body: stack.templateBody, parameters: stack.parameters)
        let (settings, _) = try await operationSettings(for: stack, identity: identity)
        try await store.setStatus(stack.stackID, "DELETE_IN_PROGRESS", reason: "User Initiated", now: clock.now())
        try await store.recordStackEvent(stack, status: "DELETE_IN_PROGRESS", reason: "User Initiated", now: clock.now())
        Task { await runDelete(stack, template: template, settings: settings, retaining: retain) }
        return EmptyResult()
    }

    /// Deletes the stack's resources (keeping `retaining`, which only a stack in `DELETE_FAILED` may name); a stack
    /// whose exports another stack imports is refused in `DELETE_FAILED` with nothing deleted.
    func runDelete(_ stack: StackRecord, template: Template, settings: StackEngine.Settings, retaining: Set<String> = []) async {
        do {
            let exports = try await store.exportView(for: stack.stackID, account: stack.accountID, region: stack.region)
            if let refusal = exports.refusal(for: [:]) {
                try await store.setStatus(stack.stackID, "DELETE_FAILED", reason: refusal, now: clock.now())
                try await store.recordStackEvent(stack, status: "DELETE_FAILED", reason: refusal, now: clock.now())
                return
            }
            var retained = template
            for name in retaining { retained.resources[name]?.deletionPolicy = "Retain" }
            let existing = try await existingResources(stack.stackID)
            let left = await engine.delete(existing, template: retained, settings: settings, record: recorder(for: stack, rollingBack: nil))
            let status = left.isEmpty ? "DELETE_COMPLETE" : "DELETE_FAILED"
            let reason = left.isEmpty ? nil : "The following resource(s) failed to delete: [\(left.keys.joined(separator: ", "))]. "
            try await store.setStatus(stack.stackID, status, reason: reason, now: clock.now())
            try await store.recordStackEvent(stack, status: status, reason: reason, now: clock.now())
        } catch {
            logger.error("could not delete stack \(stack.name): \(error)")
        }
    }
}

/// True the first time it is asked, false after.
final class TurnOnce: Sendable {
    private let done = Synchronization.Atomic<Bool>(false)
    func first() -> Bool { !done.exchange(true, ordering: .relaxed) }
}
