import BlobStore
import Foundation
import ServiceKit
import SlipwayCore

/// The object an `x-amz-copy-source` header names: `/bucket/key?versionId=…`, URL-encoded.
struct CopySource: Sendable {
    var bucket: String
    var key: String
    var versionID: String?

    static func parse(_ header: String) throws -> CopySource {
        var text = header.hasPrefix("/") ? String(header.dropFirst()) : header
        var versionID: String?
        if let question = text.firstIndex(of: "?") {
            let query = text[text.index(after: question)...]
            text = String(text[..<question])
            for pair in query.split(separator: "&") where pair.hasPrefix("versionId=") {
                versionID = String(pair.dropFirst("versionId=".count))
            }
        }
        // A NUL (which no key holds: it cannot be stored) makes the source as unreadable as a missing key.
        guard let slash = text.firstIndex(of: "/"), let decoded = String(text[text.index(after: slash)...]).removingPercentEncoding,
              !decoded.isEmpty, !decoded.containsNUL, !text[..<slash].contains("%00")
        else {
            throw S3Error.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", name: "x-amz-copy-source", value: header)
        }
        return CopySource(bucket: String(text[..<slash]), key: decoded, versionID: versionID)
    }
}

extension S3Service {
    /// CopyObject: the source version's bytes under a new key or version, its metadata and tags copied or replaced.
    func copyObject(_ input: PutObjectInput, source: CopySource, context: ServiceContext) async throws -> PutObjectOutput {
        guard input.key.utf8.count <= 1024 else { throw S3Error.keyTooLong }
        try ServerSideEncryption.checkRequested(algorithm: input.serverSideEncryption, kmsKeyID: input.sseKMSKeyID, customerAlgorithm: input.sseCustomerAlgorithm)
        let acl = try await writtenObjectACL(context: context, bucket: try await requireBucket(input.bucket))
        _ = try await requireBucket(source.bucket)
        let original: StoredObject
        if let versionID = source.versionID {
            try Self.validateVersionID(versionID)
            guard let found = try await store.objectVersion(bucket: source.bucket, key: source.key, versionID: versionID) else {
                throw S3Error.noSuchVersion(key: source.key, versionID: versionID)
            }
            guard !found.isDeleteMarker else {
                throw S3Error.invalidRequest("The source of a copy request may not specifically refer to a delete marker by version id.")
            }
            original = found
        } else {
            guard let found = try await store.latestObject(bucket: source.bucket, key: source.key) else { throw S3Error.noSuchKey(source.key) }
            original = found
        }
        try Conditions.check(
            ifMatch: input.copySourceIfMatch, ifNoneMatch: input.copySourceIfNoneMatch, ifModifiedSince: input.copySourceIfModifiedSince,
            ifUnmodifiedSince: input.copySourceIfUnmodifiedSince, etag: original.etag, lastModified: original.lastModified, headerPrefix: "x-amz-copy-source-"
        )
        let replaceMetadata = input.metadataDirective == "REPLACE"
        let replaceTags = input.taggingDirective == "REPLACE"
        for (directive, value) in [("x-amz-metadata-directive", input.metadataDirective), ("x-amz-tagging-directive", input.taggingDirective)] {
            if let value, value != "COPY", value != "REPLACE" {
                throw S3Error.invalidArgument("Unknown \(directive)", name: directive, value: value)
            }
        }
        if source.bucket == input.bucket, source.key == input.key, source.versionID == nil, !replaceMetadata, !replaceTags,
           input.serverSideEncryption == nil {
            throw S3Error.invalidRequest(
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes."
            )
        }
        let tags = replaceTags ? try input.tagging.map(TagRules.parseHeader) ?? [] : original.tags
        try TagRules.validate(tags)
        guard let sourceBlob = original.blobID else { throw S3Error.noSuchKey(source.key) }
        let stored = try await blobs.write(try await blobs.read(sourceBlob, range: nil))
        var headers = original.headers
        headers[StoredObject.partSizesKey] = nil  // a copy is one part
        var contentType = original.contentType
        var metadata = original.metadata
        if replaceMetadata {
            headers = StoredObject.contentHeaders(
                encoding: input.contentEncoding, disposition: input.contentDisposition, language: input.contentLanguage,
                cacheControl: input.cacheControl, expires: input.expires
            )
            contentType = input.contentType ?? "binary/octet-stream"
            metadata = Dictionary(uniqueKeysWithValues: (input.metadata ?? [:]).map { ($0.key.lowercased(), $0.value) })
        }
        headers[ServerSideEncryption.header] = storedEncryption
        let copy = StoredObject(
            bucket: input.bucket, key: input.key, versionID: "null", isLatest: true, isDeleteMarker: false, blobID: stored.id,
            size: stored.size, etag: original.etag, contentType: contentType, headers: headers, metadata: metadata,
            lastModified: Date(timeIntervalSince1970: clock.now().timeIntervalSince1970.rounded(.down)), tags: tags, acl: acl
        )
        do {
            let result = try await store.putVersion(copy, ifNoneMatch: false)
            await release(result.released)
            let sourceBucket = try await requireBucket(source.bucket)
            return PutObjectOutput(
                etag: nil, versionID: result.state == .unversioned ? nil : result.versionID,
                copySourceVersionID: sourceBucket.versioning == .unversioned ? nil : original.versionID,
                copyResult: CopyObjectResult(etag: copy.etag, lastModified: copy.lastModified), serverSideEncryption: storedEncryption,
                expiration: try await requireBucket(input.bucket).lifecycle?.expirationHeader(for: copy, daySeconds: lifecycleDaySeconds)
            )
        } catch {
            try? await blobs.delete(stored.id)
            throw error
        }
    }

