import SQLKit

/// One versioned schema change of one module, applied once per database.
public struct Migration: Sendable {
    /// The module that owns the tables, e.g. `iam`; tables are prefixed with it.
    public let module: String
    /// Increasing from 1 within the module.
    public let version: Int
    /// What the migration does, for the record.
    public let name: String
    /// SQL statements for the given engine, run in order inside one transaction.
    public let statements: @Sendable (DatabaseKind) -> [String]

    public init(module: String, version: Int, name: String, statements: @escaping @Sendable (DatabaseKind) -> [String]) {
        self.module = module
        self.version = version
        self.name = name
        self.statements = statements
    }
}
