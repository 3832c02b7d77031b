import Foundation
import ServiceKit

extension LogsService {
    /// A batch's limits: 10,000 events, 1 MiB counting 26 bytes of overhead an event, a span of at most a day.
    static let maxBatchEvents = 10_000, maxBatchBytes = 1_048_576, eventOverhead = 26
    static let day: Int64 = 86_400_000

    var eventOperations: [ServiceOperation] {
        [
            ServiceOperation("PutLogEvents", input: PutLogEventsInput.self, access: { input, context in
                streamRequest("PutLogEvents", group: input.logGroupName, stream: input.logStreamName, context)
            }, handler: { input, context in try await putLogEvents(input, context) }),
            ServiceOperation("GetLogEvents", input: GetLogEventsInput.self, access: { input, context in
                streamRequest("GetLogEvents", group: try Self.groupName(input.logGroupName, identifier: input.logGroupIdentifier), stream: input.logStreamName, context)
            }, handler: { input, context in try await getLogEvents(input, context) }),
            ServiceOperation("FilterLogEvents", input: FilterLogEventsInput.self, access: { input, context in
                try await groupRequest("FilterLogEvents", try Self.groupName(input.logGroupName, identifier: input.logGroupIdentifier), context)
            }, handler: { input, context in try await filterLogEvents(input, context) }),
        ]
    }

    func putLogEvents(_ input: PutLogEventsInput, _ context: ServiceContext) async throws -> PutLogEventsOutput {
        let events = input.logEvents
        guard (1...Self.maxBatchEvents).contains(events.count) else {
            throw LogsError.invalidParameter("1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length between 1 and \(Self.maxBatchEvents)")
        }
        if let empty = events.firstIndex(where: { $0.message.isEmpty }) {
            throw LogsError.invalidParameter("1 validation error detected: Value at 'logEvents.\(empty + 1).member.message' failed to satisfy constraint: Member must have length greater than or equal to 1")
        }
        guard zip(events, events.dropFirst()).allSatisfy({ $0.timestamp <= $1.timestamp }) else {
            throw LogsError.invalidParameter("Log events in a single PutLogEvents request must be in chronological order.")
        }
        if let first = events.first, let last = events.last, last.timestamp - first.timestamp > Self.day {
            throw LogsError.invalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
        }
        let bytes = events.reduce(0) { $0 + $1.message.utf8.count + Self.eventOverhead }
        guard bytes <= Self.maxBatchBytes else {
            throw LogsError.invalidParameter("Upload too large: \(bytes) bytes exceeds limit of \(Self.maxBatchBytes)")
        }
        let now = now()
        guard let group = try await store.group(account: context.account.rawValue, region: context.region.name, name: input.logGroupName) else {
            throw LogsError.groupNotFound()
        }
        // Events more than two hours ahead, more than 14 days old, or older than the retention are rejected, not stored.
        let oldest = max(now - 14 * Self.day, group.retentionDays.map { now - Int64($0) * Self.day } ?? Int64.min)
        var rejected = RejectedLogEventsInfoShape()
        var accepted: [LogEventRecord] = []
        for (index, event) in events.enumerated() {
            if event.timestamp > now + 2 * 3_600_000 {
                rejected.tooNewLogEventStartIndex = rejected.tooNewLogEventStartIndex ?? index
            } else if event.timestamp < oldest {
                if group.retentionDays.map({ event.timestamp < now - Int64($0) * Self.day }) == true {
                    rejected.expiredLogEventEndIndex = index + 1
                } else {
                    rejected.tooOldLogEventEndIndex = index + 1
                }
            } else {
                accepted.append(LogEventRecord(stream: input.logStreamName, timestamp: event.timestamp, ingestion: now, id: ids.next(ingestion: now), message: event.message))
            }
        }
        try await store.append(accepted, account: context.account.rawValue, region: context.region.name, group: input.logGroupName, stream: input.logStreamName, create: false, now: now)
        let anyRejected = rejected.tooNewLogEventStartIndex != nil || rejected.tooOldLogEventEndIndex != nil || rejected.expiredLogEventEndIndex != nil
        return PutLogEventsOutput(nextSequenceToken: ids.next(ingestion: now), rejectedLogEventsInfo: anyRejected ? rejected : nil)
    }

