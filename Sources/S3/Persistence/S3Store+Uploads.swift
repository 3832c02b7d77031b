import BlobStore
import Foundation
import SigV4
import SQLKit

/// A multipart upload in progress.
struct MultipartUpload: Sendable {
    var id: String
    var bucket: String
    var key: String
    var contentType: String?
    var headers: [String: String]
    var metadata: [String: String]
    var tags: [ObjectTag]
    var created: Date
    /// The checksum CreateMultipartUpload asked for; nil when none.
    var checksum: MultipartChecksum? = nil
    /// The ACL (and owner) the completed object gets; nil for the bucket owner's default.
    var acl: AccessControlList? = nil
}

/// One uploaded part.
struct UploadedPart: Sendable {
    var number: Int
    var blobID: BlobID
    var size: Int
    var md5Hex: String
    var created: Date
    /// The part's checksum (base64) in its upload's algorithm; nil when the upload has none.
    var checksum: String? = nil
}

/// A completed upload as its completion answered, kept so a repeated completion is answered the same.
struct CompletedUpload: Sendable {
    var id: String
    var bucket: String
    var key: String
    var versionID: String
    var etag: String
    var result: CompleteMultipartUploadOutput
}

extension S3Store {
    func createUpload(_ upload: MultipartUpload) async throws {
        let headers = String(decoding: try JSONEncoder().encode(upload.headers), as: UTF8.self)
        let metadata = String(decoding: try JSONEncoder().encode(upload.metadata), as: UTF8.self)
        let tags = String(decoding: try JSONEncoder().encode(upload.tags), as: UTF8.self)
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO s3_uploads (upload_id, bucket, object_key, content_type, headers_json, metadata_json, tags_json, created_ms,
                                        checksum_algorithm, checksum_type, acl_json)
                VALUES (\(bind: upload.id), \(bind: upload.bucket), \(bind: upload.key), \(bind: upload.contentType), \(bind: headers),
                        \(bind: metadata), \(bind: tags), \(bind: Self.ms(upload.created)), \(bind: upload.checksum?.algorithm.rawValue),
                        \(bind: upload.checksum?.kind.rawValue), \(bind: try upload.acl.map(Self.json)))
                """).run()
        }
    }

    static func upload(from row: any SQLRow) -> MultipartUpload? {
        guard let id = row.string("upload_id"), let bucket = row.string("bucket"), let key = row.string("object_key") else { return nil }
        func decode<T: Decodable>(_ column: String, _ type: T.Type) -> T? {
            row.string(column).flatMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
        }
        return MultipartUpload(
            id: id, bucket: bucket, key: key, contentType: row.string("content_type"), headers: decode("headers_json", [String: String].self) ?? [:],
            metadata: decode("metadata_json", [String: String].self) ?? [:], tags: decode("tags_json", [ObjectTag].self) ?? [],
            created: Date(timeIntervalSince1970: Double(row.int64("created_ms") ?? 0) / 1000),
            checksum: row.string("checksum_algorithm").flatMap(ChecksumAlgorithm.init(rawValue:)).flatMap { algorithm in
                row.string("checksum_type").flatMap(MultipartChecksum.Kind.init(rawValue:)).map { MultipartChecksum(algorithm: algorithm, kind: $0) }
            },
            acl: decode("acl_json", AccessControlList.self)
        )
    }

    /// The upload `id` of `key` in `bucket`, or S3's `NoSuchUpload`.
    func requireUpload(_ id: String, bucket: String, key: String) async throws -> MultipartUpload {
        let found = try await database.read { db in
            try await db.raw("SELECT * FROM s3_uploads WHERE upload_id = \(bind: id)").first().flatMap(Self.upload(from:))
        }
        guard let found, found.bucket == bucket, found.key == key else { throw S3Error.noSuchUpload(id) }
        return found
    }

    func uploads(bucket: String, prefix: String) async throws -> [MultipartUpload] {
        try await database.read { db in
            try await db.raw("SELECT * FROM s3_uploads WHERE bucket = \(bind: bucket) ORDER BY object_key, created_ms").all().compactMap(Self.upload(from:))
        }.filter { $0.key.hasPrefix(prefix) }
    }

    /// Records a part, replacing one with the same number; returns the blob it replaced.
    func putPart(uploadID: String, _ part: UploadedPart) async throws -> BlobID? {
        try await database.transaction { db in
            guard try await db.raw("SELECT upload_id FROM s3_uploads WHERE upload_id = \(bind: uploadID)").first() != nil else {
                throw S3Error.noSuchUpload(uploadID)
            }
            let previous = try await db.raw("""
                SELECT blob_id FROM s3_upload_parts WHERE upload_id = \(bind: uploadID) AND part_number = \(bind: part.number)
                """).first()?.string("blob_id").flatMap(BlobID.init)
            try await db.raw("DELETE FROM s3_upload_parts WHERE upload_id = \(bind: uploadID) AND part_number = \(bind: part.number)").run()
            try await db.raw("""
                INSERT INTO s3_upload_parts (upload_id, part_number, blob_id, size, md5_hex, created_ms, checksum)
                VALUES (\(bind: uploadID), \(bind: part.number), \(bind: part.blobID.rawValue), \(bind: Int64(part.size)),
                        \(bind: part.md5Hex), \(bind: Self.ms(part.created)), \(bind: part.checksum))
                """).run()
            return previous
        }
    }

    func parts(uploadID: String) async throws -> [UploadedPart] {
        try await database.read { db in
            try await db.raw("SELECT * FROM s3_upload_parts WHERE upload_id = \(bind: uploadID) ORDER BY part_number").all().compactMap { row in
                guard let blob = row.string("blob_id").flatMap(BlobID.init) else { return nil }
                return UploadedPart(
                    number: row.int("part_number") ?? 0, blobID: blob, size: Int(row.int64("size") ?? 0), md5Hex: row.string("md5_hex") ?? "",
                    created: Date(timeIntervalSince1970: Double(row.int64("created_ms") ?? 0) / 1000), checksum: row.string("checksum")
                )
            }
        }
    }

    /// Forgets an upload and its parts, keeping what its completion answered when it was completed; returns the part
    /// blobs to delete.
    func removeUpload(_ id: String, completed: CompletedUpload? = nil, now: Date = Date()) async throws -> [BlobID] {
        let result = try completed.map { String(decoding: try JSONEncoder().encode($0.result), as: UTF8.self) }
        return try await database.transaction { db in
            let blobs = try await db.raw("SELECT blob_id FROM s3_upload_parts WHERE upload_id = \(bind: id)").all()
                .compactMap { $0.string("blob_id").flatMap(BlobID.init) }
            try await db.raw("DELETE FROM s3_upload_parts WHERE upload_id = \(bind: id)").run()
            try await db.raw("DELETE FROM s3_uploads WHERE upload_id = \(bind: id)").run()
            if let completed, let result {
                // Completions are answered again for a week, as S3 answers retries of them.
                try await db.raw("DELETE FROM s3_completed_uploads WHERE completed_ms < \(bind: Self.ms(now) - 7 * 86_400_000)").run()
                try await db.raw("""
                    INSERT INTO s3_completed_uploads (upload_id, bucket, object_key, version_id, etag, result_json, completed_ms)
                    VALUES (\(bind: id), \(bind: completed.bucket), \(bind: completed.key), \(bind: completed.versionID), \(bind: completed.etag),
                            \(bind: result), \(bind: Self.ms(now)))
                    """).run()
            }
            return blobs
        }
    }

    /// The completed upload `id` of `key` in `bucket`, while the version it made is still there.
    func completedUpload(_ id: String, bucket: String, key: String) async throws -> CompletedUpload? {
        let found: CompletedUpload? = try await database.read { db in
            guard let row = try await db.raw("SELECT * FROM s3_completed_uploads WHERE upload_id = \(bind: id)").first(),
                  row.string("bucket") == bucket, row.string("object_key") == key, let versionID = row.string("version_id"), let etag = row.string("etag"),
                  let json = row.string("result_json"),
                  let result = try? JSONDecoder().decode(CompleteMultipartUploadOutput.self, from: Data(json.utf8))
            else { return nil }
            return CompletedUpload(id: id, bucket: bucket, key: key, versionID: versionID, etag: etag, result: result)
        }
        guard let found, let version = try await objectVersion(bucket: bucket, key: key, versionID: found.versionID),
              !version.isDeleteMarker, version.etag == found.etag
        else { return nil }
        return found
    }

    func hasUploads(bucket: String) async throws -> Bool {
        try await database.read { db in
            try await db.raw("SELECT upload_id FROM s3_uploads WHERE bucket = \(bind: bucket) LIMIT 1").first() != nil
        }
    }
}
