import Foundation
import ServiceKit
import SlipwayCore

/// SageMaker's MLflow tracking server operations, composed into the SageMaker service's table by the server.
struct TrackingServers: Sendable {
    let servers: MlflowServers

    func arn(_ name: String, _ context: ServiceContext) -> String {
        "arn:aws:sagemaker:\(context.region.name):\(context.account):mlflow-tracking-server/\(name.lowercased())"
    }

    func access(_ action: String, _ name: String, _ context: ServiceContext) -> AccessRequest {
        servers.request(action, arn(name, context), context)
    }

    var operations: [ServiceOperation] {
        [
            ServiceOperation("CreateMlflowTrackingServer", input: CreateMlflowTrackingServerInput.self, accessAll: { input, context in
                try await servers.createAccess("CreateMlflowTrackingServer", arn(input.trackingServerName, context), role: input.roleArn, tags: input.tags, context)
            }, handler: { input, context in try await create(input, context) }),
            ServiceOperation("DescribeMlflowTrackingServer", input: TrackingServerNameInput.self, access: { input, context in
                access("DescribeMlflowTrackingServer", input.trackingServerName, context)
            }, handler: { input, context in describe(try await require(input.trackingServerName, context), context) }),
            ServiceOperation("ListMlflowTrackingServers", input: ListMlflowTrackingServersInput.self, access: { _, context in
                servers.request("ListMlflowTrackingServers", "*", context)
            }, handler: { input, context in try await list(input, context) }),
            ServiceOperation("UpdateMlflowTrackingServer", input: UpdateMlflowTrackingServerInput.self, access: { input, context in
                access("UpdateMlflowTrackingServer", input.trackingServerName, context)
            }, handler: { input, context in try await update(input, context) }),
            lifecycle("StopMlflowTrackingServer", servers.stop),
            lifecycle("StartMlflowTrackingServer", servers.start),
            lifecycle("DeleteMlflowTrackingServer", servers.delete),
            ServiceOperation("CreatePresignedMlflowTrackingServerUrl", input: CreatePresignedMlflowTrackingServerUrlInput.self, access: { input, context in
                access("CreatePresignedMlflowTrackingServerUrl", input.trackingServerName, context)
            }, handler: { input, context in
                let record = try await require(input.trackingServerName, context)
                let url = try await servers.presignedURL(
                    record, expires: input.expiresInSeconds, session: input.sessionExpirationDurationInSeconds, context: context
                )
                return AuthorizedUrlOutput(authorizedUrl: url)
            }),
        ]
    }

    /// An operation that names a server and moves it on (stop, start, delete), answering with its ARN.
    func lifecycle(_ name: String, _ change: @escaping @Sendable (MlflowServerRecord, ServiceContext) async throws -> Void) -> ServiceOperation {
        ServiceOperation(name, input: TrackingServerNameInput.self, access: { input, context in
            access(name, input.trackingServerName, context)
        }, handler: { input, context in
            let record = try await require(input.trackingServerName, context)
            try await change(record, context)
            return TrackingServerArnOutput(trackingServerArn: record.arn)
        })
    }

    func require(_ name: String, _ context: ServiceContext) async throws -> MlflowServerRecord {
        guard let record = try await servers.store.server(arn: arn(name, context)), record.kind == .trackingServer else {
            throw MlflowError.notFound("Tracking server with name \(name) not found.")
        }
        return record
    }

    func create(_ input: CreateMlflowTrackingServerInput, _ context: ServiceContext) async throws -> TrackingServerArnOutput {
        try MlflowError.check(input.trackingServerName, member: "trackingServerName", pattern: MlflowServers.namePattern, max: 256)
        let size = input.trackingServerSize ?? "Small"
        guard ["Small", "Medium", "Large"].contains(size) else {
            throw MlflowError.validation("1 validation error detected: Value '\(size)' at 'trackingServerSize' failed to satisfy constraint: Member must satisfy enum value set: [Small, Medium, Large]")
        }
        let version = input.mlflowVersion ?? servers.versions.defaultVersion
        guard servers.versions.profile(for: version) != nil else { throw MlflowError.validation(servers.versions.unavailable(version)) }
        if let owner = input.s3BucketOwnerAccountId {
            try MlflowError.check(owner, member: "s3BucketOwnerAccountId", pattern: "\\d+", min: 12, max: 12)
        }
        try await servers.validate(
            artifactStoreUri: input.artifactStoreUri, roleArn: input.roleArn, window: input.weeklyMaintenanceWindowStart, tags: input.tags, context: context
        )
        let now = servers.clock.now()
        let record = MlflowServerRecord(
            kind: .trackingServer, arn: arn(input.trackingServerName, context), account: context.account.rawValue, region: context.region.name,
            name: input.trackingServerName, id: MlflowServers.newID(.trackingServer), artifactStoreUri: input.artifactStoreUri, roleArn: input.roleArn,
            mlflowVersion: version, size: size, automaticModelRegistration: input.automaticModelRegistration ?? false,
            weeklyMaintenanceWindowStart: input.weeklyMaintenanceWindowStart ?? "Tue:03:30", bucketOwnerAccountId: input.s3BucketOwnerAccountId,
            bucketOwnerVerification: input.s3BucketOwnerVerification, accountDefaultStatus: nil, defaultDomainIdList: nil, status: "Creating",
            isActive: false, maintenanceStatus: nil, failureReason: nil, created: now, createdBy: context.principal.arn, modified: now,
            modifiedBy: context.principal.arn
        )
        try await servers.create(record, tags: input.tags, context: context)
        return TrackingServerArnOutput(trackingServerArn: record.arn)
    }