    /// A `GetLogEvents` token: `f/` or `b/`, the event's timestamp and id.
    static func position(_ token: String) throws -> (forward: Bool, time: Int64, id: String) {
        let parts = token.split(separator: "/", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "f" || parts[0] == "b", let time = Int64(parts[1]) else {
            throw LogsError.invalidParameter("The specified nextToken is invalid.")
        }
        return (parts[0] == "f", time, parts[2])
    }

    func getLogEvents(_ input: GetLogEventsInput, _ context: ServiceContext) async throws -> GetLogEventsOutput {
        let groupName = try Self.groupName(input.logGroupName, identifier: input.logGroupIdentifier)
        let limit = try Self.limit(input.limit, default: 10_000, maximum: 10_000)
        let account = context.account.rawValue, region = context.region.name
        guard try await store.group(account: account, region: region, name: groupName) != nil else { throw LogsError.groupNotFound() }
        guard try await store.streams(account: account, region: region, group: groupName).contains(where: { $0.name == input.logStreamName }) else {
            throw LogsError.streamNotFound()
        }
        var query = LogStore.EventQuery(streams: [input.logStreamName], start: input.startTime, end: input.endTime, limit: limit)
        let token = try input.nextToken.map(Self.position)
        if let token {
            if token.forward { query.after = (token.time, token.id) } else { query.before = (token.time, token.id); query.newestFirst = true }
        } else {
            query.newestFirst = input.startFromHead != true
        }
        let events = try await store.events(account: account, region: region, group: groupName, query)
        // With nothing further, the same token comes back, which is how clients know they have read everything.
        let forward = events.last.map { "f/\($0.timestamp)/\($0.id)" } ?? input.nextToken.flatMap { $0.hasPrefix("f/") ? $0 : nil } ?? "f/0/0"
        let backward = events.first.map { "b/\($0.timestamp)/\($0.id)" } ?? input.nextToken.flatMap { $0.hasPrefix("b/") ? $0 : nil } ?? "b/0/0"
        return GetLogEventsOutput(
            events: events.map { OutputLogEventShape(timestamp: $0.timestamp, message: $0.message, ingestionTime: $0.ingestion) },
            nextForwardToken: forward, nextBackwardToken: backward
        )
    }

    func filterLogEvents(_ input: FilterLogEventsInput, _ context: ServiceContext) async throws -> FilterLogEventsOutput {
        let groupName = try Self.groupName(input.logGroupName, identifier: input.logGroupIdentifier)
        if input.logStreamNames != nil, input.logStreamNamePrefix != nil {
            throw LogsError.invalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.")
        }
        let limit = try Self.limit(input.limit, default: 10_000, maximum: 10_000)
        let pattern = try FilterPattern(input.filterPattern ?? "")
        let account = context.account.rawValue, region = context.region.name
        guard try await store.group(account: account, region: region, name: groupName) != nil else { throw LogsError.groupNotFound() }
        var query = LogStore.EventQuery(streams: input.logStreamNames, streamPrefix: input.logStreamNamePrefix, start: input.startTime, end: input.endTime, limit: 1_000)
        if let token = input.nextToken {
            let parts = token.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, let time = Int64(parts[0]) else { throw LogsError.invalidParameter("The specified nextToken is invalid.") }
            query.after = (time, parts[1])
        }
        var matched: [LogEventRecord] = []
        var exhausted = false
        // Scan in pages until the limit is met or the window ends, so a sparse pattern still fills its page.
        while matched.count < limit {
            let page = try await store.events(account: account, region: region, group: groupName, query)
            let hits = page.filter { pattern.matches($0.message) }
            let room = limit - matched.count
            matched += hits.prefix(room)
            if hits.count > room { break }
            guard let last = page.last, page.count == query.limit else { exhausted = true; break }
            query.after = (last.timestamp, last.id)
        }
        let searched = try await store.streams(account: account, region: region, group: groupName).filter { stream in
            input.logStreamNames.map { $0.contains(stream.name) } ?? input.logStreamNamePrefix.map { stream.name.hasPrefix($0) } ?? true
        }
        return FilterLogEventsOutput(
            events: matched.map { FilteredLogEventShape(logStreamName: $0.stream, timestamp: $0.timestamp, message: $0.message, ingestionTime: $0.ingestion, eventId: $0.id) },
            searchedLogStreams: searched.map { SearchedLogStreamShape(logStreamName: $0.name, searchedCompletely: true) },
            nextToken: exhausted ? nil : matched.last.map { "\($0.timestamp)/\($0.id)" }
        )
    }
}
