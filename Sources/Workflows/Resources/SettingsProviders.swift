import Foundation
import Git
import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// What the workflow settings resource types share: the repository a resource names (by its ARN, as
/// `Fn::GetAtt Repo.Arn` gives it), found and authorized as the settings API authorizes a change
/// (`codecommit:PutRepositoryTriggers` on it, as the stack's identity).
struct SettingsResourceSupport: Sendable {
    let settings: RepositorySettings
    let forge: ForgeRepositories
    let authorizer: any AuthorizationPort
    let clock: any WallClock
    let logger: Logger

    func repository(_ request: ResourceRequest) async throws -> HostedRepository {
        let arn = request.properties["Repository"]?.scalarText ?? ""
        let context = try ServiceContext.stack(request, clock: clock, logger: logger)
        guard let repository = try await forge.repository(arn: arn), repository.account == request.accountID else {
            throw AWSError(code: "ValidationError", message: "Repository \(arn) is not a repository of this account: give the repository's ARN.")
        }
        try await authorizer.authorize(
            AccessRequest(action: "codecommit:PutRepositoryTriggers", resource: repository.arn, resourceAccount: repository.account).onResourceTagged(repository.tags),
            context: context, deniedCode: "AccessDenied"
        )
        return repository
    }

    /// A secret or variable name as GitHub accepts it, upper-cased; a CloudFormation validation error otherwise.
    static func name(_ request: ResourceRequest, _ key: String, kind: String) throws -> String {
        do {
            return try RepositorySettings.name(request.properties[key]?.scalarText ?? "", kind: kind)
        } catch let error as ForgeError {
            throw AWSError(code: "ValidationError", message: error.message.replacingOccurrences(of: "Invalid request.\n\n", with: ""))
        }
    }

    /// Applies a change to the secrets and variables of the repository, or of one of its environments.
    func change(
        _ repository: HostedRepository, environment: String?, _ body: @escaping @Sendable (inout [String: StoredSecret], inout [String: StoredVariable]) throws -> Void
    ) async throws {
        _ = try await settings.settings(repository)
        guard let environment else {
            try await settings.store.update(repository.arn) { try body(&$0.secrets, &$0.variables) }
            return
        }
        let now = clock.now()
        let id = repository.number(for: "environment", environment.lowercased())
        _ = try await settings.store.putEnvironment(repository.arn, name: environment) { existing in
            var record = existing ?? EnvironmentRecord(repositoryArn: repository.arn, name: environment, id: id, reviewers: [], waitTimer: 0, created: now, updated: now)
            try body(&record.secrets, &record.variables)
            return record
        }
    }

    static let valueSchema = ObjectShape(
        ["Repository": .string, "Name": .string, "Value": .string, "EnvironmentName": .string], required: ["Repository", "Name", "Value"]
    )
}

/// `Slipway::Workflows::Secret` and `Slipway::Workflows::Variable`: an Actions secret (kept encrypted as the API
/// keeps them, never given back) or configuration variable (`vars.NAME`) of a repository, or of one of its
/// environments, set by a stack. `Ref` is its name.
public struct WorkflowValueProvider: ResourceProvider {
    /// Which of the two the provider makes.
    public enum Kind: String, Sendable {
        case secret = "Secret"
        case variable = "Variable"
    }

    let kind: Kind
    let support: SettingsResourceSupport

