import Foundation
import ServiceKit
import SlipwayCore

extension CodeCommitService {
    var repositoryOperations: [ServiceOperation] {
        [
            ServiceOperation("CreateRepository", input: CreateRepositoryInput.self, access: { input, context in
                try await access("CreateRepository", input.repositoryName, context).requestingTags(input.tags ?? [:])
            }, handler: { input, context in
                let name = try Self.validName(input.repositoryName)
                if let description = input.repositoryDescription, description.count > 1000 { throw GitError.invalidDescription() }
                try Self.check(tags: input.tags)
                let now = clock.now()
                let record = RepositoryRecord(
                    arn: Self.arn(name, context), account: context.account.rawValue, region: context.region.name, name: name, id: ids.uuid().lowercased(),
                    description: input.repositoryDescription, kmsKeyId: input.kmsKeyId, tags: input.tags ?? [:], created: now, lastModified: now
                )
                try await repositories.create(record)
                do {
                    try await store.insert(record)
                } catch {
                    repositories.delete(record)
                    throw error
                }
                return RepositoryMetadataOutput(repositoryMetadata: try await metadata(record, context))
            }),
            ServiceOperation("GetRepository", input: RepositoryNameInput.self, access: { input, context in
                try await access("GetRepository", input.repositoryName, context)
            }, handler: { input, context in
                RepositoryMetadataOutput(repositoryMetadata: try await metadata(try await require(input.repositoryName, context), context))
            }),
            ServiceOperation("ListRepositories", input: ListRepositoriesInput.self, access: { _, context in
                AccessRequest(action: "codecommit:ListRepositories", resource: "*", resourceAccount: context.account.rawValue)
            }, handler: { input, context in
                let sortBy = input.sortBy ?? "repositoryName"
                guard ["repositoryName", "lastModifiedDate"].contains(sortBy) else { throw GitError.invalidSortBy(sortBy) }
                let order = input.order ?? "ascending"
                guard ["ascending", "descending"].contains(order) else { throw GitError.invalidOrder(order) }
                var all = try await store.repositories(account: context.account.rawValue, region: context.region.name)
                all.sort { sortBy == "repositoryName" ? $0.name < $1.name : ($0.lastModified, $0.name) < ($1.lastModified, $1.name) }
                if order == "descending" { all.reverse() }
                guard let page = OffsetPage(all, after: input.nextToken, limit: 1000) else { throw GitError.invalidToken() }
                return ListRepositoriesOutput(repositories: page.items.map { RepositoryNameIdPair(repositoryName: $0.name, repositoryId: $0.id) }, nextToken: page.nextToken)
            }),
            ServiceOperation("DeleteRepository", input: RepositoryNameInput.self, access: { input, context in
                try await access("DeleteRepository", input.repositoryName, context)
            }, handler: { input, context in
                let name = try Self.validName(input.repositoryName)
                // Deleting a repository that does not exist succeeds with no id, as CodeCommit answers.
                guard let record = try await store.repository(named: name, account: context.account.rawValue, region: context.region.name) else {
                    return DeleteRepositoryOutput(repositoryId: nil)
                }
                try await store.delete(record)
                repositories.delete(record)
                return DeleteRepositoryOutput(repositoryId: record.id)
            }),
        ]
    }

    var tagOperations: [ServiceOperation] {
        [
            ServiceOperation("TagResource", input: TagResourceInput.self, access: { input, context in
                let record = try await taggedRepository(input.resourceArn, context)
                return try await access("TagResource", record.name, context).requestingTags(input.tags ?? [:])
            }, handler: { input, context in
                var record = try await taggedRepository(input.resourceArn, context)
                guard let tags = input.tags else { throw GitError.tagsRequired }
                try Self.check(tags: tags)
                record.tags.merge(tags) { _, new in new }
                try Self.check(tags: record.tags)
                try await store.update(record)
                return EmptyOutput()
            }),
            ServiceOperation("UntagResource", input: UntagResourceInput.self, access: { input, context in
                let record = try await taggedRepository(input.resourceArn, context)
                return try await access("UntagResource", record.name, context).requestingTags([], keys: input.tagKeys ?? [])
            }, handler: { input, context in
                var record = try await taggedRepository(input.resourceArn, context)
                guard let keys = input.tagKeys else { throw GitError.tagKeysRequired }
                for key in keys { record.tags[key] = nil }
                try await store.update(record)
                return EmptyOutput()
            }),
            ServiceOperation("ListTagsForResource", input: ListTagsForResourceInput.self, access: { input, context in
                let record = try await taggedRepository(input.resourceArn, context)
                return try await access("ListTagsForResource", record.name, context)
            }, handler: { input, context in
                ListTagsForResourceOutput(tags: try await taggedRepository(input.resourceArn, context).tags, nextToken: nil)
            }),
        ]
    }

    /// The repository a tagging call's ARN names, in the caller's account and region.
    func taggedRepository(_ arn: String?, _ context: ServiceContext) async throws -> RepositoryRecord {
        guard let arn, !arn.isEmpty else { throw GitError.arnRequired }
        let prefix = "arn:aws:codecommit:\(context.region.name):\(context.account):"
        guard arn.hasPrefix(prefix) else { throw GitError.invalidArn(arn) }
        return try await require(String(arn.dropFirst(prefix.count)), context)
    }
}
