import Foundation
import ServiceKit

/// Each function's log in CloudWatch Logs, as on Lambda: group `/aws/lambda/<name>`, one stream per worker
/// (`YYYY/MM/DD/[version]<id>`), holding what the handler printed and the START/END/REPORT lines Lambda adds;
/// readable with the Logs API, `aws logs tail`, and `slipway logs function NAME`.
struct FunctionLogs: Sendable {
    let port: any LogsPort

    static func group(of function: FunctionRecord) -> String { "/aws/lambda/\(function.name)" }

    /// The stream of a worker started now.
    static func stream(of function: FunctionRecord, worker token: String, now: Date = Date()) -> String {
        let day = now.ISO8601Format(.iso8601.year().month().day().dateSeparator(.dash)).replacingOccurrences(of: "-", with: "/")
        return "\(day)/[\(function.version)]\(token)"
    }

    /// Appends lines (one event each) to a worker's stream.
    func append(_ lines: [String], function: FunctionRecord, stream: String) {
        port.append(lines, group: Self.group(of: function), stream: stream, account: function.account, region: function.region)
    }

    /// The whole log of a function, one event a line.
    func read(_ function: FunctionRecord) async throws -> String {
        try await port.messages(group: Self.group(of: function), account: function.account, region: function.region).map { $0 + "\n" }.joined()
    }
}
