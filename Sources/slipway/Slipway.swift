import ArgumentParser

/// The `slipway` command: the server and its admin commands.
@main
struct Slipway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slipway",
        abstract: "A self-hosted ModelOps project platform that speaks the AWS APIs.",
        subcommands: [Serve.self, Account.self, Audit.self, Templates.self, Project.self, Projects.self, Logs.self, Events.self]
    )
}
