import Foundation
import ServiceKit

extension LogsService {
    var streamOperations: [ServiceOperation] {
        [
            ServiceOperation("CreateLogStream", input: CreateLogStreamInput.self, access: { input, context in
                streamRequest("CreateLogStream", group: input.logGroupName, stream: input.logStreamName, context)
            }, handler: { input, context in
                try Self.checkStreamName(input.logStreamName)
                try await store.createStream(account: context.account.rawValue, region: context.region.name, group: input.logGroupName, name: input.logStreamName, created: now())
                return EmptyOutput()
            }),
            ServiceOperation("DescribeLogStreams", input: DescribeLogStreamsInput.self, access: { input, context in
                try await groupRequest("DescribeLogStreams", try Self.groupName(input.logGroupName, identifier: input.logGroupIdentifier), context)
            }, handler: { input, context in
                let name = try Self.groupName(input.logGroupName, identifier: input.logGroupIdentifier)
                let byTime = input.orderBy == "LastEventTime"
                if let order = input.orderBy, !["LogStreamName", "LastEventTime"].contains(order) {
                    throw LogsError.invalidParameter("1 validation error detected: Value '\(order)' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]")
                }
                if byTime, input.logStreamNamePrefix != nil {
                    throw LogsError.invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.")
                }
                guard let group = try await store.group(account: context.account.rawValue, region: context.region.name, name: name) else { throw LogsError.groupNotFound() }
                var streams = try await store.streams(account: context.account.rawValue, region: context.region.name, group: name)
                if let prefix = input.logStreamNamePrefix { streams = streams.filter { $0.name.hasPrefix(prefix) } }
                if byTime { streams.sort { ($0.lastEvent ?? $0.created, $0.name) < ($1.lastEvent ?? $1.created, $1.name) } }
                if input.descending == true { streams.reverse() }
                let page = try Self.page(streams, token: input.nextToken, limit: try Self.limit(input.limit, default: 50, maximum: 50))
                return DescribeLogStreamsOutput(logStreams: page.items.map { stream in
                    LogStreamShape(
                        logStreamName: stream.name, creationTime: stream.created, firstEventTimestamp: stream.firstEvent, lastEventTimestamp: stream.lastEvent,
                        lastIngestionTime: stream.lastIngestion, uploadSequenceToken: "1", arn: "\(group.arn):log-stream:\(stream.name)", storedBytes: stream.storedBytes
                    )
                }, nextToken: page.nextToken)
            }),
        ]
    }
}
