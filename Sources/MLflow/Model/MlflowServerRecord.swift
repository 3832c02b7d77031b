import Foundation

/// A managed MLflow server as stored — a tracking server or an MLflow app: what was asked for, the state it is in,
/// and where its MLflow process keeps its data.
struct MlflowServerRecord: Codable, Sendable, Equatable {
    /// What kind of SageMaker resource stands for the server.
    enum Kind: String, Codable, Sendable {
        case trackingServer = "mlflow-tracking-server"
        case app = "mlflow-app"
    }

    var kind: Kind
    var arn: String
    var account: String
    var region: String
    /// The tracking server's name (its ARN's last part), or the app's name (not part of its ARN).
    var name: String
    /// The internal id: the UI's path, the state directory's name and the database schema's suffix.
    var id: String
    var artifactStoreUri: String
    var roleArn: String
    var mlflowVersion: String
    var size: String
    var automaticModelRegistration: Bool
    var weeklyMaintenanceWindowStart: String?
    var bucketOwnerAccountId: String?
    var bucketOwnerVerification: Bool?
    var accountDefaultStatus: String?
    var defaultDomainIdList: [String]?
    var status: String
    /// Whether the MLflow process is up and answering.
    var isActive: Bool
    /// Set once the process had to be restarted by Slipway (`MaintenanceInProgress` while it comes back).
    var maintenanceStatus: String?
    /// Why the server last failed (creation, start or a crash), for the log and for operators.
    var failureReason: String?
    var created: Date
    var createdBy: String
    var modified: Date
    var modifiedBy: String
    /// Until when a Slipway server's lease on running the process lasts (read from its column, never from the JSON).
    var leaseUntil: Date? = nil

    enum CodingKeys: String, CodingKey {
        case kind, arn, account, region, name, id, artifactStoreUri, roleArn, mlflowVersion, size, automaticModelRegistration
        case weeklyMaintenanceWindowStart, bucketOwnerAccountId, bucketOwnerVerification, accountDefaultStatus, defaultDomainIdList, status
        case isActive, maintenanceStatus, failureReason, created, createdBy, modified, modifiedBy
    }

    /// States in which the server's MLflow process should run.
    static let running: Set<String> = [
        "Creating", "Created", "Updating", "Updated", "UpdateFailed", "Starting", "Started", "MaintenanceInProgress", "MaintenanceComplete",
        "MaintenanceFailed",
    ]
    var shouldRun: Bool { Self.running.contains(status) }

    /// Whether the process answers as far as anyone knows: it did, and a live Slipway server still supervises it.
    func active(at now: Date) -> Bool { isActive && (leaseUntil.map { $0 > now } ?? false) }

    /// The path prefix MLflow serves its API and UI under, behind Slipway's edge.
    var uiPrefix: String { "/_slipway/mlflow/\(id)" }
}
