import Foundation
import ServiceKit
import SlipwayCore

/// SageMaker's endpoint configuration operations (`CreateEndpointConfig`, `DescribeEndpointConfig`,
/// `ListEndpointConfigs`, `DeleteEndpointConfig`): 1–10 production variants of existing models with their weights
/// and instance counts, and what the endpoint captures.
struct EndpointConfigs: Sendable {
    let resources: HostingResources

    var operations: [ServiceOperation] {
        [
            ServiceOperation("CreateEndpointConfig", input: CreateEndpointConfigInput.self, accessAll: { input, context in
                HostingResources.creation("CreateEndpointConfig", HostingResources.arn("endpoint-config", input.endpointConfigName, context), tags: input.tags, context)
            }, handler: { input, context in try await create(input, context) }),
            ServiceOperation("DescribeEndpointConfig", input: EndpointConfigNameInput.self, access: { input, context in
                HostingResources.request("DescribeEndpointConfig", HostingResources.arn("endpoint-config", input.endpointConfigName, context), context)
            }, handler: { input, context in
                let config = try await require(input.endpointConfigName, context)
                return DescribeEndpointConfigOutput(
                    endpointConfigName: config.name, endpointConfigArn: config.arn, productionVariants: config.variants, dataCaptureConfig: config.dataCapture,
                    kmsKeyId: config.kmsKeyId, creationTime: config.created, asyncInferenceConfig: config.asyncInference
                )
            }),
            ServiceOperation("ListEndpointConfigs", input: HostingListing.self, access: { _, context in
                HostingResources.request("ListEndpointConfigs", "*", context)
            }, handler: { input, context in
                let page = try HostingResources.page(try await resources.configs.all(account: context.account.rawValue, region: context.region.name), input)
                return ListEndpointConfigsOutput(endpointConfigs: page.items.map {
                    EndpointConfigSummaryShape(endpointConfigName: $0.name, endpointConfigArn: $0.arn, creationTime: $0.created)
                }, nextToken: page.nextToken)
            }),
            ServiceOperation("DeleteEndpointConfig", input: EndpointConfigNameInput.self, access: { input, context in
                HostingResources.request("DeleteEndpointConfig", HostingResources.arn("endpoint-config", input.endpointConfigName, context), context)
            }, handler: { input, context in
                // An endpoint using it keeps serving what it resolved when it was deployed.
                try await resources.configs.delete(try await require(input.endpointConfigName, context).arn)
                return EmptyOutput()
            }),
        ]
    }

    func require(_ name: String, _ context: ServiceContext) async throws -> EndpointConfigRecord {
        guard let config = try await resources.configs.record(named: name, account: context.account.rawValue, region: context.region.name) else {
            throw HostingError.validation("Could not find endpoint configuration \"\(HostingResources.arn("endpoint-config", name, context))\".")
        }
        return config
    }

