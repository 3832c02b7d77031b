import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// `AWS::CloudFormation::CustomResource` and every `Custom::*` type: the stack invokes the `ServiceToken` function
/// with CloudFormation's request (Create, Update, Delete) and waits for the answer the function PUTs to the
/// request's presigned `ResponseURL`; the answer's `Data` are the resource's attributes.
public struct CustomResourceProvider: ResourceProvider {
    let lambda: StackCaller<LambdaService>
    let responses: CustomResourceResponses

    public init(module: LambdaModule, authorizer: any AuthorizationPort, logger: Logger) {
        lambda = StackCaller(service: module.service, authorizer: authorizer, clock: module.service.clock, logger: logger)
        responses = module.customResourceResponses
    }

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::CloudFormation::CustomResource",
            properties: ObjectShape(["ServiceToken": .string, "ServiceTimeout": .integer], required: ["ServiceToken"], allowsOtherKeys: true),
            createOnlyProperties: ["ServiceToken"]
        )
    }

    /// What the function answered.
    struct Answer {
        var physicalID: String
        var data: [String: TemplateValue]
    }

    /// A custom resource's failure, as the stack reports it.
    struct Failure: ServiceError {
        let code = "CustomResourceFailure"
        let message: String
        var httpStatus: Int { 400 }
    }

    /// CloudFormation hands every property to the function as a string (lists and objects keep their shape).
    static func stringified(_ value: TemplateValue) -> JSONValue {
        switch value {
        case .object(let members): .object(Dictionary(members.map { ($0.key, stringified($0.value)) }, uniquingKeysWith: { _, last in last }))
        case .array(let items): .array(items.map(stringified))
        default: value.scalarText.map { .string($0) } ?? .null
        }
    }

    func send(_ type: String, _ request: ResourceRequest, physicalID: String?, old: TemplateValue?) async throws -> Answer {
        let properties = request.properties
        guard let token = properties["ServiceToken"]?.scalarText else { throw Failure(message: "ServiceToken is required") }
        guard let arn = ARN(parsing: token), arn.service == "lambda" else {
            throw Failure(message: "Slipway runs custom resources backed by Lambda functions; \(token) is not a function ARN.")
        }
        let timeout = properties["ServiceTimeout"]?.scalarText.flatMap { Int($0) } ?? 3600
        guard (1...3600).contains(timeout) else { throw Failure(message: "ServiceTimeout must be between 1 and 3600 seconds.") }
        let requestID = UUID().uuidString.lowercased()
        guard let url = responses.url(for: requestID, lifetime: timeout + 60) else { throw Failure(message: "The server is not listening yet.") }
        var event: [String: JSONValue] = [
            "RequestType": .string(type), "ServiceToken": .string(token), "ResponseURL": .string(url), "StackId": .string(request.stackID),
            "RequestId": .string(requestID), "LogicalResourceId": .string(request.logicalID), "ResourceType": .string(request.type),
            "ResourceProperties": Self.stringified(properties),
        ]
        if let physicalID { event["PhysicalResourceId"] = .string(physicalID) }
        if let old { event["OldResourceProperties"] = Self.stringified(old) }
        let invoked: InvokeOutput
        do {
            invoked = try await lambda.call("Invoke", InvokeInput(
                functionName: token, invocationType: "RequestResponse", logType: nil, clientContext: nil, qualifier: nil,
                payload: Data(JSONValue.object(event).serialized().utf8)
            ), for: request)
        } catch {
            responses.abandon(requestID)
            throw error
        }
        // A function that failed before answering will never answer: say so now rather than after the timeout.
        let body: [UInt8]?
        if invoked.functionError != nil {
            body = await responses.wait(for: requestID, timeout: .milliseconds(200))
            if body == nil {
                let detail = invoked.payload.flatMap { try? JSONValue.parse($0) }?["errorMessage"]?.stringValue ?? "the function failed"
                throw Failure(message: "The custom resource function \(token) failed without responding: \(detail)")
            }
        } else {
            body = await responses.wait(for: requestID, timeout: .seconds(timeout))
        }
        guard let body else { throw Failure(message: "CloudFormation did not receive a response from your Custom Resource within \(timeout) seconds.") }
        guard let answer = try? JSONValue.parse(Data(body)), case .object(let fields) = answer else {
            throw Failure(message: "Invalid response object: the custom resource's response is not JSON.")
        }
        guard fields["RequestId"]?.stringValue == requestID, fields["StackId"]?.stringValue == request.stackID,
              fields["LogicalResourceId"]?.stringValue == request.logicalID
        else { throw Failure(message: "Invalid response object: RequestId, StackId and LogicalResourceId must match the request.") }
        let status = fields["Status"]?.stringValue
        guard status == "SUCCESS" else {
            throw Failure(message: "Received response status [\(status ?? "none")] from custom resource. Message returned: \(fields["Reason"]?.stringValue ?? "")")
        }
        guard let physical = fields["PhysicalResourceId"]?.stringValue ?? physicalID, !physical.isEmpty else {
            throw Failure(message: "Invalid PhysicalResourceId")
        }
        var data: [String: TemplateValue] = [:]
        for (key, value) in fields["Data"]?.objectValue ?? [:] { data[key] = .string(value.stringValue ?? value.serialized()) }
        return Answer(physicalID: physical, data: data)
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let answer = try await send("Create", request, physicalID: nil, old: nil)
        return ProvisionedResource(physicalID: answer.physicalID, attributes: answer.data, properties: request.properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        let answer = try await send("Update", request, physicalID: current.physicalID, old: current.properties)
        if answer.physicalID != current.physicalID {
            // A new physical id replaced the resource: the old one is deleted, as CloudFormation's cleanup does.
            var old = request
            old.properties = current.properties
            try? await delete(current, request: old)
        }
        return ProvisionedResource(physicalID: answer.physicalID, attributes: answer.data, properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        var deleting = request
        deleting.properties = resource.properties
        do {
            _ = try await send("Delete", deleting, physicalID: resource.physicalID, old: nil)
        } catch let error as LambdaError where error.code == "ResourceNotFoundException" {
            return  // the function is gone: nothing can answer, and CloudFormation lets the resource go
        }
    }
}
