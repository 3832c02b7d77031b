import Foundation
import OrderedCollections
import Provisioning
import ServiceKit
import SlipwayCore
import TemplateEngine

extension CloudFormationService {
    var changeSetOperations: [ServiceOperation] {
        [
            ServiceOperation("CreateChangeSet", input: CreateChangeSetInput.self, accessAll: { input, context in
                var requests = [try await stackRequest(
                    "cloudformation:CreateChangeSet", input.stackName, context, roleARN: input.roleARN, templateURL: input.templateURL, changeSetName: input.changeSetName,
                    tags: input.tags
                )]
                if let role = input.roleARN {
                    requests.append(try await passRole(role, to: "cloudformation.amazonaws.com", context: context, roles: roles))
                }
                return requests
            }, handler: { input, context in try await createChangeSet(input, context: context) }),
            ServiceOperation("DescribeChangeSet", input: ChangeSetNameInput.self, access: { input, context in
                try await stackRequest("cloudformation:DescribeChangeSet", input.stackName, context, changeSetName: input.changeSetName)
            }, handler: { input, context in
                let (changeSet, stack) = try await findChangeSet(input, context: context)
                return describe(changeSet, stack: stack, includeValues: input.includePropertyValues == true)
            }),
            ServiceOperation("ExecuteChangeSet", input: ChangeSetNameInput.self, access: { input, context in
                try await stackRequest("cloudformation:ExecuteChangeSet", input.stackName, context, changeSetName: input.changeSetName)
            }, handler: { input, context in
                let (changeSet, stack) = try await findChangeSet(input, context: context)
                try await execute(changeSet, stack: stack, context: context)
                return EmptyResult()
            }),
            ServiceOperation("DeleteChangeSet", input: ChangeSetNameInput.self, access: { input, context in
                try await stackRequest("cloudformation:DeleteChangeSet", input.stackName, context, changeSetName: input.changeSetName)
            }, handler: { input, context in
                let (changeSet, _) = try await findChangeSet(input, context: context)
                guard changeSet.executionStatus != "EXECUTE_IN_PROGRESS" else {
                    throw CloudFormationError.invalidChangeSetStatus("ChangeSet [\(changeSet.changeSetID)] cannot be deleted in its current execution status of [EXECUTE_IN_PROGRESS]")
                }
                try await store.deleteChangeSet(changeSet.changeSetID)
                return EmptyResult()
            }),
            ServiceOperation("ListChangeSets", input: ListChangeSetsInput.self, access: { input, context in
                try await stackRequest("cloudformation:ListChangeSets", input.stackName, context)
            }, handler: { input, context in
                let stack = try await requireStack(input.stackName, context: context)
                return ListChangeSetsOutput(summaries: try await store.changeSets(of: stack.stackID).map { changeSet in
                    ChangeSetSummaryShape(
                        stackId: stack.stackID, stackName: stack.name, changeSetId: changeSet.changeSetID, changeSetName: changeSet.name,
                        executionStatus: changeSet.executionStatus, status: changeSet.status, statusReason: changeSet.statusReason,
                        creationTime: changeSet.created, description: changeSet.description
                    )
                })
            }),
        ]
    }

    static let noChangesReason = "The submitted information didn't contain changes. Submit different information to create a change set."

