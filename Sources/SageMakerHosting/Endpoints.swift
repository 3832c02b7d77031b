import Foundation
import ServiceKit
import SlipwayCore

/// SageMaker's endpoint operations (`CreateEndpoint`, `DescribeEndpoint`, `ListEndpoints`, `UpdateEndpoint`,
/// `UpdateEndpointWeightsAndCapacities`, `DeleteEndpoint`). Creating or updating resolves the configuration and its
/// models into a deployment then and there; the supervisor brings it up and moves traffic to it.
struct Endpoints: Sendable {
    let resources: HostingResources
    let supervisor: EndpointSupervisor
    let serving: ServingProfiles

    var operations: [ServiceOperation] {
        [
            ServiceOperation("CreateEndpoint", input: CreateEndpointInput.self, accessAll: { input, context in
                HostingResources.creation("CreateEndpoint", HostingResources.arn("endpoint", input.endpointName, context), tags: input.tags, context)
                    + [HostingResources.request("CreateEndpoint", HostingResources.arn("endpoint-config", input.endpointConfigName, context), context)]
            }, handler: { input, context in try await create(input, context) }),
            ServiceOperation("DescribeEndpoint", input: EndpointNameInput.self, access: { input, context in
                HostingResources.request("DescribeEndpoint", HostingResources.arn("endpoint", input.endpointName, context), context)
            }, handler: { input, context in Self.describe(try await require(input.endpointName, context)) }),
            ServiceOperation("ListEndpoints", input: HostingListing.self, access: { _, context in
                HostingResources.request("ListEndpoints", "*", context)
            }, handler: { input, context in
                let all = try await resources.endpoints.all(account: context.account.rawValue, region: context.region.name)
                if let status = input.statusEquals, !Self.statuses.contains(status) {
                    throw HostingError.constraint(status, member: "statusEquals", "Member must satisfy enum value set: [\(Self.statuses.joined(separator: ", "))]")
                }
                let page = try HostingResources.page(all, input, status: { $0.status }, modified: { $0.modified })
                return ListEndpointsOutput(endpoints: page.items.map {
                    EndpointSummaryShape(endpointName: $0.name, endpointArn: $0.arn, creationTime: $0.created, lastModifiedTime: $0.modified, endpointStatus: $0.status)
                }, nextToken: page.nextToken)
            }),
            ServiceOperation("UpdateEndpoint", input: UpdateEndpointInput.self, accessAll: { input, context in
                [
                    HostingResources.request("UpdateEndpoint", HostingResources.arn("endpoint", input.endpointName, context), context),
                    HostingResources.request("UpdateEndpoint", HostingResources.arn("endpoint-config", input.endpointConfigName, context), context),
                ]
            }, handler: { input, context in try await update(input, context) }),
            ServiceOperation("UpdateEndpointWeightsAndCapacities", input: UpdateEndpointWeightsAndCapacitiesInput.self, access: { input, context in
                HostingResources.request("UpdateEndpointWeightsAndCapacities", HostingResources.arn("endpoint", input.endpointName, context), context)
            }, handler: { input, context in try await updateWeights(input, context) }),
            ServiceOperation("DeleteEndpoint", input: EndpointNameInput.self, access: { input, context in
                HostingResources.request("DeleteEndpoint", HostingResources.arn("endpoint", input.endpointName, context), context)
            }, handler: { input, context in
                try await delete(try await require(input.endpointName, context))
                return EmptyOutput()
            }),
        ]
    }

    static let statuses = ["OutOfService", "Creating", "Updating", "SystemUpdating", "RollingBack", "InService", "Deleting", "Failed", "UpdateRollbackFailed"]

    func require(_ name: String, _ context: ServiceContext) async throws -> EndpointRecord {
        guard let endpoint = try await resources.endpoints.record(named: name, account: context.account.rawValue, region: context.region.name) else {
            throw HostingError.validation("Could not find endpoint \"\(HostingResources.arn("endpoint", name, context))\".")
        }
        return endpoint
    }

