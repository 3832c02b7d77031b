import Foundation
import ServiceKit
import SlipwayCore

/// The objects of the provided templates' reserved bucket, readable by anyone as the public objects they stand for
/// (`NAME.yaml`, a provided template; `seed/NAME.zip`, the code a provided template seeds a repository with); every
/// other object is the wrapped port's. Nothing can be written to the reserved bucket.
public struct ProvidedObjects: ObjectPort {
    let base: any ObjectPort

    public init(base: any ObjectPort) {
        self.base = base
    }

    /// When the provided objects were made: the server's build, for every reader the same.
    static let madeAt = Date(timeIntervalSince1970: 1_796_601_600)

    static func object(_ key: String) -> [UInt8]? {
        if key.hasSuffix(".yaml"), let body = ProvidedTemplates.body(String(key.dropLast(5))) { return Array(body.utf8) }
        guard let files = ProvidedSeedCode.archives[key] else { return nil }
        return StoredZip.archive(files.map { ($0.path, Array(($0.text + "\n").utf8)) })
    }

    static func keys() -> [String] {
        (ProvidedTemplates.all.map { $0.name + ".yaml" } + ProvidedSeedCode.archives.keys).sorted()
    }

    public func read(_ location: ObjectLocation, context: ServiceContext, limit: Int) async throws -> ObjectContent {
        guard location.bucket == ProvidedTemplates.bucket else { return try await base.read(location, context: context, limit: limit) }
        guard location.versionID == nil || location.versionID == "null", let bytes = Self.object(location.key) else {
            throw AWSError(code: "NoSuchKey", message: "The specified key does not exist.", httpStatus: 404, extraFields: [("Key", location.key)])
        }
        guard bytes.count <= limit else { throw ObjectTooLarge(size: bytes.count, limit: limit) }
        return ObjectContent(bytes: bytes, versionID: nil, lastModified: Self.madeAt, etag: "\"\(bytes.count)-provided\"")
    }

    public func list(bucket: String, prefix: String, context: ServiceContext) async throws -> [ObjectSummary] {
        guard bucket == ProvidedTemplates.bucket else { return try await base.list(bucket: bucket, prefix: prefix, context: context) }
        return Self.keys().filter { $0.hasPrefix(prefix) }.compactMap { key in
            Self.object(key).map { ObjectSummary(key: key, lastModified: Self.madeAt, size: $0.count) }
        }
    }

    public func tags(_ location: ObjectLocation, context: ServiceContext) async throws -> [String: String] {
        guard location.bucket == ProvidedTemplates.bucket else { return try await base.tags(location, context: context) }
        return [:]
    }

    public func write(_ bytes: [UInt8], to location: ObjectLocation, contentType: String, tags: [String: String], context: ServiceContext) async throws -> String? {
        guard location.bucket == ProvidedTemplates.bucket else {
            return try await base.write(bytes, to: location, contentType: contentType, tags: tags, context: context)
        }
        throw AWSError(code: "AccessDenied", message: "Access Denied", httpStatus: 403)
    }
}
