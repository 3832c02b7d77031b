import Foundation
import ServiceKit
import Wire

extension S3Service {
    var bucketExtraOperations: [ServiceOperation] {
        [
            operation("PutBucketTagging", "PUT", "/{Bucket}?tagging", PutBucketTaggingInput.self, action: "s3:PutBucketTagging", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, context in
                _ = try await requireBucket(input.bucket)
                guard let tags = input.tagging?.tagSet else { throw S3Error.malformedXML() }
                try Self.validateBucketTags(tags, systemPrefix: context.systemTagPrefix)
                // System tags (a stack's aws:cloudformation:*) stay unless the system that set them writes again.
                let kept = context.systemTagPrefix == nil ? Self.systemTags(try await store.bucketTags(input.bucket)) : []
                try await store.setBucketTags(input.bucket, kept + tags)
                return NoContent()
            },
            operation("GetBucketTagging", "GET", "/{Bucket}?tagging", BucketInput.self, action: "s3:GetBucketTagging", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                guard let tags = try await store.bucketTags(input.bucket) else {
                    throw S3Error(code: "NoSuchTagSet", message: "The TagSet does not exist", httpStatus: 404, extraFields: [("BucketName", input.bucket)])
                }
                return Tagging(tagSet: tags)
            },
            operation("DeleteBucketTagging", "DELETE", "/{Bucket}?tagging", BucketInput.self, action: "s3:PutBucketTagging", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, context in
                _ = try await requireBucket(input.bucket)
                let kept = context.systemTagPrefix == nil ? Self.systemTags(try await store.bucketTags(input.bucket)) : []
                try await store.setBucketTags(input.bucket, kept.isEmpty ? nil : kept)
                return NoContent()
            },
            ServiceOperation(
                "DeleteObjects", route: .init("POST", "/{Bucket}?delete"), input: DeleteObjectsInput.self,
                // Each key is authorized on its own: one the caller may not delete is an AccessDenied entry in the answer.
                itemized: { input, context, authorizer in try await deleteObjects(input, context: context, authorizer: authorizer) }
            ),
            operation("ListObjects", "GET", "/{Bucket}", ListObjectsInput.self, action: "s3:ListBucket", resource: { i, _ in
                var target = try await bucketTarget(i.bucket)
                target.conditions = Self.listConditions(prefix: i.prefix, delimiter: i.delimiter, maxKeys: i.maxKeys)
                return target
            }) { input, context in
                try await listObjectsV1(input, context: context)
            },
        ]
    }

    func deleteObjects(_ input: DeleteObjectsInput, context: ServiceContext, authorizer: ServiceOperation.ItemAuthorizer) async throws -> DeleteObjectsOutput {
        let target = try await bucketTarget(input.bucket)
        guard target.owner != nil else {
            // A missing bucket is NoSuchBucket only for a caller who could have deleted in it.
            guard try await authorizer.allows(target.request("s3:DeleteObject", for: context)) else {
                throw AccessDeniedError(message: "Access Denied")
            }
            throw S3Error.noSuchBucket(input.bucket)
        }
        guard let request = input.delete, !request.objects.isEmpty, request.objects.count <= 1000 else { throw S3Error.malformedXML() }
        var deleted: [DeletedShape] = []
        var errors: [DeleteErrorShape] = []
        for object in request.objects {
            var objectTarget = target
            objectTarget.arn = "arn:aws:s3:::\(input.bucket)/\(object.key)"
            let action = object.versionID == nil ? "s3:DeleteObject" : "s3:DeleteObjectVersion"
            guard try await authorizer.allows(objectTarget.request(action, for: context)) else {
                errors.append(DeleteErrorShape(key: object.key, versionID: object.versionID, code: "AccessDenied", message: "Access Denied"))
                continue
            }
            do {
                if let versionID = object.versionID { try Self.validateVersionID(versionID) }
                let result = try await store.deleteObject(bucket: input.bucket, key: object.key, versionID: object.versionID, now: clock.now())
                await release(result.released)
                deleted.append(DeletedShape(
                    key: object.key, versionID: object.versionID, deleteMarker: result.deleteMarker ? true : nil,
                    deleteMarkerVersionID: result.deleteMarker && object.versionID == nil ? result.versionID : nil
                ))
            } catch let error as S3Error {
                errors.append(DeleteErrorShape(key: object.key, versionID: object.versionID, code: error.code, message: error.message))
            }
        }
        return DeleteObjectsOutput(deleted: request.quiet == true || deleted.isEmpty ? nil : deleted, errors: errors.isEmpty ? nil : errors)
    }

    /// Bucket tags: at most 50 of the requester's own, keys 1–128 and values 0–256 characters, unique keys, none
    /// under `aws:` but the system prefix the caller may write.
    static func validateBucketTags(_ tags: [ObjectTag], systemPrefix: String? = nil) throws {
        if systemTags(tags).count + 50 < tags.count { throw S3Error.invalidTag("Bucket tag count cannot be greater than 50") }
        var seen = Set<String>()
        for tag in tags {
            guard (1...128).contains(tag.key.count) else { throw S3Error.invalidTag("The TagKey you have provided is invalid") }
            guard tag.value.count <= 256 else { throw S3Error.invalidTag("The TagValue you have provided is invalid") }
            guard !tag.key.lowercased().hasPrefix("aws:") || systemPrefix.map({ tag.key.hasPrefix($0) }) == true else {
                throw S3Error.invalidTag("System tags cannot be added/updated by requester")
            }
            guard seen.insert(tag.key).inserted else { throw S3Error.invalidTag("Cannot provide multiple Tags with the same key") }
        }
    }

    /// The `aws:` tags among `tags`: set by the system, kept from requesters.
    static func systemTags(_ tags: [ObjectTag]?) -> [ObjectTag] {
        (tags ?? []).filter { $0.key.lowercased().hasPrefix("aws:") }
    }
}
