import Foundation

struct CreateLogGroupInput: Codable, Sendable {
    var logGroupName: String
    var kmsKeyId: String?
    var tags: [String: String]?
    var logGroupClass: String?
}

struct LogGroupNameInput: Codable, Sendable {
    var logGroupName: String
}

struct PutRetentionPolicyInput: Codable, Sendable {
    var logGroupName: String
    var retentionInDays: Int
}

struct DescribeLogGroupsInput: Codable, Sendable {
    var logGroupNamePrefix: String?
    var logGroupNamePattern: String?
    var nextToken: String?
    var limit: Int?
}

struct LogGroupShape: Codable, Sendable {
    var logGroupName: String
    var creationTime: Int64
    var retentionInDays: Int?
    var metricFilterCount: Int
    var arn: String
    var storedBytes: Int64
    var logGroupClass: String
    var logGroupArn: String
}

struct DescribeLogGroupsOutput: Codable, Sendable {
    var logGroups: [LogGroupShape]
    var nextToken: String?
}

struct CreateLogStreamInput: Codable, Sendable {
    var logGroupName: String
    var logStreamName: String
}

struct DescribeLogStreamsInput: Codable, Sendable {
    var logGroupName: String?
    var logGroupIdentifier: String?
    var logStreamNamePrefix: String?
    var orderBy: String?
    var descending: Bool?
    var nextToken: String?
    var limit: Int?
}

struct LogStreamShape: Codable, Sendable {
    var logStreamName: String
    var creationTime: Int64
    var firstEventTimestamp: Int64?
    var lastEventTimestamp: Int64?
    var lastIngestionTime: Int64?
    var uploadSequenceToken: String
    var arn: String
    var storedBytes: Int64
}

struct DescribeLogStreamsOutput: Codable, Sendable {
    var logStreams: [LogStreamShape]
    var nextToken: String?
}

struct InputLogEventShape: Codable, Sendable {
    var timestamp: Int64
    var message: String
}

struct PutLogEventsInput: Codable, Sendable {
    var logGroupName: String
    var logStreamName: String
    var logEvents: [InputLogEventShape]
    var sequenceToken: String?
}

struct RejectedLogEventsInfoShape: Codable, Sendable {
    var tooNewLogEventStartIndex: Int?
    var tooOldLogEventEndIndex: Int?
    var expiredLogEventEndIndex: Int?
}

struct PutLogEventsOutput: Codable, Sendable {
    var nextSequenceToken: String?
    var rejectedLogEventsInfo: RejectedLogEventsInfoShape?
}

struct GetLogEventsInput: Codable, Sendable {
    var logGroupName: String?
    var logGroupIdentifier: String?
    var logStreamName: String
    var startTime: Int64?
    var endTime: Int64?
    var nextToken: String?
    var limit: Int?
    var startFromHead: Bool?
}

struct OutputLogEventShape: Codable, Sendable {
    var timestamp: Int64
    var message: String
    var ingestionTime: Int64
}

struct GetLogEventsOutput: Codable, Sendable {
    var events: [OutputLogEventShape]
    var nextForwardToken: String
    var nextBackwardToken: String
}

struct FilterLogEventsInput: Codable, Sendable {
    var logGroupName: String?
    var logGroupIdentifier: String?
    var logStreamNames: [String]?
    var logStreamNamePrefix: String?
    var startTime: Int64?
    var endTime: Int64?
    var filterPattern: String?
    var nextToken: String?
    var limit: Int?
    var interleaved: Bool?
}

struct FilteredLogEventShape: Codable, Sendable {
    var logStreamName: String
    var timestamp: Int64
    var message: String
    var ingestionTime: Int64
    var eventId: String
}

struct SearchedLogStreamShape: Codable, Sendable {
    var logStreamName: String
    var searchedCompletely: Bool
}

struct FilterLogEventsOutput: Codable, Sendable {
    var events: [FilteredLogEventShape]
    var searchedLogStreams: [SearchedLogStreamShape]
    var nextToken: String?
}

struct EmptyOutput: Codable, Sendable {}
