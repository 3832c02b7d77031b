import BlobStore
import MetadataStore
import SlipwayCore

/// The S3 room as the server composes it: its service and its migrations.
public struct S3Module: Sendable {
    public let service: S3Service
    public static let migrations: [Migration] = S3Migrations.all

    public init(database: any MetadataDatabase, blobs: any BlobStore, clock: any WallClock) {
        service = S3Service(store: S3Store(database: database), blobs: blobs, clock: clock)
    }
}
