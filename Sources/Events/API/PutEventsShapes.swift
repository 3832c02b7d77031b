import Foundation

struct PutEventsEntry: Codable, Sendable {
    var time: Date?
    var source: String?
    var resources: [String]?
    var detailType: String?
    var detail: String?
    var eventBusName: String?
    enum CodingKeys: String, CodingKey {
        case time = "Time", source = "Source", resources = "Resources", detailType = "DetailType", detail = "Detail", eventBusName = "EventBusName"
    }
}

struct PutEventsInput: Codable, Sendable {
    var entries: [PutEventsEntry]
    enum CodingKeys: String, CodingKey { case entries = "Entries" }
}

struct PutEventsResultEntry: Codable, Sendable {
    var eventId: String?
    var errorCode: String?
    var errorMessage: String?
    enum CodingKeys: String, CodingKey { case eventId = "EventId", errorCode = "ErrorCode", errorMessage = "ErrorMessage" }
}

struct PutEventsOutput: Codable, Sendable {
    var failedEntryCount: Int
    var entries: [PutEventsResultEntry]
    enum CodingKeys: String, CodingKey { case failedEntryCount = "FailedEntryCount", entries = "Entries" }
}
