import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// CloudWatch Logs (JSON 1.1, `Logs_20140328.*`), the subset jobs, functions and workflows write to and clients read
/// with `aws logs tail` and the SDKs: log groups with retention, streams, `PutLogEvents`, `GetLogEvents` and
/// `FilterLogEvents`.
public struct LogsService: AWSService {
    public let serviceName = "logs"
    public let signingName = "logs"
    public let wireProtocol = WireProtocol.json(version: "1.1", targetPrefix: "Logs_20140328")
    let store: LogStore
    let clock: any WallClock
    let ids: EventIDs

    /// The retention periods CloudWatch Logs accepts, in days.
    static let retentionDays: Set<Int> = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]

    public var operations: [ServiceOperation] { groupOperations + streamOperations + eventOperations }

    func now() -> Int64 { Int64(clock.now().timeIntervalSince1970 * 1000) }

    func groupARN(_ name: String, _ context: ServiceContext) -> String {
        "arn:aws:logs:\(context.region.name):\(context.account):log-group:\(name)"
    }

    /// `logs:<action>` on a log group (`…:log-group:NAME:*`, as IAM policies name groups), with its tags.
    func groupRequest(_ action: String, _ name: String?, _ context: ServiceContext, tags: [String: String]? = nil) async throws -> AccessRequest {
        guard let name else {
            return AccessRequest(action: "logs:\(action)", resource: "*", resourceAccount: context.account.rawValue)
        }
        var request = AccessRequest(action: "logs:\(action)", resource: groupARN(name, context) + ":*", resourceAccount: context.account.rawValue)
        if let group = try await store.group(account: context.account.rawValue, region: context.region.name, name: name) {
            request = request.onResourceTagged(group.tags.map { ($0.key, $0.value) })
        }
        if let tags { request = request.requestingTags(tags.map { ($0.key, $0.value) }) }
        return request
    }

    /// `logs:<action>` on one stream of a group.
    func streamRequest(_ action: String, group: String, stream: String, _ context: ServiceContext) -> AccessRequest {
        AccessRequest(action: "logs:\(action)", resource: groupARN(group, context) + ":log-stream:\(stream)", resourceAccount: context.account.rawValue)
    }

    /// The group a request names by `logGroupName` or `logGroupIdentifier` (a name or an ARN).
    static func groupName(_ name: String?, identifier: String?) throws -> String {
        if let name {
            if identifier != nil { throw LogsError.invalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.") }
            return name
        }
        guard let identifier else { throw LogsError.invalidParameter("Either the log group name or the log group ARN must be specified.") }
        if identifier.hasPrefix("arn:"), let range = identifier.range(of: ":log-group:") {
            var name = String(identifier[range.upperBound...])
            if name.hasSuffix(":*") { name.removeLast(2) }
            return name
        }
        return identifier
    }

    static func checkGroupName(_ name: String) throws {
        guard (1...512).contains(name.count), name.range(of: #"^[\.\-_/#A-Za-z0-9]+$"#, options: .regularExpression) != nil else {
            throw LogsError.invalidParameter(
                "1 validation error detected: Value '\(name)' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+"
            )
        }
    }

    static func checkStreamName(_ name: String) throws {
        guard (1...512).contains(name.count), !name.contains(":"), !name.contains("*") else {
            throw LogsError.invalidParameter(
                "1 validation error detected: Value '\(name)' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*"
            )
        }
    }

    static func limit(_ given: Int?, default value: Int, maximum: Int) throws -> Int {
        guard let given else { return value }
        guard (1...maximum).contains(given) else {
            throw LogsError.invalidParameter(
                "1 validation error detected: Value '\(given)' at 'limit' failed to satisfy constraint: Member must have value \(given < 1 ? "greater than or equal to 1" : "less than or equal to \(maximum)")"
            )
        }
        return given
    }

    /// One page of a listing with CloudWatch Logs' `nextToken`.
    static func page<Item>(_ all: [Item], token: String?, limit: Int) throws -> OffsetPage<Item> {
        guard let page = OffsetPage(all, after: token, limit: limit) else { throw LogsError.invalidParameter("The specified nextToken is invalid.") }
        return page
    }
}
