import Foundation

/// A processing job as stored: what was asked for, and how far it got.
struct ProcessingJobRecord: LeasedJob {
    var arn: String
    var account: String
    var region: String
    var name: String
    var request: CreateProcessingJobInput
    var status: String
    var failureReason: String? = nil
    var exitMessage: String? = nil
    var created: Date
    var started: Date? = nil
    var ended: Date? = nil
    var modified: Date

    var isTerminal: Bool { TrainingJobRecord.terminal.contains(status) }

    mutating func finish(_ status: String, at now: Date) {
        self.status = status
        ended = now
        modified = now
    }
}
