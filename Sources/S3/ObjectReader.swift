import ServiceKit
import SlipwayCore

/// S3's `ObjectReadingPort`: other services read objects through S3's own `GetObject`, as their caller.
public struct S3ObjectReader: ObjectReadingPort {
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
}