    /// Checks the proposed change as `CreateStack` or `UpdateStack` would and records what it would do, without doing it.
    func createChangeSet(_ input: CreateChangeSetInput, context: ServiceContext) async throws -> CreateChangeSetOutput {
        let name = input.changeSetName
        guard name.count <= 128, name.range(of: "^[a-zA-Z][-a-zA-Z0-9]*$", options: .regularExpression) != nil else {
            throw CloudFormationError.validation(
                "1 validation error detected: Value '\(name)' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*"
            )
        }
        let type = input.changeSetType ?? "UPDATE"
        guard type == "CREATE" || type == "UPDATE" else {
            if type == "IMPORT" { throw CloudFormationError.validation("Slipway does not import existing resources: ChangeSetType IMPORT is not supported") }
            throw CloudFormationError.validation(
                "1 validation error detected: Value '\(type)' at 'changeSetType' failed to satisfy constraint: Member must satisfy enum value set: [IMPORT, UPDATE, CREATE]"
            )
        }
        let existing = try await store.stack(input.stackName, account: context.account.rawValue, region: context.region.name)
        let now = clock.now()
        let changeSetID = "arn:aws:cloudformation:\(context.region.name):\(context.account):changeSet/\(name)/\(UUID().uuidString.lowercased())"
        var record = ChangeSetRecord(
            changeSetID: changeSetID, stackID: "", name: name, type: type, status: "CREATE_COMPLETE", statusReason: nil, executionStatus: "AVAILABLE",
            description: input.description, templateBody: "", parameters: [:], capabilities: Array(Set(input.capabilities ?? [])).sorted(),
            tags: input.tags, roleARN: input.roleARN, changes: [], created: now
        )
        var newStack: StackRecord?
        if type == "CREATE" {
            if let existing, existing.status != "REVIEW_IN_PROGRESS" {
                throw CloudFormationError.validation("Stack [\(input.stackName)] already exists and cannot be created again with the changeSet [\(name)].")
            }
            try Self.checkStackName(input.stackName)
            var given: [String: String] = [:]
            for parameter in input.parameters ?? [] {
                if let key = parameter.parameterKey { given[key] = parameter.parameterValue ?? "" }
            }
            let body = try await templateSource(body: input.templateBody, url: input.templateURL, context: context)
            let template = try loadTemplate(body: body, parameters: given, fromURL: input.templateURL != nil)
            try checkCapabilities(template, granted: input.capabilities ?? [])
            _ = try await identity(roleARN: input.roleARN, context: context)
            let stackID = existing?.stackID ?? stackARN(input.stackName, context: context, id: UUID().uuidString.lowercased())
            var settings = StackEngine.Settings(stackName: input.stackName, stackID: stackID, region: context.region.name, accountID: context.account.rawValue, identity: context.principal)
            let exports = try await store.exportView(for: stackID, account: context.account.rawValue, region: context.region.name)
            settings.importedValue = { exports.value($0) }
            do {
                record.changes = Self.shapes(try engine.preview(from: template, resources: [:], previousParameters: given, to: template, parameters: given, settings: settings))
            } catch {
                throw CloudFormationError.validation(error.message)
            }
            record.stackID = stackID
            record.templateBody = body ?? ""
            record.parameters = given
            if existing == nil {
                newStack = StackRecord(
                    stackID: stackID, accountID: context.account.rawValue, region: context.region.name, name: input.stackName, status: "REVIEW_IN_PROGRESS",
                    statusReason: "User Initiated", description: template.description, templateBody: "", parameters: [:], outputs: [], tags: input.tags ?? [],
                    capabilities: [], roleARN: input.roleARN, principal: StoredPrincipal(context.principal), disableRollback: false, created: now
                )
            }
        } else {
            guard let existing, existing.deleted == nil else { throw CloudFormationError.validation("Stack [\(input.stackName)] does not exist") }
            let update = try await prepareUpdate(
                existing, templateBody: input.usePreviousTemplate == true ? existing.templateBody : input.templateBody,
                templateURL: input.usePreviousTemplate == true ? nil : input.templateURL, parameters: input.parameters, capabilities: input.capabilities,
                roleARN: input.roleARN, tags: input.tags, context: context
            )
            let (settings, _) = try await operationSettings(for: update.updated, identity: update.identity)
            do {
                record.changes = Self.shapes(try engine.preview(
                    from: update.old, resources: try await existingResources(existing.stackID), previousParameters: existing.parameters, to: update.new,
                    parameters: update.updated.parameters, settings: settings
                ))
            } catch let error as TemplateError {
                throw CloudFormationError.validation(error.message)
            }
            record.stackID = existing.stackID
            record.templateBody = update.updated.templateBody
            record.parameters = update.updated.parameters
            if update.updated.templateBody == existing.templateBody, update.updated.parameters == existing.parameters, update.updated.tags == existing.tags {
                record.status = "FAILED"
                record.statusReason = Self.noChangesReason
                record.executionStatus = "UNAVAILABLE"
            }
        }
        try await store.insert(record, newStack: newStack)
        if let newStack { try await store.recordStackEvent(newStack, status: "REVIEW_IN_PROGRESS", reason: "User Initiated", now: now) }
        return CreateChangeSetOutput(id: changeSetID, stackId: record.stackID)
    }

    /// The change set a name names: its ARN, or its name on the stack `StackName` names.
    func findChangeSet(_ input: ChangeSetNameInput, context: ServiceContext) async throws -> (ChangeSetRecord, StackRecord) {
        let notFound = CloudFormationError(code: "ChangeSetNotFound", message: "ChangeSet [\(input.changeSetName)] does not exist", httpStatus: 404)
        let changeSet: ChangeSetRecord?
        if input.changeSetName.hasPrefix("arn:") {
            changeSet = try await store.changeSet(id: input.changeSetName)
        } else {
            guard let stackName = input.stackName, !stackName.isEmpty else {
                throw CloudFormationError.validation("StackName must be specified if ChangeSetName is not specified as an ARN.")
            }
            guard let stack = try await store.stack(stackName, account: context.account.rawValue, region: context.region.name) else { throw notFound }
            changeSet = try await store.changeSet(named: input.changeSetName, stackID: stack.stackID)
        }
        guard let changeSet, let stack = try await store.stack(changeSet.stackID, account: context.account.rawValue, region: context.region.name) else {
            throw notFound
        }
        return (changeSet, stack)
    }

