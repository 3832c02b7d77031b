import BlobStore
import CloudFormation
import Console
import Compute
import Edge
import Git
import Foundation
import Hummingbird
import HummingbirdTLS
import NIOSSL
import IAM
import S3
import SageMaker
import ResourceGroupsTagging
import SecretsManager
import Events
import Lambda
import Logs
import SageMakerPipelines
import SageMakerTraining
import Logging
import MLflow
import SageMakerHosting
import MetadataStore
import ServiceKit
import ServiceLifecycle
import SlipwayCore
import TemplateEngine
import Workflows
import Synchronization

/// The composition root: opens the store, migrates every module, wires the ports and runs the HTTP server and workers.
public final class SlipwayServer: Sendable {
    public let configuration: SlipwayConfiguration
    let database: any MetadataDatabase
    let iam: IAMModule
    let audit: AuditLog
    let serviceClock: OffsetWallClock
    let logger: Logger
    /// The running service group, so `shutdown()` can stop it gracefully.
    private let runningGroup = Mutex<ServiceGroup?>(nil)
    /// Root credentials when this start created the first account; printed once by the caller.
    public let createdRootCredentials: IAMModule.RootCredentials?

    /// The migrations of every module, in the order they were introduced.
    static let migrations: [Migration] = IAMModule.migrations + TieredBlobStore.migrations + S3Module.migrations + CloudFormationModule.migrations + SageMakerModule.migrations + SecretsManagerModule.migrations + LambdaModule.migrations + EventsModule.migrations + LogsModule.migrations + TrainingModule.migrations + PipelinesModule.migrations + MLflowModule.migrations + HostingModule.migrations + AuditLog.migrations + GitModule.migrations + WorkflowsModule.migrations + ConsoleModule.migrations

    private init(
        configuration: SlipwayConfiguration, database: any MetadataDatabase, iam: IAMModule, audit: AuditLog,
        serviceClock: OffsetWallClock, logger: Logger, created: IAMModule.RootCredentials?
    ) {
        self.configuration = configuration
        self.database = database
        self.iam = iam
        self.audit = audit
        self.serviceClock = serviceClock
        self.logger = logger
        self.createdRootCredentials = created
    }

    /// Prepares the data directory and database; creates the first account and its credentials file on first start.
    public static func bootstrap(_ configuration: SlipwayConfiguration, logger: Logger) async throws -> SlipwayServer {
        try DataDirectory.prepare(configuration.dataDirectory)
        let database = try await DataDirectory.openDatabase(url: configuration.databaseURL, sqlitePath: configuration.sqlitePath, logger: logger)
        do {
            try await Migrator(database: database).migrate(migrations)
            let clock = OffsetWallClock()
            let iam = IAMModule(database: database, ids: RandomIDGenerator(), clock: clock)
            var created: IAMModule.RootCredentials?
            if try await iam.accounts().isEmpty {
                let credentials = try await iam.createAccount(name: "default", id: configuration.accountID)
                try DataDirectory.storeProfile(
                    "default", accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
                    in: configuration.credentialsFile
                )
                created = credentials
            }
            try DataDirectory.writeSettings(
                .init(databaseURL: configuration.databaseURL, endpoint: "http://\(configuration.host):\(configuration.port)", region: configuration.region.name),
                to: configuration.settingsFile
            )
            let audit = AuditLog(database: database, logger: logger)
            return SlipwayServer(
                configuration: configuration, database: database, iam: iam, audit: audit, serviceClock: clock, logger: logger, created: created
            )
        } catch {
            try? await database.close()
            throw error
        }
    }

    /// The lines a user pastes to point the AWS CLI and SDKs at this server.
    public func exportLines(for credentials: IAMModule.RootCredentials) -> [String] {
        [
            "export AWS_ENDPOINT_URL=http://\(configuration.host):\(configuration.port)",
            "export AWS_ACCESS_KEY_ID=\(credentials.accessKeyID)",
            "export AWS_SECRET_ACCESS_KEY=\(credentials.secretAccessKey)",
            "export AWS_DEFAULT_REGION=\(configuration.region.name)",
        ]
    }

