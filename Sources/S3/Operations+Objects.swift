import BlobStore
import SigV4
import Foundation
import ServiceKit
import SlipwayCore
import Wire

extension S3Service {
    var objectOperations: [ServiceOperation] {
        [
            ServiceOperation(
                "PutObject", route: .init("PUT", "/{Bucket}/{Key+}", streamsBody: true), input: PutObjectInput.self,
                accessAll: { input, context in
                    let tags = try input.tagging.map(TagRules.parseHeader)
                    var requests = [try await objectAccess("s3:PutObject", input.bucket, input.key, context, requestTags: tags)]
                    if tags != nil { requests.append(try await objectAccess("s3:PutObjectTagging", input.bucket, input.key, context, requestTags: tags)) }
                    if let source = input.copySource {
                        let parsed = try CopySource.parse(source)
                        requests.append(try await objectAccess(parsed.versionID == nil ? "s3:GetObject" : "s3:GetObjectVersion", parsed.bucket, parsed.key, context))
                    }
                    return requests
                },
                handler: { input, context in
                    if let source = input.copySource { return try await copyObject(input, source: try CopySource.parse(source), context: context) }
                    return try await putObject(input, context: context)
                }
            ),
            ServiceOperation(
                "GetObject", route: .init("GET", "/{Bucket}/{Key+}"), input: ObjectInput.self,
                access: { input, context in
                    try await objectAccess(input.versionID == nil ? "s3:GetObject" : "s3:GetObjectVersion", input.bucket, input.key, context, versionID: input.versionID)
                },
                handler: { input, context in try await getObject(input, includeBody: true, context: context) }
            ),
            ServiceOperation(
                "HeadObject", route: .init("HEAD", "/{Bucket}/{Key+}"), input: ObjectInput.self,
                access: { input, context in
                    try await objectAccess(input.versionID == nil ? "s3:GetObject" : "s3:GetObjectVersion", input.bucket, input.key, context, versionID: input.versionID)
                },
                handler: { input, context in try await getObject(input, includeBody: false, context: context) }
            ),
            ServiceOperation(
                "DeleteObject", route: .init("DELETE", "/{Bucket}/{Key+}"), input: ObjectInput.self,
                access: { input, context in
                    try await objectAccess(input.versionID == nil ? "s3:DeleteObject" : "s3:DeleteObjectVersion", input.bucket, input.key, context, versionID: input.versionID)
                },
                handler: { input, _ in
                    if let versionID = input.versionID { try Self.validateVersionID(versionID) }
                    let result = try await store.deleteObject(bucket: input.bucket, key: input.key, versionID: input.versionID, now: clock.now())
                    await release(result.released)
                    return DeleteObjectOutput(versionID: result.versionID, deleteMarker: result.deleteMarker ? true : nil)
                }
            ),
            ServiceOperation(
                "ListObjectsV2", route: .init("GET", "/{Bucket}?list-type=2"), input: ListObjectsV2Input.self,
                access: { input, context in
                    var target = try await bucketTarget(input.bucket)
                    target.conditions = Self.listConditions(prefix: input.prefix, delimiter: input.delimiter, maxKeys: input.maxKeys)
                    return target.request("s3:ListBucket", for: context)
                },
                handler: { input, context in try await listObjectsV2(input, context: context) }
            ),
        ]
    }

    func objectTarget(_ bucket: String, _ key: String) async throws -> ResourceTarget {
        var target = try await bucketTarget(bucket)
        target.arn = "arn:aws:s3:::\(bucket)/\(key)"
        return target
    }

    /// The object actions the bucket decides whoever owns the object: writing and deleting keys, and uploads.
    static let bucketDecidedActions: Set<String> = [
        "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts",
    ]

    /// Where ACLs count, an existing object's ACL joins the bucket's grants; an object another account owns is
    /// decided by its owner's grants (its ACL), with only the bucket policy's denials kept, as S3 decides it.
    static func weighObjectACL(_ target: inout ResourceTarget, object: StoredObject, bucket: Bucket) {
        let acl = object.effectiveACL(in: bucket)
        let statements = acl.statements(bucket: bucket.name, key: object.key, ignoringPublic: bucket.ignoresPublicACLs)
        let objectPolicy = AccessControlList.policy(id: "\(target.arn) ACL", statements: statements)
        guard acl.owner == bucket.account else {
            target.owner = acl.owner
            target.restrictsPublicPolicy = false
            target.policy = target.policy.map { policy in
                var denials = policy
                denials.document.statements = policy.document.statements.filter { $0.effect == .deny }
                return denials
            }
            target.aclPolicy = objectPolicy
            return
        }
        target.aclPolicy = AccessControlList.joined(target.aclPolicy, objectPolicy)
    }

