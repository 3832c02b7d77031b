import Foundation
import MetadataStore
import ServiceKit
import SQLKit
import SlipwayCore

/// The IAM room as the server composes it: its two services, the identity directory they share, and its migrations.
public struct IAMModule: Sendable {
    public let iam: IAMService
    public let sts: STSService
    /// The edge's `IdentityPort` and every operation's `AuthorizationPort`.
    public let directory: IdentityDirectory
    let store: IAMStore
    let ids: any IDGenerator
    let clock: any WallClock

    public static let migrations: [Migration] = IAMMigrations.all

    public init(database: any MetadataDatabase, ids: any IDGenerator, clock: any WallClock) {
        let store = IAMStore(database: database)
        let directory = IdentityDirectory(store: store, clock: clock)
        self.store = store
        self.directory = directory
        self.ids = ids
        self.clock = clock
        iam = IAMService(store: store, directory: directory, ids: ids, clock: clock)
        sts = STSService(store: store, directory: directory, ids: ids, clock: clock)
    }

    /// Root credentials of a newly created account.
    public struct RootCredentials: Sendable {
        public let account: AccountID
        public let name: String
        public let accessKeyID: String
        public let secretAccessKey: String
    }

    /// Every account, with its name.
    public func accounts() async throws -> [(id: AccountID, name: String)] {
        try await store.accounts()
    }

    /// Creates an account named `name` (unique) with one root access key; a random id when `id` is nil.
    public func createAccount(name: String, id: AccountID? = nil) async throws -> RootCredentials {
        var generator = SystemRandomNumberGenerator()
        let account = id ?? AccountID.random(using: &generator)
        let key = AccessKeyRecord(
            id: ids.uniqueID(prefix: "AKIA", length: 20), account: account, userName: nil, secret: ids.secretAccessKey(),
            status: .active, created: clock.now()
        )
        let now = clock.now()
        try await store.write { db in
            if try await db.raw("SELECT account_id FROM iam_accounts WHERE name = \(bind: name) OR account_id = \(bind: account.rawValue)").first() != nil {
                throw AccountExists(name: name, account: account)
            }
            try await IAMStore.insertAccount(db, id: account, name: name, rootKey: key, now: now)
        }
        directory.invalidate()
        return RootCredentials(account: account, name: name, accessKeyID: key.id, secretAccessKey: key.secret)
    }

    /// An account name or id is already in use.
    public struct AccountExists: Error, CustomStringConvertible {
        public let name: String
        public let account: AccountID
        public var description: String { "an account named \(name) or with id \(account) already exists" }
    }
}
