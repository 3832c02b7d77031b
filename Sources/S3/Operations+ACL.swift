import Foundation
import ServiceKit
import SlipwayCore
import Wire

extension S3Service {
    /// Access control lists and Object Ownership, as S3 has them since 2023: new buckets have ACLs disabled
    /// (`BucketOwnerEnforced`) and policies alone decide; a bucket set to `BucketOwnerPreferred` or `ObjectWriter`
    /// takes ACLs from canned and grant headers or a body, and the authorizer weighs their grants.
    var aclOperations: [ServiceOperation] {
        [
            operation("GetBucketAcl", "GET", "/{Bucket}?acl", BucketInput.self, action: "s3:GetBucketAcl", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                AccessControlPolicyOutput(try await requireBucket(input.bucket).effectiveACL)
            },
            operation("PutBucketAcl", "PUT", "/{Bucket}?acl", PutBucketACLInput.self, action: "s3:PutBucketAcl", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, context in
                let bucket = try await requireBucket(input.bucket)
                let requested = try Self.requestedACL(headers: context.headers, body: input.policy)
                guard bucket.aclsEnabled else { throw S3Error.aclNotSupported }
                let acl = try await resolve(requested, owner: bucket.account, in: bucket)
                try await store.setBucketACL(input.bucket, acl)
                return EmptyOutput()
            },
            ServiceOperation(
                "GetObjectAcl", route: .init("GET", "/{Bucket}/{Key+}?acl"), input: ObjectACLInput.self,
                access: { input, context in
                    try await objectAccess(input.versionID == nil ? "s3:GetObjectAcl" : "s3:GetObjectVersionAcl", input.bucket, input.key, context, versionID: input.versionID)
                },
                handler: { input, _ in
                    let bucket = try await requireBucket(input.bucket)
                    let object = try await version(bucket: input.bucket, key: input.key, versionID: input.versionID)
                    var policy = AccessControlPolicyOutput(object.effectiveACL(in: bucket))
                    policy.versionID = bucket.versioning == .unversioned ? nil : object.versionID
                    return policy
                }
            ),
            ServiceOperation(
                "PutObjectAcl", route: .init("PUT", "/{Bucket}/{Key+}?acl"), input: PutObjectACLInput.self,
                access: { input, context in
                    try await objectAccess(input.versionID == nil ? "s3:PutObjectAcl" : "s3:PutObjectVersionAcl", input.bucket, input.key, context, versionID: input.versionID)
                },
                handler: { input, context in
                    let bucket = try await requireBucket(input.bucket)
                    let requested = try Self.requestedACL(headers: context.headers, body: input.policy)
                    guard bucket.aclsEnabled else { throw S3Error.aclNotSupported }
                    let object = try await version(bucket: input.bucket, key: input.key, versionID: input.versionID)
                    let acl = try await resolve(requested, owner: object.owner(in: bucket), in: bucket)
                    let changed = try await store.setACL(bucket: input.bucket, key: input.key, versionID: input.versionID, acl)
                    return PutObjectACLOutput(versionID: bucket.versioning == .unversioned ? nil : changed.versionID)
                }
            ),
            operation(
                "PutBucketOwnershipControls", "PUT", "/{Bucket}?ownershipControls", PutOwnershipControlsInput.self, action: "s3:PutBucketOwnershipControls",
                resource: { i, _ in try await bucketTarget(i.bucket) }
            ) { input, _ in
                _ = try await requireBucket(input.bucket)
                guard let rules = input.controls?.rules, rules.count == 1, let ownership = rules[0].objectOwnership.flatMap(ObjectOwnership.init(rawValue:)) else {
                    throw S3Error.malformedXML()
                }
                try await store.setOwnership(input.bucket, ownership)
                return EmptyOutput()
            },
            operation(
                "GetBucketOwnershipControls", "GET", "/{Bucket}?ownershipControls", BucketInput.self, action: "s3:GetBucketOwnershipControls",
                resource: { i, _ in try await bucketTarget(i.bucket) }
            ) { input, _ in
                guard let ownership = try await requireBucket(input.bucket).objectOwnership else {
                    throw S3Error(
                        code: "OwnershipControlsNotFoundError", message: "The bucket ownership controls were not found", httpStatus: 404,
                        extraFields: [("BucketName", input.bucket)]
                    )
                }
                return OwnershipControlsShape(rules: [OwnershipControlsRuleShape(objectOwnership: ownership.rawValue)])
            },
            operation(
                "DeleteBucketOwnershipControls", "DELETE", "/{Bucket}?ownershipControls", BucketInput.self, action: "s3:PutBucketOwnershipControls",
                resource: { i, _ in try await bucketTarget(i.bucket) }
            ) { input, _ in
                _ = try await requireBucket(input.bucket)
                try await store.setOwnership(input.bucket, nil)
                return NoContent()
            },
        ]
    }