    /// `action` on an object, with the object keys S3 sets for it: `s3:versionid` for a version's actions,
    /// `s3:ExistingObjectTag/*` (the object's tags as stored) for the actions that read or change them, and
    /// `s3:RequestObjectTag/*` with `s3:RequestObjectTagKeys` for tags the request attaches.
    func objectAccess(
        _ action: String, _ bucket: String, _ key: String, _ context: ServiceContext, versionID: String? = nil, requestTags: [ObjectTag]? = nil
    ) async throws -> AccessRequest {
        let stored = try await store.bucket(named: bucket)
        var target = Self.bucketTarget(bucket, stored)
        target.arn = "arn:aws:s3:::\(bucket)/\(key)"
        if let versionID, Self.versionKeyActions.contains(action) { target.conditions["s3:versionid"] = [versionID] }
        let weighsACL = stored?.aclsEnabled == true && !Self.bucketDecidedActions.contains(action)
        if Self.existingTagActions.contains(action) || weighsACL {
            let object: StoredObject?
            if let versionID {
                try Self.validateVersionID(versionID)
                object = try await store.objectVersion(bucket: bucket, key: key, versionID: versionID)
            } else {
                object = try await store.latestObject(bucket: bucket, key: key)
            }
            if Self.existingTagActions.contains(action) {
                for tag in object?.tags ?? [] { target.conditions["s3:ExistingObjectTag/\(tag.key)"] = [tag.value] }
            }
            if weighsACL, let object, let stored, !object.isDeleteMarker { Self.weighObjectACL(&target, object: object, bucket: stored) }
        }
        if let requestTags {
            for tag in requestTags { target.conditions["s3:RequestObjectTag/\(tag.key)"] = [tag.value] }
            if !requestTags.isEmpty { target.conditions["s3:RequestObjectTagKeys"] = requestTags.map(\.key) }
        }
        return target.request(action, for: context)
    }

    static let versionKeyActions: Set<String> = [
        "s3:GetObjectVersion", "s3:DeleteObjectVersion", "s3:GetObjectVersionTagging", "s3:PutObjectVersionTagging", "s3:DeleteObjectVersionTagging",
    ]
    static let existingTagActions: Set<String> = [
        "s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging",
        "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging",
    ]

    /// Deletes blobs that no version points at any more; a failure leaves an orphan for the sweeper, never a dangling version.
    func release(_ blobs: [BlobID]) async {
        for blob in blobs { try? await self.blobs.delete(blob) }
    }

