import Foundation
import Git

extension ActionsRoutes {
    func artifactJSON(_ artifact: ArtifactRecord, run: WorkflowRunRecord?, json: ActionsJSON) -> [String: Any] {
        let url = "\(json.repositoryURL)/actions/artifacts/\(artifact.id)"
        var body: [String: Any] = [
            "id": artifact.id, "node_id": "MDg6QXJ0aWZhY3Q\(artifact.id)", "name": artifact.name, "size_in_bytes": artifact.size, "url": url,
            "archive_download_url": "\(url)/zip", "expired": artifact.expires <= settings.clock.now(), "digest": artifact.digest,
            "created_at": ActionsJSON.timestamp(artifact.created), "updated_at": ActionsJSON.timestamp(artifact.created),
            "expires_at": ActionsJSON.timestamp(artifact.expires),
        ]
        if let run { body["workflow_run"] = ["id": run.id, "repository_id": run.repositoryNumber, "head_branch": run.headBranch ?? NSNull(), "head_sha": run.headSha] }
        return body
    }

    /// `…/actions/runs/{id}/artifacts`, `…/actions/artifacts[/{id}[/zip]]`.
    func artifactsAnswer(_ request: ForgeRepositoryRequest, json: ActionsJSON) async throws -> ForgeAnswer? {
        let path = Array(request.rest.dropFirst())
        switch (request.method, path.first, path.count) {
        case ("GET", "runs", 3) where path[2] == "artifacts":
            try await authorize(request, push: false)
            let run = try await run(path[1], request)
            let artifacts = try await store.artifacts(runID: run.id)
            return .json(200, ["total_count": artifacts.count, "artifacts": artifacts.map { artifactJSON($0, run: run, json: json) }])
        case ("GET", "artifacts", 1):
            try await authorize(request, push: false)
            var artifacts = try await store.artifacts(repositoryArn: request.repository.arn)
            if let name = request.request.query("name"), !name.isEmpty { artifacts = artifacts.filter { $0.name == name } }
            var runs: [Int: WorkflowRunRecord] = [:]
            for id in Set(artifacts.map(\.runID)) { runs[id] = try await store.run(id) }
            let ours = artifacts.filter { runs[$0.runID]?.repositoryID == request.repository.id }
            return .json(200, ["total_count": ours.count, "artifacts": ours.map { artifactJSON($0, run: runs[$0.runID], json: json) }])
        case (_, "artifacts", 2), ("GET", "artifacts", 3), ("GET", "artifacts", 4):
            let artifact = try await artifact(path[1], request)
            switch (request.method, path.count) {
            case ("GET", 2):
                try await authorize(request, push: false)
                return .json(200, artifactJSON(artifact, run: try await store.run(artifact.runID), json: json))
            case ("DELETE", 2):
                try await authorize(request, push: true)
                try await store.deleteArtifact(artifact.id)
                try? FileManager.default.removeItem(at: artifactsDirectory.appendingPathComponent("\(artifact.id).zip"))
                return .json(204, nil)
            case ("GET", 3) where path[2] == "zip":
                try await authorize(request, push: false)
                guard artifact.expires > settings.clock.now() else { throw ForgeError(status: 410, message: "Artifact has expired") }
                return .redirect("\(json.repositoryURL)/actions/artifacts/\(artifact.id)/zip/raw")
            case ("GET", 4) where path[2] == "zip" && path[3] == "raw":
                try await authorize(request, push: false)
                guard artifact.expires > settings.clock.now() else { throw ForgeError(status: 410, message: "Artifact has expired") }
                guard let bytes = try? Data(contentsOf: artifactsDirectory.appendingPathComponent("\(artifact.id).zip"), options: .mappedIfSafe) else {
                    throw ForgeError(status: 410, message: "Artifact has expired")
                }
                return .data(Array(bytes), contentType: "application/zip")
            default:
                return nil
            }
        default:
            return nil
        }
    }

    func artifact(_ identifier: String, _ request: ForgeRepositoryRequest) async throws -> ArtifactRecord {
        guard let id = Int(identifier), let artifact = try await store.artifact(id), artifact.repositoryArn == request.repository.arn,
              try await store.run(artifact.runID)?.repositoryID == request.repository.id
        else { throw ForgeError.notFound }
        return artifact
    }
}
