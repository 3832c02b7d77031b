import Foundation

/// A resource the hosting tables keep by name, unique in an account and region regardless of case.
protocol HostingRecord: Codable, Sendable {
    var arn: String { get }
    var account: String { get }
    var region: String { get }
    var name: String { get }
    var created: Date { get }
}

/// What model servers run for: an endpoint or a transform job — where their files are kept, their account and
/// region, and where their output goes in CloudWatch Logs.
protocol ServingOwner: Sendable {
    var arn: String { get }
    var account: String { get }
    var region: String { get }
    var name: String { get }
    var logGroup: String { get }
    func logStream(variant: String, instance: String) -> String
}

extension EndpointRecord: ServingOwner {
    var logGroup: String { "/aws/sagemaker/Endpoints/\(name)" }
    func logStream(variant: String, instance: String) -> String { variant.isEmpty ? instance : "\(variant)/\(instance)" }
}

/// What a container definition stands for once resolved: the image, where its model data is and its environment
/// (a model package's, when the definition named one).
struct ResolvedContainer: Codable, Sendable, Equatable {
    var image: String
    /// A `model.tar.gz` to extract into `/opt/ml/model`.
    var modelDataUrl: String?
    /// Uncompressed model data (`ModelDataSource`) to copy into `/opt/ml/model`.
    var modelDataSource: S3ModelDataSourceShape?
    var environment: [String: String]
}

/// A model: the containers as given (for `DescribeModel`) and as resolved when it was created.
struct ModelRecord: HostingRecord {
    var arn: String
    var account: String
    var region: String
    var name: String
    var created: Date
    var executionRoleArn: String?
    var primaryContainer: ContainerDefinitionShape?
    var containers: [ContainerDefinitionShape]?
    var enableNetworkIsolation: Bool
    var resolved: [ResolvedContainer]
}

/// An endpoint configuration: its variants and data capture, as given.
struct EndpointConfigRecord: HostingRecord {
    var arn: String
    var account: String
    var region: String
    var name: String
    var created: Date
    var variants: [ProductionVariantShape]
    var dataCapture: DataCaptureConfigShape?
    var kmsKeyId: String?
    var asyncInference: AsyncInferenceConfigShape? = nil
}

/// One variant of a deployment: its model resolved when the deployment was made, so deleting the model or
/// configuration later changes nothing that serves.
struct DeployedVariant: Codable, Sendable, Equatable {
    var name: String
    var modelName: String
    var roleArn: String
    var container: ResolvedContainer
    var instanceType: String
    var instanceCount: Int
    var weight: Float
    /// How long a new instance may take to answer its health check.
    var startupSeconds: Int
}

/// What an endpoint serves (or is about to): an endpoint configuration resolved at create or update time.
struct Deployment: Codable, Sendable, Equatable {
    /// Names the deployment's directory of downloaded model data.
    var id: String
    var configName: String
    var variants: [DeployedVariant]
    var dataCapture: DataCaptureConfigShape?
    var started: Date
    /// Where asynchronous invocations' answers go, when the configuration makes the endpoint asynchronous.
    var asyncInference: AsyncInferenceConfigShape? = nil
}

/// An endpoint: its status, what it serves and what an update is bringing up.
struct EndpointRecord: HostingRecord {
    var arn: String
    var account: String
    var region: String
    var name: String
    var created: Date
    var modified: Date
    var status: String
    var failureReason: String?
    /// The deployment taking traffic (nil until the first one is in service).
    var current: Deployment?
    /// The deployment being brought up by a create or an update.
    var pending: Deployment?
    /// When this server's lease on running the endpoint's processes ends (from the lease column, not the JSON).
    var leaseUntil: Date?

    enum CodingKeys: String, CodingKey {
        case arn, account, region, name, created, modified, status, failureReason, current, pending
    }

    /// Whether its processes should run: it serves or is being brought up.
    var shouldRun: Bool { ["Creating", "Updating", "InService", "SystemUpdating", "RollingBack"].contains(status) }

    /// The configuration the endpoint describes: the one it serves, or the one it is being created from.
    var configName: String? { current?.configName ?? pending?.configName }
}