    func update(_ input: UpdateMlflowTrackingServerInput, _ context: ServiceContext) async throws -> TrackingServerArnOutput {
        let record = try await require(input.trackingServerName, context)
        if let size = input.trackingServerSize, !["Small", "Medium", "Large"].contains(size) {
            throw MlflowError.validation("1 validation error detected: Value '\(size)' at 'trackingServerSize' failed to satisfy constraint: Member must satisfy enum value set: [Small, Medium, Large]")
        }
        if let window = input.weeklyMaintenanceWindowStart {
            try MlflowError.check(window, member: "weeklyMaintenanceWindowStart", pattern: MlflowServers.windowPattern, max: 9)
        }
        if let uri = input.artifactStoreUri { try await servers.checkArtifactStore(uri, roleArn: record.roleArn, context: context) }
        try await servers.update(record, context: context) { stored in
            if let uri = input.artifactStoreUri { stored.artifactStoreUri = uri }
            if let size = input.trackingServerSize { stored.size = size }
            if let registration = input.automaticModelRegistration { stored.automaticModelRegistration = registration }
            if let window = input.weeklyMaintenanceWindowStart { stored.weeklyMaintenanceWindowStart = window }
            if let owner = input.s3BucketOwnerAccountId { stored.bucketOwnerAccountId = owner }
            if let verification = input.s3BucketOwnerVerification { stored.bucketOwnerVerification = verification }
        }
        return TrackingServerArnOutput(trackingServerArn: record.arn)
    }

    func list(_ input: ListMlflowTrackingServersInput, _ context: ServiceContext) async throws -> ListMlflowTrackingServersOutput {
        let page = try await servers.page(
            .trackingServer, context: context, createdAfter: input.createdAfter, createdBefore: input.createdBefore, status: input.trackingServerStatus,
            version: input.mlflowVersion, sortBy: input.sortBy, sortOrder: input.sortOrder, nextToken: input.nextToken, maxResults: input.maxResults
        )
        return ListMlflowTrackingServersOutput(trackingServerSummaries: page.items.map { record in
            TrackingServerSummaryShape(
                trackingServerArn: record.arn, trackingServerName: record.name, creationTime: record.created, lastModifiedTime: record.modified,
                trackingServerStatus: record.status, isActive: record.active(at: servers.clock.now()) ? "Active" : "Inactive", mlflowVersion: record.mlflowVersion
            )
        }, nextToken: page.nextToken)
    }

    func describe(_ record: MlflowServerRecord, _ context: ServiceContext) -> DescribeMlflowTrackingServerOutput {
        let host = context.headers["host"] ?? "127.0.0.1"
        return DescribeMlflowTrackingServerOutput(
            trackingServerArn: record.arn, trackingServerName: record.name, artifactStoreUri: record.artifactStoreUri, trackingServerSize: record.size,
            mlflowVersion: record.mlflowVersion, roleArn: record.roleArn, trackingServerStatus: record.status,
            trackingServerMaintenanceStatus: record.maintenanceStatus, isActive: record.active(at: servers.clock.now()) ? "Active" : "Inactive",
            trackingServerUrl: "http://\(host)\(record.uiPrefix)/", weeklyMaintenanceWindowStart: record.weeklyMaintenanceWindowStart,
            automaticModelRegistration: record.automaticModelRegistration, creationTime: record.created,
            createdBy: UserContextShape(iamIdentity: IamIdentityShape(arn: record.createdBy)), lastModifiedTime: record.modified,
            lastModifiedBy: UserContextShape(iamIdentity: IamIdentityShape(arn: record.modifiedBy)), s3BucketOwnerAccountId: record.bucketOwnerAccountId,
            s3BucketOwnerVerification: record.bucketOwnerVerification
        )
    }
}
