import BlobStore
import IAMPolicy
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
    let blobs: TieredBlobStore
    let clock: any WallClock
    /// Finds the role a replication configuration is given, for `iam:PassRole`.
    let roles: any RoleAssumptionPort
    /// What `x-amz-server-side-encryption` says of objects written now: SSE-S3 when the blob store seals them.
    let storedEncryption: String?

    init(store: S3Store, blobs: TieredBlobStore, clock: any WallClock, roles: any RoleAssumptionPort, sealed: Bool) {
        self.store = store
        self.blobs = blobs
        self.clock = clock
        self.roles = roles
        storedEncryption = sealed ? ServerSideEncryption.sseS3 : nil
    }

    public var operations: [ServiceOperation] {
        bucketOperations + objectOperations + versioningOperations + taggingOperations + policyOperations + corsOperations + bucketExtraOperations + multipartOperations + publicAccessOperations + lifecycleOperations
            + encryptionOperations + replicationOperations
    }

    /// An S3 operation at `method template`, authorized as `action` on the resource `resource` names.
    func operation<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ name: String, _ method: String, _ template: String, _ input: Input.Type, action: String,
        resource: @escaping @Sendable (Input, ServiceContext) async throws -> ResourceTarget,
        handler: @escaping @Sendable (Input, ServiceContext) async throws -> Output
    ) -> ServiceOperation {
        ServiceOperation(
            name, route: .init(method, template), input: input,
            access: { input, context in try await resource(input, context).request(action, for: context) },
            handler: handler
        )
    }

    /// The bucket, or S3's `NoSuchBucket`.
    func requireBucket(_ name: String) async throws -> Bucket {
        guard let bucket = try await store.bucket(named: name) else { throw S3Error.noSuchBucket(name) }
        return bucket
    }

    /// A bucket's ARN, owner and policy for authorization; a missing bucket is owned by nobody (the caller's own account decides).
    func bucketTarget(_ name: String) async throws -> ResourceTarget {
        let bucket = try await store.bucket(named: name)
        let policy = bucket.flatMap(Self.attachedPolicy)
        var target = ResourceTarget(arn: "arn:aws:s3:::\(name)", owner: bucket?.account, policy: policy)
        target.restrictsPublicPolicy = bucket?.publicAccessBlock?.restrictPublicBuckets == true && policy.map { Self.isPublic($0.document) } == true
        return target
    }

    /// The bucket policy as the evaluator takes it; one that no longer parses grants nothing.
    static func attachedPolicy(_ bucket: Bucket) -> AttachedPolicy? {
        guard let text = bucket.policy, let document = try? PolicyDocument.parse(text, kind: .resource) else { return nil }
        return AttachedPolicy(id: "\(bucket.arn) bucket policy", document: document)
    }
}

/// What an S3 request acts on, for the authorizer: the ARN, the owning account and the bucket policy.
struct ResourceTarget: Sendable {
    var arn: String
    var owner: AccountID?
    var policy: AttachedPolicy?
    var conditions: [String: [String]] = [:]

    /// Whether the bucket has RestrictPublicBuckets on while its policy is public.
    var restrictsPublicPolicy = false

    static let policyActions: Set<String> = ["s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"]

    /// The request for `action` by the caller of `context`; under RestrictPublicBuckets a public policy grants nothing
    /// to anyone outside the bucket owner's account, as S3 documents.
    func request(_ action: String, for context: ServiceContext) -> AccessRequest {
        let outsider = context.principal.account == nil || (owner != nil && context.principal.account != owner)
        var applicablePolicy = restrictsPublicPolicy && outsider ? nil : policy
        // The owner's root user can always read, replace and delete the bucket policy, so no policy locks it out.
        if Self.policyActions.contains(action), case .root = context.principal.kind, !outsider { applicablePolicy = nil }
        return AccessRequest(action: action, resource: arn, resourceAccount: owner?.rawValue, resourcePolicy: applicablePolicy, conditions: conditions)
    }
}
