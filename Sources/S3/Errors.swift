import SlipwayCore

/// An error of the S3 API, in S3's own codes and statuses; the extra fields ride in the error body.
struct S3Error: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int
    let extraFields: [(String, String)]

    init(code: String, message: String, httpStatus: Int, extraFields: [(String, String)] = []) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.extraFields = extraFields
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
}
