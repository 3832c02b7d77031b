import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

/// The `slipway` command: the server and its admin commands.
@main
struct Slipway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slipway",
        abstract: "A self-hosted ModelOps project platform that speaks the AWS APIs.",
        subcommands: [Serve.self, Account.self, Audit.self, Templates.self, Project.self, Projects.self, Logs.self, Events.self, GitCommands.self, Runs.self]
    )

    /// Runs Swift concurrency's jobs on the server's event loops, so a request's handler and its I/O share a thread
    /// instead of hopping between two pools.
    static func main() async {
        if ProcessInfo.processInfo.environment["SLIPWAY_CONCURRENCY_POOL"] != "separate" {
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        await main(nil)
    }
}
