import ArgumentParser
import Foundation
import Logging
import SlipwayServer

/// `slipway account`: manage accounts of a data directory, also while the server runs.
struct Account: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage accounts.", subcommands: [Create.self])

    /// `slipway account create NAME`: a new account whose root credentials land as profile NAME.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account; its root credentials are added to <data-dir>/credentials as profile NAME.")

        @Argument(help: "Account name, also the credentials profile name.") var name: String
        @Option(name: .customLong("data-dir"), help: "The data directory the server uses.") var dataDir = ".slipway"
        @Option(name: .customLong("account-id"), help: "12-digit id (random if omitted).") var accountID: String?

        func run() async throws {
            let admin = try await SlipwayAdmin.open(dataDirectory: URL(fileURLWithPath: dataDir), logger: Logger(label: "slipway"))
            do {
                let created = try await admin.createAccount(name: name, accountID: accountID)
                print("Created account \(created.account) (\(created.name)); root credentials saved as profile \(name).")
                try await admin.close()
            } catch {
                try? await admin.close()
                throw error
            }
        }
    }
}
