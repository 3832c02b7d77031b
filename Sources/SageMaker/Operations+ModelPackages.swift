import Foundation
import ServiceKit
import SlipwayCore

extension SageMakerService {
    static let approvalStatuses = ["Approved", "Rejected", "PendingManualApproval"]

    /// `sagemaker:ModelApprovalStatus` and `sagemaker:CustomerMetadataProperties/*` of a model package request.
    static func packageKeys(approval: String?, metadata: [String: String]?) -> [String: [String]] {
        var keys: [String: [String]] = [:]
        if let approval { keys["sagemaker:ModelApprovalStatus"] = [approval] }
        for (key, value) in metadata ?? [:] { keys["sagemaker:CustomerMetadataProperties/\(key)"] = [value] }
        return keys
    }

    var modelPackageOperations: [ServiceOperation] {
        [
            ServiceOperation("CreateModelPackage", input: CreateModelPackageInput.self, access: { input, context in
                var request = try await request(
                    "CreateModelPackage", arn(context, "model-package", "\((input.modelPackageGroupName ?? input.modelPackageName ?? "").lowercased())/*"), context,
                    tags: input.tags ?? []
                )
                request.conditions.merge(Self.packageKeys(approval: input.modelApprovalStatus, metadata: input.customerMetadataProperties)) { _, new in new }
                return request
            }, handler: { input, context in try await createModelPackage(input, context: context) }),
            ServiceOperation("DescribeModelPackage", input: ModelPackageNameInput.self, access: { input, context in
                try await request("DescribeModelPackage", modelPackageARN(input.modelPackageName, context), context)
            }, handler: { input, context in
                let package = try await requirePackage(input.modelPackageName, context)
                return DescribeModelPackageOutput(
                    modelPackageName: package.groupName, modelPackageGroupName: package.groupName, modelPackageVersion: package.version,
                    modelPackageArn: package.arn, modelPackageDescription: package.description, creationTime: package.created,
                    inferenceSpecification: package.inferenceSpecification, modelPackageStatus: "Completed",
                    modelPackageStatusDetails: ModelPackageStatusDetailsShape(), modelApprovalStatus: package.approvalStatus, createdBy: package.createdBy,
                    metadataProperties: package.metadataProperties, modelMetrics: package.modelMetrics, lastModifiedTime: package.modified,
                    lastModifiedBy: package.modifiedBy, approvalDescription: package.approvalDescription, domain: package.domain, task: package.task,
                    samplePayloadUrl: package.samplePayloadURL, customerMetadataProperties: package.customerMetadata, modelCard: package.modelCard
                )
            }),
            ServiceOperation("ListModelPackages", input: ListModelPackagesInput.self, access: { _, context in
                try await request("ListModelPackages", "*", context)
            }, handler: { input, context in try await listModelPackages(input, context: context) }),
            ServiceOperation("UpdateModelPackage", input: UpdateModelPackageInput.self, access: { input, context in
                var request = try await request("UpdateModelPackage", input.modelPackageArn, context)
                request.conditions.merge(Self.packageKeys(approval: input.modelApprovalStatus, metadata: input.customerMetadataProperties)) { _, new in new }
                if let removed = input.customerMetadataPropertiesToRemove, !removed.isEmpty {
                    request.conditions["sagemaker:CustomerMetadataPropertiesToRemove"] = removed
                }
                return request
            }, handler: { input, context in
                var package = try await requirePackage(input.modelPackageArn, context)
                let previousStatus = package.approvalStatus
                if let status = input.modelApprovalStatus {
                    try Self.checkTransition(of: package, to: status)
                    package.approvalStatus = status
                }
                if let description = input.approvalDescription { package.approvalDescription = description }
                if let properties = input.customerMetadataProperties {
                    package.customerMetadata = (package.customerMetadata ?? [:]).merging(properties) { _, new in new }
                }
                for key in input.customerMetadataPropertiesToRemove ?? [] { package.customerMetadata?.removeValue(forKey: key) }
                if let card = input.modelCard { package.modelCard = card }
                package.modified = clock.now()
                package.modifiedBy = try await userContext(context)
                try await store.update(package)
                if package.approvalStatus != previousStatus { await announce(package) }
                return ModelPackageArnOutput(modelPackageArn: package.arn)
            }),
            ServiceOperation("DeleteModelPackage", input: ModelPackageNameInput.self, access: { input, context in
                try await request("DeleteModelPackage", modelPackageARN(input.modelPackageName, context), context)
            }, handler: { input, context in
                try await store.delete(try await requirePackage(input.modelPackageName, context))
                return EmptyShape()
            }),
        ]
    }

