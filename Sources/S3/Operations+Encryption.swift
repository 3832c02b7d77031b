import Foundation
import ServiceKit
import Wire

extension S3Service {
    var encryptionOperations: [ServiceOperation] {
        [
            operation("PutBucketEncryption", "PUT", "/{Bucket}?encryption", PutBucketEncryptionInput.self, action: "s3:PutEncryptionConfiguration", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                guard let configuration = input.configuration else { throw S3Error.malformedXML() }
                try ServerSideEncryption.validate(configuration)
                try await store.setEncryption(input.bucket, configuration)
                return EmptyOutput()
            },
            operation("GetBucketEncryption", "GET", "/{Bucket}?encryption", BucketInput.self, action: "s3:GetEncryptionConfiguration", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                return try await store.encryption(input.bucket) ?? .default
            },
            operation("DeleteBucketEncryption", "DELETE", "/{Bucket}?encryption", BucketInput.self, action: "s3:PutEncryptionConfiguration", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                try await store.setEncryption(input.bucket, nil)
                return NoContent()
            },
        ]
    }
}
