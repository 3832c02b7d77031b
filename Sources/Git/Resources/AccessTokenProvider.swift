import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// `Slipway::Git::AccessToken`: a personal access token for the forge owned by an IAM user the stack names (its CI
/// or bot user), the counterpart of `AWS::IAM::AccessKey` for git — made only when the stack's identity may
/// `iam:CreateServiceSpecificCredential` on that user, as `slipway git token create` is for oneself. `Ref` is the
/// token's id; `Fn::GetAtt Token` the token itself (for a secret), `Owner` the user's forge login.
public struct AccessTokenProvider: ResourceProvider {
    let module: GitModule
    let identities: any IdentityPort
    let authorizer: any AuthorizationPort
    let clock: any WallClock
    let logger: Logger

    public init(module: GitModule, identities: any IdentityPort, authorizer: any AuthorizationPort, clock: any WallClock, logger: Logger) {
        self.module = module
        self.identities = identities
        self.authorizer = authorizer
        self.clock = clock
        self.logger = logger
    }

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "Slipway::Git::AccessToken",
            properties: ObjectShape(["UserName": .string, "TokenName": .string, "Scopes": .list(.string), "ExpiresInDays": .integer], required: ["UserName"]),
            createOnlyProperties: ["UserName", "TokenName", "Scopes", "ExpiresInDays"],
            attributes: ["Token", "Owner"]
        )
    }

    /// The user a request names, as it is now, with the stack's identity allowed `action` on it.
    func user(_ request: ResourceRequest, action: String) async throws -> Principal? {
        let name = request.properties["UserName"]?.scalarText ?? ""
        let context = try ServiceContext.stack(request, clock: clock, logger: logger)
        // A user ARN without a path names the user whatever its path; its real ARN is what is authorized.
        let found = try await identities.principal(arn: "arn:aws:iam::\(request.accountID):user/\(name)")
        try await authorizer.authorize(
            AccessRequest(action: "iam:\(action)", resource: found?.arn ?? "arn:aws:iam::\(request.accountID):user/\(name)", resourceAccount: request.accountID),
            context: context, deniedCode: "AccessDenied"
        )
        return found
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        guard let owner = try await user(request, action: "CreateServiceSpecificCredential") else {
            throw AWSError(code: "NoSuchEntity", message: "The user with name \(properties["UserName"]?.scalarText ?? "") cannot be found.", httpStatus: 404)
        }
        let days = properties["ExpiresInDays"]?.scalarText.flatMap { Int($0) }
        let name = properties["TokenName"]?.scalarText ?? "\(request.stackName)-\(request.logicalID)"
        let scopes = try AccessTokens.requested(name: name, scopes: properties["Scopes"]?.arrayValue?.compactMap(\.scalarText), expiresInDays: days)
        let (record, token) = try await module.forge.tokens.create(name: name, scopes: scopes, expiresInDays: days, principal: owner)
        let login = try await module.forge.login(for: owner)
        return ProvisionedResource(physicalID: record.id, attributes: ["Token": .string(token), "Owner": .string(login)], properties: properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        let owner = try await user(request, action: "DeleteServiceSpecificCredential")
        // A token whose user is gone went with it.
        guard let owner else { return }
        _ = try await module.store.deleteToken(id: resource.physicalID, ownerArn: owner.arn)
    }
}
