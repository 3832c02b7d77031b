import Foundation
import Wire

struct ListDeliveriesInput: WireShape {
    var status: String?
    static let bindings: [String: WireBinding] = ["Status": .query("Status")]
    enum CodingKeys: String, CodingKey { case status = "Status" }
}

/// One delivery as `slipway events failed` shows it.
struct DeliveryShape: Codable, Sendable {
    var deliveryId: String
    var ruleArn: String
    var targetId: String
    var targetArn: String
    var eventId: String
    var status: String
    var attempts: Int
    var lastError: String?
    var created: Date
    var payload: String
    /// What the delivery started (a pipeline execution's ARN).
    var result: String?
    enum CodingKeys: String, CodingKey {
        case deliveryId = "DeliveryId", ruleArn = "RuleArn", targetId = "TargetId", targetArn = "TargetArn", eventId = "EventId", status = "Status"
        case attempts = "Attempts", lastError = "LastError", created = "Created", payload = "Payload", result = "Result"
    }
}

struct ListDeliveriesOutput: WireShape {
    var deliveries: [DeliveryShape]
    enum CodingKeys: String, CodingKey { case deliveries = "Deliveries" }
}
