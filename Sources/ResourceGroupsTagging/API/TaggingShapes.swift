import Foundation

struct TagFilterShape: Codable, Sendable {
    var key: String
    var values: [String]?
    enum CodingKeys: String, CodingKey { case key = "Key", values = "Values" }
}

struct GetResourcesInput: Codable, Sendable {
    var paginationToken: String?
    var tagFilters: [TagFilterShape]?
    var resourcesPerPage: Int?
    var resourceTypeFilters: [String]?
    var resourceARNList: [String]?
    enum CodingKeys: String, CodingKey {
        case paginationToken = "PaginationToken", tagFilters = "TagFilters", resourcesPerPage = "ResourcesPerPage"
        case resourceTypeFilters = "ResourceTypeFilters", resourceARNList = "ResourceARNList"
    }
}

struct TagShape: Codable, Sendable {
    var key: String
    var value: String
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

struct ResourceTagMappingShape: Codable, Sendable {
    var resourceARN: String
    var tags: [TagShape]
    enum CodingKeys: String, CodingKey { case resourceARN = "ResourceARN", tags = "Tags" }
}

struct GetResourcesOutput: Codable, Sendable {
    var paginationToken: String
    var resourceTagMappingList: [ResourceTagMappingShape]
    enum CodingKeys: String, CodingKey { case paginationToken = "PaginationToken", resourceTagMappingList = "ResourceTagMappingList" }
}
