import Foundation
import ServiceKit

extension S3Service {
    /// Where a listing resumes: after a key, and past every key under a common prefix already returned.
    struct ListingCursor: Codable {
        var after: String
        var skipPrefix: String?
    }

    /// One page of current objects and common prefixes in key order, from `cursor`, and where the next page starts.
    func listing(bucket: String, prefix: String, delimiter: String?, maxKeys: Int, from cursor: ListingCursor) async throws
        -> (objects: [StoredObject], prefixes: [String], truncated: Bool, next: ListingCursor)
    {
        var objects: [StoredObject] = []
        var prefixes: [String] = []
        var truncated = false
        var next = cursor
        var scanFrom = cursor.after
        scan: while maxKeys > 0 {
            let batch = try await store.latestObjects(bucket: bucket, prefix: prefix, after: scanFrom, limit: 1000)
            if batch.isEmpty { break }
            for object in batch {
                scanFrom = object.key
                guard object.key.hasPrefix(prefix) else { break scan }  // sorted: past the prefix, nothing more matches
                if let skip = next.skipPrefix, object.key.hasPrefix(skip) { continue }
                var common: String?
                if let delimiter, let range = object.key.dropFirst(prefix.count).range(of: delimiter) {
                    common = String(object.key[..<range.upperBound])
                }
                if objects.count + prefixes.count == maxKeys {
                    truncated = true
                    break scan
                }
                if let common {
                    prefixes.append(common)
                    next = ListingCursor(after: object.key, skipPrefix: common)
                } else {
                    objects.append(object)
                    next = ListingCursor(after: object.key, skipPrefix: nil)
                }
            }
            if batch.count < 1000 { break }
        }
        return (objects, prefixes, truncated, next)
    }

    func listObjectsV1(_ input: ListObjectsInput, context: ServiceContext) async throws -> ListObjectsOutput {
        let bucket = try await requireBucket(input.bucket)
        let maxKeys = try Self.listingLimit(input.maxKeys)
        let prefix = input.prefix ?? ""
        let delimiter = input.delimiter.flatMap { $0.isEmpty ? nil : $0 }
        let marker = input.marker ?? ""
        // A marker that is a common prefix (as NextMarker can be) resumes past every key under it.
        let skip = delimiter.flatMap { marker.hasSuffix($0) && !marker.isEmpty ? marker : nil }
        let page = try await listing(bucket: input.bucket, prefix: prefix, delimiter: delimiter, maxKeys: maxKeys, from: ListingCursor(after: marker, skipPrefix: skip))
        let encode = Self.keyEncoder(input.encodingType)
        let lastReturned = page.next.skipPrefix ?? page.next.after
        return ListObjectsOutput(
            isTruncated: page.truncated, marker: encode(marker), nextMarker: page.truncated && delimiter != nil ? encode(lastReturned) : nil,
            contents: page.objects.isEmpty ? nil : page.objects.map { ObjectSummaryShape(key: encode($0.key), lastModified: $0.lastModified, etag: $0.etag, size: $0.size, owner: OwnerShape(displayName: nil, id: CanonicalUser.id(of: $0.owner(in: bucket)))) },
            name: input.bucket, prefix: encode(prefix), delimiter: delimiter.map(encode), maxKeys: maxKeys,
            commonPrefixes: page.prefixes.isEmpty ? nil : page.prefixes.map { CommonPrefixShape(prefix: encode($0)) }, encodingType: input.encodingType
        )
    }

    func listObjectsV2(_ input: ListObjectsV2Input, context: ServiceContext) async throws -> ListObjectsV2Output {
        let bucket = try await requireBucket(input.bucket)
        let maxKeys = try Self.listingLimit(input.maxKeys)
        if let encoding = input.encodingType, encoding != "url" {
            throw S3Error.invalidArgument("Invalid Encoding Method specified in Request", name: "encoding-type", value: encoding)
        }
        let prefix = input.prefix ?? ""
        let delimiter = input.delimiter.flatMap { $0.isEmpty ? nil : $0 }
        var cursor = ListingCursor(after: input.startAfter ?? "", skipPrefix: nil)
        if let token = input.continuationToken {
            guard let data = Data(base64Encoded: token), let decoded = try? JSONDecoder().decode(ListingCursor.self, from: data) else {
                throw S3Error.invalidArgument("The continuation token provided is incorrect", name: "continuation-token", value: token)
            }
            cursor = decoded
        }

        let page = try await listing(bucket: input.bucket, prefix: prefix, delimiter: delimiter, maxKeys: maxKeys, from: cursor)
        let contents = page.objects.map { object in
            ObjectSummaryShape(
                key: object.key, lastModified: object.lastModified, etag: object.etag, size: object.size,
                owner: input.fetchOwner == true ? OwnerShape(displayName: nil, id: CanonicalUser.id(of: object.owner(in: bucket))) : nil
            )
        }
        let prefixes = page.prefixes
        let truncated = page.truncated
        let next = page.next

        let encode = Self.keyEncoder(input.encodingType)
        let nextToken = truncated ? (try? JSONEncoder().encode(next)).map { $0.base64EncodedString() } : nil
        return ListObjectsV2Output(
            isTruncated: truncated, contents: contents.isEmpty ? nil : contents.map { var c = $0; c.key = encode(c.key); return c },
            name: input.bucket, prefix: encode(prefix), delimiter: delimiter.map(encode), maxKeys: maxKeys,
            commonPrefixes: prefixes.isEmpty ? nil : prefixes.map { CommonPrefixShape(prefix: encode($0)) },
            encodingType: input.encodingType, keyCount: contents.count + prefixes.count,
            continuationToken: input.continuationToken, nextContinuationToken: nextToken, startAfter: input.startAfter.map(encode)
        )
    }
}

extension S3Service {
    /// `max-keys` as S3 takes it: 1,000 when absent, at most 1,000, never negative.
    static func listingLimit(_ maxKeys: Int?) throws -> Int {
        let limit = min(maxKeys ?? 1000, 1000)
        guard limit >= 0 else { throw S3Error.invalidArgument("maxKeys should be non-negative", name: "max-keys", value: String(limit)) }
        return limit
    }

    /// How listings spell keys: URL-encoded when `encoding-type=url` was asked for, as they are otherwise.
    static func keyEncoder(_ encodingType: String?) -> (String) -> String {
        { text in encodingType == "url" ? (text.addingPercentEncoding(withAllowedCharacters: .s3KeyAllowed) ?? text) : text }
    }

    /// The condition keys S3 sets on `s3:ListBucket`.
    static func listConditions(prefix: String?, delimiter: String?, maxKeys: Int?) -> [String: [String]] {
        var conditions: [String: [String]] = [:]
        if let prefix { conditions["s3:prefix"] = [prefix] }
        if let delimiter { conditions["s3:delimiter"] = [delimiter] }
        if let maxKeys { conditions["s3:max-keys"] = [String(maxKeys)] }
        return conditions
    }
}

extension CharacterSet {
    /// What S3 leaves unescaped when it URL-encodes keys in listings.
    static let s3KeyAllowed: CharacterSet = {
        var set = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        set.insert(charactersIn: "-_.~/")
        return set
    }()
}
