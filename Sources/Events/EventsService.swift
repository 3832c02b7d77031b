import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// EventBridge (JSON 1.1, `AWSEvents.*`). So far: `TestEventPattern`, over the pattern matcher rules will use.
public struct EventsService: AWSService {
    public let serviceName = "events"
    public let signingName = "events"
    public let wireProtocol = WireProtocol.json(version: "1.1", targetPrefix: "AWSEvents")

    public init() {}

    /// The fields every event carries; `TestEventPattern` refuses an event without them.
    static let requiredEventFields = ["id", "account", "source", "time", "region", "resources", "detail-type"]

    public var operations: [ServiceOperation] {
        [
            ServiceOperation("TestEventPattern", input: TestEventPatternInput.self, access: { _, context in
                AccessRequest(action: "events:TestEventPattern", resource: "*", resourceAccount: context.account.rawValue)
            }, handler: { input, _ in
                let pattern: EventPattern
                do {
                    pattern = try EventPattern(input.eventPattern)
                } catch let error as EventPatternError {
                    throw EventsError(code: "InvalidEventPatternException", message: error.message, httpStatus: 400)
                }
                guard let event = try? JSONValue.parse(input.event), case .object(let fields) = event,
                      Self.requiredEventFields.allSatisfy({ fields[$0] != nil }), fields["resources"]?.arrayValue != nil
                else {
                    throw EventsError(
                        code: "ValidationException",
                        message: "Parameter Event is not valid: an event is a JSON object with \(Self.requiredEventFields.joined(separator: ", "))", httpStatus: 400
                    )
                }
                return TestEventPatternOutput(result: pattern.matches(event))
            }),
        ]
    }
}

struct TestEventPatternInput: Codable, Sendable {
    var eventPattern: String
    var event: String
    enum CodingKeys: String, CodingKey { case eventPattern = "EventPattern", event = "Event" }
}

struct TestEventPatternOutput: Codable, Sendable {
    var result: Bool
    enum CodingKeys: String, CodingKey { case result = "Result" }
}

/// EventBridge's errors.
struct EventsError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int
}