    func create(_ input: CreateEndpointConfigInput, _ context: ServiceContext) async throws -> EndpointConfigArnOutput {
        try HostingError.check(input.endpointConfigName, member: "endpointConfigName", pattern: HostingError.namePattern, max: 63)
        try HostingError.checkTags(input.tags)
        let arn = HostingResources.arn("endpoint-config", input.endpointConfigName, context)
        guard (1...10).contains(input.productionVariants.count) else {
            throw HostingError.constraint("\(input.productionVariants.count)", member: "productionVariants", "Member must have length between 1 and 10")
        }
        if input.shadowProductionVariants?.isEmpty == false { throw HostingError.validation("Slipway does not serve shadow production variants.") }
        var variants: [ProductionVariantShape] = []
        var names = Set<String>()
        for (index, given) in input.productionVariants.enumerated() {
            var variant = given
            let member = "productionVariants.\(index + 1).member"
            try HostingError.check(variant.variantName, member: "\(member).variantName", pattern: HostingError.namePattern, max: 63)
            guard names.insert(variant.variantName.lowercased()).inserted else {
                throw HostingError.validation("Variant names must be unique; \(variant.variantName) is used more than once.")
            }
            guard let model = variant.modelName else { throw HostingError.validation("ModelName is required for production variant \(variant.variantName).") }
            try HostingError.check(model, member: "\(member).modelName", pattern: HostingError.modelNamePattern, max: 63)
            guard let count = variant.initialInstanceCount else {
                throw HostingError.validation("InitialInstanceCount is required for production variant \(variant.variantName).")
            }
            guard count >= 1 else { throw HostingError.constraint("\(count)", member: "\(member).initialInstanceCount", "Member must have value greater than or equal to 1") }
            guard count <= 8 else { throw HostingError.limit("The account-level service limit 'ml.instance count per endpoint variant' is 8 Instances on this server; requested \(count).") }
            guard let type = variant.instanceType else { throw HostingError.validation("InstanceType is required for production variant \(variant.variantName).") }
            guard type.hasPrefix("ml.") else {
                throw HostingError.constraint(type, member: "\(member).instanceType", "Member must satisfy enum value set of SageMaker instance types")
            }
            if let weight = variant.initialVariantWeight, weight < 0 || !weight.isFinite {
                throw HostingError.constraint("\(weight)", member: "\(member).initialVariantWeight", "Member must have value greater than or equal to 0")
            }
            if let timeout = variant.containerStartupHealthCheckTimeoutInSeconds, !(60...3600).contains(timeout) {
                throw HostingError.constraint("\(timeout)", member: "\(member).containerStartupHealthCheckTimeoutInSeconds", "Member must have value between 60 and 3600")
            }
            if let timeout = variant.modelDataDownloadTimeoutInSeconds, !(60...3600).contains(timeout) {
                throw HostingError.constraint("\(timeout)", member: "\(member).modelDataDownloadTimeoutInSeconds", "Member must have value between 60 and 3600")
            }
            if try await resources.models.record(named: model, account: context.account.rawValue, region: context.region.name) == nil {
                throw HostingError.validation("Could not find model \"\(HostingResources.arn("model", model, context))\".")
            }
            variant.initialVariantWeight = variant.initialVariantWeight ?? 1
            variants.append(variant)
        }
        if variants.allSatisfy({ ($0.initialVariantWeight ?? 1) == 0 }) {
            throw HostingError.validation("At least one production variant must have a weight greater than 0.")
        }
        if let capture = input.dataCaptureConfig { try Self.check(capture) }
        if let async = input.asyncInferenceConfig {
            guard let output = async.outputConfig.s3OutputPath else {
                throw HostingError.validation("AsyncInferenceConfig.OutputConfig.S3OutputPath is required.")
            }
            for (path, member) in [(output, "s3OutputPath"), (async.outputConfig.s3FailurePath, "s3FailurePath")] {
                guard let path else { continue }
                try HostingError.check(path, member: "asyncInferenceConfig.outputConfig.\(member)", pattern: "(https|s3)://([^/]+)/?(.*)", max: 512)
            }
        }
        if try await resources.configs.record(named: input.endpointConfigName, account: context.account.rawValue, region: context.region.name) != nil {
            throw HostingError.validation("Cannot create already existing endpoint configuration \"\(arn)\".")
        }
        let record = EndpointConfigRecord(
            arn: arn, account: context.account.rawValue, region: context.region.name, name: input.endpointConfigName, created: resources.clock.now(),
            variants: variants, dataCapture: input.dataCaptureConfig, kmsKeyId: input.kmsKeyId, asyncInference: input.asyncInferenceConfig
        )
        guard try await resources.configs.insert(record) else {
            throw HostingError.validation("Cannot create already existing endpoint configuration \"\(arn)\".")
        }
        do {
            try await resources.tag(arn, input.tags, context: context)
        } catch {
            try? await resources.configs.delete(arn)
            throw error
        }
        return EndpointConfigArnOutput(endpointConfigArn: arn)
    }

    static func check(_ capture: DataCaptureConfigShape) throws {
        guard (0...100).contains(capture.initialSamplingPercentage) else {
            throw HostingError.constraint("\(capture.initialSamplingPercentage)", member: "dataCaptureConfig.initialSamplingPercentage", "Member must have value between 0 and 100")
        }
        try HostingError.check(capture.destinationS3Uri, member: "dataCaptureConfig.destinationS3Uri", pattern: "(https|s3)://([^/]+)/?(.*)", max: 512)
        guard (1...32).contains(capture.captureOptions.count) else {
            throw HostingError.constraint("\(capture.captureOptions.count)", member: "dataCaptureConfig.captureOptions", "Member must have length between 1 and 32")
        }
        for option in capture.captureOptions where !["Input", "Output", "InputAndOutput"].contains(option.captureMode) {
            throw HostingError.constraint(option.captureMode, member: "dataCaptureConfig.captureOptions.member.captureMode", "Member must satisfy enum value set: [Input, Output, InputAndOutput]")
        }
        let header = capture.captureContentTypeHeader
        for list in [header?.csvContentTypes, header?.jsonContentTypes].compactMap({ $0 }) where !(1...10).contains(list.count) {
            throw HostingError.constraint("\(list.count)", member: "dataCaptureConfig.captureContentTypeHeader", "Member must have length between 1 and 10")
        }
    }
}
