import BlobStore
import Crypto
import Foundation
import ServiceKit
import SigV4
import Wire

extension S3Service {
    /// S3's minimum size of every part but the last.
    static let minimumPartSize = 5 * 1024 * 1024

    var multipartOperations: [ServiceOperation] {
        [
            ServiceOperation(
                "CreateMultipartUpload", route: .init("POST", "/{Bucket}/{Key+}?uploads"), input: CreateMultipartUploadInput.self,
                access: { input, context in try await objectAccess("s3:PutObject", input.bucket, input.key, context) },
                handler: { input, context in
                    guard input.key.utf8.count <= 1024 else { throw S3Error.keyTooLong }
                    let acl = try await writtenObjectACL(context: context, bucket: try await requireBucket(input.bucket))
                    let tags = try input.tagging.map(TagRules.parseHeader) ?? []
                    try TagRules.validate(tags)
                    try ServerSideEncryption.checkRequested(algorithm: input.serverSideEncryption, kmsKeyID: input.sseKMSKeyID, customerAlgorithm: input.sseCustomerAlgorithm)
                    let checksum = try MultipartChecksum.requested(algorithm: input.checksumAlgorithm, type: input.checksumType)
                    var headers = StoredObject.contentHeaders(
                        encoding: input.contentEncoding, disposition: input.contentDisposition, cacheControl: input.cacheControl
                    )
                    headers[ServerSideEncryption.header] = storedEncryption
                    let upload = MultipartUpload(
                        id: S3Store.newVersionID() + S3Store.newVersionID(), bucket: input.bucket, key: input.key,
                        contentType: input.contentType ?? "binary/octet-stream", headers: headers,
                        metadata: Dictionary(uniqueKeysWithValues: (input.metadata ?? [:]).map { ($0.key.lowercased(), $0.value) }),
                        tags: tags, created: clock.now(), checksum: checksum, acl: acl
                    )
                    try await store.createUpload(upload)
                    return InitiateMultipartUploadResult(
                        bucket: input.bucket, key: input.key, uploadID: upload.id, serverSideEncryption: storedEncryption,
                        checksumAlgorithm: checksum?.algorithm.displayName, checksumType: checksum?.kind.rawValue
                    )
                }
            ),
            ServiceOperation(
                "UploadPart", route: .init("PUT", "/{Bucket}/{Key+}?partNumber&uploadId", streamsBody: true), input: UploadPartInput.self,
                accessAll: { input, context in
                    var requests = [try await objectAccess("s3:PutObject", input.bucket, input.key, context)]
                    if let source = input.copySource {
                        let parsed = try CopySource.parse(source)
                        requests.append(try await objectAccess(parsed.versionID == nil ? "s3:GetObject" : "s3:GetObjectVersion", parsed.bucket, parsed.key, context))
                    }
                    return requests
                },
                handler: { input, _ in try await uploadPart(input) }
            ),
            ServiceOperation(
                "CompleteMultipartUpload", route: .init("POST", "/{Bucket}/{Key+}?uploadId"), input: UploadInput.self,
                access: { input, context in try await objectAccess("s3:PutObject", input.bucket, input.key, context) },
                handler: { input, _ in try await completeUpload(input) }
            ),
            ServiceOperation(
                "AbortMultipartUpload", route: .init("DELETE", "/{Bucket}/{Key+}?uploadId"), input: UploadInput.self,
                access: { input, context in try await objectAccess("s3:AbortMultipartUpload", input.bucket, input.key, context) },
                handler: { input, _ in
                    _ = try await store.requireUpload(input.uploadID, bucket: input.bucket, key: input.key)
                    await release(try await store.removeUpload(input.uploadID))
                    return NoContent()
                }
            ),
            ServiceOperation(
                "ListParts", route: .init("GET", "/{Bucket}/{Key+}?uploadId"), input: UploadInput.self,
                access: { input, context in try await objectAccess("s3:ListMultipartUploadParts", input.bucket, input.key, context) },
                handler: { input, _ in
                    let upload = try await store.requireUpload(input.uploadID, bucket: input.bucket, key: input.key)
                    let maxParts = min(input.maxParts ?? 1000, 1000)
                    let after = input.partNumberMarker ?? 0
                    let remaining = try await store.parts(uploadID: input.uploadID).filter { $0.number > after }
                    let page = Array(remaining.prefix(maxParts))
                    let truncated = remaining.count > page.count
                    return ListPartsOutput(
                        bucket: input.bucket, key: input.key, uploadID: input.uploadID, partNumberMarker: after,
                        nextPartNumberMarker: truncated ? page.last?.number : nil, maxParts: maxParts, isTruncated: truncated,
                        parts: page.isEmpty ? nil : page.map { part in
                            PartShape(
                                partNumber: part.number, lastModified: part.created, etag: "\"\(part.md5Hex)\"", size: part.size,
                                checksums: ChecksumMembers(upload.checksum?.algorithm, part.checksum)
                            )
                        },
                        checksumAlgorithm: upload.checksum?.algorithm.displayName, checksumType: upload.checksum?.kind.rawValue
                    )
                }
            ),
            operation("ListMultipartUploads", "GET", "/{Bucket}?uploads", ListMultipartUploadsInput.self, action: "s3:ListBucketMultipartUploads", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                let maxUploads = min(input.maxUploads ?? 1000, 1000)
                let all = try await store.uploads(bucket: input.bucket, prefix: input.prefix ?? "")
                let page = Array(all.prefix(maxUploads))
                if let encoding = input.encodingType, encoding != "url" {
                    throw S3Error.invalidArgument("Invalid Encoding Method specified in Request", name: "encoding-type", value: encoding)
                }
                let encode = Self.keyEncoder(input.encodingType)
                return ListMultipartUploadsOutput(
                    bucket: input.bucket, prefix: input.prefix.map(encode), maxUploads: maxUploads, isTruncated: all.count > page.count,
                    uploads: page.isEmpty ? nil : page.map { upload in
                        UploadShape(
                            uploadID: upload.id, key: encode(upload.key), initiated: upload.created, checksumAlgorithm: upload.checksum?.algorithm.displayName,
                            checksumType: upload.checksum?.kind.rawValue
                        )
                    },
                    encodingType: input.encodingType
                )
            },
        ]
    }

