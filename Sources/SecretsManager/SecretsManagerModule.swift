import MetadataStore
import SlipwayCore

/// The Secrets Manager room as the server composes it: its service over its table, sealing under the given key.
public struct SecretsManagerModule: Sendable {
    public let service: SecretsManagerService
    public static let migrations: [Migration] = SecretsMigrations.all

    /// `keyBytes`: the 32-byte key secret values are sealed under (kept in the data directory).
    public init(database: any MetadataDatabase, keyBytes: [UInt8], ids: any IDGenerator, clock: any WallClock) {
        service = SecretsManagerService(store: SecretStore(database: database), sealer: SecretSealer(keyBytes: keyBytes), ids: ids, clock: clock)
    }
}
