import Wire

struct AddPermissionInput: WireShape {
    var functionName: String
    var statementId: String
    var action: String
    var principal: String
    var sourceArn: String?
    var sourceAccount: String?
    var eventSourceToken: String?
    var qualifier: String?
    var revisionId: String?
    var principalOrgID: String?
    static let bindings: [String: WireBinding] = ["FunctionName": .uri("FunctionName"), "Qualifier": .query("Qualifier")]
    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", statementId = "StatementId", action = "Action", principal = "Principal", sourceArn = "SourceArn"
        case sourceAccount = "SourceAccount", eventSourceToken = "EventSourceToken", qualifier = "Qualifier", revisionId = "RevisionId"
        case principalOrgID = "PrincipalOrgID"
    }
}

struct AddPermissionOutput: WireShape {
    var status = 201
    var statement: String
    static let bindings: [String: WireBinding] = ["Status": .statusCode]
    enum CodingKeys: String, CodingKey { case status = "Status", statement = "Statement" }
}

struct RemovePermissionInput: WireShape {
    var functionName: String
    var statementId: String
    var qualifier: String?
    var revisionId: String?
    static let bindings: [String: WireBinding] = [
        "FunctionName": .uri("FunctionName"), "StatementId": .uri("StatementId"), "Qualifier": .query("Qualifier"), "RevisionId": .query("RevisionId"),
    ]
    enum CodingKeys: String, CodingKey { case functionName = "FunctionName", statementId = "StatementId", qualifier = "Qualifier", revisionId = "RevisionId" }
}

struct GetPolicyOutput: WireShape {
    var policy: String
    var revisionId: String
    enum CodingKeys: String, CodingKey { case policy = "Policy", revisionId = "RevisionId" }
}

struct TagResourceInput: WireShape {
    var resource: String
    var tags: [String: String]
    static let bindings: [String: WireBinding] = ["Resource": .uri("Resource")]
    enum CodingKeys: String, CodingKey { case resource = "Resource", tags = "Tags" }
}

struct UntagResourceInput: WireShape {
    var resource: String
    var tagKeys: [String]
    static let bindings: [String: WireBinding] = ["Resource": .uri("Resource"), "TagKeys": .query("tagKeys")]
    enum CodingKeys: String, CodingKey { case resource = "Resource", tagKeys = "TagKeys" }
}

struct ResourceInput: WireShape {
    var resource: String
    static let bindings: [String: WireBinding] = ["Resource": .uri("Resource")]
    enum CodingKeys: String, CodingKey { case resource = "Resource" }
}

struct ListTagsOutput: WireShape {
    var tags: [String: String]
    enum CodingKeys: String, CodingKey { case tags = "Tags" }
}
