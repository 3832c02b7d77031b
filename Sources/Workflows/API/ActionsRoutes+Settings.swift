import Foundation
import Git
import ServiceKit

extension ActionsRoutes {
    /// Where secrets and variables live: the repository's own settings, or one environment's.
    enum SettingsScope {
        case repository
        case environment(String)
    }

    /// Secrets, variables and environments: reading names and values needs `codecommit:GitPull` (secret values are
    /// never given out), changing them `codecommit:PutRepositoryTriggers` (configuring the repository).
    func settingsAnswer(_ request: ForgeRepositoryRequest) async throws -> ForgeAnswer? {
        let path = request.rest.map { $0.removingPercentEncoding ?? $0 }
        let method = request.method
        let settingsPath = path.first == "environments" || (path.first == "actions" && path.count >= 2 && ["secrets", "variables"].contains(path[1]))
            || (path.first == "actions" && path.count == 4 && path[3] == "pending_deployments")
        if settingsPath, request.viaJobToken { throw ForgeError.forbidden("Resource not accessible by integration") }
        switch path.first {
        case "environments":
            if path.count == 1, method == "GET" {
                try await authorize(request, push: false)
                let environments = try await settings.store.environments(request.repository.arn)
                return .json(200, ["total_count": environments.count, "environments": environments.map { environmentJSON($0, request) }])
            }
            guard path.count >= 2 else { return nil }
            let name = path[1]
            if path.count == 2 { return try await environmentAnswer(request, name: name) }
            guard try await settings.store.environment(request.repository.arn, name: name) != nil else {
                try await authorize(request, push: false)
                throw ForgeError.notFound
            }
            return try await valuesAnswer(request, scope: .environment(name), rest: Array(path.dropFirst(2)))
        case "actions" where path.count >= 2 && (path[1] == "secrets" || path[1] == "variables"):
            return try await valuesAnswer(request, scope: .repository, rest: Array(path.dropFirst()))
        case "actions" where path.count == 4 && path[1] == "runs" && path[3] == "pending_deployments":
            return try await pendingDeployments(request, runID: path[2])
        default:
            return nil
        }
    }

    func authorizeSettings(_ request: ForgeRepositoryRequest) async throws {
        do {
            try await authorizer.authorize(
                AccessRequest(action: "codecommit:PutRepositoryTriggers", resource: request.repository.arn, resourceAccount: request.repository.account)
                    .onResourceTagged(request.repository.tags),
                context: request.context, deniedCode: "AccessDenied"
            )
        } catch is AccessDeniedError {
            throw ForgeError.forbidden("Resource not accessible by personal access token").denial
        }
    }

    func environmentJSON(_ environment: EnvironmentRecord, _ request: ForgeRepositoryRequest) -> [String: Any] {
        let url = "\(request.api)/repos/\(request.repository.fullName)/environments/\(environment.name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? environment.name)"
        var rules: [[String: Any]] = []
        if !environment.reviewers.isEmpty {
            rules.append([
                "id": environment.id + 1, "node_id": "GA_\(environment.id + 1)", "type": "required_reviewers", "prevent_self_review": false,
                "reviewers": environment.reviewers.map { ["type": $0.type, "reviewer": ["login": $0.login, "id": $0.id, "type": "User"]] },
            ])
        }
        if environment.waitTimer > 0 { rules.append(["id": environment.id + 2, "type": "wait_timer", "wait_timer": environment.waitTimer]) }
        return [
            "id": environment.id, "node_id": "EN_\(environment.id)", "name": environment.name, "url": url,
            "html_url": "\(request.base)/\(request.repository.fullName)/deployments/activity_log?environments_filter=\(environment.name)",
            "created_at": ActionsJSON.timestamp(environment.created), "updated_at": ActionsJSON.timestamp(environment.updated), "protection_rules": rules,
            "deployment_branch_policy": NSNull(), "can_admins_bypass": true,
        ]
    }

    /// `GET/PUT/DELETE …/environments/{name}`.
    func environmentAnswer(_ request: ForgeRepositoryRequest, name: String) async throws -> ForgeAnswer {
        let repository = request.repository
        switch request.method {
        case "GET":
            try await authorize(request, push: false)
            guard let found = try await settings.store.environment(repository.arn, name: name) else { throw ForgeError.notFound }
            return .json(200, environmentJSON(found, request))
        case "PUT":
            try await authorizeSettings(request)
            guard !name.isEmpty, name.count <= 255, !name.contains("/") else { throw ForgeError(status: 422, message: "Invalid environment name.") }
            var reviewers: [ReviewerRecord] = []
            for entry in request.input["reviewers"] as? [[String: Any]] ?? [] {
                let type = entry["type"] as? String ?? "User"
                guard type == "User", let id = (entry["id"] as? NSNumber)?.intValue, let owner = try await forge.owner(numericID: id), owner.kind == "User" else {
                    throw ForgeError(status: 422, message: "Invalid reviewers: only users of this forge can review (\(entry["type"] ?? "User") \(entry["id"] ?? "?")).")
                }
                reviewers.append(ReviewerRecord(type: "User", id: id, login: owner.login))
            }
            guard reviewers.count <= 6 else { throw ForgeError(status: 422, message: "Invalid reviewers: an environment has at most 6 required reviewers.") }
            let wait = (request.input["wait_timer"] as? NSNumber)?.intValue ?? 0
            guard (0...43_200).contains(wait) else { throw ForgeError(status: 422, message: "Invalid wait_timer: it must be between 0 and 43200 minutes.") }
            let now = settings.clock.now()
            let id = repository.number(for: "environment", name.lowercased())
            let chosen = reviewers
            let saved = try await settings.store.putEnvironment(repository.arn, name: name) { existing in
                var record = existing ?? EnvironmentRecord(repositoryArn: repository.arn, name: name, id: id, reviewers: [], waitTimer: 0, created: now, updated: now)
                record.reviewers = chosen
                record.waitTimer = wait
                record.updated = now
                return record
            }
            return .json(200, environmentJSON(saved, request))
        case "DELETE":
            try await authorizeSettings(request)
            guard try await settings.store.deleteEnvironment(repository.arn, name: name) else { throw ForgeError.notFound }
            return .json(204, nil)
        default:
            throw ForgeError.notFound
        }
    }
}
