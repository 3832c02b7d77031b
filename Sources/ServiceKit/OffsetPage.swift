import Foundation

/// One page of a listing whose continuation token is the offset of the next item (base64, opaque to callers).
public struct OffsetPage<Item> {
    public let items: [Item]
    /// The token for the next page; nil on the last page.
    public let nextToken: String?

    /// The page of `all` that `token` continues, at most `limit` items; nil when the token is not one this listing
    /// gave out (each service answers that with its own error).
    public init?(_ all: [Item], after token: String?, limit: Int) {
        var start = 0
        if let token, !token.isEmpty {
            guard let offset = Data(base64Encoded: token).flatMap({ Int(String(decoding: $0, as: UTF8.self)) }), offset >= 0 else { return nil }
            start = min(offset, all.count)
        }
        let end = min(start + limit, all.count)
        items = Array(all[start..<end])
        nextToken = end < all.count ? Data(String(end).utf8).base64EncodedString() : nil
    }
}
