import Foundation
import Logging
import MetadataStore
import ServiceKit
import SlipwayCore

/// The web console as the server composes it: its sessions table, its pages, and the front the edge hands browser
/// requests under `/console/` to.
public struct ConsoleModule: Sendable {
    /// The front to register with the edge.
    public let front: ConsoleFront
    /// The sign-in links SageMaker's `CreatePresignedDomainUrl` hands out.
    public let links: ConsoleLinks
    public static let migrations: [Migration] = ConsoleMigrations.all

    /// `calls`: the server's in-process operations, which every page calls as the signed-in principal;
    /// `identities` and `roles` check a session's credentials at each request; `authorizer` decides whether the
    /// principal sees the Administration link.
    public init(
        database: any MetadataDatabase, identities: any IdentityPort, roles: any RoleAssumptionPort, calls: any ServiceCallPort,
        authorizer: any AuthorizationPort, region: Region, clock: any WallClock, logger: Logger, timeouts: ConsoleTimeouts = ConsoleTimeouts()
    ) throws {
        let store = ConsoleStore(database: database)
        let sessions = ConsoleSessions(store: store, identities: identities, roles: roles, clock: clock, timeouts: timeouts)
        let pages = ConsolePages(
            renderer: try PageRenderer(), calls: ConsoleCalls(port: calls, region: region, clock: clock, logger: logger), authorizer: authorizer
        )
        links = ConsoleLinks(store: store, clock: clock)
        front = ConsoleFront(sessions: sessions, links: links, pages: pages, logger: logger)
    }
}
