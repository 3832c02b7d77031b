import BlobStore
import Foundation
import Logging
import SQLKit

/// Removes what a crash or a vanished client can leave in the blob store: unfinished temporary files and
/// blobs no object version or upload part points at.
public struct BlobSweeper: Sendable {
    let store: S3Store
    let blobs: TieredBlobStore

    /// One pass; blobs younger than `grace` are spared, since a write may be between its rename and its metadata commit.
    @discardableResult
    public func sweep(grace: TimeInterval, logger: Logger) async throws -> (temporaries: Int, orphans: Int) {
        let temporaries = try blobs.files.sweepTemporaries(olderThan: grace)
        let referenced = try await store.database.read { db in
            var ids = Set<String>()
            for row in try await db.raw("SELECT blob_id FROM s3_objects WHERE blob_id IS NOT NULL").all() {
                if let id = row.string("blob_id") { ids.insert(id) }
            }
            for row in try await db.raw("SELECT blob_id FROM s3_upload_parts").all() {
                if let id = row.string("blob_id") { ids.insert(id) }
            }
            return ids
        }
        var orphans = 0
        for (id, age) in try await blobs.allBlobs() where !referenced.contains(id.rawValue) && age >= grace {
            try await blobs.delete(id)
            orphans += 1
        }
        if temporaries + orphans > 0 {
            logger.notice("blob sweep removed \(temporaries) unfinished writes and \(orphans) unreferenced blobs")
        }
        return (temporaries, orphans)
    }
}
