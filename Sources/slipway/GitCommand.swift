import ArgumentParser
import Foundation
import Git
import Logging
import SlipwayServer

/// `slipway git`: the hosted repositories' admin commands.
struct GitCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "git", abstract: "Hosted git repositories.", subcommands: [Pushes.self, Token.self])

    /// `slipway git pushes NAME`: every ref pushes to a repository changed, oldest first, one JSON object per line.
    struct Pushes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the refs pushes to a repository changed.")

        @Argument(help: "The repository's name.") var name: String
        @Option(help: "The repository's account (default: the first account).") var account: String?
        @Option(help: "The repository's region.") var region = "us-east-1"
        @Option(name: .customLong("data-dir"), help: "The data directory the server uses.") var dataDir = ".slipway"

        func run() async throws {
            let admin = try await SlipwayAdmin.open(dataDirectory: URL(fileURLWithPath: dataDir), logger: Logger(label: "slipway"))
            let pushes = try await admin.gitPushes(repository: name, account: account, region: region)
            try await admin.close()
            for push in pushes {
                let line: [String: String] = [
                    "ref": push.ref, "old": push.oldCommit, "new": push.newCommit, "pusher": push.pusher, "time": push.time.ISO8601Format(),
                ]
                print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
            }
        }
    }

    /// `slipway git token`: personal access tokens of the calling IAM identity.
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Personal access tokens for git and the forge's API, owned by the identity that signs the call.",
            subcommands: [Create.self, List.self, Delete.self]
        )

        /// `slipway git token create --name N [--scopes repo,workflow] [--expires-in-days D]`: prints the new token.
        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create a token and print it (shown only this once).")
            @Option(help: "What the token is for.") var name: String
            @Option(help: "Comma-separated scopes (default repo,workflow).") var scopes: String?
            @Option(name: .customLong("expires-in-days"), help: "Days until the token stops working (default: never).") var expiresInDays: Int?
            @OptionGroup var options: ClientOptions

            func run() async throws {
                var body: [String: Any] = ["Name": name]
                if let scopes { body["Scopes"] = scopes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                if let expiresInDays { body["ExpiresInDays"] = expiresInDays }
                let answer = try await options.client().call("POST", "/_slipway/git/tokens", body: body)
                if options.json { return SignedClient.printJSON(answer) }
                print((answer as? [String: Any])?["Token"] as? String ?? "")
            }
        }

        /// `slipway git token list`: the caller's tokens, never the tokens themselves.
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the caller's tokens.")
            @OptionGroup var options: ClientOptions

            func run() async throws {
                let answer = try await options.client().call("GET", "/_slipway/git/tokens")
                if options.json { return SignedClient.printJSON(answer) }
                for token in (answer as? [String: Any])?["Tokens"] as? [[String: Any]] ?? [] {
                    let scopes = (token["Scopes"] as? [String] ?? []).joined(separator: ",")
                    print("\(token["TokenId"] ?? "") \(token["Prefix"] ?? "")… \(token["Name"] ?? "") [\(scopes)]")
                }
            }
        }

        /// `slipway git token delete ID`: revokes a token.
        struct Delete: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke one of the caller's tokens.")
            @Argument(help: "The token's id (gt-…).") var tokenID: String
            @OptionGroup var options: ClientOptions

            func run() async throws {
                _ = try await options.client().call("DELETE", "/_slipway/git/tokens/\(tokenID)")
            }
        }
    }
}
