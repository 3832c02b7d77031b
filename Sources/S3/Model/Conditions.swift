import Foundation

/// S3's conditional GET/HEAD rules: If-Match and If-Unmodified-Since fail with 412, If-None-Match and If-Modified-Since with 304.
enum Conditions {
    static func check(_ input: ObjectInput, etag: String, lastModified: Date) throws {
        if let ifMatch = input.ifMatch {
            if !matches(ifMatch, etag: etag) { throw S3Error.preconditionFailed("If-Match") }
        } else if let since = input.ifUnmodifiedSince, lastModified > since {
            throw S3Error.preconditionFailed("If-Unmodified-Since")
        }
        if let ifNoneMatch = input.ifNoneMatch {
            if matches(ifNoneMatch, etag: etag) { throw S3Error.notModified }
        } else if let since = input.ifModifiedSince, lastModified <= since {
            throw S3Error.notModified
        }
    }

    /// Whether a comma-separated list of (quoted or bare) ETags, or `*`, names `etag`.
    static func matches(_ header: String, etag: String) -> Bool {
        let bare = etag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return header.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return trimmed == "*" || trimmed == bare
        }
    }
}
