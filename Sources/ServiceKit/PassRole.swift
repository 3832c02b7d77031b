import SlipwayCore

/// Handing a role to a service (`iam:PassRole`), checked once for every service the way AWS checks it: the role must
/// be in the caller's account, and the permission is decided on the role's real ARN — found from the account, path
/// and name the caller gave — with `iam:PassedToService` and `iam:AssociatedResourceArn` in the context.
public enum PassRole {
    /// AWS's refusal of a role from another account.
    public static let crossAccountMessage = "Cross-account pass role is not allowed."

    /// The access request that passing `roleARN` to `service` (e.g. `lambda.amazonaws.com`) for `resource` needs, or
    /// `AccessDeniedError` (`deniedCode`) when the role belongs to another account. A role that does not exist is left
    /// to the service, which refuses it in its own words when it tries to use it.
    public static func access(
        _ roleARN: String, to service: String, for resource: String?, context: ServiceContext, roles: any RoleAssumptionPort, deniedCode: String
    ) async throws -> AccessRequest {
        if let arn = ARN(parsing: roleARN), arn.service == "iam", arn.account != context.account.rawValue {
            throw AccessDeniedError(code: deniedCode, message: crossAccountMessage)
        }
        let resolved = try await roles.role(roleARN)
        var conditions = ["iam:PassedToService": [service]]
        if let resource { conditions["iam:AssociatedResourceArn"] = [resource] }
        return AccessRequest(action: "iam:PassRole", resource: resolved?.arn ?? roleARN, resourceAccount: context.account.rawValue, conditions: conditions)
    }
}

extension PassRole {
    /// What creating a SageMaker resource that runs as a role needs: the create action (with the tags it attaches),
    /// passing the role to `sagemaker.amazonaws.com`, and `sagemaker:AddTags` when it is tagged.
    public static func sageMakerCreation(
        _ action: String, _ target: String, role: String, tags: [(key: String, value: String)], context: ServiceContext, roles: any RoleAssumptionPort
    ) async throws -> [AccessRequest] {
        let request = { (action: String) in
            AccessRequest(action: "sagemaker:\(action)", resource: target, resourceAccount: context.account.rawValue).requestingTags(tags)
        }
        return [
            request(action),
            try await access(role, to: "sagemaker.amazonaws.com", for: target, context: context, roles: roles, deniedCode: "AccessDeniedException"),
        ] + (tags.isEmpty ? [] : [request("AddTags")])
    }
}

extension AWSService {
    /// The access request for passing `roleARN` to `service`, refused in this service's words when it crosses accounts.
    public func passRole(_ roleARN: String, to service: String, for resource: String? = nil, context: ServiceContext, roles: any RoleAssumptionPort) async throws -> AccessRequest {
        try await PassRole.access(roleARN, to: service, for: resource, context: context, roles: roles, deniedCode: accessDeniedCode)
    }
}
