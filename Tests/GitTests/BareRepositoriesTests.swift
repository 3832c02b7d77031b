import Foundation
import Testing
@testable import Git

/// Bare repositories made and read with Debian's git: the hook that reports pushes, branches, files at commits.
@Suite struct BareRepositoriesTests {
    func record(_ id: String) -> RepositoryRecord {
        RepositoryRecord(
            arn: "arn:aws:codecommit:us-east-1:111111111111:demo", account: "111111111111", region: "us-east-1", name: "demo", id: id,
            description: nil, kmsKeyId: nil, tags: [:], created: Date(), lastModified: Date()
        )
    }

    @Test func aRepositoryGetsTheHookAndItsBranchesAndFilesAreRead() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-git-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let repositories = BareRepositories(root: root)
        let repository = record("r1")
        try await repositories.create(repository)
        let hook = repositories.directory(of: repository).appendingPathComponent("hooks/post-receive")
        #expect(FileManager.default.isExecutableFile(atPath: hook.path))
        #expect(try await repositories.branches(repository).isEmpty)
        #expect(try await repositories.defaultBranch(repository) == nil)

        // A push from a working copy, with the report file the front names for it.
        let work = root.appendingPathComponent("work")
        let report = root.appendingPathComponent("report")
        let environment = ["GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.com", "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.com"]
        #expect(try await GitCommand.run(["init", "-q", "-b", "develop", work.path]).status == 0)
        try Data("hello\n".utf8).write(to: work.appendingPathComponent("hello.txt"))
        #expect(try await GitCommand.run(["add", "hello.txt"], in: work, environment: environment).status == 0)
        #expect(try await GitCommand.run(["commit", "-q", "-m", "hello"], in: work, environment: environment).status == 0)
        let pushed = try await GitCommand.run(
            ["push", "-q", repositories.directory(of: repository).path, "develop"], in: work, environment: ["SLIPWAY_PUSH_REPORT": report.path]
        )
        #expect(pushed.status == 0, "\(pushed.errors)")
        let head = try await GitCommand.run(["rev-parse", "HEAD"], in: work).text.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try String(contentsOf: report, encoding: .utf8) == "\(String(repeating: "0", count: 40)) \(head) refs/heads/develop\n")

        // The first branch pushed becomes the default, as CodeCommit does when `main` never came.
        #expect(try await repositories.defaultBranch(repository) == "develop")
        #expect(try await repositories.branches(repository).map(\.name) == ["develop"])
        #expect(try await repositories.commit(repository, "HEAD") == head)
        #expect(try await repositories.commit(repository, "--output=/tmp/x") == nil)
        #expect(try await repositories.commit(repository, "nope") == nil)
        let file = try #require(try await repositories.file(repository, commit: head, path: "hello.txt", limit: 100))
        #expect(file.bytes == Array("hello\n".utf8) && file.mode == "NORMAL" && file.blob.count == 40)
        #expect(try await repositories.file(repository, commit: head, path: "missing", limit: 100) == nil)
        await #expect(throws: GitError.self) { try await repositories.file(repository, commit: head, path: "hello.txt", limit: 3) }
        repositories.delete(repository)
        #expect(!FileManager.default.fileExists(atPath: repositories.directory(of: repository).path))
    }
}
