import Foundation
import OrderedCollections
import Provisioning
import ServiceKit
import SlipwayCore
import TemplateEngine

/// An update checked and ready to run: the stack as it is, as it will be, both templates and who it acts as.
struct PreparedUpdate: Sendable {
    var current: StackRecord
    var updated: StackRecord
    var old: Template
    var new: Template
    var identity: Principal
}

extension CloudFormationService {
    var updateOperations: [ServiceOperation] {
        [
            ServiceOperation("UpdateStack", input: UpdateStackInput.self, accessAll: { input, context in
                var requests = [try await stackRequest("cloudformation:UpdateStack", input.stackName, context, roleARN: input.roleARN, templateURL: input.templateURL, tags: input.tags)]
                if let role = input.roleARN {
                    requests.append(try await passRole(role, to: "cloudformation.amazonaws.com", context: context, roles: roles))
                }
                return requests
            }, handler: { input, context in
                let stack = try await requireStack(input.stackName, context: context)
                let update = try await prepareUpdate(
                    stack, templateBody: input.usePreviousTemplate == true ? stack.templateBody : input.templateBody,
                    templateURL: input.usePreviousTemplate == true ? nil : input.templateURL, parameters: input.parameters,
                    capabilities: input.capabilities, roleARN: input.roleARN, tags: input.tags, context: context
                )
                guard update.updated.templateBody != stack.templateBody || update.updated.parameters != stack.parameters
                    || update.updated.tags != stack.tags || update.updated.roleARN != stack.roleARN
                else { throw CloudFormationError.validation("No updates are to be performed.") }
                try await startUpdate(update)
                try await store.obsoleteChangeSets(of: stack.stackID)
                return StackIdOutput(stackId: stack.stackID)
            }),
            ServiceOperation("CancelUpdateStack", input: StackNameInput.self, access: { input, context in
                try await stackRequest("cloudformation:CancelUpdateStack", input.stackName, context)
            }, handler: { input, context in
                let stack = try await requireStack(input.stackName, context: context)
                guard stack.status == "UPDATE_IN_PROGRESS", cancellations.cancel(stack.stackID) else {
                    throw CloudFormationError.validation("CancelUpdateStack cannot be called from current stack status")
                }
                return EmptyResult()
            }),
            ServiceOperation("ContinueUpdateRollback", input: ContinueUpdateRollbackInput.self, accessAll: { input, context in
                var requests = [try await stackRequest("cloudformation:ContinueUpdateRollback", input.stackName, context, roleARN: input.roleARN)]
                if let role = input.roleARN {
                    requests.append(try await passRole(role, to: "cloudformation.amazonaws.com", context: context, roles: roles))
                }
                return requests
            }, handler: { input, context in
                let stack = try await requireStack(input.stackName, context: context)
                guard stack.status == "UPDATE_ROLLBACK_FAILED" else {
                    throw CloudFormationError.validation("Stack \(stack.stackID) is in \(stack.status) state and can not continue update rollback.")
                }
                let identity = try await identity(roleARN: input.roleARN ?? stack.roleARN, context: context)
                let skip = Set(input.resourcesToSkip ?? [])
                try await store.setStatus(stack.stackID, "UPDATE_ROLLBACK_IN_PROGRESS", reason: "User Initiated", now: clock.now())
                try await store.recordStackEvent(stack, status: "UPDATE_ROLLBACK_IN_PROGRESS", reason: "User Initiated", now: clock.now())
                Task { await resumeUpdateRollback(stack, identity: identity, interrupted: false, skipping: skip) }
                return EmptyResult()
            }),
        ]
    }

