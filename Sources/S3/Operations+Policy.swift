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

    /// A bucket policy must parse as a resource policy, and each of its resources must be able to match this bucket or
    /// its objects (`arn:aws:s3:::*` can; `arn:aws:s3:::other/*` cannot).
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
        for statement in document.statements {
            for resource in (statement.resource ?? []) + (statement.notResource ?? []) {
                guard canMatch(resource, bucket: bucket) else { throw S3Error.malformedPolicy("Policy has invalid resource") }
            }
        }
    }

    /// Whether the resource pattern `pattern` (`*` any run of characters, `?` any one) matches the bucket's ARN or the
    /// ARN of some object in it.
    static func canMatch(_ pattern: String, bucket: String) -> Bool {
        let pattern = Array(pattern.unicodeScalars)
        // The pattern positions reachable after reading `text`, each `*` also standing for nothing.
        func reachable(_ text: String) -> Set<Int> {
            func closed(_ states: Set<Int>) -> Set<Int> {
                var states = states
                var frontier = Array(states)
                while let state = frontier.popLast() {
                    if state < pattern.count, pattern[state] == "*", states.insert(state + 1).inserted { frontier.append(state + 1) }
                }
                return states
            }
            var states = closed([0])
            for scalar in text.unicodeScalars {
                var next: Set<Int> = []
                for state in states where state < pattern.count {
                    switch pattern[state] {
                    case "*": next.insert(state)
                    case "?": next.insert(state + 1)
                    case scalar: next.insert(state + 1)
                    default: break
                    }
                }
                states = closed(next)
                if states.isEmpty { break }
            }
            return states
        }
        let own = "arn:aws:s3:::\(bucket)"
        // A pattern not yet at its end after the object prefix still matches some key: each of `*`, `?` and a literal
        // takes one more character.
        return reachable(own).contains(pattern.count) || reachable(own + "/").contains { $0 < pattern.count }
    }

    /// S3 calls a policy public when it allows everyone without a condition that pins the caller down.
    static func isPublic(_ document: PolicyDocument) -> Bool { PublicPolicy.isPublic(document) }
}
