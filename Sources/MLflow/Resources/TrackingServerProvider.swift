import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// `AWS::SageMaker::MlflowTrackingServer`: a tracking server made through SageMaker's own operations as the stack's
/// identity; the stack waits until its MLflow answers (`Created`), settings change in place (the process restarts
/// with them), and deleting the stack — or the project that made it — stops and removes it. `Ref` is its name.
public struct TrackingServerProvider: ResourceProvider {
    let servers: MlflowServers
    let authorizer: any AuthorizationPort
    let logger: Logger
    /// How long the stack waits for a server to settle.
    static let settleTimeout: TimeInterval = 1800

    public init(module: MLflowModule, authorizer: any AuthorizationPort, logger: Logger) {
        servers = module.servers
        self.authorizer = authorizer
        self.logger = logger
    }

    public var schema: ResourceSchema {
        let tag = PropertyShape.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))
        return ResourceSchema(
            typeName: "AWS::SageMaker::MlflowTrackingServer",
            properties: ObjectShape([
                "TrackingServerName": .string, "ArtifactStoreUri": .string, "RoleArn": .string, "TrackingServerSize": .string, "MlflowVersion": .string,
                "AutomaticModelRegistration": .boolean, "WeeklyMaintenanceWindowStart": .string, "Tags": .list(tag),
            ], required: ["TrackingServerName", "ArtifactStoreUri", "RoleArn"]),
            createOnlyProperties: ["TrackingServerName", "MlflowVersion", "RoleArn"],
            attributes: ["TrackingServerArn"]
        )
    }

    var trackingServers: TrackingServers { TrackingServers(servers: servers) }

    func call<Input: Sendable, Output: Sendable>(_ name: String, _ input: Input, for request: ResourceRequest) async throws -> Output {
        guard let operation = trackingServers.operations.first(where: { $0.name == name }) else {
            throw InProcessCallError(operation: name, problem: "the MLflow room has no such operation")
        }
        return try await operation.call(
            input, context: try ServiceContext.stack(request, clock: servers.clock, logger: logger),
            authorization: .init(authorizer: authorizer, deniedCode: MlflowServers.deniedCode)
        )
    }

    /// Waits until the server leaves a changing state; fails with its reason when it ends failed.
    func settle(_ name: String, for request: ResourceRequest) async throws -> DescribeMlflowTrackingServerOutput {
        let deadline = Date().addingTimeInterval(Self.settleTimeout)
        while Date() < deadline {
            let described: DescribeMlflowTrackingServerOutput = try await call(
                "DescribeMlflowTrackingServer", TrackingServerNameInput(trackingServerName: name), for: request
            )
            switch described.trackingServerStatus {
            case "Created", "Updated", "Started", "MaintenanceComplete": return described
            case "CreateFailed", "UpdateFailed", "StartFailed", "DeleteFailed":
                let reason = try await servers.store.server(arn: described.trackingServerArn)?.failureReason ?? "see its log stream"
                throw MlflowError.validation("Tracking server \(name) is \(described.trackingServerStatus): \(reason)")
            default: try await Task.sleep(for: .milliseconds(250))
            }
        }
        throw MlflowError.validation("Tracking server \(name) did not become ready within \(Int(Self.settleTimeout)) seconds.")
    }

    static func flag(_ value: TemplateValue?) -> Bool? {
        value?.scalarText.map { $0.lowercased() == "true" }
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let name = properties["TrackingServerName"]?.scalarText ?? ""
        let tags = request.tags(declaredIn: properties, includingSystemTags: false).map { TagShape(key: $0.key, value: $0.value) }
        let created: TrackingServerArnOutput = try await call("CreateMlflowTrackingServer", CreateMlflowTrackingServerInput(
            trackingServerName: name, artifactStoreUri: properties["ArtifactStoreUri"]?.scalarText ?? "",
            trackingServerSize: properties["TrackingServerSize"]?.scalarText, mlflowVersion: properties["MlflowVersion"]?.scalarText,
            roleArn: properties["RoleArn"]?.scalarText ?? "", automaticModelRegistration: Self.flag(properties["AutomaticModelRegistration"]),
            weeklyMaintenanceWindowStart: properties["WeeklyMaintenanceWindowStart"]?.scalarText, tags: tags.isEmpty ? nil : tags,
            s3BucketOwnerAccountId: nil, s3BucketOwnerVerification: nil
        ), for: request)
        _ = try await settle(name, for: request)
        return ProvisionedResource(physicalID: name, attributes: ["TrackingServerArn": .string(created.trackingServerArn)], properties: properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        let properties = request.properties
        let _: TrackingServerArnOutput = try await call("UpdateMlflowTrackingServer", UpdateMlflowTrackingServerInput(
            trackingServerName: current.physicalID, artifactStoreUri: properties["ArtifactStoreUri"]?.scalarText,
            trackingServerSize: properties["TrackingServerSize"]?.scalarText, automaticModelRegistration: Self.flag(properties["AutomaticModelRegistration"]),
            weeklyMaintenanceWindowStart: properties["WeeklyMaintenanceWindowStart"]?.scalarText, s3BucketOwnerAccountId: nil,
            s3BucketOwnerVerification: nil
        ), for: request)
        _ = try await settle(current.physicalID, for: request)
        return ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        do {
            let _: TrackingServerArnOutput = try await call(
                "DeleteMlflowTrackingServer", TrackingServerNameInput(trackingServerName: resource.physicalID), for: request
            )
        } catch let error as MlflowError where error.code == "ResourceNotFound" {
            return  // already gone
        } catch let error as MlflowError where error.code == "ConflictException" {
            // Already being deleted: wait for it below.
            _ = error
        }
        let deadline = Date().addingTimeInterval(Self.settleTimeout)
        while Date() < deadline {
            do {
                let _: DescribeMlflowTrackingServerOutput = try await call(
                    "DescribeMlflowTrackingServer", TrackingServerNameInput(trackingServerName: resource.physicalID), for: request
                )
            } catch let error as MlflowError where error.code == "ResourceNotFound" {
                return
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw MlflowError.validation("Tracking server \(resource.physicalID) was not deleted within \(Int(Self.settleTimeout)) seconds.")
    }
}
