import Foundation
import ServiceKit

extension LogsService {
    var groupOperations: [ServiceOperation] {
        [
            ServiceOperation("CreateLogGroup", input: CreateLogGroupInput.self, access: { input, context in
                try await groupRequest("CreateLogGroup", input.logGroupName, context, tags: input.tags ?? [:])
            }, handler: { input, context in
                try Self.checkGroupName(input.logGroupName)
                if let kind = input.logGroupClass, !["STANDARD", "INFREQUENT_ACCESS"].contains(kind) {
                    throw LogsError.invalidParameter("1 validation error detected: Value '\(kind)' at 'logGroupClass' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS]")
                }
                if (input.tags ?? [:]).count > 50 { throw LogsError.invalidParameter("A log group can have at most 50 tags.") }
                let group = LogGroupRecord(
                    account: context.account.rawValue, region: context.region.name, name: input.logGroupName, created: now(), retentionDays: nil, tags: input.tags ?? [:]
                )
                guard try await store.insert(group) else { throw LogsError.exists("The specified log group already exists") }
                return EmptyOutput()
            }),
            ServiceOperation("DeleteLogGroup", input: LogGroupNameInput.self, access: { input, context in
                try await groupRequest("DeleteLogGroup", input.logGroupName, context)
            }, handler: { input, context in
                guard try await store.deleteGroup(account: context.account.rawValue, region: context.region.name, name: input.logGroupName) else {
                    throw LogsError.groupNotFound()
                }
                return EmptyOutput()
            }),
            ServiceOperation("DescribeLogGroups", input: DescribeLogGroupsInput.self, access: { _, context in
                try await groupRequest("DescribeLogGroups", nil, context)
            }, handler: { input, context in
                if input.logGroupNamePrefix != nil, input.logGroupNamePattern != nil {
                    throw LogsError.invalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
                }
                var groups = try await store.groups(account: context.account.rawValue, region: context.region.name, prefix: input.logGroupNamePrefix)
                if let pattern = input.logGroupNamePattern { groups = groups.filter { $0.name.localizedCaseInsensitiveContains(pattern) } }
                let page = try Self.page(groups, token: input.nextToken, limit: try Self.limit(input.limit, default: 50, maximum: 50))
                var shapes: [LogGroupShape] = []
                for group in page.items {
                    let streams = try await store.streams(account: group.account, region: group.region, group: group.name)
                    shapes.append(LogGroupShape(
                        logGroupName: group.name, creationTime: group.created, retentionInDays: group.retentionDays, metricFilterCount: 0,
                        arn: group.arn + ":*", storedBytes: streams.reduce(0) { $0 + $1.storedBytes }, logGroupClass: "STANDARD", logGroupArn: group.arn
                    ))
                }
                return DescribeLogGroupsOutput(logGroups: shapes, nextToken: page.nextToken)
            }),
            ServiceOperation("PutRetentionPolicy", input: PutRetentionPolicyInput.self, access: { input, context in
                try await groupRequest("PutRetentionPolicy", input.logGroupName, context)
            }, handler: { input, context in
                guard Self.retentionDays.contains(input.retentionInDays) else {
                    throw LogsError.invalidParameter(
                        "1 validation error detected: Value '\(input.retentionInDays)' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: \(Self.retentionDays.sorted())"
                    )
                }
                guard try await store.setRetention(account: context.account.rawValue, region: context.region.name, name: input.logGroupName, days: input.retentionInDays) else {
                    throw LogsError.groupNotFound()
                }
                return EmptyOutput()
            }),
            ServiceOperation("DeleteRetentionPolicy", input: LogGroupNameInput.self, access: { input, context in
                try await groupRequest("DeleteRetentionPolicy", input.logGroupName, context)
            }, handler: { input, context in
                guard try await store.setRetention(account: context.account.rawValue, region: context.region.name, name: input.logGroupName, days: nil) else {
                    throw LogsError.groupNotFound()
                }
                return EmptyOutput()
            }),
        ]
    }
}