    /// Checks an update the way CloudFormation does before it starts: the stack may be updated, the template and
    /// parameters are valid (`UsePreviousValue` takes the stack's value), the capabilities cover it, the role can be
    /// assumed. Nothing is changed.
    func prepareUpdate(
        _ stack: StackRecord, templateBody: String?, templateURL: String?, parameters: [ParameterShape]?, capabilities: [String]?,
        roleARN: String?, tags: [StackTagShape]?, context: ServiceContext
    ) async throws -> PreparedUpdate {
        guard StackStore.updatableStatuses.contains(stack.status) else {
            throw CloudFormationError.validation("Stack:\(stack.stackID) is in \(stack.status) state and can not be updated.")
        }
        var given: [String: String] = [:]
        for parameter in parameters ?? [] {
            guard let key = parameter.parameterKey else { continue }
            if parameter.usePreviousValue == true {
                guard parameter.parameterValue == nil else {
                    throw CloudFormationError.validation("Invalid input for parameter key \(key). Cannot specify usePreviousValue as true and non empty value for a parameter")
                }
                if let previous = stack.parameters[key] { given[key] = previous }
            } else {
                given[key] = parameter.parameterValue ?? ""
            }
        }
        let source = try await templateSource(body: templateBody, url: templateURL, context: context)
        let new = try loadTemplate(body: source, parameters: given, fromURL: templateURL != nil)
        try checkCapabilities(new, granted: capabilities ?? [])
        try checkParameters(new, given: given, stackName: stack.name, stackID: stack.stackID, context: context)
        do {
            _ = try TemplateDiff.changes(from: try Template.load(stack.templateBody), to: new, catalog: registry.catalog)
        } catch {
            throw CloudFormationError.validation(error.message)
        }
        let old = try loadTemplate(body: stack.templateBody, parameters: stack.parameters)
        let role = roleARN ?? stack.roleARN
        var updated = stack
        updated.templateBody = source ?? ""
        updated.parameters = given
        updated.description = new.description
        updated.capabilities = Array(Set(capabilities ?? [])).sorted()
        updated.roleARN = role
        if let tags { updated.tags = tags }
        return PreparedUpdate(current: stack, updated: updated, old: old, new: new, identity: try await identity(roleARN: role, context: context))
    }

    /// `InsufficientCapabilitiesException` unless `granted` acknowledges what the template's IAM resources need.
    func checkCapabilities(_ template: Template, granted: [String]) throws {
        let required = ResourceCatalog.requiredCapabilities(template).capabilities
        let granted = Set(granted)
        if let needed = required.first, !granted.contains(needed), !(needed == "CAPABILITY_IAM" && granted.contains("CAPABILITY_NAMED_IAM")) {
            throw CloudFormationError.insufficientCapabilities(required)
        }
    }

    /// Switches the stack to `UPDATE_IN_PROGRESS` (a `ValidationError` when another operation got there first) and
    /// runs the update in the background.
    func startUpdate(_ update: PreparedUpdate) async throws {
        let (settings, exports) = try await beginUpdate(update)
        Task { await runUpdate(update, settings: settings, exports: exports) }
    }

    /// Switches the stack to `UPDATE_IN_PROGRESS`, or throws when another operation got there first.
    func beginUpdate(_ update: PreparedUpdate) async throws -> (StackEngine.Settings, ExportView) {
        let now = clock.now()
        guard try await store.beginUpdate(update.updated, previous: update.current.asPrevious, now: now) else {
            let status = try await store.stack(update.current.stackID, account: update.current.accountID, region: update.current.region)?.status ?? "UNKNOWN"
            throw CloudFormationError.validation("Stack:\(update.current.stackID) is in \(status) state and can not be updated.")
        }
        try await store.recordStackEvent(update.current, status: "UPDATE_IN_PROGRESS", reason: "User Initiated", now: now)
        cancellations.register(update.current.stackID)
        return try await operationSettings(for: update.updated, identity: update.identity)
    }

    func runUpdate(_ update: PreparedUpdate, settings: StackEngine.Settings, exports: ExportView) async {
        let stack = update.updated
        defer { cancellations.finish(stack.stackID) }
        do {
            let current = try await existingResources(stack.stackID)
            let result = await engine.update(
                from: update.old, resources: current, to: update.new, parameters: stack.parameters, settings: settings,
                hooks: updateHooks(for: stack), record: recorder(for: stack, rollingBack: nil)
            )
            switch result.status {
            case "UPDATE_COMPLETE":
                try await store.finishUpdate(stack.stackID, status: result.status, reason: nil, outputs: nil, restore: false, now: clock.now())
                try await store.setImports(stack.stackID, exports.imports)
            case "UPDATE_ROLLBACK_COMPLETE":
                try await store.finishUpdate(stack.stackID, status: result.status, reason: result.reason, outputs: nil, restore: true, now: clock.now())
            default:
                try await store.setStatus(stack.stackID, result.status, reason: result.reason, now: clock.now())
            }
            try await store.recordStackEvent(stack, status: result.status, reason: result.reason, now: clock.now())
            try await store.finishExecution(stackID: stack.stackID, succeeded: result.status == "UPDATE_COMPLETE")
        } catch {
            logger.error("could not record the update of stack \(stack.name): \(error)")
        }
    }

