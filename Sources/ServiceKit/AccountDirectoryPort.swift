import SlipwayCore

/// The port the identity service offers services that name other accounts (S3's ACL grants): which accounts exist.
public protocol AccountDirectoryPort: Sendable {
    /// Every account this server holds.
    func accountIDs() async throws -> [AccountID]
}
