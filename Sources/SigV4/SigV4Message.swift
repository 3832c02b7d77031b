/// The texts the parser puts in `incompleteSignature` and `malformedPresign`, kept together so that
/// `awsError(s3:)` can recognise them and give S3's wording instead.
enum SigV4Message {
    static let missingDate = "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
    static let hostNotSigned = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."

    static func missingParameter(_ name: String) -> String {
        "Authorization header requires '\(name)' parameter."
    }

    static func missingEquals(_ part: String, header: String) -> String {
        "'\(part)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(header)'."
    }

    static func badTerminator(_ terminator: String) -> String {
        "Credential should be scoped with a valid terminator: 'aws4_request', not '\(terminator)'."
    }

    static func malformedCredential(_ credential: String) -> String {
        "Credential should be scoped to a valid date, region and service: '\(credential)'."
    }

    static func badDateFormat(_ value: String) -> String {
        "Date must be in ISO-8601 'basic format'. Got '\(value)'. See http://en.wikipedia.org/wiki/ISO_8601"
    }

    static func scopeDateMismatch(scope: String, amzDate: String) -> String {
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scope)' != '\(amzDate.prefix(8))', from '\(amzDate)'."
    }

    static let presignMissingParameters =
        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
    static let presignAlgorithm = "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\""
    static let presignDate = "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""
    static let presignExpiresNotNumber = "X-Amz-Expires should be a number"
    static let presignExpiresNotPositive = "X-Amz-Expires must be non-negative"
    static let presignExpiresTooLarge =
        "X-Amz-Expires must be less than a week (in seconds) that is, the given X-Amz-Expires must be less than 604800 seconds"
    static let presignCredential =
        "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"."
    static let presignHostNotSigned = "X-Amz-SignedHeaders must include 'host'."
    static let bothMechanisms =
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified"

    static func presignScopeDate(scope: String, amzDate: String) -> String {
        "Invalid credential date \"\(scope)\". This date is not the same as X-Amz-Date: \"\(amzDate.prefix(8))\"."
    }
}
