import ArgumentParser
import Foundation

/// `slipway runs`: workflow runs of the hosted repositories, signed as the caller: list them, read their logs (live),
/// approve or reject what they wait on, cancel them.
struct Runs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Workflow runs: list, show, logs, approve, reject, cancel.", subcommands: [List.self, Show.self, Logs.self, Approve.self, Reject.self, Cancel.self]
    )

    /// `slipway runs list REPOSITORY`: newest first, one line each.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a repository's runs (owner/name, or a CodeCommit name), newest first.")
        @Argument(help: "The repository: owner/name, or its CodeCommit name in your account.") var repository: String
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let answer = try await options.client().call("GET", "/_slipway/workflows/runs", query: [("Repository", repository)])
            if options.json { return SignedClient.printJSON(answer) }
            for run in (answer as? [String: Any])?["Runs"] as? [[String: Any]] ?? [] {
                let outcome = run["Conclusion"] as? String ?? run["Status"] as? String ?? ""
                print("\(run["RunId"] ?? "") #\(run["RunNumber"] ?? "") \(run["Workflow"] ?? "") \(run["Event"] ?? "") \(run["Ref"] ?? "") \(outcome)")
            }
        }
    }

    /// `slipway runs show RUN`: the run and its jobs.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a run and its jobs.")
        @Argument(help: "The run's id.") var run: Int
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let answer = try await options.client().call("GET", "/_slipway/workflows/runs/\(run)")
            if options.json { return SignedClient.printJSON(answer) }
            let object = answer as? [String: Any] ?? [:]
            let details = object["Run"] as? [String: Any] ?? [:]
            print("\(details["Workflow"] ?? "") #\(details["RunNumber"] ?? "") \(details["Status"] ?? "") \(details["Conclusion"] as? String ?? "")")
            if let failure = details["Failure"] as? String { print("  \(failure)") }
            for job in object["Jobs"] as? [[String: Any]] ?? [] {
                var line = "  \(job["JobId"] ?? "") \(job["Name"] ?? "") \(job["Conclusion"] as? String ?? job["Status"] as? String ?? "")"
                if let environment = job["Environment"] as? String { line += " [\(environment)]" }
                if let review = job["Review"] as? String { line += " (\(review))" }
                print(line)
                if let failure = job["Failure"] as? String { print("    \(failure)") }
            }
        }
    }

    /// `slipway runs logs RUN [--follow]`: every job's log, each line prefixed with its job; `--follow` keeps reading
    /// until the run ends.
    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a run's job logs; --follow streams them until the run ends.")
        @Argument(help: "The run's id.") var run: Int
        @Flag(help: "Keep printing new lines until the run ends.") var follow = false
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try options.client()
            var seen: [Int: Int] = [:]
            var finished: Set<Int> = []
            while true {
                let answer = try await client.call("GET", "/_slipway/workflows/runs/\(run)") as? [String: Any] ?? [:]
                let jobs = answer["Jobs"] as? [[String: Any]] ?? []
                for job in jobs {
                    guard let id = job["JobId"] as? Int, !finished.contains(id) else { continue }
                    let name = job["Name"] as? String ?? String(id)
                    let log = try await client.call("GET", "/_slipway/workflows/jobs/\(id)/log", query: [("After", String(seen[id] ?? 0))]) as? [String: Any] ?? [:]
                    for line in log["Lines"] as? [[String: Any]] ?? [] {
                        print("\(name) | \(line["Text"] as? String ?? "")")
                        seen[id] = line["Number"] as? Int ?? seen[id]
                    }
                    if log["Complete"] as? Bool == true { finished.insert(id) }
                }
                let status = (answer["Run"] as? [String: Any])?["Status"] as? String
                if !follow || (status == "completed" && jobs.allSatisfy { ($0["JobId"] as? Int).map(finished.contains) ?? true }) { return }
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// `slipway runs approve RUN [--comment C]`.
    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve the deployments a run waits on (as one of their required reviewers).")
        @Argument(help: "The run's id.") var run: Int
        @Option(help: "Why.") var comment = ""
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await Runs.review(run, state: "approved", comment: comment, options: options)
        }
    }

    /// `slipway runs reject RUN [--comment C]`.
    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject the deployments a run waits on; the run fails.")
        @Argument(help: "The run's id.") var run: Int
        @Option(help: "Why.") var comment = ""
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await Runs.review(run, state: "rejected", comment: comment, options: options)
        }
    }

    static func review(_ run: Int, state: String, comment: String, options: ClientOptions) async throws {
        let answer = try await options.client().call("POST", "/_slipway/workflows/runs/\(run)/review", body: ["State": state, "Comment": comment])
        if options.json { return SignedClient.printJSON(answer) }
        let environments = (answer as? [String: Any])?["Environments"] as? [String] ?? []
        print("\(state): \(environments.joined(separator: ", "))")
    }

    /// `slipway runs cancel RUN`.
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a run: running jobs stop, the rest do not start.")
        @Argument(help: "The run's id.") var run: Int
        @OptionGroup var options: ClientOptions

        func run() async throws {
            _ = try await options.client().call("POST", "/_slipway/workflows/runs/\(run)/cancel")
        }
    }
}
