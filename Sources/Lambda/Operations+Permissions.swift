import Foundation
import ServiceKit
import SlipwayCore
import Wire

extension LambdaService {
    var permissionOperations: [ServiceOperation] {
        [
            ServiceOperation("AddPermission", route: .init("POST", "/2015-03-31/functions/{FunctionName}/policy"), input: AddPermissionInput.self, access: { input, context in
                var request = try await access("AddPermission", input.functionName, qualifier: input.qualifier, context)
                request.conditions["lambda:Principal"] = [input.principal]
                return request
            }, handler: { input, context in try await addPermission(input, context) }),
            ServiceOperation("RemovePermission", route: .init("DELETE", "/2015-03-31/functions/{FunctionName}/policy/{StatementId}"), input: RemovePermissionInput.self, access: { input, context in
                try await access("RemovePermission", input.functionName, qualifier: input.qualifier, context)
            }, handler: { input, context in
                let reference = try Self.reference(input.functionName, qualifier: input.qualifier)
                var latest = try await resolve(reference.name, qualifier: reference.qualifier, context).latest
                if let revision = input.revisionId, revision != latest.policyRevision { throw LambdaError.preconditionFailed() }
                let key = reference.qualifier ?? ""
                var statements = latest.policies[key] ?? []
                guard let index = statements.firstIndex(where: { Self.statementID(of: $0) == input.statementId }) else {
                    throw LambdaError.notFound("Statement \(input.statementId) is not found in resource policy.")
                }
                statements.remove(at: index)
                latest.policies[key] = statements.isEmpty ? nil : statements
                latest.policyRevision = ids.uuid()
                try await store.save([latest])
                return NoContentOutput()
            }),
            ServiceOperation("GetPolicy", route: .init("GET", "/2015-03-31/functions/{FunctionName}/policy"), input: FunctionNameInput.self, access: { input, context in
                try await access("GetPolicy", input.functionName, qualifier: input.qualifier, context)
            }, handler: { input, context in
                let reference = try Self.reference(input.functionName, qualifier: input.qualifier)
                let latest = try await resolve(reference.name, qualifier: reference.qualifier, context).latest
                guard let policy = Self.policyDocument(latest, qualifier: reference.qualifier), let revision = latest.policyRevision else {
                    throw LambdaError.notFound("The resource you requested does not exist.")
                }
                return GetPolicyOutput(policy: policy, revisionId: revision)
            }),
            ServiceOperation("TagResource", route: .init("POST", "/2017-03-31/tags/{Resource}"), input: TagResourceInput.self, access: { input, context in
                try await access("TagResource", input.resource, qualifier: nil, context).requestingTags(input.tags.map { ($0.key, $0.value) })
            }, handler: { input, context in
                var latest = try await taggable(input.resource, context)
                try Self.check(tags: input.tags, context: context)
                latest.tags.merge(input.tags) { _, new in new }
                guard latest.tags.count <= 50 else { throw LambdaError.invalid("Number of tags exceeds resource tag limit.") }
                try await store.save([latest])
                return NoContentOutput()
            }),
            ServiceOperation("UntagResource", route: .init("DELETE", "/2017-03-31/tags/{Resource}"), input: UntagResourceInput.self, access: { input, context in
                try await access("UntagResource", input.resource, qualifier: nil, context).requestingTags([], keys: input.tagKeys)
            }, handler: { input, context in
                var latest = try await taggable(input.resource, context)
                for key in input.tagKeys { latest.tags[key] = nil }
                try await store.save([latest])
                return NoContentOutput()
            }),
            ServiceOperation("ListTags", route: .init("GET", "/2017-03-31/tags/{Resource}"), input: ResourceInput.self, access: { input, context in
                try await access("ListTags", input.resource, qualifier: nil, context)
            }, handler: { input, context in
                ListTagsOutput(tags: try await taggable(input.resource, context).tags)
            }),
        ]
    }