    /// The HTTP application: the edge in front of every registered service.
    func application(
        s3: S3Module, lambda: LambdaModule, events: EventsModule, logs: LogsModule, training: TrainingModule, mlflow: MLflowModule, hosting: HostingModule,
        git: GitModule, workflows: WorkflowsModule, calls: InProcessCalls, onServerRunning: @escaping @Sendable (Int) async -> Void,
        onTLSServerRunning: @escaping @Sendable (Int, ServerCertificate.Files?) async -> Void
    ) async throws -> [any Service] {
        // Nothing is being written before the server listens, so whatever a crash left can go now.
        try await s3.sweeper.sweep(grace: 0, logger: logger)
        let sageMakerReference = SageMakerReference()
        let console = try ConsoleModule(
            database: database, identities: iam.directory, roles: iam.directory, calls: calls, authorizer: iam.directory, region: configuration.region,
            clock: serviceClock, logger: logger
        )
        let secrets = SecretsManagerModule(
            database: database, keyBytes: try DataDirectory.key(named: "secrets", in: configuration.dataDirectory), ids: RandomIDGenerator(), clock: serviceClock
        )
        let pipelines = PipelinesModule(
            database: database, calls: calls, roles: iam.directory, objects: S3Objects(module: s3, authorizer: iam.directory), events: events.engine,
            functions: lambda.service, authorizer: iam.directory, clock: serviceClock, logger: logger, leaseSeconds: configuration.jobLeaseSeconds
        )
        // The resource types stacks can hold, each provided by the module that owns the resource.
        let providers = ProviderRegistry([
            BucketProvider(module: s3, authorizer: iam.directory, logger: logger),
            BucketPolicyProvider(module: s3, authorizer: iam.directory, logger: logger),
            RoleProvider(module: iam, logger: logger), PolicyProvider(module: iam, logger: logger),
            ManagedPolicyProvider(module: iam, logger: logger), UserProvider(module: iam, logger: logger),
            AccessKeyProvider(module: iam, logger: logger), InstanceProfileProvider(module: iam, logger: logger),
            SecretProvider(module: secrets, authorizer: iam.directory, logger: logger),
            RepositoryProvider(module: git, objects: ProvidedObjects(base: S3Objects(module: s3, authorizer: iam.directory)), authorizer: iam.directory, clock: serviceClock, logger: logger),
            AccessTokenProvider(module: git, identities: iam.directory, authorizer: iam.directory, clock: serviceClock, logger: logger),
            WorkflowValueProvider(.secret, module: workflows, authorizer: iam.directory, clock: serviceClock, logger: logger),
            WorkflowValueProvider(.variable, module: workflows, authorizer: iam.directory, clock: serviceClock, logger: logger),
            WorkflowEnvironmentProvider(module: workflows, authorizer: iam.directory, clock: serviceClock, logger: logger),
            ModelPackageGroupProvider(reference: sageMakerReference, authorizer: iam.directory, logger: logger),
            CodeRepositoryProvider(reference: sageMakerReference, authorizer: iam.directory, logger: logger),
            FunctionProvider(module: lambda, authorizer: iam.directory, logger: logger),
            PermissionProvider(module: lambda, authorizer: iam.directory, logger: logger),
            VersionProvider(module: lambda, authorizer: iam.directory, logger: logger),
            CustomResourceProvider(module: lambda, authorizer: iam.directory, logger: logger),
            RuleProvider(module: events, authorizer: iam.directory, logger: logger),
            EventBusProvider(module: events, authorizer: iam.directory, logger: logger),
            PipelineProvider(module: pipelines, authorizer: iam.directory, logger: logger),
            TrackingServerProvider(module: mlflow, authorizer: iam.directory, logger: logger),
            ModelProvider(module: hosting, authorizer: iam.directory, logger: logger),
            EndpointConfigProvider(module: hosting, authorizer: iam.directory, logger: logger),
            EndpointProvider(module: hosting, authorizer: iam.directory, logger: logger),
        ])
        let cloudFormation = CloudFormationModule(database: database, registry: providers, roles: iam.directory, objects: S3Objects(module: s3, authorizer: iam.directory), clock: serviceClock, logger: logger)
        let sageMaker = SageMakerModule(
            database: database, ids: RandomIDGenerator(), clock: serviceClock, objects: S3Objects(module: s3, authorizer: iam.directory),
            stacks: CloudFormationStacks(module: cloudFormation), roles: iam.directory, events: events.engine,
            features: training.operations + pipelines.operations + mlflow.operations + hosting.operations,
            featureResources: [
                FeatureResource(type: "pipeline", exists: pipelines.pipelineExists), FeatureResource(type: "training-job", exists: training.jobExists),
                FeatureResource(type: "processing-job", exists: training.processingJobExists),
                FeatureResource(
                    type: "mlflow-tracking-server", exists: mlflow.trackingServerExists, list: mlflow.trackingServerARNs, delete: mlflow.deleteTrackingServer
                ),
                FeatureResource(type: "mlflow-app", exists: mlflow.appExists, list: mlflow.appARNs, delete: mlflow.deleteApp),
                FeatureResource(type: "model", exists: hosting.modelExists), FeatureResource(type: "endpoint-config", exists: hosting.endpointConfigExists),
                FeatureResource(type: "endpoint", exists: hosting.endpointExists, list: hosting.endpointARNs),
                FeatureResource(type: "transform-job", exists: hosting.transformJobExists),
            ], consoleLinks: console.links, logger: logger
        )
        sageMakerReference.set(sageMaker)
        // Every service's tagged resources, for the tagging API and a project's cascade delete.
        let tagged: [any TaggedResourcesPort] = [
            TaggedIdentities(module: iam), TaggedBuckets(module: s3, authorizer: iam.directory),
            TaggedStacks(module: cloudFormation, authorizer: iam.directory), TaggedSageMakerResources(module: sageMaker, authorizer: iam.directory),
            TaggedFunctions(module: lambda, authorizer: iam.directory), TaggedEventResources(module: events, authorizer: iam.directory),
            TaggedRepositories(module: git, authorizer: iam.directory),
        ]
        let registry = ServiceRegistry([
            iam.iam, iam.sts, s3.service, cloudFormation.service, sageMaker.service, git.service,
            SlipwayExtensions(operations: SageMakerExtensions(module: sageMaker, resources: tagged).operations + lambda.extensionOperations + events.extensionOperations + git.tokenOperations + workflows.operations + AuditOperations(database: database, clock: serviceClock).operations),
            ResourceGroupsTaggingService(ports: tagged), secrets.service, events.service, lambda.service, logs.service,
        ] + mlflow.proxies + [hosting.runtime])
        calls.set(registry)
        events.engine.setPipelineStarts(calls: calls, roles: iam.directory)
        // Stack operations a stop interrupted are finished (rolled back or carried on) as soon as the server runs.
        Task {
            await sageMaker.service.recoverInterruptedProjects()
            await cloudFormation.service.recoverInterruptedOperations()
        }
        Task { await training.recoverInterruptedJobs() }
        Task { await pipelines.recoverInterruptedExecutions() }
        Task { await mlflow.recoverServers() }
        Task { await hosting.recoverEndpoints() }
        let accounts = try await iam.accounts()
        let defaultAccount = configuration.accountID ?? accounts.first?.id ?? AccountID("000000000000")!  // a valid literal
        let internalErrors = InternalErrorCount()
        let edge = Edge(
            registry: registry, identities: iam.directory, authorizer: iam.directory, audit: audit, ids: RandomIDGenerator(),
            signatureClock: SystemWallClock(), serviceClock: serviceClock,
            settings: Edge.Settings(defaultAccount: defaultAccount, region: configuration.region),
            admin: AdminRoutes(
                testHooks: configuration.testHooks, clock: serviceClock, runtimeAPI: lambda.runtimeAPI, customResources: lambda.customResourceResponses,
                packages: lambda.packageDownloads, mlflow: mlflow.sessions, internalErrors: internalErrors
            ).handler,
            fronts: [git.forgeAPI, git.smartHTTP, console.front], internalErrors: internalErrors
        )
        var secure: (any Service)?
        if let tls = configuration.tls {
            // The same edge behind TLS: its own certificate (or one made here), the same idle timeout.
            var made: ServerCertificate.Files?
            let certificate: URL, privateKey: URL
            if let given = tls.certificate, let key = tls.privateKey {
                (certificate, privateKey) = (given, key)
            } else {
                let files = try ServerCertificate.ensure(in: configuration.dataDirectory.appendingPathComponent("tls"), host: configuration.host)
                (certificate, privateKey, made) = (files.certificate, files.privateKey, files)
            }
            let tlsConfiguration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certificate.path).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: privateKey.path, format: .pem))
            )
            secure = Application(
                responder: edge.overTLS(),
                server: try .tls(
                    .http1(configuration: .init(additionalChannelHandlers: [HTTP10Handler.Installer(), ReceiveBufferSizer(), ContinueHandler()], idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
                    tlsConfiguration: tlsConfiguration
                ),
                configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: tls.port), serverName: "Slipway"),
                onServerRunning: { [made] channel in await onTLSServerRunning(channel.localAddress?.port ?? 0, made) },
                logger: logger
            )
        }
        let plain = Application(
            responder: edge,
            // Hummingbird's idle timeout closes a connection whose request head or body stops arriving (half-sent
            // headers hold no request open), while a request being answered (a long poll) is never cut.
            server: .http1(configuration: .init(additionalChannelHandlers: [HTTP10Handler.Installer(), ReceiveBufferSizer(), ContinueHandler()], idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "Slipway"
            ),
            onServerRunning: { [configuration] channel in
                let port = channel.localAddress?.port ?? 0
                lambda.serverStarted(host: configuration.host, port: port)
                training.serverStarted(host: configuration.host, port: port)
                mlflow.serverStarted(host: configuration.host, port: port)
                hosting.serverStarted(host: configuration.host, port: port)
                git.serverStarted(host: configuration.host, port: port)
                workflows.serverStarted(host: configuration.host, port: port)
                await onServerRunning(port)
            },
            logger: logger
        )
        return [plain] + (secure.map { [$0] } ?? [])
    }

    /// Stops a running server the way SIGTERM does: no new connections, in-flight requests finish.
    public func shutdown() async {
        await runningGroup.withLock { $0 }?.triggerGracefulShutdown()
    }

    /// Serves until SIGINT/SIGTERM (or cancellation), then finishes in-flight requests, flushes the audit trail and closes the store.
    /// `onTLSServerRunning` hears the HTTPS listener's port (and the certificate files Slipway made, if it made them).
    public func run(
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
        onTLSServerRunning: @escaping @Sendable (Int, ServerCertificate.Files?) async -> Void = { _, _ in }
    ) async throws {
        let sealing = try BlobSealing(masterKeyBytes: try DataDirectory.sealingKey(in: configuration.dataDirectory))
        let files = try LocalBlobStore(root: configuration.dataDirectory.appendingPathComponent("objects"), sealing: sealing)
        let blobs = TieredBlobStore(files: files, database: database, sealing: sealing)
        let s3 = S3Module(database: database, blobs: blobs, clock: serviceClock, roles: iam.directory, accounts: iam.directory, lifecycleDaySeconds: configuration.lifecycleDaySeconds)
        let logs = LogsModule(database: database, clock: serviceClock)
        let sandbox = Sandbox(bwrap: configuration.bwrapPath)
        let calls = InProcessCalls(authorizer: iam.directory)
        let profiles = try ImageProfiles.load(configuration.profilesFile)
        let environments = PythonEnvironments(root: configuration.environments, pipCache: configuration.pipCache, sandbox: sandbox, pythons: PythonRuntimes())
        let training = TrainingModule(
            database: database, root: configuration.dataDirectory.appendingPathComponent("jobs"), objects: S3Objects(module: s3, authorizer: iam.directory),
            roles: iam.directory, credentials: iam, sandbox: sandbox, launcher: configuration.rayAddress.map { RayLauncher(address: $0, sandbox: sandbox) },
            profiles: profiles, environments: environments, logs: logs.writer, calls: calls, clock: serviceClock, logger: logger,
            leaseSeconds: configuration.jobLeaseSeconds
        )
        let lambda = LambdaModule(
            database: database, root: configuration.dataDirectory.appendingPathComponent("lambda"), objects: S3Objects(module: s3, authorizer: iam.directory),
            roles: iam.directory, credentials: iam, sandbox: sandbox, logs: logs.writer, ids: RandomIDGenerator(), clock: serviceClock, logger: logger
        )
        let events = EventsModule(database: database, roles: iam.directory, ids: RandomIDGenerator(), clock: serviceClock, logger: logger)
        events.engine.setFunctions(lambda.service)
        let mlflow = MLflowModule(
            database: database, root: configuration.dataDirectory.appendingPathComponent("mlflow"), postgresURL: configuration.databaseURL, sandbox: sandbox,
            environments: environments, roles: iam.directory, credentials: iam, objects: S3Objects(module: s3, authorizer: iam.directory),
            identities: iam.directory, authorizer: iam.directory, logs: logs.writer, calls: calls, clock: serviceClock, logger: logger,
            leaseSeconds: configuration.jobLeaseSeconds
        )
        let hosting = HostingModule(
            database: database, root: configuration.dataDirectory.appendingPathComponent("endpoints"), sandbox: sandbox, profiles: profiles,
            environments: environments, objects: S3Objects(module: s3, authorizer: iam.directory), roles: iam.directory, credentials: iam, logs: logs.writer,
            calls: calls, clock: serviceClock, logger: logger, leaseSeconds: configuration.jobLeaseSeconds
        )
        let git = GitModule(
            database: database, root: configuration.dataDirectory.appendingPathComponent("git"), identities: iam.directory, authorizer: iam.directory,
            region: configuration.region, ids: RandomIDGenerator(), clock: serviceClock, logger: logger
        )
        let workflows = WorkflowsModule(
            database: database, root: configuration.dataDirectory.appendingPathComponent("workflows"),
            secretKey: try DataDirectory.key(named: "workflow-secrets", in: configuration.dataDirectory), forge: git.forge, launcher: sandbox,
            runtimes: PythonRuntimes(), profiles: profiles, environments: environments, authorizer: iam.directory, region: configuration.region,
            clock: serviceClock, logger: logger, leaseSeconds: TimeInterval(configuration.jobLeaseSeconds)
        )
        let listeners = try await application(
            s3: s3, lambda: lambda, events: events, logs: logs, training: training, mlflow: mlflow, hosting: hosting, git: git, workflows: workflows, calls: calls,
            onServerRunning: onServerRunning, onTLSServerRunning: onTLSServerRunning
        )
        let lifecycle = LifecycleWorker(module: s3, daySeconds: configuration.lifecycleDaySeconds, logger: logger)
        let replication = ReplicationWorker(module: s3, roles: iam.directory, authorizer: iam.directory, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: audit),
                    .init(service: lifecycle),
                    .init(service: replication),
                    .init(service: events.deliveryService),
                    .init(service: WorkflowRunnerService(module: workflows)),
                    .init(service: MemoryTrimmer(isQuiet: { [audit] in !audit.hadActivity() })),
                ] + listeners.map {
                    .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
                } + [
                    // Last, so it is told first: workers stop before the HTTP server waits for their long polls.
                    .init(service: FunctionWorkersService(module: lambda)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        runningGroup.withLock { $0 = group }
        var failure: (any Error)?
        do {
            try await group.run()
        } catch {
            failure = error
        }
        // Closing must happen even when the caller's task was cancelled, so it runs in a task of its own.
        let audit = self.audit, database = self.database, logger = self.logger
        await Task {
            await lambda.shutdown()
            await mlflow.shutdown()
            await hosting.shutdown()
            do { try await audit.flush() } catch { logger.error("final audit flush failed: \(error)") }
            do { try await database.close() } catch { logger.error("closing the database failed: \(error)") }
        }.value
        if let failure, !(failure is CancellationError) { throw failure }
    }
}
