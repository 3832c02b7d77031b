import Foundation
import Logging
import OrderedCollections
import Provisioning
import ServiceKit
import SlipwayCore
import TemplateEngine
import Wire

/// The CloudFormation API (Query protocol) over the template engine and the providers the server registered.
public struct CloudFormationService: AWSService {
    public let serviceName = "cloudformation"
    public let signingName = "cloudformation"
    public let wireProtocol = WireProtocol.query(apiVersion: "2010-05-15", xmlNamespace: "http://cloudformation.amazonaws.com/doc/2010-05-15/")
    let store: StackStore
    let engine: StackEngine
    let registry: ProviderRegistry
    let roles: any RoleAssumptionPort
    let objects: any ObjectPort
    let clock: any WallClock
    let logger: Logger
    let cancellations = UpdateCancellations()

    /// The largest `TemplateBody` CloudFormation accepts inline.
    static let maximumTemplateBody = 51_200

    public var operations: [ServiceOperation] {
        [
            ServiceOperation("ValidateTemplate", input: ValidateTemplateInput.self, access: { input, context in
                var request = AccessRequest(action: "cloudformation:ValidateTemplate", resource: "*", resourceAccount: context.account.rawValue, resourcePolicy: nil)
                if let url = input.templateURL { request.conditions["cloudformation:TemplateUrl"] = [url] }
                return request
            }, handler: { input, context in try await validateTemplate(input, context: context) }),
            ServiceOperation("CreateStack", input: CreateStackInput.self, accessAll: { input, context in
                var requests = [try await stackRequest("cloudformation:CreateStack", input.stackName, context, roleARN: input.roleARN, templateURL: input.templateURL, tags: input.tags ?? [])]
                if let role = input.roleARN {
                    requests.append(try await passRole(role, to: "cloudformation.amazonaws.com", context: context, roles: roles))
                }
                return requests
            }, handler: { input, context in try await createStack(input, context: context) }),
            ServiceOperation("DescribeStacks", input: StackNameInput.self, access: { input, context in
                try await stackRequest("cloudformation:DescribeStacks", input.stackName, context)
            }, handler: { input, context in try await describeStacks(input, context: context) }),
            ServiceOperation("DescribeStackEvents", input: StackNameInput.self, access: { input, context in
                try await stackRequest("cloudformation:DescribeStackEvents", input.stackName, context)
            }, handler: { input, context in
                let stack = try await requireStack(input.stackName, context: context)
                return DescribeStackEventsOutput(stackEvents: try await store.events(stack.stackID).map { event in
                    StackEventShape(
                        stackId: stack.stackID, eventId: event.eventID, stackName: stack.name, logicalResourceId: event.logicalID,
                        physicalResourceId: event.physicalID, resourceType: event.type, timestamp: event.time, resourceStatus: event.status,
                        resourceStatusReason: event.reason
                    )
                })
            }),
            ServiceOperation("DescribeStackResources", input: StackNameInput.self, access: { input, context in
                try await stackRequest("cloudformation:DescribeStackResources", input.stackName, context)
            }, handler: { input, context in
                let stack = try await requireStack(input.stackName, context: context)
                return DescribeStackResourcesOutput(stackResources: try await store.resources(stack.stackID).map { resource in
                    StackResourceShape(
                        stackName: stack.name, stackId: stack.stackID, logicalResourceId: resource.logicalID, physicalResourceId: resource.physicalID,
                        resourceType: resource.type, timestamp: resource.updated, resourceStatus: resource.status, resourceStatusReason: resource.reason
                    )
                })
            }),
            ServiceOperation("DeleteStack", input: DeleteStackInput.self, accessAll: { input, context in
                var requests = [try await stackRequest("cloudformation:DeleteStack", input.stackName, context, roleARN: input.roleARN)]
                if let role = input.roleARN {
                    requests.append(try await passRole(role, to: "cloudformation.amazonaws.com", context: context, roles: roles))
                }
                return requests
            }, handler: { input, context in try await deleteStack(input, context: context) }),
        ] + templateOperations + updateOperations + resourceOperations + changeSetOperations
    }

