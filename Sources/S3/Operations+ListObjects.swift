import Foundation
import ServiceKit

extension S3Service {
    /// Where a listing resumes: after a key, and past every key under a common prefix already returned.
    struct ListingCursor: Codable {
        var after: String
        var skipPrefix: String?
    }

    func listObjectsV2(_ input: ListObjectsV2Input, context: ServiceContext) async throws -> ListObjectsV2Output {
        _ = try await requireBucket(input.bucket)
        let maxKeys = min(input.maxKeys ?? 1000, 1000)
        guard maxKeys >= 0 else { throw S3Error.invalidArgument("maxKeys should be non-negative", name: "max-keys", value: String(maxKeys)) }
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

        var contents: [ObjectSummaryShape] = []
        var prefixes: [String] = []
        var truncated = false
        var next = cursor
        var scanFrom = cursor.after
        scan: while maxKeys > 0 {
            let batch = try await store.latestObjects(bucket: input.bucket, prefix: prefix, after: scanFrom, limit: 1000)
            if batch.isEmpty { break }
            for object in batch {
                scanFrom = object.key
                guard object.key.hasPrefix(prefix) else { break scan }  // sorted: past the prefix, nothing more matches
                if let skip = next.skipPrefix, object.key.hasPrefix(skip) { continue }
                var entry: (key: String, commonPrefix: String?) = (object.key, nil)
                if let delimiter, let range = object.key.dropFirst(prefix.count).range(of: delimiter) {
                    entry.commonPrefix = String(object.key[..<range.upperBound])
                }
                if contents.count + prefixes.count == maxKeys {
                    truncated = true
                    break scan
                }
                if let common = entry.commonPrefix {
                    prefixes.append(common)
                    next = ListingCursor(after: object.key, skipPrefix: common)
                } else {
                    contents.append(ObjectSummaryShape(
                        key: object.key, lastModified: object.lastModified, etag: object.etag, size: object.size,
                        owner: input.fetchOwner == true ? OwnerShape(displayName: nil, id: CanonicalUser.id(of: context.account)) : nil
                    ))
                    next = ListingCursor(after: object.key, skipPrefix: nil)
                }
            }
            if batch.count < 1000 { break }
        }

        let encode: (String) -> String = { text in
            input.encodingType == "url" ? (text.addingPercentEncoding(withAllowedCharacters: .s3KeyAllowed) ?? text) : text
        }
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

extension CharacterSet {
    /// What S3 leaves unescaped when it URL-encodes keys in listings.
    static let s3KeyAllowed: CharacterSet = {
        var set = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        set.insert(charactersIn: "-_.~/")
        return set
    }()
}
