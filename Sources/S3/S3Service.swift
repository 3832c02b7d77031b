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
    /// The accounts ACL grants may name.
    let accounts: any AccountDirectoryPort
    /// What `x-amz-server-side-encryption` says of objects written now: SSE-S3 when the blob store seals them.
    let storedEncryption: String?
    /// How long a lifecycle rule's day lasts.
    let lifecycleDaySeconds: TimeInterval

    init(
        store: S3Store, blobs: TieredBlobStore, clock: any WallClock, roles: any RoleAssumptionPort, accounts: any AccountDirectoryPort, sealed: Bool,
        lifecycleDaySeconds: TimeInterval = 86_400
    ) {
        self.store = store
        self.blobs = blobs
        self.clock = clock
        self.roles = roles
        self.accounts = accounts
        storedEncryption = sealed ? ServerSideEncryption.sseS3 : nil
        self.lifecycleDaySeconds = lifecycleDaySeconds
    }

    public var operations: [ServiceOperation] {
        bucketOperations + objectOperations + versioningOperations + taggingOperations + policyOperations + corsOperations + bucketExtraOperations + multipartOperations + publicAccessOperations + lifecycleOperations
            + encryptionOperations + replicationOperations + aclOperations + unimplementedOperations
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

    /// A bucket's ARN, owner, policy and (where ACLs count) ACL for authorization; a missing bucket is owned by
    /// nobody (the caller's own account decides).
    func bucketTarget(_ name: String) async throws -> ResourceTarget {
        Self.bucketTarget(name, try await store.bucket(named: name))
    }

    static func bucketTarget(_ name: String, _ bucket: Bucket?) -> ResourceTarget {
        let policy = bucket.flatMap(Self.attachedPolicy)
        var target = ResourceTarget(arn: "arn:aws:s3:::\(name)", owner: bucket?.account, policy: policy)
        target.bucketTags = bucket?.tags ?? []
        target.restrictsPublicPolicy = bucket?.publicAccessBlock?.restrictPublicBuckets == true && policy.map { Self.isPublic($0.document) } == true
        if let bucket, bucket.aclsEnabled {
            let statements = bucket.effectiveACL.statements(bucket: name, key: nil, ignoringPublic: bucket.ignoresPublicACLs)
            target.aclPolicy = AccessControlList.policy(id: "\(bucket.arn) ACL", statements: statements)
        }
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
    /// The grants of the bucket's and the object's ACLs, as policy statements, where the bucket has ACLs enabled.
    var aclPolicy: AttachedPolicy?
    /// The bucket's tags, for `s3:BucketTag/*`.
    var bucketTags: [ObjectTag] = []

    /// The request headers S3 offers as condition keys (`s3:<header>`), from the Service Authorization Reference.
    static let headerKeys = [
        "x-amz-acl", "x-amz-copy-source", "x-amz-metadata-directive", "x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id",
        "x-amz-server-side-encryption-customer-algorithm", "x-amz-storage-class", "x-amz-website-redirect-location", "x-amz-grant-full-control",
        "x-amz-grant-read", "x-amz-grant-read-acp", "x-amz-grant-write", "x-amz-grant-write-acp", "x-amz-object-ownership", "x-amz-content-sha256",
        "if-match", "if-none-match",
    ]

    static let policyActions: Set<String> = ["s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"]

    /// The request for `action` by the caller of `context`; under RestrictPublicBuckets a public policy grants nothing
    /// to anyone outside the bucket owner's account, as S3 documents.
    func request(_ action: String, for context: ServiceContext) -> AccessRequest {
        let outsider = context.principal.account == nil || (owner != nil && context.principal.account != owner)
        var applicablePolicy = restrictsPublicPolicy && outsider ? nil : policy
        // The owner's root user can always read, replace and delete the bucket policy, so no policy locks it out.
        if Self.policyActions.contains(action), case .root = context.principal.kind, !outsider { applicablePolicy = nil }
        // ACL grants count as the resource's own policy does, beside the bucket policy.
        applicablePolicy = AccessControlList.joined(applicablePolicy, aclPolicy)
        return AccessRequest(action: action, resource: arn, resourceAccount: owner?.rawValue, resourcePolicy: applicablePolicy, conditions: s3Keys(context))
    }

    /// The keys S3 sets on every request besides the operation's own: how it was signed, the bucket's account and
    /// tags, and the request headers S3 exposes.
    func s3Keys(_ context: ServiceContext) -> [String: [String]] {
        var keys = conditions
        keys["s3:ResourceAccount"] = [owner?.rawValue ?? context.account.rawValue]
        if let signature = context.signature {
            keys["s3:authType"] = [signature.authType]
            keys["s3:signatureversion"] = [signature.version]
            keys["s3:signatureAge"] = [String(max(0, Int(context.receivedAt.timeIntervalSince(signature.signedAt) * 1000)))]
        }
        for name in Self.headerKeys { if let value = context.headers[name] { keys["s3:\(name)"] = [value] } }
        for tag in bucketTags { keys["s3:BucketTag/\(tag.key)"] = [tag.value] }
        return keys
    }
}
