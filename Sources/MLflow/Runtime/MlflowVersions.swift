import Compute

/// The MLflow versions tracking servers can run, each an environment built once from pinned packages: the MLflow
/// server itself, boto3 for its S3 artifact store and the PostgreSQL driver for a PostgreSQL backend store.
public struct MlflowVersions: Sendable {
    /// One servable version and what its environment holds.
    public struct Version: Sendable, Equatable {
        public var version: String
        public var profile: ImageProfile
    }

    public let versions: [Version]

    /// The version a server gets when its creator names none: the newest.
    public var defaultVersion: String { versions.last?.version ?? "" }

    public init(_ versions: [Version] = MlflowVersions.builtIn) {
        self.versions = versions
    }

    /// The versions Slipway serves unless told otherwise.
    public static let builtIn: [Version] = [
        Version(
            version: "3.17.2",
            profile: ImageProfile(name: "mlflow-3.17.2", python: "3.11", packages: ["mlflow==3.17.2", "boto3==1.43.11", "psycopg2-binary==2.9.13"])
        ),
    ]

    /// The environment of `version`, or nil when it is not served.
    public func profile(for version: String) -> ImageProfile? {
        versions.first { $0.version == version }?.profile
    }

    /// The refusal of a version Slipway does not serve, naming those it does.
    func unavailable(_ version: String) -> String {
        "MLflow version \(version) is not available. Available versions: \(versions.map(\.version).joined(separator: ", "))."
    }
}
