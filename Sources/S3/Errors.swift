import Foundation
import SlipwayCore
import Wire

/// An error of the S3 API, in S3's own codes and statuses; the extra fields ride in the error body.
struct S3Error: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int
    let extraFields: [(String, String)]
    var headers: [(String, String)] = []

    init(code: String, message: String, httpStatus: Int, extraFields: [(String, String)] = []) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.extraFields = extraFields
    }

    /// The same error answered as S3 answers a read that meets a delete marker: `x-amz-delete-marker: true`, the
    /// marker's version id and when it was made.
    func markedDeleted(_ marker: StoredObject) -> S3Error {
        var marked = self
        marked.headers = [("x-amz-delete-marker", "true"), ("x-amz-version-id", marker.versionID), ("Last-Modified", Timestamp.httpDate(marker.lastModified))]
        return marked
    }

    /// The same error answered with the object's `ETag` and `Last-Modified`, as S3's 304 and 412 are.
    func naming(etag: String, lastModified: Date) -> S3Error {
        var named = self
        named.headers = [("ETag", etag), ("Last-Modified", Timestamp.httpDate(lastModified))]
        return named
    }

    static func invalidBucketName(_ name: String) -> S3Error {
        S3Error(code: "InvalidBucketName", message: "The specified bucket is not valid.", httpStatus: 400, extraFields: [("BucketName", name)])
    }

    static func noSuchBucket(_ name: String) -> S3Error {
        S3Error(code: "NoSuchBucket", message: "The specified bucket does not exist", httpStatus: 404, extraFields: [("BucketName", name)])
    }

    static func bucketAlreadyExists(_ name: String) -> S3Error {
        S3Error(
            code: "BucketAlreadyExists",
            message: "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
            httpStatus: 409, extraFields: [("BucketName", name)]
        )
    }

    static func bucketAlreadyOwnedByYou(_ name: String) -> S3Error {
        S3Error(
            code: "BucketAlreadyOwnedByYou", message: "Your previous request to create the named bucket succeeded and you already own it.",
            httpStatus: 409, extraFields: [("BucketName", name)]
        )
    }

    static func bucketNotEmpty(_ name: String) -> S3Error {
        S3Error(code: "BucketNotEmpty", message: "The bucket you tried to delete is not empty", httpStatus: 409, extraFields: [("BucketName", name)])
    }

    static func invalidLocationConstraint(_ value: String) -> S3Error {
        S3Error(code: "InvalidLocationConstraint", message: "The specified location-constraint is not valid", httpStatus: 400, extraFields: [("LocationConstraint", value)])
    }

    static func illegalLocationConstraint(_ value: String) -> S3Error {
        S3Error(
            code: "IllegalLocationConstraintException",
            message: "The \(value) location constraint is incompatible for the region specific endpoint this request was sent to.",
            httpStatus: 400
        )
    }

    static func invalidArgument(_ message: String, name: String, value: String) -> S3Error {
        S3Error(code: "InvalidArgument", message: message, httpStatus: 400, extraFields: [("ArgumentName", name), ("ArgumentValue", value)])
    }

    static func noSuchKey(_ key: String) -> S3Error {
        S3Error(code: "NoSuchKey", message: "The specified key does not exist.", httpStatus: 404, extraFields: [("Key", key)])
    }

    static func preconditionFailed(_ condition: String) -> S3Error {
        S3Error(code: "PreconditionFailed", message: "At least one of the pre-conditions you specified did not hold", httpStatus: 412, extraFields: [("Condition", condition)])
    }

    static let notModified = S3Error(code: "NotModified", message: "Not Modified", httpStatus: 304)

    static func invalidRange(_ size: Int, requested: String) -> S3Error {
        S3Error(
            code: "InvalidRange", message: "The requested range is not satisfiable", httpStatus: 416,
            extraFields: [("RangeRequested", requested), ("ActualObjectSize", String(size))]
        )
    }

    static let keyTooLong = S3Error(code: "KeyTooLongError", message: "Your key is too long", httpStatus: 400)

    static func badDigest() -> S3Error {
        S3Error(code: "BadDigest", message: "The Content-MD5 you specified did not match what we received.", httpStatus: 400)
    }

    static let invalidDigest = S3Error(code: "InvalidDigest", message: "The Content-MD5 you specified was invalid.", httpStatus: 400)

    static let metadataTooLarge = S3Error(code: "MetadataTooLarge", message: "Your metadata headers exceed the maximum allowed metadata size.", httpStatus: 400)

    static func noSuchVersion(key: String, versionID: String) -> S3Error {
        S3Error(code: "NoSuchVersion", message: "The specified version does not exist.", httpStatus: 404, extraFields: [("Key", key), ("VersionId", versionID)])
    }

    static func methodNotAllowedOnDeleteMarker(method: String = "GET") -> S3Error {
        S3Error(
            code: "MethodNotAllowed", message: "The specified method is not allowed against this resource.", httpStatus: 405,
            extraFields: [("Method", method), ("ResourceType", "DeleteMarker")]
        )
    }

    /// A request that sets an ACL on a bucket whose ownership controls disable ACLs.
    static let aclNotSupported = S3Error(code: "AccessControlListNotSupported", message: "The bucket does not allow ACLs", httpStatus: 400)

    /// Bucket-owner-enforced ownership asked for, or kept, while the bucket's ACL grants someone else.
    static let invalidBucketACLWithObjectOwnership = S3Error(
        code: "InvalidBucketAclWithObjectOwnership", message: "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", httpStatus: 400
    )

    /// An `AccessControlPolicy` body that does not follow S3's schema.
    static let malformedACL = S3Error(
        code: "MalformedACLError", message: "The XML you provided was not well-formed or did not validate against our published schema", httpStatus: 400
    )

    static func malformedXML() -> S3Error {
        S3Error(code: "MalformedXML", message: "The XML you provided was not well-formed or did not validate against our published schema", httpStatus: 400)
    }

    static func invalidTag(_ message: String) -> S3Error {
        S3Error(code: "InvalidTag", message: message, httpStatus: 400)
    }

    static func invalidRequest(_ message: String) -> S3Error {
        S3Error(code: "InvalidRequest", message: message, httpStatus: 400)
    }

    static func malformedPolicy(_ message: String) -> S3Error {
        S3Error(code: "MalformedPolicy", message: message, httpStatus: 400)
    }

    static func noSuchBucketPolicy(_ bucket: String) -> S3Error {
        S3Error(code: "NoSuchBucketPolicy", message: "The bucket policy does not exist", httpStatus: 404, extraFields: [("BucketName", bucket)])
    }

    static func noSuchCORSConfiguration(_ bucket: String) -> S3Error {
        S3Error(code: "NoSuchCORSConfiguration", message: "The CORS configuration does not exist", httpStatus: 404, extraFields: [("BucketName", bucket)])
    }

    static func noSuchUpload(_ id: String) -> S3Error {
        S3Error(
            code: "NoSuchUpload",
            message: "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
            httpStatus: 404, extraFields: [("UploadId", id)]
        )
    }

    static func invalidPart(_ number: Int) -> S3Error {
        S3Error(
            code: "InvalidPart",
            message: "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
            httpStatus: 400, extraFields: [("PartNumber", String(number))]
        )
    }

    static let invalidPartOrder = S3Error(code: "InvalidPartOrder", message: "The list of parts was not in ascending order. Parts must be ordered by part number.", httpStatus: 400)

    static func entityTooSmall(size: Int) -> S3Error {
        S3Error(
            code: "EntityTooSmall", message: "Your proposed upload is smaller than the minimum allowed object size.", httpStatus: 400,
            extraFields: [("ProposedSize", String(size)), ("MinSizeAllowed", "5242880")]
        )
    }
}
