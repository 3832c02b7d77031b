import Foundation
import Git
import IAM
import Logging
import MetadataStore
import ServiceKit
import SlipwayCore

/// Admin commands against a data directory, safe to run beside a running server (they share its database).
public struct SlipwayAdmin: Sendable {
    let database: any MetadataDatabase
    let dataDirectory: URL
    let iam: IAMModule

    /// Opens the database `serve` recorded for this data directory.
    public static func open(dataDirectory: URL, logger: Logger) async throws -> SlipwayAdmin {
        let configuration = SlipwayConfiguration(dataDirectory: dataDirectory)
        guard FileManager.default.fileExists(atPath: dataDirectory.path) else {
            throw AdminError("no data directory at \(dataDirectory.path); start `slipway serve --data-dir \(dataDirectory.path)` first")
        }
        let settings = DataDirectory.readSettings(configuration.settingsFile)
        let database = try await DataDirectory.openDatabase(url: settings?.databaseURL, sqlitePath: configuration.sqlitePath, logger: logger)
        try await Migrator(database: database).migrate(SlipwayServer.migrations)
        return SlipwayAdmin(database: database, dataDirectory: dataDirectory, iam: IAMModule(database: database, ids: RandomIDGenerator(), clock: SystemWallClock()))
    }

    /// Creates an account and adds its root credentials as profile `name` to the credentials file.
    public func createAccount(name: String, accountID: String?) async throws -> IAMModule.RootCredentials {
        var id: AccountID?
        if let accountID {
            guard let parsed = AccountID(accountID) else { throw AdminError("--account-id must be 12 digits") }
            id = parsed
        }
        let created = try await iam.createAccount(name: name, id: id)
        try DataDirectory.storeProfile(
            name, accessKeyID: created.accessKeyID, secretAccessKey: created.secretAccessKey,
            in: SlipwayConfiguration(dataDirectory: dataDirectory).credentialsFile
        )
        return created
    }

    public func auditRecords(since: Date) async throws -> [AuditRecord] {
        try await AuditLog.records(in: database, since: since)
    }

    /// The refs pushes to repository `name` changed, oldest first; `account` defaults to the first account.
    public func gitPushes(repository name: String, account: String?, region: String) async throws -> [PushedRef] {
        var owner = account
        if owner == nil { owner = try await iam.accounts().first?.id.rawValue }
        guard let account = owner else { throw AdminError("no account exists yet") }
        return try await GitModule.pushes(in: database, repositoryArn: "arn:aws:codecommit:\(region):\(account):\(name)")
    }

    public func close() async throws {
        try await database.close()
    }
}

/// A failure of an admin command, told in one line.
public struct AdminError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
