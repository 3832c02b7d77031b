import ArgumentParser
import Foundation
import Logging
import SlipwayCore
import SlipwayServer

/// `slipway serve`: runs the server on its embedded defaults unless told otherwise.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the Slipway server.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = SlipwayConfiguration.defaultPort
    @Option(name: .customLong("data-dir"), help: "Directory for the database, credentials and objects.") var dataDir = ".slipway"
    @Option(name: .customLong("account-id"), help: "12-digit id of the first account (random if omitted).") var accountID: String?
    @Option(help: "Region the server answers as.") var region = "us-east-1"
    @Option(help: "postgres://user:password@host:port/db to use PostgreSQL; default is SQLite in the data dir.") var database: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.") var logLevel = "info"
    @Option(name: .customLong("lifecycle-day-seconds"), help: "Length of an S3 lifecycle day in seconds (tests and demos shorten it).") var lifecycleDaySeconds = 86_400.0
    @Option(name: .customLong("idle-timeout"), help: "Seconds a connection may stay silent, mid-request or between requests, before it is closed.") var idleTimeout = 60
    @Option(name: .customLong("bwrap"), help: "The bubblewrap program user code runs in (default: bwrap on PATH).") var bwrap: String?
    @Option(name: .customLong("job-lease-seconds"), help: "How long a job's lease lasts unrenewed: a job whose server stopped is failed after it.") var jobLeaseSeconds = 60
    @Option(name: .customLong("environments"), help: "Where image profiles' Python environments are built and kept (default: <data-dir>/environments; servers may share one).") var environments: String?
    @Option(name: .customLong("pip-cache"), help: "The pip cache environment builds download through (default: beside the environments).") var pipCache: String?
    @Option(help: "Where jobs run: local (sandboxes on this machine) or ray (the Ray cluster at --ray-address).") var compute = "local"
    @Option(name: .customLong("ray-address"), help: "The Ray cluster's dashboard address, e.g. http://127.0.0.1:8265 (with --compute ray).") var rayAddress: String?
    @Option(name: .customLong("tls-port"), help: "Also listen for HTTPS on this port (0 picks a free one), e.g. for git-remote-codecommit.") var tlsPort: Int?
    @Option(name: .customLong("tls-certificate"), help: "PEM certificate chain the HTTPS listener presents (default: one Slipway makes under <data-dir>/tls/).") var tlsCertificate: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-certificate.") var tlsKey: String?
    @Flag(name: .customLong("test-hooks"), help: "Enable /_slipway/test endpoints that move the service clock (tests only).") var testHooks = false

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown log level \(logLevel)") }
        guard let regionValue = Region(region) else { throw ValidationError("not a region name: \(region)") }
        guard lifecycleDaySeconds >= 1 else { throw ValidationError("--lifecycle-day-seconds must be at least 1") }
        guard idleTimeout >= 1 else { throw ValidationError("--idle-timeout must be at least 1") }
        guard jobLeaseSeconds >= 3 else { throw ValidationError("--job-lease-seconds must be at least 3") }
        var ray: URL?
        switch compute {
        case "local":
            guard rayAddress == nil else { throw ValidationError("--ray-address needs --compute ray") }
        case "ray":
            guard let rayAddress, let url = URL(string: rayAddress), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("--compute ray needs --ray-address http://HOST:PORT (the Ray dashboard)")
            }
            ray = url
        default:
            throw ValidationError("--compute must be local or ray")
        }
        guard (tlsCertificate == nil) == (tlsKey == nil) else { throw ValidationError("--tls-certificate and --tls-key go together") }
        guard tlsPort != nil || tlsCertificate == nil else { throw ValidationError("--tls-certificate needs --tls-port") }
        if let tlsPort, !(0...65535).contains(tlsPort) { throw ValidationError("--tls-port must be a port number") }
        var account: AccountID?
        if let accountID {
            guard let parsed = AccountID(accountID) else { throw ValidationError("--account-id must be 12 digits") }
            account = parsed
        }
        LoggingSystem.bootstrap { label in
            var handler = LineLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "slipway")
        let configuration = SlipwayConfiguration(
            host: host, port: port, dataDirectory: URL(fileURLWithPath: dataDir), accountID: account, region: regionValue,
            databaseURL: database, testHooks: testHooks, logLevel: level, lifecycleDaySeconds: lifecycleDaySeconds,
            idleTimeoutSeconds: idleTimeout, bwrapPath: bwrap, jobLeaseSeconds: jobLeaseSeconds,
            environmentsDirectory: environments.map { URL(fileURLWithPath: $0) }, pipCache: pipCache.map { URL(fileURLWithPath: $0) },
            rayAddress: ray,
            tls: tlsPort.map {
                SlipwayConfiguration.TLSSettings(port: $0, certificate: tlsCertificate.map { URL(fileURLWithPath: $0) }, privateKey: tlsKey.map { URL(fileURLWithPath: $0) })
            }
        )
        let server = try await SlipwayServer.bootstrap(configuration, logger: logger)
        if let created = server.createdRootCredentials {
            say("Created account \(created.account) (\(created.name)); root credentials saved to \(configuration.dataDirectory.appendingPathComponent("credentials").path) (profile default).")
            say("Paste these to use the AWS CLI or SDKs against Slipway:")
            for line in server.exportLines(for: created) { say(line) }
        }
        try await server.run(onServerRunning: { boundPort in
            say("Slipway listening on http://\(configuration.host):\(boundPort)")
        }, onTLSServerRunning: { boundPort, made in
            say("Slipway listening on https://\(configuration.host):\(boundPort)")
            if let made { say("Its certificate is signed by \(made.authority.path): trust that file (GIT_SSL_CAINFO, AWS_CA_BUNDLE).") }
        })
    }
}

/// Writes a line to standard output unbuffered, so a supervising process sees it at once.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
