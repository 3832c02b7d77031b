import BlobStore
import MetadataStore
import ServiceKit
import SlipwayCore

/// The S3 room as the server composes it: its service and its migrations.
public struct S3Module: Sendable {
    public let service: S3Service
    public static let migrations: [Migration] = S3Migrations.all

    /// Cleans the local blob store of what crashes leave behind.
    public let sweeper: BlobSweeper

    public init(database: any MetadataDatabase, blobs: TieredBlobStore, clock: any WallClock, roles: any RoleAssumptionPort) {
        let store = S3Store(database: database)
        service = S3Service(store: store, blobs: blobs, clock: clock, roles: roles, sealed: blobs.files.seals)
        sweeper = BlobSweeper(store: store, blobs: blobs)
    }
}
