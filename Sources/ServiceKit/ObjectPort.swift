import Foundation

/// Where an S3 object is: bucket, key and, when pinned, a version.
public struct ObjectLocation: Sendable, Hashable {
    public var bucket: String
    public var key: String
    public var versionID: String?

    public init(bucket: String, key: String, versionID: String? = nil) {
        self.bucket = bucket
        self.key = key
        self.versionID = versionID
    }

    /// The object an S3 URL names, in every form a user would paste: `s3://bucket/key`, virtual-host style
    /// (`bucket.s3.amazonaws.com`, `bucket.s3.REGION.amazonaws.com`, `bucket.s3-REGION.amazonaws.com`, dualstack),
    /// path style on those hosts (`s3.REGION.amazonaws.com/bucket/key`), and path style on Slipway's own endpoint
    /// (any other host, or `bucket.localhost`); a `versionId` query parameter pins the version. Nil when the URL
    /// names no object.
    public static func parse(url text: String) -> ObjectLocation? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased(),
              !host.isEmpty
        else { return nil }
        let version = components.queryItems?.first { $0.name == "versionId" }?.value
        let path = components.percentEncodedPath.removingPercentEncoding ?? components.path
        func location(bucket: String, key: Substring) -> ObjectLocation? {
            let key = String(key.drop { $0 == "/" })
            guard !bucket.isEmpty, !key.isEmpty else { return nil }
            return ObjectLocation(bucket: bucket, key: key, versionID: version)
        }
        func pathStyle() -> ObjectLocation? {
            let trimmed = path.drop { $0 == "/" }
            guard let slash = trimmed.firstIndex(of: "/") else { return nil }
            return location(bucket: String(trimmed[..<slash]), key: trimmed[slash...])
        }
        switch scheme {
        case "s3":
            return location(bucket: host, key: Substring(path))
        case "http", "https":
            let amazon = #"\.amazonaws\.com(\.cn)?$"#
            if let match = host.range(of: #"\.s3(\.dualstack)?([.-][a-z0-9-]+)?"# + amazon, options: .regularExpression), match.lowerBound > host.startIndex {
                return location(bucket: String(host[..<match.lowerBound]), key: Substring(path))
            }
            if host.range(of: #"^s3(\.dualstack)?([.-][a-z0-9-]+)?"# + amazon, options: .regularExpression) != nil { return pathStyle() }
            if host.hasSuffix(".localhost") { return location(bucket: String(host.dropLast(".localhost".count)), key: Substring(path)) }
            return pathStyle()
        default:
            return nil
        }
    }
}

/// An object's bytes and what identifies the version read.
public struct ObjectContent: Sendable {
    public var bytes: [UInt8]
    public var versionID: String?
    public var lastModified: Date
    public var etag: String

    public init(bytes: [UInt8], versionID: String?, lastModified: Date, etag: String) {
        self.bytes = bytes
        self.versionID = versionID
        self.lastModified = lastModified
        self.etag = etag
    }
}

/// An object larger than the reader accepts.
public struct ObjectTooLarge: Error, Sendable {
    public let size: Int
    public let limit: Int

    public init(size: Int, limit: Int) {
        self.size = size
        self.limit = limit
    }
}

/// One object a listing found.
public struct ObjectSummary: Sendable, Hashable {
    public var key: String
    public var lastModified: Date
    public var size: Int

    public init(key: String, lastModified: Date, size: Int) {
        self.key = key
        self.lastModified = lastModified
        self.size = size
    }
}

/// The port S3 offers other services that use objects (CloudFormation's `TemplateURL`, template discovery and
/// publishing): calls as `context.principal`, authorized exactly as that caller's `GetObject`, `ListObjectsV2`,
/// `GetObjectTagging` and `PutObject` would be, failing with S3's own errors.
public protocol ObjectPort: Sendable {
    /// The object's bytes; throws S3's own error (`NoSuchKey`, `AccessDenied`, …) or `ObjectTooLarge` past `limit`.
    func read(_ location: ObjectLocation, context: ServiceContext, limit: Int) async throws -> ObjectContent
    /// The objects under `prefix` (every page).
    func list(bucket: String, prefix: String, context: ServiceContext) async throws -> [ObjectSummary]
    /// The object's tags.
    func tags(_ location: ObjectLocation, context: ServiceContext) async throws -> [String: String]
    /// Writes an object with tags; returns the new version's id (nil in an unversioned bucket).
    func write(_ bytes: [UInt8], to location: ObjectLocation, contentType: String, tags: [String: String], context: ServiceContext) async throws -> String?
}
