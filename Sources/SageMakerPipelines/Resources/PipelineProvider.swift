import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// `AWS::SageMaker::Pipeline`: a pipeline made through SageMaker's own pipeline operations as the stack's identity,
/// its definition given inline (`PipelineDefinitionBody`) or in S3, updated in place; `Ref` is the pipeline's name.
public struct PipelineProvider: ResourceProvider {
    let pipelines: Pipelines
    let authorizer: any AuthorizationPort
    let logger: Logger

    public init(module: PipelinesModule, authorizer: any AuthorizationPort, logger: Logger) {
        pipelines = module.pipelines
        self.authorizer = authorizer
        self.logger = logger
    }

    public var schema: ResourceSchema {
        let tag = PropertyShape.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))
        let location = ObjectShape(["Bucket": .string, "Key": .string, "ETag": .string, "Version": .string], required: ["Bucket", "Key"])
        return ResourceSchema(
            typeName: "AWS::SageMaker::Pipeline",
            properties: ObjectShape([
                "PipelineName": .string, "PipelineDisplayName": .string, "PipelineDescription": .string, "RoleArn": .string, "Tags": .list(tag),
                "PipelineDefinition": .object(ObjectShape(["PipelineDefinitionBody": .string, "PipelineDefinitionS3Location": .object(location)])),
                "ParallelismConfiguration": .object(ObjectShape(["MaxParallelExecutionSteps": .integer], required: ["MaxParallelExecutionSteps"])),
            ], required: ["PipelineName", "PipelineDefinition", "RoleArn"]),
            createOnlyProperties: ["PipelineName"],
            attributes: []
        )
    }

    func call<Input: Sendable, Output: Sendable>(_ name: String, _ input: Input, for request: ResourceRequest) async throws -> Output {
        guard let operation = pipelines.operations.first(where: { $0.name == name }) else {
            throw InProcessCallError(operation: name, problem: "the pipelines room has no such operation")
        }
        return try await operation.call(
            input, context: try ServiceContext.stack(request, clock: pipelines.clock, logger: logger),
            authorization: .init(authorizer: authorizer, deniedCode: Pipelines.deniedCode)
        )
    }

    static func definition(_ properties: TemplateValue) -> (body: String?, location: PipelineDefinitionS3LocationShape?) {
        let definition = properties["PipelineDefinition"]
        let location = definition?["PipelineDefinitionS3Location"].flatMap { value -> PipelineDefinitionS3LocationShape? in
            guard let bucket = value["Bucket"]?.scalarText, let key = value["Key"]?.scalarText else { return nil }
            return PipelineDefinitionS3LocationShape(bucket: bucket, objectKey: key, versionId: value["Version"]?.scalarText)
        }
        return (definition?["PipelineDefinitionBody"]?.scalarText, location)
    }

    static func parallelism(_ properties: TemplateValue) -> ParallelismConfigurationShape? {
        properties["ParallelismConfiguration"]?["MaxParallelExecutionSteps"]?.scalarText.flatMap(Int.init).map(ParallelismConfigurationShape.init)
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let name = properties["PipelineName"]?.scalarText ?? ""
        let (body, location) = Self.definition(properties)
        let tags = request.tags(declaredIn: properties, includingSystemTags: false).map { TagShape(key: $0.key, value: $0.value) }
        let _: PipelineArnOutput = try await call("CreatePipeline", CreatePipelineInput(
            pipelineName: name, pipelineDisplayName: properties["PipelineDisplayName"]?.scalarText, pipelineDefinition: body,
            pipelineDefinitionS3Location: location, pipelineDescription: properties["PipelineDescription"]?.scalarText, clientRequestToken: nil,
            roleArn: properties["RoleArn"]?.scalarText ?? "", tags: tags.isEmpty ? nil : tags, parallelismConfiguration: Self.parallelism(properties)
        ), for: request)
        return ProvisionedResource(physicalID: name, attributes: [:], properties: properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        let properties = request.properties
        let (body, location) = Self.definition(properties)
        let _: UpdatePipelineOutput = try await call("UpdatePipeline", UpdatePipelineInput(
            pipelineName: current.physicalID, pipelineDisplayName: properties["PipelineDisplayName"]?.scalarText, pipelineDefinition: body,
            pipelineDefinitionS3Location: location, pipelineDescription: properties["PipelineDescription"]?.scalarText,
            roleArn: properties["RoleArn"]?.scalarText, parallelismConfiguration: Self.parallelism(properties)
        ), for: request)
        return ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        do {
            let _: PipelineArnOutput = try await call("DeletePipeline", PipelineNameInput(pipelineName: resource.physicalID, clientRequestToken: nil), for: request)
        } catch let error as PipelineError where error.code == "ResourceNotFound" {
            return  // already gone
        }
    }
}