    func putObject(_ input: PutObjectInput, context: ServiceContext) async throws -> PutObjectOutput {
        guard input.key.utf8.count <= 1024 else { throw S3Error.keyTooLong }
        guard !input.key.isEmpty else { throw S3Error.invalidArgument("Key must not be empty", name: "key", value: "") }
        try ServerSideEncryption.checkRequested(algorithm: input.serverSideEncryption, kmsKeyID: input.sseKMSKeyID, customerAlgorithm: input.sseCustomerAlgorithm)
        let bucket = try await requireBucket(input.bucket)
        let acl = try await writtenObjectACL(context: context, bucket: bucket)
        let metadata = input.metadata ?? [:]
        if metadata.reduce(0, { $0 + $1.key.utf8.count + $1.value.utf8.count }) > 2048 { throw S3Error.metadataTooLarge }
        var expectedMD5: [UInt8]?
        if let contentMD5 = input.contentMD5 {
            guard let digest = Data(base64Encoded: contentMD5), digest.count == 16 else { throw S3Error.invalidDigest }
            expectedMD5 = Array(digest)
        }
        let tags = try input.tagging.map(TagRules.parseHeader) ?? []
        try TagRules.validate(tags)
        if let condition = input.ifNoneMatch, condition != "*" {
            throw S3Error(code: "NotImplemented", message: "A header you provided implies functionality that is not implemented", httpStatus: 501, extraFields: [("Header", "If-None-Match")])
        }
        let declared = input.declaredChecksum
        let algorithmName = declared?.algorithm
            ?? input.trailer.flatMap { ChecksumAlgorithm(headerName: $0.lowercased())?.rawValue }
            ?? input.sdkChecksumAlgorithm?.lowercased()
        let counter = algorithmName.flatMap(ChecksumAlgorithm.init(rawValue:)).map(ChecksumCounter.init)
        let body = input.body ?? ByteStream(bytes: [])
        // A small body becomes a row inserted with the version, in one commit; a large one is already a durable file.
        let prepared = try await blobs.prepare(counter?.counting(body) ?? body)
        let stored = prepared.blob
        if let expectedMD5, expectedMD5 != stored.md5 {
            try? await blobs.delete(stored.id)
            throw S3Error.badDigest()
        }
        if let declared, let counter, declared.value != counter.base64 {
            try? await blobs.delete(stored.id)
            throw S3Error(code: "BadDigest", message: "The \(counter.algorithm.displayName) you specified did not match the calculated checksum.", httpStatus: 400)
        }
        var headers = StoredObject.contentHeaders(
            encoding: input.contentEncoding, disposition: input.contentDisposition, language: input.contentLanguage,
            cacheControl: input.cacheControl, expires: input.expires
        )
        if let counter { headers[counter.algorithm.headerName] = counter.base64 }
        headers[ServerSideEncryption.header] = storedEncryption
        let object = StoredObject(
            bucket: input.bucket, key: input.key, versionID: "null", isLatest: true, isDeleteMarker: false, blobID: stored.id,
            size: stored.size, etag: "\"" + Self.hex(stored.md5) + "\"", contentType: input.contentType ?? "binary/octet-stream",
            headers: headers, metadata: Dictionary(uniqueKeysWithValues: metadata.map { ($0.key.lowercased(), $0.value) }),
            lastModified: Date(timeIntervalSince1970: clock.now().timeIntervalSince1970.rounded(.down)), tags: tags, acl: acl
        )
        do {
            let result = try await store.putVersion(object, ifNoneMatch: input.ifNoneMatch == "*", inlineRow: prepared.inlineRow)
            await release(result.released)
            return PutObjectOutput(
                etag: object.etag, versionID: result.state == .unversioned ? nil : result.versionID,
                checksum: counter.map { [$0.algorithm.rawValue: $0.base64] }, serverSideEncryption: storedEncryption,
                expiration: bucket.lifecycle?.expirationHeader(for: object, daySeconds: lifecycleDaySeconds)
            )
        } catch {
            try? await blobs.delete(stored.id)
            throw error
        }
    }

    /// GetObject and HeadObject. An overwrite can release the bytes between the lookup and the read; the lookup is
    /// then repeated, so the reader gets the newer object rather than an error.
    func getObject(_ input: ObjectInput, includeBody: Bool, context: ServiceContext) async throws -> GetObjectOutput {
        var attempt = 1
        while true {
            do {
                return try await readObject(input, includeBody: includeBody, context: context)
            } catch BlobStoreError.notFound where attempt < 3 {
                attempt += 1
            }
        }
    }

