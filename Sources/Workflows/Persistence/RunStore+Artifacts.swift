import Foundation
import SQLKit

extension RunStore {
    /// Stores a new artifact; returns it with its id.
    func insert(_ artifact: ArtifactRecord) async throws -> ArtifactRecord {
        try await database.transaction { db in
            var artifact = artifact
            guard let id = try await db.raw("""
                INSERT INTO workflows_artifacts (run_id, repository_arn, record_json) VALUES (\(bind: artifact.runID), \(bind: artifact.repositoryArn), '{}')
                RETURNING id
                """).first()?.int("id") else { throw WorkflowStoreError(description: "the new artifact got no id") }
            artifact.id = id
            try await db.raw("UPDATE workflows_artifacts SET record_json = \(bind: Self.encode(artifact)) WHERE id = \(bind: id)").run()
            return artifact
        }
    }

    func artifacts(runID: Int) async throws -> [ArtifactRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM workflows_artifacts WHERE run_id = \(bind: runID) ORDER BY id").all().compactMap(Self.decode)
        }
    }

    func artifacts(repositoryArn: String) async throws -> [ArtifactRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM workflows_artifacts WHERE repository_arn = \(bind: repositoryArn) ORDER BY id DESC")
                .all().compactMap(Self.decode)
        }
    }

    func artifact(_ id: Int) async throws -> ArtifactRecord? {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM workflows_artifacts WHERE id = \(bind: id)").first().flatMap(Self.decode)
        }
    }

    func deleteArtifact(_ id: Int) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM workflows_artifacts WHERE id = \(bind: id)").run()
        }
    }
}
