import MetadataStore
import ServiceKit
import SlipwayCore

/// The CloudWatch Logs room as the server composes it: the service over its tables, and the writer other services
/// log through.
public struct LogsModule: Sendable {
    public let service: LogsService
    /// Where functions, jobs and workflows write their output (`LogsPort`).
    public let writer: LogWriter
    public static let migrations: [Migration] = LogsMigrations.all

    public init(database: any MetadataDatabase, clock: any WallClock) {
        let store = LogStore(database: database)
        let ids = EventIDs()
        service = LogsService(store: store, clock: clock, ids: ids)
        writer = LogWriter(store: store, clock: clock, ids: ids)
    }
}
