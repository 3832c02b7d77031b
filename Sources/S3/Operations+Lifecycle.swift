import Foundation
import ServiceKit
import Wire

extension S3Service {
    var lifecycleOperations: [ServiceOperation] {
        [
            operation("PutBucketLifecycleConfiguration", "PUT", "/{Bucket}?lifecycle", PutLifecycleInput.self, action: "s3:PutLifecycleConfiguration", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                guard let configuration = input.configuration else { throw S3Error.malformedXML() }
                try LifecycleValidation.validate(configuration)
                try await store.setLifecycle(input.bucket, configuration.identified)
                return EmptyOutput()
            },
            operation("GetBucketLifecycleConfiguration", "GET", "/{Bucket}?lifecycle", BucketInput.self, action: "s3:GetLifecycleConfiguration", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                guard let configuration = try await store.lifecycles(bucket: input.bucket).first?.configuration else {
                    throw S3Error(code: "NoSuchLifecycleConfiguration", message: "The lifecycle configuration does not exist", httpStatus: 404, extraFields: [("BucketName", input.bucket)])
                }
                return configuration.named
            },
            operation("DeleteBucketLifecycle", "DELETE", "/{Bucket}?lifecycle", BucketInput.self, action: "s3:PutLifecycleConfiguration", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                try await store.setLifecycle(input.bucket, nil)
                return NoContent()
            },
        ]
    }
}
