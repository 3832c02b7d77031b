import Foundation

/// A training job as stored: what was asked for, and how far it got.
struct TrainingJobRecord: LeasedJob {
    var arn: String
    var account: String
    var region: String
    var name: String
    var request: CreateTrainingJobInput
    var status: String
    var secondaryStatus: String
    var transitions: [SecondaryStatusTransitionShape]
    var failureReason: String? = nil
    var modelArtifacts: String? = nil
    var metrics: [MetricDataShape]
    var created: Date
    var started: Date? = nil
    var ended: Date? = nil
    var modified: Date

    static let terminal: Set<String> = ["Completed", "Failed", "Stopped"]
    var isTerminal: Bool { Self.terminal.contains(status) }

    /// Moves to a secondary status, closing the one before it.
    mutating func enter(_ secondary: String, message: String? = nil, at now: Date) {
        if let last = transitions.indices.last, transitions[last].endTime == nil { transitions[last].endTime = now }
        transitions.append(SecondaryStatusTransitionShape(status: secondary, startTime: now, endTime: nil, statusMessage: message))
        secondaryStatus = secondary
        modified = now
    }

    /// Ends the job: `status` (Completed, Failed, Stopped) with its last secondary status.
    mutating func finish(_ status: String, secondary: String, message: String?, at now: Date) {
        enter(secondary, message: message, at: now)
        transitions[transitions.count - 1].endTime = now
        self.status = status
        ended = now
    }
}
