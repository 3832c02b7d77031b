import Foundation
import ServiceKit
import SlipwayCore

/// SageMaker's MLflow app operations (the newer, serverless form of a managed MLflow server, named by ARN),
/// composed into the SageMaker service's table by the server.
struct MlflowApps: Sendable {
    let servers: MlflowServers
    static let arnPattern = "arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:mlflow-app/.*"

    func access(_ action: String, _ arn: String, _ context: ServiceContext) -> AccessRequest {
        servers.request(action, arn, context)
    }

    var operations: [ServiceOperation] {
        [
            ServiceOperation("CreateMlflowApp", input: CreateMlflowAppInput.self, accessAll: { input, context in
                try await servers.createAccess("CreateMlflowApp", "arn:aws:sagemaker:\(context.region.name):\(context.account):mlflow-app/*", role: input.roleArn, tags: input.tags, context)
            }, handler: { input, context in try await create(input, context) }),
            ServiceOperation("DescribeMlflowApp", input: AppArnShape.self, access: { input, context in
                access("DescribeMlflowApp", input.arn, context)
            }, handler: { input, context in describe(try await require(input.arn, context)) }),
            ServiceOperation("ListMlflowApps", input: ListMlflowAppsInput.self, access: { _, context in
                servers.request("ListMlflowApps", "*", context)
            }, handler: { input, context in try await list(input, context) }),
            ServiceOperation("UpdateMlflowApp", input: UpdateMlflowAppInput.self, access: { input, context in
                access("UpdateMlflowApp", input.arn, context)
            }, handler: { input, context in try await update(input, context) }),
            ServiceOperation("DeleteMlflowApp", input: AppArnShape.self, access: { input, context in
                access("DeleteMlflowApp", input.arn, context)
            }, handler: { input, context in
                let record = try await require(input.arn, context)
                try await servers.delete(record, context)
                return AppArnShape(arn: record.arn)
            }),
            ServiceOperation("CreatePresignedMlflowAppUrl", input: CreatePresignedMlflowAppUrlInput.self, access: { input, context in
                access("CreatePresignedMlflowAppUrl", input.arn, context)
            }, handler: { input, context in
                let record = try await require(input.arn, context)
                let url = try await servers.presignedURL(record, expires: input.expiresInSeconds, session: input.sessionExpirationDurationInSeconds, context: context)
                return AuthorizedUrlOutput(authorizedUrl: url)
            }),
        ]
    }

    func require(_ arn: String, _ context: ServiceContext) async throws -> MlflowServerRecord {
        try MlflowError.check(arn, member: "arn", pattern: Self.arnPattern, max: 128)
        guard let record = try await servers.store.server(arn: arn), record.kind == .app, record.account == context.account.rawValue,
              record.region == context.region.name
        else { throw MlflowError.notFound("MLflow app with ARN \(arn) not found.") }
        return record
    }

    static func checkModes(registration: String?, accountDefault: String?, domains: [String]?) throws {
        if let registration, !["AutoModelRegistrationEnabled", "AutoModelRegistrationDisabled"].contains(registration) {
            throw MlflowError.validation("1 validation error detected: Value '\(registration)' at 'modelRegistrationMode' failed to satisfy constraint: Member must satisfy enum value set: [AutoModelRegistrationEnabled, AutoModelRegistrationDisabled]")
        }
        if let accountDefault, !["ENABLED", "DISABLED"].contains(accountDefault) {
            throw MlflowError.validation("1 validation error detected: Value '\(accountDefault)' at 'accountDefaultStatus' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]")
        }
        for domain in domains ?? [] { try MlflowError.check(domain, member: "defaultDomainIdList", pattern: "d-(-*[a-z0-9]){1,61}", max: 63) }
    }

    func create(_ input: CreateMlflowAppInput, _ context: ServiceContext) async throws -> AppArnShape {
        try MlflowError.check(input.name, member: "name", pattern: MlflowServers.namePattern, max: 256)
        try Self.checkModes(registration: input.modelRegistrationMode, accountDefault: input.accountDefaultStatus, domains: input.defaultDomainIdList)
        try await servers.validate(
            artifactStoreUri: input.artifactStoreUri, roleArn: input.roleArn, window: input.weeklyMaintenanceWindowStart, tags: input.tags, context: context
        )
        let now = servers.clock.now()
        let id = MlflowServers.newID(.app)
        let record = MlflowServerRecord(
            kind: .app, arn: "arn:aws:sagemaker:\(context.region.name):\(context.account):mlflow-app/\(id)", account: context.account.rawValue,
            region: context.region.name, name: input.name, id: id, artifactStoreUri: input.artifactStoreUri, roleArn: input.roleArn,
            mlflowVersion: servers.versions.defaultVersion, size: "Small",
            automaticModelRegistration: input.modelRegistrationMode == "AutoModelRegistrationEnabled",
            weeklyMaintenanceWindowStart: input.weeklyMaintenanceWindowStart ?? "Tue:03:30", bucketOwnerAccountId: nil, bucketOwnerVerification: nil,
            accountDefaultStatus: input.accountDefaultStatus ?? "DISABLED", defaultDomainIdList: input.defaultDomainIdList, status: "Creating",
            isActive: false, maintenanceStatus: nil, failureReason: nil, created: now, createdBy: context.principal.arn, modified: now,
            modifiedBy: context.principal.arn
        )
        try await servers.create(record, tags: input.tags, context: context)
        return AppArnShape(arn: record.arn)
    }

