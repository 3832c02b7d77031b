import Foundation

/// S3's conditional GET/HEAD rules: If-Match and If-Unmodified-Since fail with 412, If-None-Match and If-Modified-Since with 304.
enum Conditions {
    static func check(_ input: ObjectInput, etag: String, lastModified: Date) throws {
        try check(ifMatch: input.ifMatch, ifNoneMatch: input.ifNoneMatch, ifModifiedSince: input.ifModifiedSince, ifUnmodifiedSince: input.ifUnmodifiedSince, etag: etag, lastModified: lastModified)
    }

    /// S3's precedence: `If-Match` over `If-Unmodified-Since` (412), `If-None-Match` over `If-Modified-Since` (304, or 412
    /// for a copy's source, as `headerPrefix` `x-amz-copy-source-` names them); answers name the object's ETag and date.
    static func check(
        ifMatch: String?, ifNoneMatch: String?, ifModifiedSince: Date?, ifUnmodifiedSince: Date?, etag: String, lastModified: Date,
        headerPrefix: String = ""
    ) throws {
        let copy = !headerPrefix.isEmpty
        if let ifMatch {
            if !matches(ifMatch, etag: etag) { throw S3Error.preconditionFailed(headerPrefix + (copy ? "if-match" : "If-Match")).naming(etag: etag, lastModified: lastModified) }
        } else if let since = ifUnmodifiedSince, lastModified > since {
            throw S3Error.preconditionFailed(headerPrefix + (copy ? "if-unmodified-since" : "If-Unmodified-Since")).naming(etag: etag, lastModified: lastModified)
        }
        // A copy whose source fails If-None-Match or If-Modified-Since is a failed precondition, never "not modified".
        let unchanged = copy
            ? S3Error.preconditionFailed(headerPrefix + (ifNoneMatch != nil ? "if-none-match" : "if-modified-since"))
            : S3Error.notModified
        if let ifNoneMatch {
            if matches(ifNoneMatch, etag: etag) { throw unchanged.naming(etag: etag, lastModified: lastModified) }
        } else if let since = ifModifiedSince, lastModified <= since {
            throw unchanged.naming(etag: etag, lastModified: lastModified)
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
