import Foundation

/// A log group as stored.
struct LogGroupRecord: Sendable {
    var account: String
    var region: String
    var name: String
    var created: Int64
    var retentionDays: Int?
    var tags: [String: String]

    var arn: String { "arn:aws:logs:\(region):\(account):log-group:\(name)" }
}

/// A log stream as stored, with what its events add up to.
struct LogStreamRecord: Sendable {
    var group: String
    var name: String
    var created: Int64
    var firstEvent: Int64?
    var lastEvent: Int64?
    var lastIngestion: Int64?
    var storedBytes: Int64
}

/// One event of a stream. `id` orders events of the same millisecond by arrival and names them in `FilterLogEvents`.
struct LogEventRecord: Sendable {
    var stream: String
    var timestamp: Int64
    var ingestion: Int64
    var id: String
    var message: String
}
