import Foundation
import ServiceKit
import Wire

extension S3Service {
    var replicationOperations: [ServiceOperation] {
        [
            ServiceOperation(
                "PutBucketReplication", route: .init("PUT", "/{Bucket}?replication"), input: PutBucketReplicationInput.self,
                accessAll: { input, context in
                    var requests = [try await bucketTarget(input.bucket).request("s3:PutReplicationConfiguration", for: context)]
                    // S3 checks that the caller may hand the role to S3, as every service that acts through a role does.
                    if let role = input.configuration?.role {
                        requests.append(try await passRole(role, to: "s3.amazonaws.com", for: "arn:aws:s3:::\(input.bucket)", context: context, roles: roles))
                    }
                    return requests
                },
                handler: { input, _ in
                    let bucket = try await requireBucket(input.bucket)
                    guard let configuration = input.configuration else { throw S3Error.malformedXML() }
                    try ReplicationValidation.validate(configuration)
                    guard bucket.versioning == .enabled else {
                        throw S3Error.invalidRequest("Versioning must be 'Enabled' on the bucket to apply a replication configuration")
                    }
                    for rule in configuration.rules {
                        guard let name = rule.destinationBucket, let destination = try await store.bucket(named: name) else {
                            throw S3Error.invalidRequest("Destination bucket must exist.")
                        }
                        guard name != bucket.name else { throw S3Error.invalidRequest("Replication destination must be different from source bucket.") }
                        guard destination.versioning == .enabled else { throw S3Error.invalidRequest("Destination bucket must have versioning enabled.") }
                        if let account = rule.destination.account, account != destination.account.rawValue {
                            throw S3Error.invalidRequest("The Account specified for the destination does not own the destination bucket.")
                        }
                    }
                    try await store.setReplication(input.bucket, configuration)
                    return EmptyOutput()
                }
            ),
            operation("GetBucketReplication", "GET", "/{Bucket}?replication", BucketInput.self, action: "s3:GetReplicationConfiguration", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                guard let configuration = try await store.replication(input.bucket) else {
                    throw S3Error(code: "ReplicationConfigurationNotFoundError", message: "The replication configuration was not found", httpStatus: 404, extraFields: [("BucketName", input.bucket)])
                }
                return configuration
            },
            operation("DeleteBucketReplication", "DELETE", "/{Bucket}?replication", BucketInput.self, action: "s3:PutReplicationConfiguration", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                try await store.setReplication(input.bucket, nil)
                return NoContent()
            },
        ]
    }
}
