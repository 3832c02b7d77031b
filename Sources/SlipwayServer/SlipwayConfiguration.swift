import Foundation
import Logging
import SlipwayCore

/// How one Slipway server is set up: where it listens, where it keeps data, which database it uses.
public struct SlipwayConfiguration: Sendable {
    /// The port `slipway serve` listens on unless told otherwise.
    public static let defaultPort = 7433

    public var host: String
    public var port: Int
    public var dataDirectory: URL
    /// The id the first account gets; random when nil.
    public var accountID: AccountID?
    public var region: Region
    /// A `postgres://` URL, or nil for the embedded SQLite file in the data directory.
    public var databaseURL: String?
    /// Enables `/_slipway/test/*` endpoints that move the service clock; never for production.
    public var testHooks: Bool
    public var logLevel: Logger.Level
    /// How many seconds an S3 lifecycle "day" lasts; shorter than a day only for tests and demos.
    public var lifecycleDaySeconds: Double
    /// How long a connection may stay silent before it is closed: a request whose head or body stops arriving, or a
    /// kept-alive connection with no next request. A request being answered is never cut.
    public var idleTimeoutSeconds: Int
    /// The bubblewrap program user code runs in; nil finds `bwrap` on `PATH`.
    public var bwrapPath: String?
    /// How long a job's lease lasts without renewal (a job whose server stopped is failed after it).
    public var jobLeaseSeconds: Int
    /// Where image profiles' environments are built and kept (several servers may share it); nil keeps them in the data directory.
    public var environmentsDirectory: URL?
    /// The pip cache environment builds download through; nil keeps one beside the environments.
    public var pipCache: URL?
    /// The Ray cluster jobs run on (its dashboard address, for the Ray Jobs API); nil runs them on this machine.
    public var rayAddress: URL?
    /// An HTTPS listener besides the plain one (for clients that only speak HTTPS, such as `git-remote-codecommit`);
    /// nil runs none.
    public var tls: TLSSettings?

    /// Where the HTTPS listener listens, and the certificate it presents (nil: one Slipway makes under
    /// `<data-dir>/tls/`).
    public struct TLSSettings: Sendable {
        public var port: Int
        public var certificate: URL?
        public var privateKey: URL?

        public init(port: Int, certificate: URL? = nil, privateKey: URL? = nil) {
            self.port = port
            self.certificate = certificate
            self.privateKey = privateKey
        }
    }

    public init(
        host: String = "127.0.0.1", port: Int = SlipwayConfiguration.defaultPort, dataDirectory: URL = URL(fileURLWithPath: ".slipway"),
        accountID: AccountID? = nil, region: Region = .usEast1, databaseURL: String? = nil, testHooks: Bool = false,
        logLevel: Logger.Level = .info, lifecycleDaySeconds: Double = 86_400, idleTimeoutSeconds: Int = 60, bwrapPath: String? = nil, jobLeaseSeconds: Int = 60,
        environmentsDirectory: URL? = nil, pipCache: URL? = nil, rayAddress: URL? = nil, tls: TLSSettings? = nil
    ) {
        self.tls = tls
        self.rayAddress = rayAddress
        self.environmentsDirectory = environmentsDirectory
        self.pipCache = pipCache
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.accountID = accountID
        self.region = region
        self.databaseURL = databaseURL
        self.testHooks = testHooks
        self.logLevel = logLevel
        self.lifecycleDaySeconds = lifecycleDaySeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.bwrapPath = bwrapPath
        self.jobLeaseSeconds = jobLeaseSeconds
    }

    var environments: URL { environmentsDirectory ?? dataDirectory.appendingPathComponent("environments") }
    /// The administrator's image profiles.
    var profilesFile: URL { dataDirectory.appendingPathComponent("image-profiles.json") }
    var sqlitePath: String { dataDirectory.appendingPathComponent("metadata.sqlite").path }
    var credentialsFile: URL { dataDirectory.appendingPathComponent("credentials") }
    var settingsFile: URL { dataDirectory.appendingPathComponent("server.json") }
}
