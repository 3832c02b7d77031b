import Foundation
import MetadataStore
import ServiceKit
import SlipwayCore
import Wire

/// `LookupAuditEvents` (`GET /_slipway/audit`, signed as `slipway`): the caller's account's audit trail, newest first,
/// narrowed by time, principal, service, operation and decision — what CloudTrail's `LookupEvents` is to AWS, and
/// allowed by the same action.
struct AuditOperations: Sendable {
    let database: any MetadataDatabase
    let clock: any WallClock

    struct Input: WireShape {
        var since: String?
        var principal: String?
        var service: String?
        var operation: String?
        var decision: String?
        var maxResults: Int?
        static let bindings: [String: WireBinding] = [
            "Since": .query("Since"), "Principal": .query("Principal"), "Service": .query("Service"), "Operation": .query("Operation"),
            "Decision": .query("Decision"), "MaxResults": .query("MaxResults"),
        ]
        enum CodingKeys: String, CodingKey {
            case since = "Since", principal = "Principal", service = "Service", operation = "Operation", decision = "Decision", maxResults = "MaxResults"
        }
    }

    struct Event: Codable, Sendable {
        var time: Date
        var requestId: String
        var principal: String
        var accessKeyId: String?
        var service: String
        var operation: String
        var resource: String?
        var decision: String
        var errorCode: String?
        var httpStatus: Int
        var sourceIp: String?
        enum CodingKeys: String, CodingKey {
            case time = "Time", requestId = "RequestId", principal = "Principal", accessKeyId = "AccessKeyId", service = "Service", operation = "Operation"
            case resource = "Resource", decision = "Decision", errorCode = "ErrorCode", httpStatus = "HttpStatus", sourceIp = "SourceIp"
        }
    }

    struct Output: Codable, Sendable {
        var events: [Event]
        enum CodingKeys: String, CodingKey { case events = "Events" }
    }

    struct Invalid: ServiceError {
        let message: String
        var code: String { "ValidationException" }
        var httpStatus: Int { 400 }
    }

    /// A `Since` of `15m`, `2h`, `3d` or an ISO 8601 time; a day by default.
    static func since(_ text: String?, now: Date) throws -> Date {
        guard let text, !text.isEmpty else { return now.addingTimeInterval(-86_400) }
        if let unit = text.last, let amount = Double(text.dropLast()), amount >= 0, let seconds = ["m": 60.0, "h": 3600.0, "d": 86_400.0][unit] {
            return now.addingTimeInterval(-amount * seconds)
        }
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        throw Invalid(message: "Since must be a duration such as 15m, 2h or 3d, or an ISO 8601 time; got \(text).")
    }

    var operations: [ServiceOperation] {
        [
            ServiceOperation("LookupAuditEvents", route: .init("GET", "/_slipway/audit"), input: Input.self, access: { _, context in
                AccessRequest(action: "cloudtrail:LookupEvents", resource: "*", resourceAccount: context.account.rawValue)
            }, handler: { input, context in
                let decision = try input.decision.map { value in
                    guard let decision = AuditRecord.Decision(rawValue: value) else {
                        throw Invalid(message: "Decision must be allowed, denied, unauthenticated or failed; got \(value).")
                    }
                    return decision
                }
                let limit = input.maxResults ?? 200
                guard (1...1000).contains(limit) else { throw Invalid(message: "MaxResults must be between 1 and 1000.") }
                let query = AuditQuery(
                    account: context.account.rawValue, since: try Self.since(input.since, now: clock.now()), principal: input.principal.flatMap { $0.isEmpty ? nil : $0 },
                    service: input.service.flatMap { $0.isEmpty ? nil : $0 }, operation: input.operation.flatMap { $0.isEmpty ? nil : $0 }, decision: decision, limit: limit
                )
                return Output(events: try await AuditLog.lookup(in: database, query).map {
                    Event(
                        time: $0.time, requestId: $0.requestID, principal: $0.principal, accessKeyId: $0.accessKeyID, service: $0.service, operation: $0.operation,
                        resource: $0.resource, decision: $0.decision.rawValue, errorCode: $0.errorCode, httpStatus: $0.httpStatus, sourceIp: $0.sourceIP
                    )
                })
            }),
        ]
    }
}