    private func readObject(_ input: ObjectInput, includeBody: Bool, context: ServiceContext) async throws -> GetObjectOutput {
        let bucket = try await requireBucket(input.bucket)
        let object: StoredObject
        if let versionID = input.versionID {
            try Self.validateVersionID(versionID)
            guard let found = try await store.objectVersion(bucket: input.bucket, key: input.key, versionID: versionID) else {
                throw S3Error.noSuchVersion(key: input.key, versionID: versionID)
            }
            guard !found.isDeleteMarker else {
                throw S3Error.methodNotAllowedOnDeleteMarker(method: includeBody ? "GET" : "HEAD").markedDeleted(found)
            }
            object = found
        } else {
            let found = try await store.latestVersion(bucket: input.bucket, key: input.key)
            guard let found, !found.isDeleteMarker else {
                // Only a caller who may list the bucket learns that a key is not there (or was deleted), as on S3.
                let missing = found.map { S3Error.noSuchKey(input.key).markedDeleted($0) } ?? S3Error.noSuchKey(input.key)
                throw ConcealedError(missing, unlessAllowed: try await bucketTarget(input.bucket).request("s3:ListBucket", for: context))
            }
            object = found
        }
        // S3 answers overrides only to signed requests.
        if input.overridesResponseHeaders, case .anonymous = context.principal.kind {
            throw S3Error.invalidRequest("Request specific response headers cannot be used for anonymous GET requests.")
        }
        try Conditions.check(input, etag: object.etag, lastModified: object.lastModified)
        var status = 200
        var range: Range<Int>?
        var contentRange: String?
        var partsCount: Int?
        if let partNumber = input.partNumber {
            range = try Self.part(partNumber, of: object, range: input.range)
            partsCount = object.partSizes?.count
        } else if let header = input.range, let requested = try ByteRange.parse(header, size: object.size) {
            range = requested
        }
        if let requested = range {
            status = 206
            contentRange = "bytes \(requested.lowerBound)-\(requested.upperBound - 1)/\(object.size)"
        }
        let length = range.map(\.count) ?? object.size
        var checksum: [String: String]?
        if input.checksumMode?.uppercased() == "ENABLED" {
            // A part of a composite object answers its own checksum; otherwise only the whole object has one.
            if let partNumber = input.partNumber, let own = Self.partChecksum(of: object, part: partNumber) {
                checksum = own
            } else if range == nil || range == 0..<object.size {
                checksum = Self.checksums(of: object)
            }
        }
        var body: ByteStream?
        if includeBody, let blob = object.blobID {
            body = ByteStream(try await blobs.read(blob, range: range), length: length)
        }
        return GetObjectOutput(
            status: status, body: body, contentLength: length, contentType: input.responseContentType ?? object.contentType ?? "binary/octet-stream",
            etag: object.etag, lastModified: object.lastModified, contentRange: contentRange,
            contentEncoding: input.responseContentEncoding ?? object.headers["Content-Encoding"],
            contentDisposition: input.responseContentDisposition ?? object.headers["Content-Disposition"],
            contentLanguage: input.responseContentLanguage ?? object.headers["Content-Language"],
            cacheControl: input.responseCacheControl ?? object.headers["Cache-Control"], expires: input.responseExpires ?? object.headers["Expires"],
            metadata: object.metadata.isEmpty ? nil : object.metadata,
            versionID: bucket.versioning == .unversioned ? nil : object.versionID, tagCount: object.tags.isEmpty ? nil : object.tags.count,
            checksum: checksum,
            serverSideEncryption: object.headers[ServerSideEncryption.header], replicationStatus: object.replicationStatus, partsCount: partsCount,
            expiration: object.isLatest ? bucket.lifecycle?.expirationHeader(for: object, daySeconds: lifecycleDaySeconds) : nil
        )
    }

    /// The bytes part `number` of an object holds (a multipart object's part; an object put whole is one part, answered
    /// whole); S3's errors for a part it does not have or a Range asked for beside it.
    static func part(_ number: Int, of object: StoredObject, range: String?) throws -> Range<Int>? {
        if range != nil { throw S3Error.invalidRequest("Cannot specify both Range header and partNumber query parameter.") }
        guard (1...10_000).contains(number) else {
            throw S3Error.invalidArgument("Part number must be an integer between 1 and 10000, inclusive", name: "partNumber", value: String(number))
        }
        let sizes = object.partSizes ?? [object.size]
        guard number <= sizes.count else { throw S3Error(code: "InvalidPartNumber", message: "The requested partnumber is not satisfiable", httpStatus: 416) }
        guard object.partSizes != nil else { return nil }
        let start = sizes.prefix(number - 1).reduce(0, +)
        return start..<(start + sizes[number - 1])
    }

    /// Version ids are `null` or what `newVersionID` makes; anything else is S3's `InvalidArgument`.
    static func validateVersionID(_ versionID: String) throws {
        let valid = versionID == "null"
            || (versionID.utf8.count == 32 && versionID.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_") })
        guard valid else { throw S3Error.invalidArgument("Invalid version id specified", name: "versionId", value: versionID) }
    }

    /// The checksum of part `part` of a composite-checksum multipart object, with its type; nil for other objects.
    static func partChecksum(of object: StoredObject, part: Int) -> [String: String]? {
        guard let list = object.headers[StoredObject.partChecksumsKey]?.split(separator: ",", omittingEmptySubsequences: false),
              (1...list.count).contains(part),
              let name = object.headers.keys.first(where: { $0.hasPrefix("x-amz-checksum-") && $0 != StoredObject.checksumTypeKey })
        else { return nil }
        return [String(name.dropFirst("x-amz-checksum-".count)): String(list[part - 1]), "type": MultipartChecksum.Kind.composite.rawValue]
    }

    /// The stored `x-amz-checksum-*` values of an object, keyed by algorithm name (and `type`, for a multipart one).
    static func checksums(of object: StoredObject) -> [String: String]? {
        var found: [String: String] = [:]
        for (name, value) in object.headers where name.hasPrefix("x-amz-checksum-") {
            found[String(name.dropFirst("x-amz-checksum-".count))] = value
        }
        return found.isEmpty ? nil : found
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
