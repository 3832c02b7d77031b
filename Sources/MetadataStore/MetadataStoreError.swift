/// Failures of the metadata store itself, not of a service's rules.
public enum MetadataStoreError: Error, Sendable, CustomStringConvertible {
    case closed
    case invalidURL(String)
    case unsupportedScheme(String)
    /// Text holding U+0000, which PostgreSQL cannot store: the input that carried it is refused (400), not a failure.
    case unstorableText

    public var description: String {
        switch self {
        case .closed: "the metadata database is closed"
        case .invalidURL(let url): "not a database URL: \(url)"
        case .unsupportedScheme(let scheme): "unsupported database scheme: \(scheme)"
        case .unstorableText: "text holding a NUL character (U+0000), which the database cannot store"
        }
    }
}
