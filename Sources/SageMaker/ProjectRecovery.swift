import Foundation
import ServiceKit
import SlipwayCore

extension SageMakerService {
    /// Settles projects a stopped server left between their record and their stack: one whose stack was made is
    /// linked to it (the stack's own recovery settles the stack), one whose stack never came to be is `CreateFailed`.
    public func recoverInterruptedProjects() async {
        let start = clock.now()
        do {
            // Only what was pending when this server started: a launch arriving now is not a leftover.
            for var project in try await store.pendingProjects() where project.created < start {
                guard let account = AccountID(project.account) else { continue }
                let context = ServiceContext(
                    account: account, region: Region(project.region) ?? .usEast1,
                    principal: Principal(kind: .service("sagemaker.amazonaws.com"), arn: "sagemaker.amazonaws.com", account: nil, userID: "sagemaker"),
                    requestID: "recovery", logger: logger, receivedAt: clock.now()
                )
                if let report = try await stacks.report(stackID: project.stackName, context: context) {
                    project.stackID = report.stackID
                    logger.notice("linked project \(project.name) to its stack \(report.stackID)")
                } else {
                    project.status = "CreateFailed"
                    project.statusMessage = "The server stopped before the project's stack was created"
                    logger.notice("project \(project.name) failed: the server stopped before its stack was created")
                }
                try await store.update(project)
            }
        } catch {
            logger.error("could not recover interrupted projects: \(error)")
        }
    }
}