    func update(_ input: UpdateMlflowAppInput, _ context: ServiceContext) async throws -> AppArnShape {
        let record = try await require(input.arn, context)
        if let name = input.name { try MlflowError.check(name, member: "name", pattern: MlflowServers.namePattern, max: 256) }
        try Self.checkModes(registration: input.modelRegistrationMode, accountDefault: input.accountDefaultStatus, domains: input.defaultDomainIdList)
        if let window = input.weeklyMaintenanceWindowStart {
            try MlflowError.check(window, member: "weeklyMaintenanceWindowStart", pattern: MlflowServers.windowPattern, max: 9)
        }
        if let uri = input.artifactStoreUri { try await servers.checkArtifactStore(uri, roleArn: record.roleArn, context: context) }
        try await servers.update(record, context: context) { stored in
            if let name = input.name { stored.name = name }
            if let uri = input.artifactStoreUri { stored.artifactStoreUri = uri }
            if let mode = input.modelRegistrationMode { stored.automaticModelRegistration = mode == "AutoModelRegistrationEnabled" }
            if let window = input.weeklyMaintenanceWindowStart { stored.weeklyMaintenanceWindowStart = window }
            if let domains = input.defaultDomainIdList { stored.defaultDomainIdList = domains }
            if let status = input.accountDefaultStatus { stored.accountDefaultStatus = status }
        }
        return AppArnShape(arn: record.arn)
    }

    func list(_ input: ListMlflowAppsInput, _ context: ServiceContext) async throws -> ListMlflowAppsOutput {
        let page = try await servers.page(
            .app, context: context, createdAfter: input.createdAfter, createdBefore: input.createdBefore, status: input.status,
            version: input.mlflowVersion, sortBy: input.sortBy, sortOrder: input.sortOrder, nextToken: input.nextToken, maxResults: input.maxResults
        ) { record in
            (input.defaultForDomainId.map { record.defaultDomainIdList?.contains($0) == true } ?? true)
                && (input.accountDefaultStatus.map { record.accountDefaultStatus == $0 } ?? true)
        }
        return ListMlflowAppsOutput(summaries: page.items.map { record in
            MlflowAppSummaryShape(
                arn: record.arn, name: record.name, status: Self.appStatus(record.status), creationTime: record.created, lastModifiedTime: record.modified,
                mlflowVersion: record.mlflowVersion
            )
        }, nextToken: page.nextToken)
    }

    /// Apps have no Started or maintenance states of their own: a running app is Created or Updated.
    static func appStatus(_ status: String) -> String {
        switch status {
        case "Started", "MaintenanceInProgress", "MaintenanceComplete", "MaintenanceFailed": "Created"
        default: status
        }
    }

    func describe(_ record: MlflowServerRecord) -> DescribeMlflowAppOutput {
        DescribeMlflowAppOutput(
            arn: record.arn, name: record.name, artifactStoreUri: record.artifactStoreUri, mlflowVersion: record.mlflowVersion, roleArn: record.roleArn,
            status: Self.appStatus(record.status),
            modelRegistrationMode: record.automaticModelRegistration ? "AutoModelRegistrationEnabled" : "AutoModelRegistrationDisabled",
            accountDefaultStatus: record.accountDefaultStatus ?? "DISABLED", defaultDomainIdList: record.defaultDomainIdList, creationTime: record.created,
            createdBy: UserContextShape(iamIdentity: IamIdentityShape(arn: record.createdBy)), lastModifiedTime: record.modified,
            lastModifiedBy: UserContextShape(iamIdentity: IamIdentityShape(arn: record.modifiedBy)),
            weeklyMaintenanceWindowStart: record.weeklyMaintenanceWindowStart, maintenanceStatus: record.maintenanceStatus
        )
    }
}
