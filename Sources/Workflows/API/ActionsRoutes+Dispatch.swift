import Foundation
import Git
import SlipwayCore

extension ActionsRoutes {
    /// `POST …/actions/workflows/{id}/dispatches`: runs the workflow as it is on `ref`, with its inputs checked as
    /// GitHub checks them (422 for a workflow without `workflow_dispatch`, an unknown ref or input, a missing
    /// required input, a value outside a choice's options or of the wrong type).
    func dispatch(_ request: ForgeRepositoryRequest, workflow identifier: String) async throws {
        guard let ref = request.input["ref"] as? String, !ref.isEmpty else {
            throw ForgeError(status: 422, message: "Invalid request.\n\n\"ref\" wasn't supplied.")
        }
        let repository = request.repository
        let fullRef = ref.hasPrefix("refs/") ? ref : (try await forge.commit(repository, "refs/heads/" + ref) != nil ? "refs/heads/" + ref : "refs/tags/" + ref)
        guard let commit = try await forge.commit(repository, fullRef) else { throw ForgeError(status: 422, message: "No ref found for: \(ref)") }
        guard let file = try await starter.workflows(repository, commit: commit).first(where: { Self.matches($0.path, identifier, repository: repository) }) else {
            throw ForgeError.notFound
        }
        let definition: WorkflowDefinition
        do { definition = try file.definition.get() } catch { throw ForgeError(status: 422, message: "Invalid workflow file: \(error)") }
        guard let trigger = definition.on.workflowDispatch else {
            throw ForgeError(status: 422, message: "Workflow does not have 'workflow_dispatch' trigger")
        }
        var given: [String: String] = [:]
        if let raw = request.input["inputs"] {
            guard let object = raw as? [String: Any] else { throw ForgeError(status: 422, message: "Invalid request.\n\nFor 'properties/inputs', \(raw) is not an object.") }
            for (name, value) in object {
                switch value {
                case let text as String: given[name] = text
                case let number as NSNumber where String(cString: number.objCType) == "c": given[name] = number.boolValue ? "true" : "false"
                case let number as NSNumber: given[name] = number.stringValue
                default: throw ForgeError(status: 422, message: "Invalid request.\n\nFor 'properties/\(name)', \(value) is not a string.")
                }
            }
        }
        let inputs = try Self.checkedInputs(given, declared: trigger.inputs)
        let payload: [String: Any] = [
            "inputs": inputs, "ref": fullRef, "workflow": file.path, "sender": ["login": request.callerLogin],
            "repository": ["id": repository.numericID, "name": repository.name, "full_name": repository.fullName, "owner": ["login": repository.ownerLogin]],
        ]
        _ = try await starter.create(
            repository, file: file, name: definition.displayName, event: "workflow_dispatch", ref: fullRef, sha: commit, payload: RunStarter.json(payload),
            actor: request.callerLogin, identity: ForgeActor(request.context.principal), failure: nil
        )
    }

    /// The inputs a dispatch runs with: the given ones checked, defaults for the rest (all as text, as
    /// `github.event.inputs` holds them).
    static func checkedInputs(_ given: [String: String], declared: [WorkflowInputDefinition]) throws -> [String: String] {
        let unexpected = given.keys.filter { name in !declared.contains { $0.id == name } }.sorted()
        if !unexpected.isEmpty {
            throw ForgeError(status: 422, message: "Unexpected inputs provided: [" + unexpected.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
        }
        var inputs: [String: String] = [:]
        for input in declared {
            let value = given[input.id] ?? input.defaultValue.map(\.stringValue)
            guard let value else {
                if input.required { throw ForgeError(status: 422, message: "Required input '\(input.id)' not provided") }
                inputs[input.id] = input.type == .boolean ? "false" : ""
                continue
            }
            switch input.type {
            case .choice where !input.options.contains(value):
                throw ForgeError(status: 422, message: "Provided value '\(value)' for input '\(input.id)' not in the list of allowed values")
            case .boolean where value != "true" && value != "false":
                throw ForgeError(status: 422, message: "Provided value '\(value)' for input '\(input.id)' is not a valid boolean")
            case .number where Double(value) == nil:
                throw ForgeError(status: 422, message: "Provided value '\(value)' for input '\(input.id)' is not a valid number")
            default:
                if input.required, value.isEmpty { throw ForgeError(status: 422, message: "Required input '\(input.id)' not provided") }
            }
            inputs[input.id] = value
        }
        return inputs
    }

    /// `POST …/dispatches`: runs, on the default branch, each workflow listening for `repository_dispatch` of the
    /// event type given (or of any type when it lists none), with `client_payload`.
    func repositoryDispatch(_ request: ForgeRepositoryRequest) async throws -> ForgeAnswer {
        guard let type = request.input["event_type"] as? String, !type.isEmpty, type.count <= 100 else {
            throw ForgeError(status: 422, message: "Invalid request.\n\nFor 'properties/event_type', nil is not a string.")
        }
        let clientPayload = request.input["client_payload"] ?? [String: Any]()
        guard clientPayload is [String: Any] else { throw ForgeError(status: 422, message: "Invalid request.\n\nFor 'properties/client_payload', it is not an object.") }
        let repository = request.repository
        guard let branch = try await forge.defaultBranch(repository), let commit = try await forge.commit(repository, "refs/heads/" + branch) else {
            return .json(204, nil)
        }
        let payload: [String: Any] = [
            "action": type, "branch": branch, "client_payload": clientPayload, "sender": ["login": request.callerLogin],
            "repository": ["id": repository.numericID, "name": repository.name, "full_name": repository.fullName, "owner": ["login": repository.ownerLogin]],
        ]
        for file in try await starter.workflows(repository, commit: commit) {
            guard let definition = try? file.definition.get(), let trigger = definition.on.repositoryDispatch else { continue }
            guard trigger.types.isEmpty || trigger.types.contains(type) else { continue }
            _ = try await starter.create(
                repository, file: file, name: definition.displayName, event: "repository_dispatch", ref: "refs/heads/" + branch, sha: commit,
                payload: RunStarter.json(payload), actor: request.callerLogin, identity: ForgeActor(request.context.principal), failure: nil
            )
        }
        return .json(204, nil)
    }
}