    /// Journals each step and records each phase of an update as the stack's status, before the engine goes on.
    func updateHooks(for stack: StackRecord) -> UpdateHooks {
        let store = store, clock = clock, logger = logger, cancellations = cancellations
        return UpdateHooks(
            journal: { step in
                do { try await store.journal(stack.stackID, step) } catch { logger.error("could not journal an update step of \(stack.name): \(error)") }
            },
            phase: { phase in
                do {
                    switch phase {
                    case .rollingBack(let reason):
                        try await store.setStatus(stack.stackID, "UPDATE_ROLLBACK_IN_PROGRESS", reason: reason, now: clock.now())
                        try await store.recordStackEvent(stack, status: "UPDATE_ROLLBACK_IN_PROGRESS", reason: reason, now: clock.now())
                    case .rollbackCleanup:
                        try await store.setStatus(stack.stackID, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", reason: nil, now: clock.now())
                        try await store.recordStackEvent(stack, status: "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", reason: nil, now: clock.now())
                    case .cleanup(let outputs):
                        let stored = outputs.map { key, value in StackRecord.StoredOutput(key: key, value: value.value, description: nil, exportName: value.exportName) }
                        try await store.setStatus(stack.stackID, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", reason: nil, outputs: stored, now: clock.now())
                        try await store.recordStackEvent(stack, status: "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", reason: nil, now: clock.now())
                    }
                } catch {
                    logger.error("could not record the status of stack \(stack.name): \(error)")
                }
            },
            cancelled: { cancellations.isCancelled(stack.stackID) }
        )
    }

    /// A stack's resources that exist, as last recorded.
    func existingResources(_ stackID: String) async throws -> OrderedDictionary<String, ProvisionedResource> {
        var existing = OrderedDictionary<String, ProvisionedResource>()
        for resource in try await store.resources(stackID) {
            if let provisioned = resource.provisioned, resource.status != "DELETE_SKIPPED" { existing[resource.logicalID] = provisioned }
        }
        return existing
    }

    /// Undoes the journaled steps of the stack's update (after a failed rollback, or one a stopped server left
    /// running) and puts the previous template back: `UPDATE_ROLLBACK_COMPLETE`, or `UPDATE_ROLLBACK_FAILED` again.
    func resumeUpdateRollback(_ stack: StackRecord, identity: Principal, interrupted: Bool, skipping skip: Set<String> = []) async {
        do {
            let new = try loadTemplate(body: stack.templateBody, parameters: stack.parameters)
            var previousStack = stack
            if let previous = stack.previous {
                previousStack.templateBody = previous.templateBody
                previousStack.parameters = previous.parameters
                previousStack.tags = previous.tags
            }
            let old = try loadTemplate(body: previousStack.templateBody, parameters: previousStack.parameters)
            let steps = try await store.journaledSteps(stack.stackID).filter { !skip.contains($0.logicalID) }
            let (settings, _) = try await operationSettings(for: previousStack, identity: identity)
            let undone = await engine.rollBackUpdate(
                steps, resources: try await existingResources(stack.stackID), old: old, new: new, interrupted: interrupted, settings: settings,
                hooks: updateHooks(for: stack), record: recorder(for: stack, rollingBack: nil)
            )
            let status = undone ? "UPDATE_ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_FAILED"
            if undone {
                try await store.finishUpdate(stack.stackID, status: status, reason: nil, outputs: nil, restore: true, now: clock.now())
            } else {
                try await store.setStatus(stack.stackID, status, reason: "The following resource(s) failed to roll back", now: clock.now())
            }
            try await store.recordStackEvent(stack, status: status, reason: nil, now: clock.now())
        } catch {
            logger.error("could not roll back the update of stack \(stack.name): \(error)")
            try? await store.setStatus(stack.stackID, "UPDATE_ROLLBACK_FAILED", reason: StackEngine.describe(error), now: clock.now())
        }
    }

    /// Finishes the cleanup of an update that had succeeded when the server stopped.
    func resumeUpdateCleanup(_ stack: StackRecord, identity: Principal) async {
        do {
            guard let previous = stack.previous else {
                try await store.finishUpdate(stack.stackID, status: "UPDATE_COMPLETE", reason: nil, outputs: nil, restore: false, now: clock.now())
                return
            }
            let old = try loadTemplate(body: previous.templateBody, parameters: previous.parameters)
            let (settings, _) = try await operationSettings(for: stack, identity: identity)
            await engine.cleanUpUpdate(try await store.journaledSteps(stack.stackID), old: old, settings: settings, record: recorder(for: stack, rollingBack: nil))
            try await store.finishUpdate(stack.stackID, status: "UPDATE_COMPLETE", reason: nil, outputs: nil, restore: false, now: clock.now())
            try await store.recordStackEvent(stack, status: "UPDATE_COMPLETE", reason: nil, now: clock.now())
        } catch {
            logger.error("could not finish the cleanup of stack \(stack.name): \(error)")
        }
    }
}
