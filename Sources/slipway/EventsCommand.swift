import ArgumentParser
import Foundation

/// `slipway events`: what EventBridge could not deliver.
struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "EventBridge deliveries.", subcommands: [Failed.self, Recorded.self])

    /// `slipway events failed`: deliveries given up on, with why.
    struct Failed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List event deliveries that failed (newest first), with the last error.")
        @OptionGroup var options: ClientOptions

        func run() async throws { try await Events.list(status: "failed", options: options) }
    }

    /// `slipway events recorded`: the pipeline executions events started.
    struct Recorded: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List events that started SageMaker pipeline executions, with the execution each started.")
        @OptionGroup var options: ClientOptions

        func run() async throws { try await Events.list(status: "recorded", options: options) }
    }

    static func list(status: String, options: ClientOptions) async throws {
        let answer = try await options.client().call("GET", "/_slipway/events/deliveries", query: [("Status", status)])
        if options.json { return SignedClient.printJSON(answer) }
        let deliveries = (answer as? [String: Any])?["Deliveries"] as? [[String: Any]] ?? []
        if deliveries.isEmpty { print("No \(status) deliveries.") }
        for delivery in deliveries {
            print("- event \(delivery["EventId"] ?? "?") → \(delivery["TargetArn"] ?? "?") (target \(delivery["TargetId"] ?? "?"))")
            print("  rule \(delivery["RuleArn"] ?? "?"), \(delivery["Attempts"] ?? 0) attempt(s)")
            if let error = delivery["LastError"] as? String { print("  \(error)") }
        }
    }
}