    /// The function a tagging call's ARN names (tags belong to the unqualified function).
    func taggable(_ resource: String, _ context: ServiceContext) async throws -> FunctionRecord {
        let reference = try Self.reference(resource, qualifier: nil)
        guard reference.qualifier == nil else { throw LambdaError.invalid("Tags are kept on the unqualified function ARN, not on \(resource).") }
        return try await latest(reference.name, context)
    }

    func addPermission(_ input: AddPermissionInput, _ context: ServiceContext) async throws -> AddPermissionOutput {
        let reference = try Self.reference(input.functionName, qualifier: input.qualifier)
        var latest = try await resolve(reference.name, qualifier: reference.qualifier, context).latest
        if let revision = input.revisionId, revision != latest.revisionID { throw LambdaError.preconditionFailed() }
        guard (1...100).contains(input.statementId.count), input.statementId.range(of: #"^[a-zA-Z0-9-_.]+$"#, options: .regularExpression) != nil else {
            throw WireError.validationException("1 validation error detected: Value '\(input.statementId)' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)")
        }
        guard input.action.range(of: #"^(lambda:[*]|lambda:[a-zA-Z]+|[*])$"#, options: .regularExpression) != nil else {
            throw WireError.validationException("1 validation error detected: Value '\(input.action)' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])")
        }
        let principal: Any
        if input.principal == "*" {
            principal = "*"
        } else if input.principal.range(of: #"^\d{12}$"#, options: .regularExpression) != nil {
            principal = ["AWS": "arn:aws:iam::\(input.principal):root"]
        } else if input.principal.hasPrefix("arn:") {
            principal = ["AWS": input.principal]
        } else if input.principal.range(of: #"^[a-z0-9.-]+\.amazonaws\.com$"#, options: .regularExpression) != nil {
            principal = ["Service": input.principal]
        } else {
            throw LambdaError.invalid("The provided principal was invalid. Please check the principal and try again.")
        }
        let key = reference.qualifier ?? ""
        var statements = latest.policies[key] ?? []
        if statements.contains(where: { Self.statementID(of: $0) == input.statementId }) {
            throw LambdaError.conflict("The statement id (\(input.statementId)) provided already exists. Please provide a new statement id, or remove the existing statement.")
        }
        var conditions: [String: [String: String]] = [:]
        if let source = input.sourceArn { conditions["ArnLike", default: [:]]["AWS:SourceArn"] = source }
        if let account = input.sourceAccount { conditions["StringEquals", default: [:]]["AWS:SourceAccount"] = account }
        if let organization = input.principalOrgID { conditions["StringEquals", default: [:]]["aws:PrincipalOrgID"] = organization }
        if let token = input.eventSourceToken { conditions["StringEquals", default: [:]]["lambda:EventSourceToken"] = token }
        let resource = latest.unqualifiedARN + (reference.qualifier.map { ":\($0)" } ?? "")
        let statement = Self.statementText(sid: input.statementId, principal: principal, action: input.action, resource: resource, conditions: conditions)
        statements.append(statement)
        guard statements.reduce(0, { $0 + $1.utf8.count }) <= 20_480 else {
            throw LambdaError(code: "PolicyLengthExceededException", message: "The final policy size (bigger than 20480) is bigger than the limit.", httpStatus: 400)
        }
        latest.policies[key] = statements
        latest.policyRevision = ids.uuid()
        try await store.save([latest])
        return AddPermissionOutput(statement: statement)
    }

    /// A policy statement as Lambda writes it: Sid, Effect, Principal, Action, Resource, Condition, in that order.
    static func statementText(sid: String, principal: Any, action: String, resource: String, conditions: [String: [String: String]]) -> String {
        func json(_ value: Any) -> String {
            (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]))
                .map { String(decoding: $0, as: UTF8.self) } ?? "null"
        }
        var text = #"{"Sid":\#(json(sid)),"Effect":"Allow","Principal":\#(json(principal)),"Action":\#(json(action)),"Resource":\#(json(resource))"#
        if !conditions.isEmpty { text += #","Condition":\#(json(conditions))"# }
        return text + "}"
    }

    static func statementID(of statement: String) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(statement.utf8)) as? [String: Any])?["Sid"] as? String
    }
}
