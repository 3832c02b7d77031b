import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// S3's `ObjectPort`: other services read, list, inspect and write objects through S3's own operations, as their caller.
public struct S3Objects: ObjectPort {
    let service: S3Service
    let authorizer: any AuthorizationPort

    public init(module: S3Module, authorizer: any AuthorizationPort) {
        service = module.service
        self.authorizer = authorizer
    }

    public func read(_ location: ObjectLocation, context: ServiceContext, limit: Int) async throws -> ObjectContent {
        let output: GetObjectOutput = try await service.call(
            "GetObject", ObjectInput(bucket: location.bucket, key: location.key, versionID: location.versionID), context: context, authorizer: authorizer
        )
        guard output.contentLength <= limit else { throw ObjectTooLarge(size: output.contentLength, limit: limit) }
        let bytes = try await output.body?.collect(upTo: limit) ?? []
        return ObjectContent(bytes: bytes, versionID: output.versionID, lastModified: output.lastModified, etag: output.etag)
    }

    public func list(bucket: String, prefix: String, context: ServiceContext) async throws -> [ObjectSummary] {
        var found: [ObjectSummary] = []
        var token: String?
        repeat {
            let page: ListObjectsV2Output = try await service.call(
                "ListObjectsV2", ListObjectsV2Input(bucket: bucket, prefix: prefix, continuationToken: token), context: context, authorizer: authorizer
            )
            found += (page.contents ?? []).map { ObjectSummary(key: $0.key, lastModified: $0.lastModified, size: $0.size) }
            token = page.isTruncated ? page.nextContinuationToken : nil
        } while token != nil
        return found
    }

    public func tags(_ location: ObjectLocation, context: ServiceContext) async throws -> [String: String] {
        let output: TaggingOutput = try await service.call(
            "GetObjectTagging", ObjectTaggingInput(bucket: location.bucket, key: location.key, versionID: location.versionID), context: context,
            authorizer: authorizer
        )
        return Dictionary((output.tagging?.tagSet ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    public func write(_ bytes: [UInt8], to location: ObjectLocation, contentType: String, tags: [String: String], context: ServiceContext) async throws -> String? {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.~"))
        let pairs: [String] = tags.sorted { $0.key < $1.key }.map { tag -> String in
            let key = tag.key.addingPercentEncoding(withAllowedCharacters: allowed) ?? tag.key
            let value = tag.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? tag.value
            return key + "=" + value
        }
        let tagging = pairs.joined(separator: "&")
        let output: PutObjectOutput = try await service.call(
            "PutObject", PutObjectInput(bucket: location.bucket, key: location.key, body: ByteStream(bytes: bytes), contentType: contentType, tagging: tagging.isEmpty ? nil : tagging),
            context: context, authorizer: authorizer
        )
        return output.versionID
    }
}