    var taggingOperations: [ServiceOperation] {
        [
            ServiceOperation(
                "PutObjectTagging", route: .init("PUT", "/{Bucket}/{Key+}?tagging"), input: PutObjectTaggingInput.self,
                access: { input, context in
                    try await objectAccess(
                        input.versionID == nil ? "s3:PutObjectTagging" : "s3:PutObjectVersionTagging", input.bucket, input.key, context,
                        versionID: input.versionID, requestTags: input.tagging?.tagSet ?? []
                    )
                },
                handler: { input, _ in
                    guard let tagging = input.tagging else { throw S3Error.malformedXML() }
                    try TagRules.validate(tagging.tagSet)
                    let bucket = try await requireBucket(input.bucket)
                    let tagged = try await store.setTags(bucket: input.bucket, key: input.key, versionID: input.versionID, tags: tagging.tagSet)
                    return TaggingOutput(versionID: bucket.versioning == .unversioned ? nil : tagged.versionID, tagging: nil)
                }
            ),
            ServiceOperation(
                "GetObjectTagging", route: .init("GET", "/{Bucket}/{Key+}?tagging"), input: ObjectTaggingInput.self,
                access: { input, context in
                    try await objectAccess(input.versionID == nil ? "s3:GetObjectTagging" : "s3:GetObjectVersionTagging", input.bucket, input.key, context, versionID: input.versionID)
                },
                handler: { input, _ in
                    let bucket = try await requireBucket(input.bucket)
                    let object = try await version(bucket: input.bucket, key: input.key, versionID: input.versionID)
                    return TaggingOutput(versionID: bucket.versioning == .unversioned ? nil : object.versionID, tagging: Tagging(tagSet: object.tags))
                }
            ),
            ServiceOperation(
                "DeleteObjectTagging", route: .init("DELETE", "/{Bucket}/{Key+}?tagging"), input: ObjectTaggingInput.self,
                access: { input, context in
                    try await objectAccess(input.versionID == nil ? "s3:DeleteObjectTagging" : "s3:DeleteObjectVersionTagging", input.bucket, input.key, context, versionID: input.versionID)
                },
                handler: { input, _ in
                    let bucket = try await requireBucket(input.bucket)
                    let tagged = try await store.setTags(bucket: input.bucket, key: input.key, versionID: input.versionID, tags: [])
                    return TaggingOutput(versionID: bucket.versioning == .unversioned ? nil : tagged.versionID, tagging: nil, status: 204)
                }
            ),
        ]
    }

    /// The named version, or the current one; S3's errors when it is missing or a delete marker.
    func version(bucket: String, key: String, versionID: String?) async throws -> StoredObject {
        if let versionID {
            try Self.validateVersionID(versionID)
            guard let found = try await store.objectVersion(bucket: bucket, key: key, versionID: versionID) else {
                throw S3Error.noSuchVersion(key: key, versionID: versionID)
            }
            guard !found.isDeleteMarker else { throw S3Error.methodNotAllowedOnDeleteMarker() }
            return found
        }
        guard let found = try await store.latestObject(bucket: bucket, key: key) else { throw S3Error.noSuchKey(key) }
        return found
    }
}
