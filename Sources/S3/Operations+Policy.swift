import Foundation
import IAMPolicy
import ServiceKit
import Wire

extension S3Service {
    var policyOperations: [ServiceOperation] {
        [
            operation("PutBucketPolicy", "PUT", "/{Bucket}?policy", PutBucketPolicyInput.self, action: "s3:PutBucketPolicy", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, context in
                let bucket = try await requireBucket(input.bucket)
                let text = input.policy ?? ""
                try Self.validateBucketPolicy(text, bucket: input.bucket)
                if bucket.publicAccessBlock?.blockPublicPolicy == true, let document = try? PolicyDocument.parse(text, kind: .resource), Self.isPublic(document) {
                    throw AccessDeniedError(
                        message: "User: \(context.principal.arn) is not authorized to perform: s3:PutBucketPolicy on resource: \"\(bucket.arn)\" because public policies are blocked by the BlockPublicPolicy block public access setting."
                    )
                }
                try await store.setPolicy(input.bucket, text)
                return NoContent()
            },
            operation("GetBucketPolicy", "GET", "/{Bucket}?policy", BucketInput.self, action: "s3:GetBucketPolicy", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                guard let policy = try await requireBucket(input.bucket).policy else { throw S3Error.noSuchBucketPolicy(input.bucket) }
                return GetBucketPolicyOutput(policy: policy)
            },
            operation("DeleteBucketPolicy", "DELETE", "/{Bucket}?policy", BucketInput.self, action: "s3:DeleteBucketPolicy", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                try await store.setPolicy(input.bucket, nil)
                return NoContent()
            },
            operation("GetBucketPolicyStatus", "GET", "/{Bucket}?policyStatus", BucketInput.self, action: "s3:GetBucketPolicyStatus", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                let bucket = try await requireBucket(input.bucket)
                guard let policy = Self.attachedPolicy(bucket) else { throw S3Error.noSuchBucketPolicy(input.bucket) }
                return GetBucketPolicyStatusOutput(status: PolicyStatusShape(isPublic: Self.isPublic(policy.document)))
            },
        ]
    }

    /// A bucket policy must parse as a resource policy and name only this bucket and its objects.
    static func validateBucketPolicy(_ text: String, bucket: String) throws {
        guard text.utf8.count <= 20 * 1024 else { throw S3Error.malformedPolicy("Policies must be less than 20 KB") }
        guard text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") else {
            throw S3Error.malformedPolicy("Policies must be valid JSON and the first byte must be '{'")
        }
        let document: PolicyDocument
        do {
            document = try PolicyDocument.parse(text, kind: .resource)
        } catch {
            throw S3Error.malformedPolicy(error.message)
        }
        let own = "arn:aws:s3:::\(bucket)"
        for statement in document.statements {
            for resource in (statement.resource ?? []) + (statement.notResource ?? []) {
                guard resource == own || resource.hasPrefix(own + "/") else { throw S3Error.malformedPolicy("Policy has invalid resource") }
            }
        }
    }

    /// S3 calls a policy public when it allows everyone without a condition that pins the caller down.
    static func isPublic(_ document: PolicyDocument) -> Bool { PublicPolicy.isPublic(document) }
}