    /// An approval decision can be changed (Approved and Rejected either way) but not taken back to waiting.
    static func checkTransition(of package: ModelPackageRecord, to status: String) throws {
        guard approvalStatuses.contains(status) else { throw enumError(status, member: "modelApprovalStatus", approvalStatuses) }
        if status == "PendingManualApproval", package.approvalStatus != "PendingManualApproval" {
            throw SageMakerError.validation("Cannot update the model approval status of \(package.arn) from \(package.approvalStatus) to PendingManualApproval")
        }
    }

    static func enumError(_ value: String, member: String, _ allowed: [String]) -> SageMakerError {
        SageMakerError.validation(
            "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]"
        )
    }

    func createModelPackage(_ input: CreateModelPackageInput, context: ServiceContext) async throws -> ModelPackageArnOutput {
        guard let groupName = input.modelPackageGroupName else {
            throw SageMakerError.validation("Slipway registers versioned model packages: give ModelPackageGroupName (unversioned packages by ModelPackageName are not supported)")
        }
        let group = try await requireGroup(groupName, context)
        let status = input.modelApprovalStatus ?? "PendingManualApproval"
        guard Self.approvalStatuses.contains(status) else { throw Self.enumError(status, member: "modelApprovalStatus", Self.approvalStatuses) }
        if let description = input.modelPackageDescription, description.count > 1024 {
            throw SageMakerError.validation("1 validation error detected: Value at 'modelPackageDescription' failed to satisfy constraint: Member must have length less than or equal to 1024")
        }
        if case .object(let specification) = input.inferenceSpecification {
            guard case .array(let containers) = specification["Containers"], !containers.isEmpty else {
                throw SageMakerError.validation("InferenceSpecification must name at least one container in Containers")
            }
            for container in containers {
                guard case .object(let fields) = container, case .string(let image) = fields["Image"], !image.isEmpty else {
                    throw SageMakerError.validation("Every container of InferenceSpecification needs an Image")
                }
            }
        }
        try Self.check(tags: input.tags)
        let package = try await store.insertNextVersion(ModelPackageRecord(
            account: context.account.rawValue, region: context.region.name, groupName: group.name, version: 0, description: input.modelPackageDescription,
            inferenceSpecification: input.inferenceSpecification, approvalStatus: status, approvalDescription: nil,
            metadataProperties: input.metadataProperties, modelMetrics: input.modelMetrics, customerMetadata: input.customerMetadataProperties,
            modelCard: input.modelCard, domain: input.domain, task: input.task, samplePayloadURL: input.samplePayloadUrl,
            createdBy: try await userContext(context), created: clock.now(), modified: nil, modifiedBy: nil
        ), tags: input.tags ?? [])
        await announce(package)
        return ModelPackageArnOutput(modelPackageArn: package.arn)
    }

