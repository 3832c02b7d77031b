import Foundation
import ServiceKit
import Wire

extension S3Service {
    var publicAccessOperations: [ServiceOperation] {
        [
            operation("PutPublicAccessBlock", "PUT", "/{Bucket}?publicAccessBlock", PutPublicAccessBlockInput.self, action: "s3:PutBucketPublicAccessBlock", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                guard let configuration = input.configuration else { throw S3Error.malformedXML() }
                try await store.setPublicAccessBlock(input.bucket, configuration)
                return EmptyOutput()
            },
            operation("GetPublicAccessBlock", "GET", "/{Bucket}?publicAccessBlock", BucketInput.self, action: "s3:GetBucketPublicAccessBlock", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                guard let configuration = try await requireBucket(input.bucket).publicAccessBlock else {
                    throw S3Error(
                        code: "NoSuchPublicAccessBlockConfiguration", message: "The public access block configuration was not found", httpStatus: 404,
                        extraFields: [("BucketName", input.bucket)]
                    )
                }
                return configuration
            },
            operation("DeletePublicAccessBlock", "DELETE", "/{Bucket}?publicAccessBlock", BucketInput.self, action: "s3:PutBucketPublicAccessBlock", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                try await store.setPublicAccessBlock(input.bucket, nil)
                return NoContent()
            },
        ]
    }
}
