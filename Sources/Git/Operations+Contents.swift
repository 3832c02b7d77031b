import Foundation
import ServiceKit
import SlipwayCore

extension CodeCommitService {
    var contentOperations: [ServiceOperation] {
        [
            ServiceOperation("GetBranch", input: GetBranchInput.self, access: { input, context in
                try await access("GetBranch", input.repositoryName, context)
            }, handler: { input, context in
                let record = try await require(input.repositoryName, context)
                guard let branch = input.branchName, !branch.isEmpty else { throw GitError.branchRequired }
                guard branch.count <= 256 else { throw GitError.invalidBranch(branch) }
                guard let found = try await repositories.branches(record).first(where: { $0.name == branch }) else { throw GitError.noBranch(branch) }
                return GetBranchOutput(branch: BranchInfo(branchName: found.name, commitId: found.commit))
            }),
            ServiceOperation("ListBranches", input: ListBranchesInput.self, access: { input, context in
                try await access("ListBranches", input.repositoryName, context)
            }, handler: { input, context in
                let record = try await require(input.repositoryName, context)
                let names = try await repositories.branches(record).map(\.name).sorted()
                guard let page = OffsetPage(names, after: input.nextToken, limit: 100) else { throw GitError.invalidToken() }
                return ListBranchesOutput(branches: page.items, nextToken: page.nextToken)
            }),
            ServiceOperation("GetFile", input: GetFileInput.self, access: { input, context in
                try await access("GetFile", input.repositoryName, context)
            }, handler: { input, context in
                let record = try await require(input.repositoryName, context)
                guard let requested = input.filePath, !requested.isEmpty else { throw GitError.pathRequired }
                let path = String(requested.drop { $0 == "/" })
                guard !path.isEmpty, !path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }), !path.contains("\0") else {
                    throw GitError.invalidPath(requested)
                }
                let specifier = input.commitSpecifier ?? "HEAD"
                guard let commit = try await repositories.commit(record, specifier) else { throw GitError.noCommit(specifier) }
                guard let file = try await repositories.file(record, commit: commit, path: path, limit: Self.maxFileBytes) else { throw GitError.noFile(requested) }
                return GetFileOutput(commitId: commit, blobId: file.blob, filePath: path, fileMode: file.mode, fileSize: file.bytes.count, fileContent: Data(file.bytes))
            }),
        ]
    }
}
