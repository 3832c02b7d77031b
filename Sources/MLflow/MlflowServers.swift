import Crypto
import Foundation
import ServiceKit
import SlipwayCore

/// What tracking servers and MLflow apps share: checking what a creator asks for, storing the server, starting,
/// stopping and deleting its process, tags, listings and presigned UI links.
struct MlflowServers: Sendable {
    let store: MlflowStore
    let supervisor: MlflowSupervisor
    let versions: MlflowVersions
    let roles: any RoleAssumptionPort
    let objects: any ObjectPort
    let calls: (any ServiceCallPort)?
    let clock: any WallClock
    static let deniedCode = "AccessDeniedException"
    static let namePattern = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}"
    static let windowPattern = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01]\\d|2[0-3]):([0-5]\\d)"
    static let rolePattern = "arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"

    func request(_ action: String, _ resource: String, _ context: ServiceContext) -> AccessRequest {
        AccessRequest(action: "sagemaker:\(action)", resource: resource, resourceAccount: context.account.rawValue)
    }

    /// What creating a server needs: the create action (with its tags), passing its role to SageMaker, and `AddTags`
    /// when it is tagged.
    func createAccess(_ action: String, _ target: String, role: String, tags: [TagShape]?, _ context: ServiceContext) async throws -> [AccessRequest] {
        try await PassRole.sageMakerCreation(action, target, role: role, tags: (tags ?? []).map { ($0.key, $0.value) }, context: context, roles: roles)
    }

    static func newID(_ kind: MlflowServerRecord.Kind) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let suffix = String((0..<12).map { _ in alphabet.randomElement() ?? "a" })
        return (kind == .app ? "app-" : "t-") + suffix
    }

    /// Checks the common members, the role and the artifact store: the role must trust SageMaker and reach the bucket.
    func validate(artifactStoreUri: String, roleArn: String, window: String?, tags: [TagShape]?, context: ServiceContext) async throws {
        try MlflowError.check(roleArn, member: "roleArn", pattern: Self.rolePattern, min: 20, max: 2048)
        if let window { try MlflowError.check(window, member: "weeklyMaintenanceWindowStart", pattern: Self.windowPattern, max: 9) }
        if let tags, tags.count > 50 {
            throw MlflowError.validation("1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50")
        }
        try await checkArtifactStore(artifactStoreUri, roleArn: roleArn, context: context)
    }

    /// The role must exist in the account and trust SageMaker, and its session must be able to list the artifact store.
    func checkArtifactStore(_ uri: String, roleArn: String, context: ServiceContext) async throws {
        guard uri.count <= 1024, uri.range(of: "^(https|s3)://([^/]+)/?(.*)$", options: .regularExpression) != nil else {
            throw MlflowError.validation("1 validation error detected: Value '\(uri)' at 'artifactStoreUri' failed to satisfy constraint: Member must satisfy regular expression pattern: (https|s3)://([^/]+)/?(.*)")
        }
        guard uri.hasPrefix("s3://") else {
            throw MlflowError.validation("ArtifactStoreUri \(uri) must be an s3:// URI of a bucket in this Slipway's S3.")
        }
        let rest = uri.dropFirst(5)
        let bucket = String(rest.prefix { $0 != "/" })
        let prefix = String(rest.dropFirst(bucket.count).drop { $0 == "/" })
        let session: Principal
        do {
            session = try await roles.assumeRole(roleArn, by: "sagemaker.amazonaws.com", for: context.account.rawValue, sessionName: "SageMakerMlflow", conditions: [:])
        } catch {
            throw MlflowError.validation("Could not assume role \(roleArn). Please ensure that the role exists and allows principal 'sagemaker.amazonaws.com' to assume the role.")
        }
        let roleContext = ServiceContext(
            account: session.account ?? context.account, region: context.region, principal: session, requestID: context.requestID, logger: context.logger,
            receivedAt: clock.now()
        )
        do {
            _ = try await objects.list(bucket: bucket, prefix: prefix, context: roleContext)
        } catch {
            throw MlflowError.validation("The role \(roleArn) cannot access the artifact store \(uri): \(Self.reason(error))")
        }
    }

    static func reason(_ error: any Error) -> String {
        if let service = error as? any ServiceError { return "\(service.code): \(service.message)" }
        return "\(error)"
    }

    /// Stores a new server, tags it and starts its process; refuses a tracking server name already in use.
    func create(_ record: MlflowServerRecord, tags: [TagShape]?, context: ServiceContext) async throws {
        let now = clock.now()
        guard try await store.insert(record, owner: supervisor.owner, leaseUntil: now.addingTimeInterval(supervisor.lease)) else {
            throw MlflowError(code: "ResourceInUse", message: "Tracking server with name \(record.name) already exists.", httpStatus: 400)
        }
        do {
            try await tag(record.arn, tags ?? [], context: context)
        } catch {
            try? await store.delete(record.arn)
            throw error
        }
        supervisor.log(record, "Creating the MLflow \(record.mlflowVersion) server \(record.arn).")
        supervisor.start(record)
    }

    private func tag(_ arn: String, _ tags: [TagShape], context: ServiceContext) async throws {
        try await calls?.addSageMakerTags(arn, tags.map { ($0.key, $0.value) }, context: context)
    }

    /// States a running server's settings may change in, or it may be stopped in.
    static let settled: Set<String> = ["Created", "Updated", "UpdateFailed", "Started", "MaintenanceComplete", "MaintenanceFailed"]

    /// Changes a running server's settings and restarts its process with them.
    func update(_ record: MlflowServerRecord, context: ServiceContext, _ change: @escaping @Sendable (inout MlflowServerRecord) -> Void) async throws {
        guard Self.settled.contains(record.status) else {
            throw MlflowError.conflict("Cannot update \(Self.noun(record)) \(record.arn) while its status is \(record.status).")
        }
        let now = clock.now(), identity = context.principal.arn
        guard let updated = try await store.modify(record.arn, { stored in
            change(&stored)
            stored.status = "Updating"
            stored.isActive = false
            stored.modified = now
            stored.modifiedBy = identity
        }) else { throw MlflowError.notFound("\(Self.noun(record)) \(record.arn) does not exist.") }
        await supervisor.stop(record.id)
        _ = try await store.claim(record.arn, owner: supervisor.owner, now: now, until: now.addingTimeInterval(supervisor.lease))
        supervisor.start(updated)
    }

    func stop(_ record: MlflowServerRecord, _ context: ServiceContext) async throws {
        guard Self.settled.contains(record.status) else {
            throw MlflowError.conflict("Cannot stop \(Self.noun(record)) \(record.arn) while its status is \(record.status).")
        }
        let now = clock.now(), identity = context.principal.arn
        _ = try await store.modify(record.arn) { $0.status = "Stopping"; $0.modified = now; $0.modifiedBy = identity }
        Task { [store, supervisor] in
            await supervisor.stop(record.id)
            _ = try? await store.modify(record.arn) { $0.status = "Stopped"; $0.isActive = false }
            try? await store.release(record.arn, owner: supervisor.owner)
            supervisor.log(record, "Stopped the MLflow server.")
        }
    }

    func start(_ record: MlflowServerRecord, _ context: ServiceContext) async throws {
        guard ["Stopped", "StartFailed", "StopFailed"].contains(record.status) else {
            throw MlflowError.conflict("Cannot start \(Self.noun(record)) \(record.arn) while its status is \(record.status).")
        }
        let now = clock.now(), identity = context.principal.arn
        guard try await store.claim(record.arn, owner: supervisor.owner, now: now, until: now.addingTimeInterval(supervisor.lease)),
              let started = try await store.modify(record.arn, { $0.status = "Starting"; $0.modified = now; $0.modifiedBy = identity })
        else { throw MlflowError.conflict("\(Self.noun(record)) \(record.arn) is being changed by another request.") }
        supervisor.start(started)
    }

    func delete(_ record: MlflowServerRecord, _ context: ServiceContext) async throws {
        guard record.status != "Deleting" else {
            throw MlflowError.conflict("\(Self.noun(record)) \(record.arn) is already being deleted.")
        }
        let now = clock.now()
        guard let deleting = try await store.modify(record.arn, { $0.status = "Deleting"; $0.isActive = false; $0.modified = now }) else {
            throw MlflowError.notFound("\(Self.noun(record)) \(record.arn) does not exist.")
        }
        _ = try await store.claim(record.arn, owner: supervisor.owner, now: now, until: now.addingTimeInterval(supervisor.lease))
        Task { [supervisor] in await supervisor.finishDeleting(deleting) }
    }

    static func noun(_ record: MlflowServerRecord) -> String { record.kind == .app ? "MLflow app" : "Tracking server" }

    /// Servers of a kind chosen, ordered and paged as SageMaker's List operations do.
    func page(
        _ kind: MlflowServerRecord.Kind, context: ServiceContext, createdAfter: Date?, createdBefore: Date?, status: String?, version: String?,
        sortBy: String?, sortOrder: String?, nextToken: String?, maxResults: Int?, matching: @Sendable (MlflowServerRecord) -> Bool = { _ in true }
    ) async throws -> OffsetPage<MlflowServerRecord> {
        var servers = try await store.servers(account: context.account.rawValue, region: context.region.name, kind: kind).filter(matching)
        if let createdAfter { servers = servers.filter { $0.created > createdAfter } }
        if let createdBefore { servers = servers.filter { $0.created < createdBefore } }
        if let status { servers = servers.filter { $0.status == status } }
        if let version { servers = servers.filter { $0.mlflowVersion == version } }
        switch sortBy ?? "CreationTime" {
        case "Name": servers.sort { ($0.name.lowercased(), $0.created) < ($1.name.lowercased(), $1.created) }
        case "Status": servers.sort { ($0.status, $0.created) < ($1.status, $1.created) }
        case "CreationTime": servers.sort { $0.created < $1.created }
        case let other:
            throw MlflowError.validation("1 validation error detected: Value '\(other)' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [Name, CreationTime, Status]")
        }
        switch sortOrder ?? "Descending" {
        case "Descending": servers.reverse()
        case "Ascending": break
        case let other:
            throw MlflowError.validation("1 validation error detected: Value '\(other)' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [Ascending, Descending]")
        }
        if let maxResults, !(1...100).contains(maxResults) {
            throw MlflowError.validation("1 validation error detected: Value '\(maxResults)' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100")
        }
        guard let page = OffsetPage(servers, after: nextToken, limit: maxResults ?? 100) else { throw MlflowError.validation("The NextToken is not valid.") }
        return page
    }

    // MARK: Presigned UI links

    /// A link that opens the server's UI in a browser as the caller, once, within `expires` seconds; the session it
    /// opens lasts `session` seconds.
    func presignedURL(_ record: MlflowServerRecord, expires: Int?, session: Int?, context: ServiceContext) async throws -> String {
        let expires = expires ?? 300, session = session ?? 43_200
        guard (5...300).contains(expires) else {
            throw MlflowError.validation("1 validation error detected: Value '\(expires)' at 'expiresInSeconds' failed to satisfy constraint: Member must have value between 5 and 300")
        }
        guard (1800...43_200).contains(session) else {
            throw MlflowError.validation("1 validation error detected: Value '\(session)' at 'sessionExpirationDurationInSeconds' failed to satisfy constraint: Member must have value between 1800 and 43200")
        }
        guard record.shouldRun else {
            throw MlflowError.conflict("\(Self.noun(record)) \(record.arn) is not running: its status is \(record.status).")
        }
        guard let key = context.principal.accessKeyID else {
            throw MlflowError.validation("A presigned URL opens the UI as the caller's access key; this caller has none.")
        }
        let token = SecretTokens.make()
        try await store.saveToken(
            hash: SecretTokens.hash(token), serverID: record.id, purpose: "url", accessKeyID: key, expires: clock.now().addingTimeInterval(Double(expires)),
            sessionSeconds: session
        )
        let host = context.headers["host"] ?? "127.0.0.1"
        return "http://\(host)\(record.uiPrefix)/auth?authToken=\(token)"
    }
}
