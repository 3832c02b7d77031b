/// Failures of the metadata store itself, not of a service's rules.
public enum MetadataStoreError: Error, Sendable, CustomStringConvertible {
    case closed
    case invalidURL(String)
    case unsupportedScheme(String)

    public var description: String {
        switch self {
        case .closed: "the metadata database is closed"
        case .invalidURL(let url): "not a database URL: \(url)"
        case .unsupportedScheme(let scheme): "unsupported database scheme: \(scheme)"
        }
    }
}