    /// What PutBucketAcl / PutObjectAcl ask for: ACL headers or a body, exactly one of them, as S3 requires.
    static func requestedACL(headers: [String: String], body: AccessControlPolicyInput?) throws -> RequestedACL {
        let fromHeaders = try RequestedACL.fromHeaders(headers)
        switch (fromHeaders, body) {
        case (let requested?, nil): return requested
        case (nil, let body?): return try RequestedACL.fromBody(body)
        case (_?, _?): throw S3Error(code: "UnexpectedContent", message: "This request does not support content", httpStatus: 400)
        case (nil, nil):
            throw S3Error(code: "MissingSecurityHeader", message: "Your request was missing a required header", httpStatus: 400, extraFields: [("MissingHeaderName", "x-amz-acl")])
        }
    }

    /// The stored ACL `requested` stands for on a resource `owner` owns in `bucket`; a public one is refused where
    /// the bucket blocks public ACLs.
    func resolve(_ requested: RequestedACL, owner: AccountID, in bucket: Bucket) async throws -> AccessControlList {
        let acl = try await resolve(requested, owner: owner, bucketOwner: bucket.account)
        if acl.isPublic, bucket.publicAccessBlock?.blockPublicAcls == true {
            throw AccessDeniedError(message: "Access Denied")
        }
        return acl
    }

    /// The stored ACL `requested` stands for, its canonical user ids resolved to accounts.
    func resolve(_ requested: RequestedACL, owner: AccountID, bucketOwner: AccountID) async throws -> AccessControlList {
        var byCanonicalID: [String: AccountID] = [:]
        if requested.owner != nil || requested.grants.contains(where: { if case .canonicalUser = $0.grantee { true } else { false } }) {
            for account in try await accounts.accountIDs() { byCanonicalID[CanonicalUser.id(of: account)] = account }
        }
        return try requested.resolve(owner: owner, bucketOwner: bucketOwner) { byCanonicalID[$0] }
    }

    /// The ACL an object written by the caller of `context` into `bucket` gets from the request's ACL headers: nil
    /// when the bucket owner owns it with the default ACL. Where ACLs are disabled only the bucket owner's full
    /// control may be asked for; under `BucketOwnerPreferred` the `bucket-owner-full-control` canned ACL hands the
    /// object to the bucket owner. What an anonymous caller writes belongs to the bucket owner, never to an account
    /// the caller does not have.
    func writtenObjectACL(context: ServiceContext, bucket: Bucket) async throws -> AccessControlList? {
        let requested = try RequestedACL.fromHeaders(context.headers)
        let writer = context.principal.account ?? bucket.account
        guard bucket.aclsEnabled else {
            guard let requested else { return nil }
            if let canned = requested.canned, canned == "private" || canned == "bucket-owner-full-control" { return nil }
            let ownerID = CanonicalUser.id(of: bucket.account)
            if requested.canned == nil, requested.grants.allSatisfy({ $0.grantee == .canonicalUser(ownerID) && $0.permission == .fullControl }) { return nil }
            throw S3Error.aclNotSupported
        }
        let owner = bucket.objectOwnership == .bucketOwnerPreferred && requested?.canned == "bucket-owner-full-control" ? bucket.account : writer
        var acl = AccessControlList.private(owner)
        if let requested { acl = try await resolve(requested, owner: owner, in: bucket) }
        return acl == .private(bucket.account) ? nil : acl
    }

    /// The bucket ACL CreateBucket asks for with `ownership`: none beyond the owner's where ACLs are disabled, and
    /// nothing public, since new buckets block public access.
    func createdBucketACL(headers: [String: String], owner: AccountID, ownership: ObjectOwnership) async throws -> AccessControlList? {
        guard let requested = try RequestedACL.fromHeaders(headers) else { return nil }
        let acl = try await resolve(requested, owner: owner, bucketOwner: owner)
        if ownership == .bucketOwnerEnforced {
            guard !acl.grantsOthers else { throw S3Error.invalidBucketACLWithObjectOwnership }
            return nil
        }
        if acl.isPublic {
            throw S3Error(code: "InvalidBucketAclWithBlockPublicAccessError", message: "Bucket cannot have public ACLs set with BlockPublicAccess enabled", httpStatus: 400)
        }
        return acl == .private(owner) ? nil : acl
    }
}
