import Foundation
import Git

extension ActionsRoutes {
    /// `…/secrets/public-key`, `…/secrets[/{name}]`, `…/variables[/{name}]` of the repository or an environment.
    func valuesAnswer(_ request: ForgeRepositoryRequest, scope: SettingsScope, rest: [String]) async throws -> ForgeAnswer? {
        let repository = request.repository
        let record = try await settings.settings(repository)
        let now = settings.clock.now()
        var stored: (secrets: [String: StoredSecret], variables: [String: StoredVariable]) = (record.secrets, record.variables)
        if case .environment(let name) = scope, let environment = try await settings.store.environment(repository.arn, name: name) {
            stored = (environment.secrets, environment.variables)
        }
        /// Saves a change to the scope's secrets and variables.
        func change(_ body: @escaping @Sendable (inout [String: StoredSecret], inout [String: StoredVariable]) throws -> Void) async throws {
            switch scope {
            case .repository:
                try await settings.store.update(repository.arn) { try body(&$0.secrets, &$0.variables) }
            case .environment(let name):
                try await settings.store.putEnvironment(repository.arn, name: name) { existing in
                    guard var environment = existing else { throw ForgeError.notFound }
                    try body(&environment.secrets, &environment.variables)
                    return environment
                }
            }
        }
        func timestamps(_ created: Date, _ updated: Date) -> [String: Any] {
            ["created_at": ActionsJSON.timestamp(created), "updated_at": ActionsJSON.timestamp(updated)]
        }
        switch (request.method, rest.first, rest.count) {
        case ("GET", "secrets", 2) where rest[1] == "public-key":
            try await authorize(request, push: false)
            return .json(200, ["key_id": record.keyID, "key": record.publicKey])
        case ("GET", "secrets", 1):
            try await authorize(request, push: false)
            let list = stored.secrets.sorted { $0.key < $1.key }.map { ["name": $0.key].merging(timestamps($0.value.created, $0.value.updated)) { a, _ in a } }
            return .json(200, ["total_count": list.count, "secrets": list])
        case ("GET", "secrets", 2):
            try await authorize(request, push: false)
            let name = try RepositorySettings.name(rest[1], kind: "Secret")
            guard let secret = stored.secrets[name] else { throw ForgeError.notFound }
            return .json(200, ["name": name].merging(timestamps(secret.created, secret.updated)) { a, _ in a })
        case ("PUT", "secrets", 2):
            try await authorizeSettings(request)
            let name = try RepositorySettings.name(rest[1], kind: "Secret")
            guard let encrypted = request.input["encrypted_value"] as? String else {
                throw ForgeError(status: 422, message: "Invalid request.\n\n\"encrypted_value\" wasn't supplied.")
            }
            let sealed = try settings.storable(encrypted, keyID: request.input["key_id"] as? String, settings: record)
            let existed = stored.secrets[name] != nil
            guard existed || stored.secrets.count < 100 else { throw ForgeError(status: 422, message: "Secrets are limited to 100 per scope.") }
            try await change { secrets, _ in
                secrets[name] = StoredSecret(sealed: sealed, created: secrets[name]?.created ?? now, updated: now)
            }
            return .json(existed ? 204 : 201, existed ? nil : [String: Any]())
        case ("DELETE", "secrets", 2):
            try await authorizeSettings(request)
            let name = try RepositorySettings.name(rest[1], kind: "Secret")
            guard stored.secrets[name] != nil else { throw ForgeError.notFound }
            try await change { secrets, _ in secrets[name] = nil }
            return .json(204, nil)
        case ("GET", "variables", 1):
            try await authorize(request, push: false)
            let list = stored.variables.sorted { $0.key < $1.key }.map { entry -> [String: Any] in
                ["name": entry.key, "value": entry.value.value].merging(timestamps(entry.value.created, entry.value.updated)) { a, _ in a }
            }
            return .json(200, ["total_count": list.count, "variables": list])
        case ("GET", "variables", 2):
            try await authorize(request, push: false)
            let name = try RepositorySettings.name(rest[1], kind: "Variable")
            guard let variable = stored.variables[name] else { throw ForgeError.notFound }
            return .json(200, ["name": name, "value": variable.value].merging(timestamps(variable.created, variable.updated)) { a, _ in a })
        case ("POST", "variables", 1):
            try await authorizeSettings(request)
            guard let raw = request.input["name"] as? String, let value = request.input["value"] as? String else {
                throw ForgeError(status: 422, message: "Invalid request.\n\n\"name\" and \"value\" must be supplied.")
            }
            let name = try RepositorySettings.name(raw, kind: "Variable")
            guard stored.variables[name] == nil else { throw ForgeError(status: 409, message: "Already exists - Variable already exists") }
            guard value.utf8.count <= 48 * 1024 else { throw ForgeError(status: 422, message: "Variable values are limited to 48 KB.") }
            try await change { _, variables in variables[name] = StoredVariable(value: value, created: now, updated: now) }
            return .json(201, [String: Any]())
        case ("PATCH", "variables", 2):
            try await authorizeSettings(request)
            let name = try RepositorySettings.name(rest[1], kind: "Variable")
            guard let old = stored.variables[name] else { throw ForgeError.notFound }
            let renamed = try (request.input["name"] as? String).map { try RepositorySettings.name($0, kind: "Variable") } ?? name
            let value = request.input["value"] as? String ?? old.value
            try await change { _, variables in
                variables[name] = nil
                variables[renamed] = StoredVariable(value: value, created: old.created, updated: now)
            }
            return .json(204, nil)
        case ("DELETE", "variables", 2):
            try await authorizeSettings(request)
            let name = try RepositorySettings.name(rest[1], kind: "Variable")
            guard stored.variables[name] != nil else { throw ForgeError.notFound }
            try await change { _, variables in variables[name] = nil }
            return .json(204, nil)
        default:
            return nil
        }
    }
}