    public init(_ kind: Kind, module: WorkflowsModule, authorizer: any AuthorizationPort, clock: any WallClock, logger: Logger) {
        self.kind = kind
        support = SettingsResourceSupport(settings: module.settings, forge: module.environment.forge, authorizer: authorizer, clock: clock, logger: logger)
    }

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "Slipway::Workflows::\(kind.rawValue)", properties: SettingsResourceSupport.valueSchema,
            createOnlyProperties: ["Repository", "Name", "EnvironmentName"]
        )
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let repository = try await support.repository(request)
        let name = try SettingsResourceSupport.name(request, "Name", kind: kind.rawValue)
        let value = request.properties["Value"]?.scalarText ?? ""
        let now = support.clock.now()
        switch kind {
        case .secret:
            let sealed = try support.settings.sealer.seal(Array(value.utf8))
            try await support.change(repository, environment: request.properties["EnvironmentName"]?.scalarText) { secrets, _ in
                guard secrets[name] != nil || secrets.count < 100 else { throw AWSError(code: "ValidationError", message: "Secrets are limited to 100 per scope.") }
                secrets[name] = StoredSecret(sealed: sealed, created: secrets[name]?.created ?? now, updated: now)
            }
        case .variable:
            guard value.utf8.count <= 48 * 1024 else { throw AWSError(code: "ValidationError", message: "A variable's value is limited to 48 KB.") }
            try await support.change(repository, environment: request.properties["EnvironmentName"]?.scalarText) { _, variables in
                guard variables[name] != nil || variables.count < 500 else { throw AWSError(code: "ValidationError", message: "Variables are limited to 500 per scope.") }
                variables[name] = StoredVariable(value: value, created: variables[name]?.created ?? now, updated: now)
            }
        }
        return ProvisionedResource(physicalID: name, attributes: [:], properties: request.properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        try await create(request)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        guard let repository = try? await support.repository(request) else { return }
        let name = resource.physicalID, kind = kind
        try await support.change(repository, environment: request.properties["EnvironmentName"]?.scalarText) { secrets, variables in
            switch kind {
            case .secret: secrets[name] = nil
            case .variable: variables[name] = nil
            }
        }
    }
}

/// `Slipway::Workflows::Environment`: a deployment environment of a repository with its required reviewers, given
/// as the ARNs of IAM users (or the root user) — a job deploying to it waits for one of them. `Ref` is its name.
public struct WorkflowEnvironmentProvider: ResourceProvider {
    let support: SettingsResourceSupport

    public init(module: WorkflowsModule, authorizer: any AuthorizationPort, clock: any WallClock, logger: Logger) {
        support = SettingsResourceSupport(settings: module.settings, forge: module.environment.forge, authorizer: authorizer, clock: clock, logger: logger)
    }

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "Slipway::Workflows::Environment",
            properties: ObjectShape(["Repository": .string, "Name": .string, "Reviewers": .list(.string), "WaitTimer": .integer], required: ["Repository", "Name"]),
            createOnlyProperties: ["Repository", "Name"]
        )
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let repository = try await support.repository(request)
        let name = request.properties["Name"]?.scalarText ?? ""
        guard !name.isEmpty, name.count <= 255, !name.contains("/") else { throw AWSError(code: "ValidationError", message: "Invalid environment name \(name).") }
        var reviewers: [ReviewerRecord] = []
        for arn in request.properties["Reviewers"]?.arrayValue?.compactMap(\.scalarText) ?? [] {
            guard let owner = try await support.forge.owner(arn: arn), owner.account == repository.account else {
                throw AWSError(code: "ValidationError", message: "Reviewer \(arn) is not an IAM user or the root user of account \(repository.account): only they can review deployments.")
            }
            reviewers.append(ReviewerRecord(type: "User", id: owner.id, login: owner.login))
        }
        guard reviewers.count <= 6 else { throw AWSError(code: "ValidationError", message: "An environment has at most 6 required reviewers.") }
        let wait = Int(request.properties["WaitTimer"]?.scalarText ?? "0") ?? -1
        guard (0...43_200).contains(wait) else { throw AWSError(code: "ValidationError", message: "WaitTimer must be between 0 and 43200 minutes.") }
        let now = support.clock.now()
        let id = repository.number(for: "environment", name.lowercased())
        let chosen = reviewers
        _ = try await support.settings.store.putEnvironment(repository.arn, name: name) { existing in
            var record = existing ?? EnvironmentRecord(repositoryArn: repository.arn, name: name, id: id, reviewers: [], waitTimer: 0, created: now, updated: now)
            record.reviewers = chosen
            record.waitTimer = wait
            record.updated = now
            return record
        }
        return ProvisionedResource(physicalID: name, attributes: [:], properties: request.properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        try await create(request)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        guard let repository = try? await support.repository(request) else { return }
        _ = try await support.settings.store.deleteEnvironment(repository.arn, name: resource.physicalID)
    }
}
