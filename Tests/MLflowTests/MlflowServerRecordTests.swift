import Foundation
import Testing
@testable import MLflow

/// What a stored server says about itself: which states run a process, and when it counts as active.
@Suite struct MlflowServerRecordTests {
    func record(status: String, active: Bool, leaseUntil: Date?) -> MlflowServerRecord {
        let now = Date(timeIntervalSince1970: 1_000)
        return MlflowServerRecord(
            kind: .trackingServer, arn: "arn:aws:sagemaker:us-east-1:111111111111:mlflow-tracking-server/t", account: "111111111111",
            region: "us-east-1", name: "t", id: "t-abc", artifactStoreUri: "s3://b/p", roleArn: "arn:aws:iam::111111111111:role/r",
            mlflowVersion: "3.17.2", size: "Small", automaticModelRegistration: false, weeklyMaintenanceWindowStart: nil, bucketOwnerAccountId: nil,
            bucketOwnerVerification: nil, accountDefaultStatus: nil, defaultDomainIdList: nil, status: status, isActive: active,
            maintenanceStatus: nil, failureReason: nil, created: now, createdBy: "arn", modified: now, modifiedBy: "arn", leaseUntil: leaseUntil
        )
    }

    @Test func runningStatesRunAProcessAndStoppedOnesDoNot() {
        for status in ["Creating", "Created", "Updating", "Updated", "Starting", "Started", "MaintenanceComplete"] {
            #expect(record(status: status, active: false, leaseUntil: nil).shouldRun, "\(status)")
        }
        for status in ["Stopping", "Stopped", "CreateFailed", "StartFailed", "Deleting"] {
            #expect(!record(status: status, active: false, leaseUntil: nil).shouldRun, "\(status)")
        }
    }

    @Test func activeNeedsALiveLeaseNotOnlyTheLastWordOfItsProcess() {
        let now = Date(timeIntervalSince1970: 2_000)
        #expect(record(status: "Created", active: true, leaseUntil: now.addingTimeInterval(10)).active(at: now))
        #expect(!record(status: "Created", active: true, leaseUntil: now.addingTimeInterval(-1)).active(at: now))
        #expect(!record(status: "Created", active: true, leaseUntil: nil).active(at: now))
        #expect(!record(status: "Created", active: false, leaseUntil: now.addingTimeInterval(10)).active(at: now))
    }

    @Test func theStoredJSONNeverCarriesTheLease() throws {
        let stored = record(status: "Created", active: true, leaseUntil: Date(timeIntervalSince1970: 5_000))
        let text = MlflowStore.encode(stored)
        #expect(text.contains(#""status":"Created""#))
        #expect(!text.contains("leaseUntil"))
    }
}
