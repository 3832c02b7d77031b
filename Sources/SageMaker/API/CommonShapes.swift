import Foundation
import SlipwayCore

/// A SageMaker tag.
struct TagShape: Codable, Sendable, Hashable {
    var key: String
    var value: String
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

struct AddTagsInput: Codable, Sendable {
    var resourceArn: String
    var tags: [TagShape]
    enum CodingKeys: String, CodingKey { case resourceArn = "ResourceArn", tags = "Tags" }
}

struct TagsOutput: Codable, Sendable {
    var tags: [TagShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case tags = "Tags", nextToken = "NextToken" }
}

struct ListTagsInput: Codable, Sendable {
    var resourceArn: String
    var nextToken: String?
    var maxResults: Int?
    enum CodingKeys: String, CodingKey { case resourceArn = "ResourceArn", nextToken = "NextToken", maxResults = "MaxResults" }
}

struct DeleteTagsInput: Codable, Sendable {
    var resourceArn: String
    var tagKeys: [String]
    enum CodingKeys: String, CodingKey { case resourceArn = "ResourceArn", tagKeys = "TagKeys" }
}

struct EmptyShape: Codable, Sendable {}
