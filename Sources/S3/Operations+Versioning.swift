import Foundation
import ServiceKit
import SlipwayCore
import Wire

extension S3Service {
    var versioningOperations: [ServiceOperation] {
        [
            operation("PutBucketVersioning", "PUT", "/{Bucket}?versioning", PutBucketVersioningInput.self, action: "s3:PutBucketVersioning", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                let bucket = try await requireBucket(input.bucket)
                guard let status = input.configuration?.status, let state = VersioningState(rawValue: status), state != .unversioned else {
                    throw S3Error.malformedXML()
                }
                // A bucket that was never versioned cannot be "suspended" into existence; AWS accepts it and records Suspended.
                if state == .suspended, try await store.replication(input.bucket) != nil {
                    throw S3Error(
                        code: "InvalidBucketState", message: "Replication configuration is present on this bucket, so you cannot change the versioning state. To change the versioning state, first delete the replication configuration.",
                        httpStatus: 409
                    )
                }
                if bucket.versioning != state { try await store.setVersioning(input.bucket, state) }
                return EmptyOutput()
            },
            operation("GetBucketVersioning", "GET", "/{Bucket}?versioning", BucketInput.self, action: "s3:GetBucketVersioning", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                let bucket = try await requireBucket(input.bucket)
                return VersioningConfiguration(status: bucket.versioning == .unversioned ? nil : bucket.versioning.rawValue, mfaDelete: nil)
            },
            operation("ListObjectVersions", "GET", "/{Bucket}?versions", ListObjectVersionsInput.self, action: "s3:ListBucketVersions", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, context in
                try await listObjectVersions(input, context: context)
            },
        ]
    }

    func listObjectVersions(_ input: ListObjectVersionsInput, context: ServiceContext) async throws -> ListObjectVersionsOutput {
        let bucket = try await requireBucket(input.bucket)
        let maxKeys = try Self.listingLimit(input.maxKeys)
        if let encoding = input.encodingType, encoding != "url" {
            throw S3Error.invalidArgument("Invalid Encoding Method specified in Request", name: "encoding-type", value: encoding)
        }
        let prefix = input.prefix ?? ""
        let delimiter = input.delimiter.flatMap { $0.isEmpty ? nil : $0 }
        var afterKey = input.keyMarker ?? ""
        var afterSeq: Int64?
        if let marker = input.versionIDMarker, !marker.isEmpty, let keyMarker = input.keyMarker {
            guard (try? Self.validateVersionID(marker)) != nil else {
                throw S3Error.invalidArgument("Invalid version id specified", name: "version-id-marker", value: marker)
            }
            // A marker deleted since it was handed out (a bucket emptied page by page) resumes at what is left of its key.
            afterSeq = try await store.objectVersion(bucket: input.bucket, key: keyMarker, versionID: marker)?.seq ?? Int64.max
        }
        var versions: [ObjectVersionShape] = []
        var markers: [DeleteMarkerShape] = []
        var prefixes: [String] = []
        var truncated = false
        var last: (key: String, versionID: String?)?
        scan: while maxKeys > 0 {
            let batch = try await store.versionsPage(bucket: input.bucket, prefix: prefix, afterKey: afterKey, afterSeq: afterSeq, limit: 1000)
            if batch.isEmpty { break }
            for object in batch {
                (afterKey, afterSeq) = (object.key, object.seq)
                guard object.key.hasPrefix(prefix) else { break scan }
                if let delimiter, let range = object.key.dropFirst(prefix.count).range(of: delimiter) {
                    let common = String(object.key[..<range.upperBound])
                    if prefixes.last == common { continue }
                    if versions.count + markers.count + prefixes.count == maxKeys { truncated = true; break scan }
                    prefixes.append(common)
                    last = (object.key, nil)
                    continue
                }
                if versions.count + markers.count + prefixes.count == maxKeys { truncated = true; break scan }
                if object.isDeleteMarker {
                    markers.append(DeleteMarkerShape(key: object.key, versionID: object.versionID, isLatest: object.isLatest, lastModified: object.lastModified, owner: OwnerShape(displayName: nil, id: CanonicalUser.id(of: object.owner(in: bucket)))))
                } else {
                    versions.append(ObjectVersionShape(
                        key: object.key, versionID: object.versionID, isLatest: object.isLatest, lastModified: object.lastModified,
                        etag: object.etag, size: object.size, owner: OwnerShape(displayName: nil, id: CanonicalUser.id(of: object.owner(in: bucket)))
                    ))
                }
                last = (object.key, object.versionID)
            }
            if batch.count < 1000 { break }
        }
        // `encoding-type=url` covers every key-like element, as boto3 decodes them all.
        let encode = Self.keyEncoder(input.encodingType)
        for index in versions.indices { versions[index].key = encode(versions[index].key) }
        for index in markers.indices { markers[index].key = encode(markers[index].key) }
        return ListObjectVersionsOutput(
            isTruncated: truncated, keyMarker: encode(input.keyMarker ?? ""), versionIDMarker: input.versionIDMarker ?? "",
            nextKeyMarker: truncated ? last.map { encode($0.key) } : nil, nextVersionIDMarker: truncated ? last?.versionID : nil,
            versions: versions.isEmpty ? nil : versions, deleteMarkers: markers.isEmpty ? nil : markers, name: input.bucket,
            prefix: encode(prefix), delimiter: delimiter.map(encode), maxKeys: maxKeys,
            commonPrefixes: prefixes.isEmpty ? nil : prefixes.map { CommonPrefixShape(prefix: encode($0)) }, encodingType: input.encodingType
        )
    }
}
