import BlobStore
import Foundation
import MetadataStore
import ServiceKit
import SlipwayCore

/// The S3 room as the server composes it: its service and its migrations.
public struct S3Module: Sendable {
    public let service: S3Service
    public static let migrations: [Migration] = S3Migrations.all

    /// Cleans the local blob store of what crashes leave behind.
    public let sweeper: BlobSweeper

    /// `lifecycleDaySeconds` is how long a lifecycle rule's day lasts (86,400 s unless tests and demos shorten it).
    public init(
        database: any MetadataDatabase, blobs: TieredBlobStore, clock: any WallClock, roles: any RoleAssumptionPort, accounts: any AccountDirectoryPort,
        lifecycleDaySeconds: TimeInterval = 86_400
    ) {
        let store = S3Store(database: database)
        service = S3Service(
            store: store, blobs: blobs, clock: clock, roles: roles, accounts: accounts, sealed: blobs.files.seals, lifecycleDaySeconds: lifecycleDaySeconds
        )
        sweeper = BlobSweeper(store: store, blobs: blobs)
    }
}
