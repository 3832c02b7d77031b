/// S3's server-side encryption as Slipway provides it: SSE-S3 (AES256) for every object, sealed by the blob store.
enum ServerSideEncryption {
    /// The one algorithm objects are stored with, and the `x-amz-server-side-encryption` value responses carry.
    static let sseS3 = "AES256"
    /// The object header that records how an object was stored.
    static let header = "x-amz-server-side-encryption"

    /// Checks the encryption a write asks for in its headers; only SSE-S3 is available.
    static func checkRequested(algorithm: String?, kmsKeyID: String?, customerAlgorithm: String?) throws {
        if customerAlgorithm != nil {
            throw S3Error(
                code: "NotImplemented", message: "Server-side encryption with customer-provided keys (SSE-C) is not available in Slipway",
                httpStatus: 501, extraFields: [("Header", "x-amz-server-side-encryption-customer-algorithm")]
            )
        }
        switch algorithm {
        case nil, sseS3?:
            if kmsKeyID != nil {
                throw S3Error.invalidArgument(
                    "Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms",
                    name: "x-amz-server-side-encryption", value: algorithm ?? "null"
                )
            }
        case "aws:kms"?, "aws:kms:dsse"?:
            throw kmsUnavailable(header: "x-amz-server-side-encryption")
        case let other?:
            throw S3Error.invalidArgument("The encryption method specified is not supported", name: "x-amz-server-side-encryption", value: other)
        }
    }

    /// Checks a bucket's default-encryption configuration as S3 does.
    static func validate(_ configuration: ServerSideEncryptionConfiguration) throws {
        guard configuration.rules.count == 1, let byDefault = configuration.rules[0].applyServerSideEncryptionByDefault else {
            throw S3Error.malformedXML()
        }
        switch byDefault.sseAlgorithm {
        case sseS3:
            if byDefault.kmsMasterKeyID != nil {
                throw S3Error.invalidArgument(
                    "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
                    name: "ApplyServerSideEncryptionByDefault", value: "null"
                )
            }
        case "aws:kms", "aws:kms:dsse":
            throw kmsUnavailable(header: "SSEAlgorithm")
        default:
            throw S3Error.malformedXML()
        }
    }

    private static func kmsUnavailable(header: String) -> S3Error {
        S3Error(
            code: "NotImplemented", message: "Server-side encryption with AWS KMS keys is not available in Slipway; use AES256 (SSE-S3)",
            httpStatus: 501, extraFields: [("Header", header)]
        )
    }
}
