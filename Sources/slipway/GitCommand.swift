import ArgumentParser
import Foundation
import Git
import Logging
import SlipwayServer

/// `slipway git`: the hosted repositories' admin commands.
struct GitCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "git", abstract: "Hosted git repositories.", subcommands: [Pushes.self])

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
}
