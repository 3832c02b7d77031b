import Foundation
import SlipwayCore

struct TagShape: Codable, Sendable, Hashable {
    var key: String
    var value: String
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

struct CreateEventBusInput: Codable, Sendable {
    var name: String
    var description: String?
    var tags: [TagShape]?
    var eventSourceName: String?
    enum CodingKeys: String, CodingKey { case name = "Name", description = "Description", tags = "Tags", eventSourceName = "EventSourceName" }
}

struct CreateEventBusOutput: Codable, Sendable {
    var eventBusArn: String
    var description: String?
    enum CodingKeys: String, CodingKey { case eventBusArn = "EventBusArn", description = "Description" }
}

struct BusNameInput: Codable, Sendable {
    var name: String?
    enum CodingKeys: String, CodingKey { case name = "Name" }
}

struct EventBusShape: Codable, Sendable {
    var name: String
    var arn: String
    var description: String?
    var creationTime: Date?
    var lastModifiedTime: Date?
    enum CodingKeys: String, CodingKey {
        case name = "Name", arn = "Arn", description = "Description", creationTime = "CreationTime", lastModifiedTime = "LastModifiedTime"
    }
}

struct ListEventBusesInput: Codable, Sendable {
    var namePrefix: String?
    var nextToken: String?
    var limit: Int?
    enum CodingKeys: String, CodingKey { case namePrefix = "NamePrefix", nextToken = "NextToken", limit = "Limit" }
}

struct ListEventBusesOutput: Codable, Sendable {
    var eventBuses: [EventBusShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case eventBuses = "EventBuses", nextToken = "NextToken" }
}

struct TagResourceInput: Codable, Sendable {
    var resourceARN: String
    var tags: [TagShape]
    enum CodingKeys: String, CodingKey { case resourceARN = "ResourceARN", tags = "Tags" }
}

struct UntagResourceInput: Codable, Sendable {
    var resourceARN: String
    var tagKeys: [String]
    enum CodingKeys: String, CodingKey { case resourceARN = "ResourceARN", tagKeys = "TagKeys" }
}

struct ResourceARNInput: Codable, Sendable {
    var resourceARN: String
    enum CodingKeys: String, CodingKey { case resourceARN = "ResourceARN" }
}

struct ListTagsOutput: Codable, Sendable {
    var tags: [TagShape]
    enum CodingKeys: String, CodingKey { case tags = "Tags" }
}

struct EmptyEventsOutput: Codable, Sendable {}
