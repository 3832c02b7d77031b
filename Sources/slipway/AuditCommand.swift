import ArgumentParser
import Foundation
import Logging
import SlipwayServer

/// `slipway audit`: prints the audit trail.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print audit records.")

    @Option(help: "Start time: ISO 8601 (2026-01-01T00:00:00Z) or a duration ago (30s, 15m, 2h, 7d).") var since = "1h"
    @Option(name: .customLong("data-dir"), help: "The data directory the server uses.") var dataDir = ".slipway"
    @Flag(help: "One JSON object per line.") var json = false

    func run() async throws {
        guard let start = Self.parseSince(since, now: Date()) else { throw ValidationError("cannot read --since \(since)") }
        let admin = try await SlipwayAdmin.open(dataDirectory: URL(fileURLWithPath: dataDir), logger: Logger(label: "slipway"))
        let records = try await admin.auditRecords(since: start)
        try await admin.close()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        for record in records {
            if json {
                print(String(decoding: try encoder.encode(record), as: UTF8.self))
            } else {
                let outcome = record.errorCode.map { "\(record.decision.rawValue) \($0)" } ?? record.decision.rawValue
                print("\(record.time.ISO8601Format()) \(record.requestID) \(record.principal) \(record.service):\(record.operation) \(outcome) \(record.httpStatus)")
            }
        }
    }

    static func parseSince(_ text: String, now: Date) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        guard let unit = text.last, let amount = Double(text.dropLast()) else { return nil }
        let seconds: Double? = switch unit {
        case "s": amount
        case "m": amount * 60
        case "h": amount * 3600
        case "d": amount * 86400
        default: nil
        }
        return seconds.map { now.addingTimeInterval(-$0) }
    }
}