    func uploadPart(_ input: UploadPartInput) async throws -> UploadPartOutput {
        guard (1...10_000).contains(input.partNumber) else {
            throw S3Error.invalidArgument("Part number must be an integer between 1 and 10000, inclusive", name: "partNumber", value: String(input.partNumber))
        }
        let upload = try await store.requireUpload(input.uploadID, bucket: input.bucket, key: input.key)
        var expectedMD5: [UInt8]?
        if let contentMD5 = input.contentMD5 {
            guard let digest = Data(base64Encoded: contentMD5), digest.count == 16 else { throw S3Error.invalidDigest }
            expectedMD5 = Array(digest)
        }
        let declared = input.declaredChecksums
        if declared.count > 1 { throw S3Error.invalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.") }
        let sent = declared.first?.algorithm ?? input.trailer.flatMap { ChecksumAlgorithm(headerName: $0.lowercased()) }
            ?? input.sdkChecksumAlgorithm.flatMap { ChecksumAlgorithm(rawValue: $0.lowercased()) }
        // A copied part is checksummed in the upload's algorithm whatever the source used.
        let algorithm = input.copySource == nil ? try MultipartChecksum.partAlgorithm(upload: upload.checksum, declared: sent) : upload.checksum?.algorithm
        if let value = declared.first?.value, Data(base64Encoded: value) == nil {
            throw S3Error.invalidRequest("Value for \(declared.first?.algorithm.headerName ?? "x-amz-checksum") header is invalid.")
        }
        let counter = algorithm.map(ChecksumCounter.init)
        var copied = false
        let stored: StoredBlob
        if let copySource = input.copySource {
            // UploadPartCopy: the part's bytes come from (a range of) another object.
            let source = try CopySource.parse(copySource)
            _ = try await requireBucket(source.bucket)
            let original = try await version(bucket: source.bucket, key: source.key, versionID: source.versionID)
            guard let blob = original.blobID else { throw S3Error.noSuchKey(source.key) }
            var range: Range<Int>?
            if let header = input.copySourceRange {
                range = try Self.copySourceRange(header, size: original.size)
            }
            let bytes = ByteStream(try await blobs.read(blob, range: range), length: range?.count ?? original.size)
            stored = try await blobs.write(counter?.counting(bytes) ?? bytes)
            copied = true
        } else {
            let body = input.body ?? ByteStream(bytes: [])
            stored = try await blobs.write(counter?.counting(body) ?? body)
        }
        if let expectedMD5, expectedMD5 != stored.md5 {
            try? await blobs.delete(stored.id)
            throw S3Error.badDigest()
        }
        if let declared = declared.first, let counter, declared.value != counter.base64 {
            try? await blobs.delete(stored.id)
            throw S3Error(code: "BadDigest", message: "The \(counter.algorithm.displayName) you specified did not match the calculated checksum.", httpStatus: 400)
        }
        let md5Hex = Self.hex(stored.md5)
        // Only an upload with a checksum keeps its parts' checksums; otherwise a part's is checked and answered.
        let kept = upload.checksum == nil ? nil : counter?.base64
        do {
            let part = UploadedPart(number: input.partNumber, blobID: stored.id, size: stored.size, md5Hex: md5Hex, created: clock.now(), checksum: kept)
            let replaced = try await store.putPart(uploadID: input.uploadID, part)
            await release(replaced.map { [$0] } ?? [])
        } catch {
            try? await blobs.delete(stored.id)
            throw error
        }
        if copied {
            let result = CopyPartResult(
                etag: "\"\(md5Hex)\"", lastModified: Date(timeIntervalSince1970: clock.now().timeIntervalSince1970.rounded(.down)),
                checksums: ChecksumMembers(counter?.algorithm, counter?.base64)
            )
            return UploadPartOutput(etag: nil, copyResult: result, serverSideEncryption: storedEncryption)
        }
        return UploadPartOutput(
            etag: "\"\(md5Hex)\"", copyResult: nil, serverSideEncryption: storedEncryption, checksum: counter.map { [$0.algorithm.rawValue: $0.base64] }
        )
    }

    /// `x-amz-copy-source-range`: `bytes=first-last`, both within the source, as S3 checks it (no open ends, no
    /// clamping as a GET's Range gets).
    static func copySourceRange(_ header: String, size: Int) throws -> Range<Int> {
        let form = S3Error.invalidArgument(
            "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
            name: "x-amz-copy-source-range", value: header
        )
        guard header.hasPrefix("bytes=") else { throw form }
        let bounds = header.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Int(bounds[0]), let last = Int(bounds[1]), first >= 0, first <= last else { throw form }
        guard last < size else {
            throw S3Error.invalidArgument("Range specified is not valid for source object of size: \(size)", name: "x-amz-copy-source-range", value: header)
        }
        return first..<(last + 1)
    }

    func completeUpload(_ input: UploadInput) async throws -> CompleteMultipartUploadOutput {
        let upload: MultipartUpload
        do {
            upload = try await store.requireUpload(input.uploadID, bucket: input.bucket, key: input.key)
        } catch let error as S3Error where error.code == "NoSuchUpload" {
            // A completion retried after it succeeded gets the same answer while its object is there, as on S3.
            guard let completed = try await store.completedUpload(input.uploadID, bucket: input.bucket, key: input.key) else { throw error }
            return completed.result
        }
        guard let requested = input.multipart?.parts, !requested.isEmpty else { throw S3Error.malformedXML() }
        let uploaded = Dictionary(try await store.parts(uploadID: input.uploadID).map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        // S3 checks the order of the whole list first, then each part, then the sizes.
        for (earlier, later) in zip(requested, requested.dropFirst()) where later.partNumber <= earlier.partNumber {
            throw S3Error.invalidPartOrder
        }
        var chosen: [UploadedPart] = []
        for part in requested {
            let etag = part.etag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard let found = uploaded[part.partNumber], found.md5Hex == etag else { throw S3Error.invalidPart(part.partNumber) }
            chosen.append(found)
        }
        try MultipartChecksum.checkParts(requested, kept: uploaded, upload: upload.checksum)
        if let mode = input.checksumType, mode.uppercased() != (upload.checksum?.kind.rawValue ?? "null") {
            throw S3Error.invalidRequest(
                "The upload was created using the \(upload.checksum?.kind.rawValue ?? "null") checksum mode. The complete request must use the same checksum mode."
            )
        }
        for part in chosen.dropLast() where part.size < Self.minimumPartSize {
            throw S3Error.entityTooSmall(size: part.size)
        }
        // The object's bytes are the parts in order, written as one new blob; a full-object checksum is computed on
        // the way (an upload without a checksum gets CRC64NVME, as S3 gives it).
        let parts = chosen
        let blobs = self.blobs
        let stream = AsyncThrowingStream<[UInt8], any Error> { continuation in
            let task = Task {
                do {
                    for part in parts {
                        for try await chunk in try await blobs.read(part.blobID, range: nil) { continuation.yield(chunk) }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        let checksum = upload.checksum ?? MultipartChecksum(algorithm: .crc64nvme, kind: .fullObject)
        let fullObject = checksum.kind == .fullObject ? ChecksumCounter(checksum.algorithm) : nil
        let size = chosen.reduce(0) { $0 + $1.size }
        let stored = try await blobs.write(fullObject?.counting(ByteStream(stream, length: size)) ?? ByteStream(stream, length: size))
        let objectChecksum = fullObject?.base64 ?? checksum.composite(of: chosen.map { $0.checksum ?? "" })
        do {
            if upload.checksum != nil {
                try checksum.checkObjectHeader(input.objectChecksum, typeHeader: input.checksumType, computed: objectChecksum, parts: chosen.count)
            }
        } catch {
            try? await blobs.delete(stored.id)
            throw error
        }
        var combined = Insecure.MD5()
        for part in chosen { combined.update(data: Self.bytes(hex: part.md5Hex)) }
        let etag = "\"\(Self.hex(Array(combined.finalize())))-\(chosen.count)\""
        var headers = upload.headers
        headers[StoredObject.partSizesKey] = chosen.map { String($0.size) }.joined(separator: ",")
        headers[checksum.algorithm.headerName] = objectChecksum
        headers[StoredObject.checksumTypeKey] = checksum.kind.rawValue
        if checksum.kind == .composite { headers[StoredObject.partChecksumsKey] = chosen.map { $0.checksum ?? "" }.joined(separator: ",") }
        let object = StoredObject(
            bucket: upload.bucket, key: upload.key, versionID: "null", isLatest: true, isDeleteMarker: false, blobID: stored.id,
            size: stored.size, etag: etag, contentType: upload.contentType, headers: headers, metadata: upload.metadata,
            lastModified: Date(timeIntervalSince1970: clock.now().timeIntervalSince1970.rounded(.down)), tags: upload.tags, acl: upload.acl
        )
        do {
            let result = try await store.putVersion(object, ifNoneMatch: false)
            await release(result.released)
            let answer = CompleteMultipartUploadOutput(
                location: "/\(upload.bucket)/\(upload.key)", bucket: upload.bucket, key: upload.key, etag: etag,
                versionID: result.state == .unversioned ? nil : result.versionID,
                serverSideEncryption: upload.headers[ServerSideEncryption.header],
                checksums: ChecksumMembers(checksum.algorithm, objectChecksum, type: checksum.kind.rawValue)
            )
            let completed = CompletedUpload(id: upload.id, bucket: upload.bucket, key: upload.key, versionID: result.versionID, etag: etag, result: answer)
            await release(try await store.removeUpload(upload.id, completed: completed, now: clock.now()))
            return answer
        } catch {
            try? await blobs.delete(stored.id)
            throw error
        }
    }

    static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return [] }
            bytes.append(value)
        }
        return bytes
    }
}
