import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// What the hosting room's resource providers share: calling its operations in-process as the stack's identity,
/// reading template properties into their inputs, and waiting for an endpoint to settle.
struct HostingCaller: Sendable {
    let operations: [ServiceOperation]
    let authorizer: any AuthorizationPort
    let clock: any WallClock
    let logger: Logger
    /// How long a stack waits for an endpoint to settle.
    static let settleTimeout: TimeInterval = 3600

    init(operations: [ServiceOperation], authorizer: any AuthorizationPort, clock: any WallClock, logger: Logger) {
        self.operations = operations
        self.authorizer = authorizer
        self.clock = clock
        self.logger = logger
    }

    init(module: HostingModule, authorizer: any AuthorizationPort, logger: Logger) {
        self.init(operations: module.operations, authorizer: authorizer, clock: module.resources.clock, logger: logger)
    }

    /// Calls a `Delete…` operation; false when the resource was already gone ("Could not find …").
    func delete<Input: Sendable>(_ operation: String, _ input: Input, for request: ResourceRequest) async throws -> Bool {
        do {
            let _: EmptyOutput = try await call(operation, input, for: request)
            return true
        } catch let error as HostingError where error.message.hasPrefix("Could not find") {
            return false
        }
    }

    /// A provisioned resource's name: its name attribute, else the last part of its ARN.
    static func name(of resource: ProvisionedResource, _ attribute: String) -> String {
        resource.attributes[attribute]?.stringValue ?? String(resource.physicalID.split(separator: "/").last ?? "")
    }

    func call<Input: Sendable, Output: Sendable>(_ name: String, _ input: Input, for request: ResourceRequest) async throws -> Output {
        guard let operation = operations.first(where: { $0.name == name }) else {
            throw InProcessCallError(operation: name, problem: "the hosting room has no such operation")
        }
        return try await operation.call(
            input, context: try ServiceContext.stack(request, clock: clock, logger: logger),
            authorization: .init(authorizer: authorizer, deniedCode: HostingResources.deniedCode)
        )
    }

    /// The stack's tags and the resource's own, as SageMaker tags.
    static func tags(_ request: ResourceRequest) -> [TagShape]? {
        let tags = request.tags(declaredIn: request.properties, includingSystemTags: false).map { TagShape(key: $0.key, value: $0.value) }
        return tags.isEmpty ? nil : tags
    }

    /// The name a resource's template gives, or one made CloudFormation's way.
    static func name(_ property: String, _ request: ResourceRequest) -> String {
        if let given = request.properties[property]?.scalarText, !given.isEmpty { return given }
        return PhysicalName.generate(for: request, lowercase: false, allowed: Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"))
    }

    /// Waits until the endpoint leaves Creating/Updating; throws its failure reason when it ends Failed, or when an
    /// update left it on another configuration than `config`.
    func settle(_ name: String, config: String, for request: ResourceRequest) async throws -> DescribeEndpointOutput {
        let deadline = Date().addingTimeInterval(Self.settleTimeout)
        while Date() < deadline {
            let described: DescribeEndpointOutput = try await call("DescribeEndpoint", EndpointNameInput(endpointName: name), for: request)
            switch described.endpointStatus {
            case "InService":
                guard described.endpointConfigName == config else {
                    throw HostingError.validation("Endpoint \(name) could not be updated to \(config): \(described.failureReason ?? "the update failed")")
                }
                return described
            case "Failed", "OutOfService", "UpdateRollbackFailed":
                throw HostingError.validation("Endpoint \(name) is \(described.endpointStatus): \(described.failureReason ?? "see its logs")")
            default:
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        throw HostingError.validation("Endpoint \(name) did not settle within \(Int(Self.settleTimeout)) seconds.")
    }
}

/// Reading template properties into the hosting operations' inputs.
extension TemplateValue {
    var text: String? { scalarText }
    var int: Int? { scalarText.flatMap { Int($0) ?? Double($0).map { Int($0) } } }
    var float: Float? { scalarText.flatMap { Float($0) } }
    var flag: Bool? { boolValue ?? scalarText.map { $0.lowercased() == "true" } }
    var texts: [String]? { arrayValue?.compactMap(\.scalarText) }
    var textMap: [String: String]? {
        objectValue.map { members in Dictionary(members.compactMap { key, value in value.scalarText.map { (key, $0) } }, uniquingKeysWith: { first, _ in first }) }
    }

    var container: ContainerDefinitionShape {
        ContainerDefinitionShape(
            containerHostname: self["ContainerHostname"]?.text, image: self["Image"]?.text, mode: self["Mode"]?.text, modelDataUrl: self["ModelDataUrl"]?.text,
            modelDataSource: self["ModelDataSource"]?["S3DataSource"].map { source in
                ModelDataSourceShape(s3DataSource: S3ModelDataSourceShape(
                    s3Uri: source["S3Uri"]?.text ?? "", s3DataType: source["S3DataType"]?.text ?? "", compressionType: source["CompressionType"]?.text ?? ""
                ))
            },
            environment: self["Environment"]?.textMap, modelPackageName: self["ModelPackageName"]?.text,
            inferenceSpecificationName: self["InferenceSpecificationName"]?.text
        )
    }

    var productionVariant: ProductionVariantShape {
        ProductionVariantShape(
            variantName: self["VariantName"]?.text ?? "", modelName: self["ModelName"]?.text, initialInstanceCount: self["InitialInstanceCount"]?.int,
            instanceType: self["InstanceType"]?.text, initialVariantWeight: self["InitialVariantWeight"]?.float, volumeSizeInGB: self["VolumeSizeInGB"]?.int,
            modelDataDownloadTimeoutInSeconds: self["ModelDataDownloadTimeoutInSeconds"]?.int,
            containerStartupHealthCheckTimeoutInSeconds: self["ContainerStartupHealthCheckTimeoutInSeconds"]?.int
        )
    }

    var asyncInference: AsyncInferenceConfigShape {
        AsyncInferenceConfigShape(
            clientConfig: self["ClientConfig"].map { AsyncInferenceClientConfigShape(maxConcurrentInvocationsPerInstance: $0["MaxConcurrentInvocationsPerInstance"]?.int) },
            outputConfig: AsyncInferenceOutputConfigShape(
                kmsKeyId: self["OutputConfig"]?["KmsKeyId"]?.text, s3OutputPath: self["OutputConfig"]?["S3OutputPath"]?.text,
                s3FailurePath: self["OutputConfig"]?["S3FailurePath"]?.text
            )
        )
    }

    var dataCapture: DataCaptureConfigShape {
        DataCaptureConfigShape(
            enableCapture: self["EnableCapture"]?.flag, initialSamplingPercentage: self["InitialSamplingPercentage"]?.int ?? 0,
            destinationS3Uri: self["DestinationS3Uri"]?.text ?? "", kmsKeyId: self["KmsKeyId"]?.text,
            captureOptions: (self["CaptureOptions"]?.arrayValue ?? []).map { CaptureOptionShape(captureMode: $0["CaptureMode"]?.text ?? "") },
            captureContentTypeHeader: self["CaptureContentTypeHeader"].map {
                CaptureContentTypeHeaderShape(csvContentTypes: $0["CsvContentTypes"]?.texts, jsonContentTypes: $0["JsonContentTypes"]?.texts)
            }
        )
    }
}
