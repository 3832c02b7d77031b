import ArgumentParser
import Foundation

/// `slipway logs`: what Slipway's runtimes wrote.
struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Read logs Slipway keeps.", subcommands: [Function.self])

    /// `slipway logs function NAME`: a function's log (its handler's output and Lambda's START/END/REPORT lines).
    struct Function: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a function's log.")
        @Argument(help: "The function's name or ARN.") var name: String
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let path = "/_slipway/functions/\(SignedClient.encode(name))/logs"
            let answer = try await options.client().send(service: "slipway", method: "GET", path: path)
            guard (200..<300).contains(answer.status) else {
                let fields = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any]
                throw ClientError(message: (fields?["message"]).map { "\($0)" } ?? String(decoding: answer.body, as: UTF8.self))
            }
            FileHandle.standardOutput.write(answer.body)
        }
    }
}