    func describe(_ changeSet: ChangeSetRecord, stack: StackRecord, includeValues: Bool) -> DescribeChangeSetOutput {
        let template = try? Template.load(changeSet.templateBody)
        var changes = changeSet.changes
        if !includeValues {
            for index in changes.indices {
                for detail in changes[index].resourceChange.details.indices {
                    changes[index].resourceChange.details[detail].target.beforeValue = nil
                    changes[index].resourceChange.details[detail].target.afterValue = nil
                }
            }
        }
        return DescribeChangeSetOutput(
            changeSetName: changeSet.name, changeSetId: changeSet.changeSetID, stackId: stack.stackID, stackName: stack.name,
            description: changeSet.description,
            parameters: template.map { template in
                template.parameters.values.map { declaration in
                    let value = changeSet.parameters[declaration.name] ?? declaration.defaultValue ?? ""
                    return ParameterShape(parameterKey: declaration.name, parameterValue: declaration.noEcho ? "****" : value, usePreviousValue: nil)
                }
            },
            creationTime: changeSet.created, executionStatus: changeSet.executionStatus, status: changeSet.status, statusReason: changeSet.statusReason,
            capabilities: changeSet.capabilities.isEmpty ? nil : changeSet.capabilities, tags: changeSet.tags, changes: changes
        )
    }

    /// Runs what a change set proposed: the create of its `REVIEW_IN_PROGRESS` stack, or the update. The stack's
    /// other change sets are deleted; this one ends `EXECUTE_COMPLETE` or `EXECUTE_FAILED` with the operation.
    func execute(_ changeSet: ChangeSetRecord, stack: StackRecord, context: ServiceContext) async throws {
        guard changeSet.executionStatus == "AVAILABLE" else {
            throw CloudFormationError.invalidChangeSetStatus(
                "ChangeSet [\(changeSet.changeSetID)] cannot be executed in its current execution status of [\(changeSet.executionStatus)]"
            )
        }
        let identity = try await identity(roleARN: changeSet.roleARN ?? stack.roleARN, context: context)
        if changeSet.type == "CREATE" {
            guard stack.status == "REVIEW_IN_PROGRESS" else {
                throw CloudFormationError.validation("Stack:\(stack.stackID) is in \(stack.status) state and can not be created.")
            }
            let template = try loadTemplate(body: changeSet.templateBody, parameters: changeSet.parameters)
            var record = stack
            record.status = "CREATE_IN_PROGRESS"
            record.templateBody = changeSet.templateBody
            record.parameters = changeSet.parameters
            record.tags = changeSet.tags ?? stack.tags
            record.capabilities = changeSet.capabilities
            record.roleARN = changeSet.roleARN
            record.description = template.description
            record.principal = StoredPrincipal(context.principal)
            let (settings, exports) = try await operationSettings(for: record, identity: identity)
            guard try await store.beginExecution(changeSet) else { throw CloudFormationError.invalidChangeSetStatus("ChangeSet [\(changeSet.changeSetID)] is already executing") }
            guard try await store.beginCreate(record, now: clock.now()) else {
                try await store.finishExecution(stackID: stack.stackID, succeeded: false)
                throw CloudFormationError.validation("Stack:\(stack.stackID) is no longer in REVIEW_IN_PROGRESS state and can not be created.")
            }
            try await store.recordStackEvent(record, status: "CREATE_IN_PROGRESS", reason: "User Initiated", now: clock.now())
            Task { await runCreate(record, template: template, parameters: changeSet.parameters, settings: settings, exports: exports, deleteOnFailure: false) }
        } else {
            let update = try await prepareUpdate(
                stack, templateBody: changeSet.templateBody, templateURL: nil,
                parameters: changeSet.parameters.map { ParameterShape(parameterKey: $0.key, parameterValue: $0.value, usePreviousValue: nil) },
                capabilities: changeSet.capabilities, roleARN: changeSet.roleARN, tags: changeSet.tags, context: context
            )
            guard try await store.beginExecution(changeSet) else { throw CloudFormationError.invalidChangeSetStatus("ChangeSet [\(changeSet.changeSetID)] is already executing") }
            do {
                try await startUpdate(update)
            } catch {
                try await store.finishExecution(stackID: stack.stackID, succeeded: false)
                throw error
            }
        }
    }

    /// The engine's preview as `Changes`.
    static func shapes(_ changes: [ResourceChange]) -> [ChangeShape] {
        changes.map { change in
            ChangeShape(type: "Resource", resourceChange: ResourceChangeShape(
                action: change.action.rawValue, logicalResourceId: change.logicalID, physicalResourceId: change.physicalID,
                resourceType: change.resourceType, replacement: change.replacement?.rawValue, scope: change.scope,
                details: change.details.map { detail in
                    ResourceChangeDetailShape(
                        target: ResourceTargetDefinitionShape(
                            attribute: "Properties", name: detail.property, requiresRecreation: detail.requiresRecreation,
                            beforeValue: detail.before.map { $0.scalarText ?? $0.jsonText }, afterValue: detail.after.map { $0.scalarText ?? $0.jsonText }
                        ),
                        evaluation: detail.evaluation, changeSource: detail.changeSource, causingEntity: detail.causingEntity
                    )
                }
            ))
        }
    }
}
