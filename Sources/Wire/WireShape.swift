/// A shape with members bound outside the body (REST protocols) or with XML specifics.
///
/// Plain `Codable` types work everywhere too; they behave like a `WireShape` with every default.
public protocol WireShape: Codable, Sendable {
    /// `CodingKey.stringValue` → where the member travels; members not listed are in the body.
    static var bindings: [String: WireBinding] { get }
    /// The REST-XML root element name; nil uses the type name.
    static var xmlRootName: String? { get }
    /// Keys of lists encoded as repeated elements without a wrapper (S3's `Contents`).
    static var xmlFlattenedLists: Set<String> { get }
    /// Key → element name of list members where it is not `member` (S3's `Tag`).
    static var xmlListMemberNames: [String: String] { get }
    /// Keys encoded as XML attributes of the shape's element (S3's `xsi:type`).
    static var xmlAttributes: Set<String> { get }
}

extension WireShape {
    public static var bindings: [String: WireBinding] { [:] }
    public static var xmlRootName: String? { nil }
    public static var xmlFlattenedLists: Set<String> { [] }
    public static var xmlListMemberNames: [String: String] { [:] }
    public static var xmlAttributes: Set<String> { [] }
}

/// An output with no members (e.g. IAM DeleteUser): encodes as an empty result.
public struct EmptyOutput: WireShape, Hashable {
    public init() {}
}
