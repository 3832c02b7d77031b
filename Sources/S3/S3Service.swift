import BlobStore
import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// The S3 API (REST-XML), path-style and virtual-host addressed; unsigned requests reach it as the anonymous principal.
public struct S3Service: AWSService {
    public let serviceName = "s3"
    public let signingName = "s3"
    public let wireProtocol = WireProtocol.restXML(xmlNamespace: "http://s3.amazonaws.com/doc/2006-03-01/")
    public var acceptsAnonymous: Bool { true }
    let store: S3Store
    let blobs: any BlobStore
    let clock: any WallClock

    init(store: S3Store, blobs: any BlobStore, clock: any WallClock) {
        self.store = store
        self.blobs = blobs
        self.clock = clock
    }

    public var operations: [ServiceOperation] {
        bucketOperations + objectOperations + versioningOperations + taggingOperations
    }

    /// An S3 operation at `method template`, authorized as `action` on the resource `resource` names.
    func operation<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ name: String, _ method: String, _ template: String, _ input: Input.Type, action: String,
        resource: @escaping @Sendable (Input, ServiceContext) async throws -> (arn: String, owner: AccountID?),
        handler: @escaping @Sendable (Input, ServiceContext) async throws -> Output
    ) -> ServiceOperation {
        ServiceOperation(
            name, route: .init(method, template), input: input,
            access: { input, context in
                let target = try await resource(input, context)
                return AccessRequest(action: action, resource: target.arn, resourceAccount: target.owner?.rawValue)
            },
            handler: handler
        )
    }

    /// The bucket, or S3's `NoSuchBucket`.
    func requireBucket(_ name: String) async throws -> Bucket {
        guard let bucket = try await store.bucket(named: name) else { throw S3Error.noSuchBucket(name) }
        return bucket
    }

    /// A bucket's ARN and owner for authorization; a missing bucket is owned by nobody (the caller's own account decides).
    func bucketTarget(_ name: String) async throws -> (arn: String, owner: AccountID?) {
        ("arn:aws:s3:::\(name)", try await store.bucket(named: name)?.account)
    }
}
