import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore
import Synchronization

/// The SageMaker module as its resource providers reach it: set once the module exists (the module needs
/// CloudFormation, whose engine holds the providers, so they cannot be given the module when they are made).
public final class SageMakerReference: Sendable {
    private let module = Mutex<SageMakerModule?>(nil)

    public init() {}

    public func set(_ value: SageMakerModule) { module.withLock { $0 = value } }

    func service() throws -> SageMakerService {
        guard let value = module.withLock({ $0 }) else { throw SageMakerError.validation("SageMaker is not running yet") }
        return value.service
    }
}

/// How SageMaker's resource providers call SageMaker: through the module once it exists, as the stack's identity.
struct SageMakerCalls: Sendable {
    let reference: SageMakerReference
    let authorizer: any AuthorizationPort
    let logger: Logger

    var caller: StackCaller<SageMakerService> {
        get throws {
            let service = try reference.service()
            return StackCaller(service: service, authorizer: authorizer, clock: service.clock, logger: logger)
        }
    }
}

/// `AWS::SageMaker::ModelPackageGroup`: a model registry group made through SageMaker's own operations as the
/// stack's identity, tagged with the stack's tags (a project's `sagemaker:project-*` among them).
public struct ModelPackageGroupProvider: ResourceProvider {
    let calls: SageMakerCalls

    public init(reference: SageMakerReference, authorizer: any AuthorizationPort, logger: Logger) {
        calls = SageMakerCalls(reference: reference, authorizer: authorizer, logger: logger)
    }

    var sagemaker: StackCaller<SageMakerService> { get throws { try calls.caller } }

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::SageMaker::ModelPackageGroup",
            properties: ObjectShape([
                "ModelPackageGroupName": .string, "ModelPackageGroupDescription": .string,
                "Tags": .list(.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))),
            ], required: ["ModelPackageGroupName"]),
            createOnlyProperties: ["ModelPackageGroupName", "ModelPackageGroupDescription"],
            attributes: ["ModelPackageGroupArn", "CreationTime", "ModelPackageGroupStatus"]
        )
    }

    static func tags(_ properties: TemplateValue, _ request: ResourceRequest) -> [TagShape] {
        request.tags(declaredIn: properties, includingSystemTags: false).map { TagShape(key: $0.key, value: $0.value) }
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let name = properties["ModelPackageGroupName"]?.scalarText ?? ""
        let created: ModelPackageGroupArnOutput = try await sagemaker.call("CreateModelPackageGroup", CreateModelPackageGroupInput(
            modelPackageGroupName: name, modelPackageGroupDescription: properties["ModelPackageGroupDescription"]?.scalarText, tags: Self.tags(properties, request)
        ), for: request)
        let described: DescribeModelPackageGroupOutput = try await sagemaker.call("DescribeModelPackageGroup", ModelPackageGroupNameInput(modelPackageGroupName: name), for: request)
        return ProvisionedResource(physicalID: created.modelPackageGroupArn, attributes: [
            "ModelPackageGroupArn": .string(created.modelPackageGroupArn), "ModelPackageGroupStatus": .string(described.modelPackageGroupStatus),
            "CreationTime": .string(ISO8601DateFormatter().string(from: described.creationTime)),
        ], properties: properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        var previous = request
        previous.properties = current.properties
        let wanted = Self.tags(request.properties, request), had = Self.tags(current.properties, previous)
        let stale = had.filter { tag in !wanted.contains { $0.key == tag.key } }.map(\.key)
        if !stale.isEmpty { let _: EmptyShape = try await sagemaker.call("DeleteTags", DeleteTagsInput(resourceArn: current.physicalID, tagKeys: stale), for: request) }
        if !wanted.isEmpty { let _: TagsOutput = try await sagemaker.call("AddTags", AddTagsInput(resourceArn: current.physicalID, tags: wanted), for: request) }
        return ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        do {
            let _: EmptyShape = try await sagemaker.call("DeleteModelPackageGroup", ModelPackageGroupNameInput(modelPackageGroupName: resource.physicalID), for: request)
        } catch let error as SageMakerError where error.message.hasSuffix("does not exist.") {
            return  // already gone
        }
    }
}
