import Foundation
import OrderedCollections
import Provisioning
import ServiceKit
import TemplateEngine

extension CloudFormationService {
    /// Finishes what a stopped server left running, so no stack stays in progress: an interrupted create rolls back
    /// (every resource recorded, including one whose create had only begun, is deleted), an interrupted delete
    /// carries on, an interrupted update is undone from its journal (or, past the point of success, its cleanup
    /// finished).
    public func recoverInterruptedOperations() async {
        let stacks: [StackRecord]
        do {
            stacks = try await store.interruptedStacks()
        } catch {
            logger.error("could not look for interrupted stack operations: \(error)")
            return
        }
        for stack in stacks {
            await recover(stack)
            // A change set whose execution the stop interrupted ends with the operation it ran.
            let status = try? await store.stack(stack.stackID, account: stack.accountID, region: stack.region)?.status
            try? await store.finishExecution(stackID: stack.stackID, succeeded: status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE")
        }
    }

    private func recover(_ stack: StackRecord) async {
        let reason = "The server stopped during the operation"
        do {
            let template = try loadTemplate(body: stack.templateBody, parameters: stack.parameters)
            let principal: Principal
            if let roleARN = stack.roleARN {
                principal = try await roles.assumeRole(roleARN, by: "cloudformation.amazonaws.com", for: stack.accountID, sessionName: "AWSCloudFormation", conditions: ["aws:SourceAccount": [stack.accountID]])
            } else if let stored = stack.principal {
                principal = stored.principal
            } else {
                throw CloudFormationError.validation("the stack records no identity to act as")
            }
            let (settings, _) = try await operationSettings(for: stack, identity: principal)
            switch stack.status {
            case "REVIEW_IN_PROGRESS":
                return  // waiting for its change set to be executed, not interrupted
            case "UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS":
                logger.notice("rolling back the update of stack \(stack.name), interrupted in \(stack.status)")
                if stack.status == "UPDATE_IN_PROGRESS" {
                    try await store.setStatus(stack.stackID, "UPDATE_ROLLBACK_IN_PROGRESS", reason: reason, now: clock.now())
                    try await store.recordStackEvent(stack, status: "UPDATE_ROLLBACK_IN_PROGRESS", reason: reason, now: clock.now())
                }
                await resumeUpdateRollback(stack, identity: principal, interrupted: true)
            case "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS":
                logger.notice("finishing the cleanup of stack \(stack.name)")
                await resumeUpdateCleanup(stack, identity: principal)
            case "DELETE_IN_PROGRESS":
                logger.notice("resuming the deletion of stack \(stack.name)")
                await runDelete(stack, template: template, settings: settings)
            default:
                logger.notice("rolling back stack \(stack.name), interrupted in \(stack.status)")
                try await store.setStatus(stack.stackID, "ROLLBACK_IN_PROGRESS", reason: reason, now: clock.now())
                try await store.recordStackEvent(stack, status: "ROLLBACK_IN_PROGRESS", reason: reason, now: clock.now())
                let existing = try await existingResources(stack.stackID)
                let left = await engine.delete(existing, template: template, settings: settings, record: recorder(for: stack, rollingBack: nil))
                let status = left.isEmpty ? "ROLLBACK_COMPLETE" : "ROLLBACK_FAILED"
                try await store.setStatus(stack.stackID, status, reason: reason, now: clock.now())
                try await store.recordStackEvent(stack, status: status, reason: reason, now: clock.now())
            }
        } catch {
            let failed = stack.status == "DELETE_IN_PROGRESS" ? "DELETE_FAILED" : "ROLLBACK_FAILED"
            logger.error("could not recover stack \(stack.name): \(error)")
            try? await store.setStatus(stack.stackID, failed, reason: "\(reason); recovery failed: \(StackEngine.describe(error))", now: clock.now())
        }
    }
}
