import Foundation

/// A tag as IAM and STS carry it (`Key`, `Value`).
struct TagShape: Codable, Sendable, Hashable {
    var key: String
    var value: String

    enum CodingKeys: String, CodingKey {
        case key = "Key"
        case value = "Value"
    }
}

/// The permissions boundary reported on a user or role.
struct AttachedPermissionsBoundaryShape: Codable, Sendable {
    var permissionsBoundaryType = "Policy"
    var permissionsBoundaryArn: String

    enum CodingKeys: String, CodingKey {
        case permissionsBoundaryType = "PermissionsBoundaryType"
        case permissionsBoundaryArn = "PermissionsBoundaryArn"
    }
}

/// The `Marker`/`MaxItems` pagination every IAM list operation takes.
struct Page {
    let offset: Int
    let limit: Int

    init(marker: String?, maxItems: Int?) throws {
        if let maxItems, !(1...1000).contains(maxItems) {
            throw IAMError.validation(
                "1 validation error detected: Value '\(maxItems)' at 'maxItems' failed to satisfy constraint: Member must have value \(maxItems < 1 ? "greater than or equal to 1" : "less than or equal to 1000")"
            )
        }
        limit = maxItems ?? 100
        if let marker {
            guard let decoded = Data(base64Encoded: marker).flatMap({ String(data: $0, encoding: .utf8) }),
                  let offset = Int(decoded), offset >= 0
            else { throw IAMError.invalidInput("Invalid Marker.") }
            self.offset = offset
        } else {
            offset = 0
        }
    }

    /// The slice of `items` this page shows, whether more follow, and the marker for the next page.
    func apply<T>(_ items: [T]) -> (items: [T], isTruncated: Bool, marker: String?) {
        guard offset < items.count else { return ([], false, nil) }
        let end = min(offset + limit, items.count)
        let truncated = end < items.count
        return (Array(items[offset..<end]), truncated, truncated ? Data(String(end).utf8).base64EncodedString() : nil)
    }
}