    /// `action` on the stack `name` names (every stack when nil), in the caller's account.
    /// `action` on the stack `name` names (every stack when nil), with CloudFormation's keys: the stack's tags
    /// (`aws:ResourceTag/*`), the tags the request gives it, its role, template URL and change set name.
    func stackRequest(
        _ action: String, _ name: String?, _ context: ServiceContext, roleARN: String? = nil, templateURL: String? = nil,
        changeSetName: String? = nil, tags: [StackTagShape]? = nil
    ) async throws -> AccessRequest {
        var request = AccessRequest(action: action, resource: stackARN(name ?? "*", context: context, id: "*"), resourceAccount: context.account.rawValue, resourcePolicy: nil)
        if let name, !name.isEmpty, let stack = try await store.stack(name, account: context.account.rawValue, region: context.region.name) {
            request = request.onResourceTagged(stack.tags.map { ($0.key, $0.value) })
        }
        if let tags { request = request.requestingTags(tags.map { ($0.key, $0.value) }) }
        if let roleARN { request.conditions["cloudformation:RoleArn"] = [roleARN] }
        if let templateURL { request.conditions["cloudformation:TemplateUrl"] = [templateURL] }
        if let changeSetName { request.conditions["cloudformation:ChangeSetName"] = [changeSetName] }
        return request
    }

    func stackARN(_ name: String, context: ServiceContext, id: String) -> String {
        name.hasPrefix("arn:") ? name : "arn:aws:cloudformation:\(context.region.name):\(context.account):stack/\(name)/\(id)"
    }

    func requireStack(_ name: String?, context: ServiceContext) async throws -> StackRecord {
        guard let name, !name.isEmpty else { throw CloudFormationError.validation("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null") }
        guard let stack = try await store.stack(name, account: context.account.rawValue, region: context.region.name) else { throw CloudFormationError.noSuchStack(name) }
        return stack
    }

    /// The largest template CloudFormation reads from S3.
    static let maximumTemplateURLBody = 1_048_576

    /// The template text a request gives: its `TemplateBody`, or the object its `TemplateURL` names in Slipway's S3,
    /// read with the caller's permissions (at most 1 MB).
    func templateSource(body: String?, url: String?, context: ServiceContext) async throws -> String? {
        guard let url else { return body }
        guard body == nil else { throw CloudFormationError.validation("Specify exactly one of TemplateBody or TemplateUrl.") }
        guard let location = ObjectLocation.parse(url: url) else { throw CloudFormationError.validation("TemplateURL must be a supported URL.") }
        do {
            let content = try await objects.read(location, context: context.via("cloudformation.amazonaws.com"), limit: Self.maximumTemplateURLBody)
            return String(decoding: content.bytes, as: UTF8.self)
        } catch is ObjectTooLarge {
            throw CloudFormationError.validation("Template may not exceed \(Self.maximumTemplateURLBody) bytes in size.")
        } catch let error as any ServiceError {
            throw CloudFormationError.validation("S3 error: \(error.message)")
        }
    }

    /// Reads a template as CloudFormation does before doing anything with it: body present and within its limit,
    /// well-formed, every type provided and every property acceptable.
    func loadTemplate(body: String?, parameters: [String: String] = [:], fromURL: Bool = false) throws -> Template {
        guard let body, !body.isEmpty else { throw CloudFormationError.validation("Either Template URL or Template Body must be specified.") }
        guard fromURL || body.utf8.count <= Self.maximumTemplateBody else {
            throw CloudFormationError.validation("1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to \(Self.maximumTemplateBody)")
        }
        do {
            var value = try TemplateParser.parse(body)
            if let transform = value["Transform"], transform.stringValue == "AWS::LanguageExtensions" || transform.arrayValue?.contains(.string("AWS::LanguageExtensions")) == true {
                value = try ForEachExpansion.expand(value, parameters: parameters.mapValues { .string($0) })
            }
            let template = try Template(value)
            _ = try DependencyGraph(template)
            try registry.catalog.validate(template)
            return template
        } catch {
            throw CloudFormationError.validation(error.message)
        }
    }

    func validateTemplate(_ input: ValidateTemplateInput, context: ServiceContext) async throws -> ValidateTemplateOutput {
        let body = try await templateSource(body: input.templateBody, url: input.templateURL, context: context)
        let template = try loadTemplate(body: body, fromURL: input.templateURL != nil)
        let (capabilities, reason) = ResourceCatalog.requiredCapabilities(template)
        return ValidateTemplateOutput(
            parameters: template.parameters.values.map {
                TemplateParameterShape(parameterKey: $0.name, defaultValue: $0.defaultValue, noEcho: $0.noEcho, description: $0.description)
            },
            description: template.description, capabilities: capabilities.isEmpty ? nil : capabilities, capabilitiesReason: reason,
            declaredTransforms: template.transforms
        )
    }
}