    /// Puts a "SageMaker Model Package State Change" event on the default bus, with the fields SageMaker sends. The
    /// change itself is already stored; a failure to announce it is logged, not answered.
    func announce(_ package: ModelPackageRecord) async {
        guard let events else { return }
        func json<T: Encodable>(_ value: T) -> JSONValue? {
            (try? JSONEncoder().encode(value)).flatMap { try? JSONValue.parse($0) }
        }
        var detail: [String: JSONValue] = [
            "ModelPackageGroupName": .string(package.groupName), "ModelPackageVersion": .number(Double(package.version)),
            "ModelPackageArn": .string(package.arn), "ModelPackageName": .string(package.groupName),
            "CreationTime": .number((package.created.timeIntervalSince1970 * 1000).rounded()),
            "ModelPackageStatus": .string("Completed"), "ModelApprovalStatus": .string(package.approvalStatus),
            "ModelPackageStatusDetails": .object(["ValidationStatuses": .array([]), "ImageScanStatuses": .array([])]),
            "CertifyForMarketplace": .bool(false),
        ]
        detail["InferenceSpecification"] = package.inferenceSpecification
        detail["ModelMetrics"] = package.modelMetrics
        detail["MetadataProperties"] = package.metadataProperties
        detail["ModelPackageDescription"] = package.description.map { .string($0) }
        detail["ApprovalDescription"] = package.approvalDescription.map { .string($0) }
        detail["CustomerMetadataProperties"] = package.customerMetadata.map { .object($0.mapValues { .string($0) }) }
        detail["CreatedBy"] = json(package.createdBy)
        detail["LastModifiedBy"] = package.modifiedBy.flatMap { json($0) }
        detail["LastModifiedTime"] = package.modified.map { .number(($0.timeIntervalSince1970 * 1000).rounded()) }
        do {
            try await events.publish(
                source: "aws.sagemaker", detailType: "SageMaker Model Package State Change", detail: .object(detail), resources: [package.arn],
                account: package.account, region: package.region
            )
        } catch {
            logger.error("announcing the state of \(package.arn) failed: \(error)")
        }
    }

    func listModelPackages(_ input: ListModelPackagesInput, context: ServiceContext) async throws -> ListModelPackagesOutput {
        if let status = input.modelApprovalStatus, !Self.approvalStatuses.contains(status) {
            throw Self.enumError(status, member: "modelApprovalStatus", Self.approvalStatuses)
        }
        if let sortBy = input.sortBy, !["Name", "CreationTime"].contains(sortBy) { throw Self.enumError(sortBy, member: "sortBy", ["Name", "CreationTime"]) }
        let group = input.modelPackageGroupName.map(Self.groupName)
        var packages = try await store.modelPackages(account: context.account.rawValue, region: context.region.name).filter { package in
            (group.map { package.groupName.lowercased() == $0.lowercased() } ?? true)
                && (input.modelApprovalStatus.map { package.approvalStatus == $0 } ?? true)
                && (input.nameContains.map { package.groupName.lowercased().contains($0.lowercased()) } ?? true)
                && (input.creationTimeAfter.map { package.created > $0 } ?? true) && (input.creationTimeBefore.map { package.created < $0 } ?? true)
                && input.modelPackageType != "Unversioned"
        }
        packages.sort {
            input.sortBy == "Name" ? ($0.groupName, $0.version) < ($1.groupName, $1.version) : ($0.created, $0.version) < ($1.created, $1.version)
        }
        if input.sortOrder != "Ascending" { packages.reverse() }
        let (page, next) = try Self.page(packages, nextToken: input.nextToken, maxResults: input.maxResults)
        return ListModelPackagesOutput(modelPackageSummaryList: page.map { package in
            ModelPackageSummaryShape(
                modelPackageName: package.groupName, modelPackageGroupName: package.groupName, modelPackageVersion: package.version,
                modelPackageArn: package.arn, modelPackageDescription: package.description, creationTime: package.created,
                modelPackageStatus: "Completed", modelApprovalStatus: package.approvalStatus
            )
        }, nextToken: next)
    }

    /// The ARN a model package name gives: an ARN as it is, `group/version` made into one.
    func modelPackageARN(_ nameOrARN: String, _ context: ServiceContext) -> String {
        nameOrARN.hasPrefix("arn:") ? nameOrARN : arn(context, "model-package", nameOrARN.lowercased())
    }

    /// The versioned model package an ARN (`…:model-package/group/version`) or `group/version` names.
    func requirePackage(_ nameOrARN: String, _ context: ServiceContext) async throws -> ModelPackageRecord {
        let path = nameOrARN.hasPrefix("arn:") ? String(nameOrARN.split(separator: ":", maxSplits: 5).last ?? "").split(separator: "/").dropFirst().map(String.init)
            : nameOrARN.split(separator: "/").map(String.init)
        guard path.count == 2, let version = Int(path[1]),
              let package = try await store.modelPackage(group: path[0], version: version, account: context.account.rawValue, region: context.region.name)
        else { throw SageMakerError.validation("ModelPackage \(nameOrARN) does not exist.") }
        return package
    }
}
