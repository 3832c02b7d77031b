import BlobStore
import Foundation
import SlipwayCore

/// One version of an object as stored: where its bytes are and the headers it was put with.
struct StoredObject: Sendable, Hashable {
    /// Where a multipart object keeps its parts' sizes, in order (comma-separated), for `partNumber` reads.
    static let partSizesKey = "slipway-part-sizes"
    /// Where a composite-checksum multipart object keeps its parts' checksums, in order (comma-separated).
    static let partChecksumsKey = "slipway-part-checksums"
    /// How a multipart object's checksum was made (`COMPOSITE`, `FULL_OBJECT`), answered as `x-amz-checksum-type`.
    static let checksumTypeKey = "x-amz-checksum-type"

    var bucket: String
    var key: String
    var versionID: String
    var isLatest: Bool
    var isDeleteMarker: Bool
    var blobID: BlobID?
    var size: Int
    /// The quoted ETag S3 shows, e.g. `"9b2cf535f27731c974343645a3985328"`.
    var etag: String
    var contentType: String?
    /// Content-Encoding, Content-Disposition, Content-Language, Cache-Control, Expires as they were put.
    var headers: [String: String]
    var metadata: [String: String]
    var lastModified: Date
    /// Orders a key's versions, newest highest.
    var seq: Int64 = 0
    /// The object's tags in the order they were set.
    var tags: [ObjectTag] = []
    /// `PENDING`, `COMPLETED` or `FAILED` on a version replication copies; `REPLICA` on a copy; nil otherwise.
    var replicationStatus: String? = nil
    /// The version's ACL, whose owner owns the object; nil when the bucket owner owns it with the default ACL.
    var acl: AccessControlList? = nil

    /// The account that owns the version.
    func owner(in bucket: Bucket) -> AccountID { bucket.aclsEnabled ? acl?.owner ?? bucket.account : bucket.account }
    /// The version's ACL as S3 answers and weighs it.
    func effectiveACL(in bucket: Bucket) -> AccessControlList { bucket.aclsEnabled ? acl ?? .private(bucket.account) : .private(bucket.account) }
}

/// One object tag.
struct ObjectTag: Codable, Sendable, Hashable {
    var key: String
    var value: String
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

extension StoredObject {
    /// The content headers an object keeps as they were put, without the absent ones; `aws-chunked`, which only says
    /// how the body was sent, is not kept (`gzip, aws-chunked` is kept as `gzip`).
    static func contentHeaders(
        encoding: String?, disposition: String?, language: String? = nil, cacheControl: String?, expires: String? = nil
    ) -> [String: String] {
        var headers: [String: String] = [:]
        headers["Content-Encoding"] = encoding.flatMap(storedEncoding)
        headers["Content-Disposition"] = disposition
        headers["Content-Language"] = language
        headers["Cache-Control"] = cacheControl
        headers["Expires"] = expires
        return headers
    }

    /// A Content-Encoding as S3 keeps it: without `aws-chunked`, nil when nothing else is left.
    static func storedEncoding(_ encoding: String) -> String? {
        let kept = encoding.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0.lowercased() != "aws-chunked" }
        return kept.isEmpty ? nil : kept.joined(separator: ", ")
    }
}

extension StoredObject {
    /// The sizes of the parts a multipart upload made the object of; nil for an object put whole.
    var partSizes: [Int]? {
        headers[Self.partSizesKey].map { $0.split(separator: ",").compactMap { Int($0) } }
    }
}