    /// The deployment an endpoint configuration stands for now: its variants' models resolved, nothing of them
    /// looked up again while it serves.
    func deployment(of configName: String, _ context: ServiceContext) async throws -> Deployment {
        guard let config = try await resources.configs.record(named: configName, account: context.account.rawValue, region: context.region.name) else {
            throw HostingError.validation("Could not find endpoint configuration \"\(HostingResources.arn("endpoint-config", configName, context))\".")
        }
        var variants: [DeployedVariant] = []
        for variant in config.variants {
            let modelName = variant.modelName ?? ""
            guard let model = try await resources.models.record(named: modelName, account: context.account.rawValue, region: context.region.name),
                  let container = model.resolved.first, let role = model.executionRoleArn
            else {
                throw HostingError.validation("Could not find model \"\(HostingResources.arn("model", modelName, context))\".")
            }
            guard serving.plan(for: container) != nil else { throw HostingError.validation(ServingProfiles.unprofiled(container.image)) }
            variants.append(DeployedVariant(
                name: variant.variantName, modelName: model.name, roleArn: role, container: container, instanceType: variant.instanceType ?? "ml.m5.large",
                instanceCount: variant.initialInstanceCount ?? 1, weight: variant.initialVariantWeight ?? 1,
                startupSeconds: variant.containerStartupHealthCheckTimeoutInSeconds ?? 600
            ))
        }
        return Deployment(
            id: "d-" + String(UUID().uuidString.prefix(8)).lowercased(), configName: config.name, variants: variants, dataCapture: config.dataCapture,
            started: resources.clock.now(), asyncInference: config.asyncInference
        )
    }

    func create(_ input: CreateEndpointInput, _ context: ServiceContext) async throws -> EndpointArnOutput {
        try HostingError.check(input.endpointName, member: "endpointName", pattern: HostingError.namePattern, max: 63)
        try HostingError.check(input.endpointConfigName, member: "endpointConfigName", pattern: HostingError.namePattern, max: 63)
        try HostingError.checkTags(input.tags)
        let arn = HostingResources.arn("endpoint", input.endpointName, context)
        if try await resources.endpoints.record(named: input.endpointName, account: context.account.rawValue, region: context.region.name) != nil {
            throw HostingError.validation("Cannot create already existing endpoint \"\(arn)\".")
        }
        let deployment = try await deployment(of: input.endpointConfigName, context)
        let now = resources.clock.now()
        let record = EndpointRecord(
            arn: arn, account: context.account.rawValue, region: context.region.name, name: input.endpointName, created: now, modified: now,
            status: "Creating", failureReason: nil, current: nil, pending: deployment
        )
        guard try await resources.endpoints.insert(record, owner: supervisor.owner, leaseUntil: now.addingTimeInterval(supervisor.lease)) else {
            throw HostingError.validation("Cannot create already existing endpoint \"\(arn)\".")
        }
        do {
            try await resources.tag(arn, input.tags, context: context)
        } catch {
            try? await resources.endpoints.delete(arn)
            throw error
        }
        supervisor.start(arn)
        return EndpointArnOutput(endpointArn: arn)
    }

    func update(_ input: UpdateEndpointInput, _ context: ServiceContext) async throws -> EndpointArnOutput {
        let endpoint = try await require(input.endpointName, context)
        guard endpoint.status == "InService" else {
            if endpoint.status == "Failed" {
                throw HostingError.validation("Cannot update endpoint \"\(endpoint.arn)\" in status Failed; delete it and create it again.")
            }
            throw HostingError.validation("Cannot update in-progress endpoint \"\(endpoint.arn)\".")
        }
        var deployment = try await deployment(of: input.endpointConfigName, context)
        if input.retainAllVariantProperties == true, let current = endpoint.current {
            for index in deployment.variants.indices {
                guard let kept = current.variants.first(where: { $0.name == deployment.variants[index].name }) else { continue }
                deployment.variants[index].weight = kept.weight
                deployment.variants[index].instanceCount = kept.instanceCount
            }
        }
        let now = resources.clock.now(), pending = deployment
        let updated = try await resources.endpoints.modify(endpoint.arn) { stored in
            guard stored.status == "InService" else { throw HostingError.validation("Cannot update in-progress endpoint \"\(stored.arn)\".") }
            stored.status = "Updating"
            stored.pending = pending
            stored.failureReason = nil
            stored.modified = now
        }
        guard updated != nil else { throw HostingError.validation("Could not find endpoint \"\(endpoint.arn)\".") }
        await takeOrWake(endpoint.arn)
        return EndpointArnOutput(endpointArn: endpoint.arn)
    }

