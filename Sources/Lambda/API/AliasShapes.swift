import Wire

struct RoutingConfigShape: Codable, Sendable {
    var additionalVersionWeights: [String: Double]?
    enum CodingKeys: String, CodingKey { case additionalVersionWeights = "AdditionalVersionWeights" }
}

struct CreateAliasInput: WireShape {
    var functionName: String
    var name: String
    var functionVersion: String
    var description: String?
    var routingConfig: RoutingConfigShape?
    static let bindings: [String: WireBinding] = ["FunctionName": .uri("FunctionName")]
    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", name = "Name", functionVersion = "FunctionVersion", description = "Description", routingConfig = "RoutingConfig"
    }
}

struct UpdateAliasInput: WireShape {
    var functionName: String
    var name: String
    var functionVersion: String?
    var description: String?
    var routingConfig: RoutingConfigShape?
    var revisionId: String?
    static let bindings: [String: WireBinding] = ["FunctionName": .uri("FunctionName"), "Name": .uri("Name")]
    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", name = "Name", functionVersion = "FunctionVersion", description = "Description"
        case routingConfig = "RoutingConfig", revisionId = "RevisionId"
    }
}

struct AliasNameInput: WireShape {
    var functionName: String
    var name: String
    static let bindings: [String: WireBinding] = ["FunctionName": .uri("FunctionName"), "Name": .uri("Name")]
    enum CodingKeys: String, CodingKey { case functionName = "FunctionName", name = "Name" }
}

struct ListAliasesInput: WireShape {
    var functionName: String
    var functionVersion: String?
    var marker: String?
    var maxItems: Int?
    static let bindings: [String: WireBinding] = [
        "FunctionName": .uri("FunctionName"), "FunctionVersion": .query("FunctionVersion"), "Marker": .query("Marker"), "MaxItems": .query("MaxItems"),
    ]
    enum CodingKeys: String, CodingKey { case functionName = "FunctionName", functionVersion = "FunctionVersion", marker = "Marker", maxItems = "MaxItems" }
}

struct AliasConfigurationShape: WireShape {
    var aliasArn: String
    var name: String
    var functionVersion: String
    var description: String
    var routingConfig: RoutingConfigShape?
    var revisionId: String
    enum CodingKeys: String, CodingKey {
        case aliasArn = "AliasArn", name = "Name", functionVersion = "FunctionVersion", description = "Description"
        case routingConfig = "RoutingConfig", revisionId = "RevisionId"
    }
}

struct CreatedAliasOutput: WireShape {
    var status = 201
    var alias: AliasConfigurationShape
    static let bindings: [String: WireBinding] = ["Status": .statusCode, "Alias": .payload]
    enum CodingKeys: String, CodingKey { case status = "Status", alias = "Alias" }
}

struct ListAliasesOutput: WireShape {
    var aliases: [AliasConfigurationShape]
    var nextMarker: String?
    enum CodingKeys: String, CodingKey { case aliases = "Aliases", nextMarker = "NextMarker" }
}