    func updateWeights(_ input: UpdateEndpointWeightsAndCapacitiesInput, _ context: ServiceContext) async throws -> EndpointArnOutput {
        let endpoint = try await require(input.endpointName, context)
        guard endpoint.status == "InService", let current = endpoint.current else {
            throw HostingError.validation("Cannot update in-progress endpoint \"\(endpoint.arn)\".")
        }
        guard !input.desiredWeightsAndCapacities.isEmpty else {
            throw HostingError.constraint("[]", member: "desiredWeightsAndCapacities", "Member must have length greater than or equal to 1")
        }
        var deployment = current
        for desired in input.desiredWeightsAndCapacities {
            guard let index = deployment.variants.firstIndex(where: { $0.name == desired.variantName }) else {
                throw HostingError.validation("The variant name(s) [\(desired.variantName)] is/are not present in the endpoint \(endpoint.arn).")
            }
            if let weight = desired.desiredWeight {
                guard weight >= 0, weight.isFinite else {
                    throw HostingError.constraint("\(weight)", member: "desiredWeightsAndCapacities.member.desiredWeight", "Member must have value greater than or equal to 0")
                }
                deployment.variants[index].weight = weight
            }
            if let count = desired.desiredInstanceCount {
                guard (1...8).contains(count) else {
                    throw HostingError.constraint("\(count)", member: "desiredWeightsAndCapacities.member.desiredInstanceCount", "Member must have value between 1 and 8")
                }
                deployment.variants[index].instanceCount = count
            }
            if desired.desiredWeight == nil && desired.desiredInstanceCount == nil {
                throw HostingError.validation("Either DesiredWeight or DesiredInstanceCount must be specified for variant \(desired.variantName).")
            }
        }
        let now = resources.clock.now(), rescaled = deployment
        let updated = try await resources.endpoints.modify(endpoint.arn) { stored in
            guard stored.status == "InService" else { throw HostingError.validation("Cannot update in-progress endpoint \"\(stored.arn)\".") }
            stored.status = "Updating"
            stored.current = rescaled
            stored.modified = now
        }
        guard updated != nil else { throw HostingError.validation("Could not find endpoint \"\(endpoint.arn)\".") }
        await takeOrWake(endpoint.arn)
        return EndpointArnOutput(endpointArn: endpoint.arn)
    }

    func delete(_ endpoint: EndpointRecord) async throws {
        _ = try await resources.endpoints.modify(endpoint.arn) { stored in
            stored.status = "Deleting"
            stored.modified = self.resources.clock.now()
        }
        await takeOrWake(endpoint.arn)
    }

    /// Tells the endpoint's supervision here to look again; takes the endpoint when no live server runs it (a failed
    /// endpoint being deleted, or one whose server stopped), leaving it to its server otherwise.
    private func takeOrWake(_ arn: String) async {
        if supervisor.wake(arn) { return }
        let now = resources.clock.now()
        if (try? await resources.endpoints.claim(arn, owner: supervisor.owner, now: now, until: now.addingTimeInterval(supervisor.lease))) == true {
            supervisor.start(arn)
        }
    }

    static func describe(_ endpoint: EndpointRecord) -> DescribeEndpointOutput {
        let serving = endpoint.current
        let variants = (serving ?? endpoint.pending)?.variants.map { variant in
            let live = serving != nil
            return ProductionVariantSummaryShape(
                variantName: variant.name,
                deployedImages: live ? [DeployedImageShape(specifiedImage: variant.container.image, resolvedImage: variant.container.image, resolutionTime: serving?.started)] : nil,
                currentWeight: live ? variant.weight : nil, desiredWeight: variant.weight,
                currentInstanceCount: live ? variant.instanceCount : nil, desiredInstanceCount: variant.instanceCount,
                variantStatus: live ? nil : [VariantStatusShape(status: "Creating", statusMessage: nil, startTime: endpoint.pending?.started)]
            )
        }
        let capture = (serving ?? endpoint.pending)?.dataCapture.map { config in
            DataCaptureConfigSummaryShape(
                enableCapture: config.enableCapture ?? true, captureStatus: (config.enableCapture ?? true) ? "Started" : "Stopped",
                currentSamplingPercentage: config.initialSamplingPercentage, destinationS3Uri: config.destinationS3Uri, kmsKeyId: config.kmsKeyId ?? ""
            )
        }
        let pending = serving == nil ? nil : endpoint.pending.map { pending in
            PendingDeploymentSummaryShape(endpointConfigName: pending.configName, productionVariants: pending.variants.map { variant in
                PendingProductionVariantSummaryShape(
                    variantName: variant.name, deployedImages: nil, currentWeight: nil, desiredWeight: variant.weight, currentInstanceCount: nil,
                    desiredInstanceCount: variant.instanceCount, instanceType: variant.instanceType,
                    variantStatus: [VariantStatusShape(status: "Creating", statusMessage: nil, startTime: pending.started)]
                )
            }, startTime: pending.started)
        }
        return DescribeEndpointOutput(
            endpointName: endpoint.name, endpointArn: endpoint.arn, endpointConfigName: endpoint.configName, productionVariants: variants,
            dataCaptureConfig: capture, endpointStatus: endpoint.status, failureReason: endpoint.failureReason, creationTime: endpoint.created,
            lastModifiedTime: endpoint.modified, pendingDeploymentSummary: pending
        )
    }
}
