import Foundation
import ServiceKit
import SlipwayCore

extension SageMakerService {
    static let gitURL = "https://([^/]+)/?.{3,1016}"
    static let secretARN = #"arn:aws[a-z\-]*:secretsmanager:[a-z0-9\-]*:[0-9]{12}:secret:.*"#

    var codeRepositoryOperations: [ServiceOperation] {
        [
            ServiceOperation("CreateCodeRepository", input: CreateCodeRepositoryInput.self, access: { input, context in
                try await request("CreateCodeRepository", arn(context, "code-repository", input.codeRepositoryName.lowercased()), context, tags: input.tags ?? [])
            }, handler: { input, context in
                try Self.check(input.codeRepositoryName, member: "codeRepositoryName", pattern: Self.entityName, max: 63)
                try Self.check(input.gitConfig.repositoryUrl, member: "gitConfig.repositoryUrl", pattern: Self.gitURL, min: 11, max: 1024)
                if let branch = input.gitConfig.branch { try Self.check(branch, member: "gitConfig.branch", pattern: #"[^ ~^:?*\[]+"#, max: 1024) }
                if let secret = input.gitConfig.secretArn { try Self.check(secret, member: "gitConfig.secretArn", pattern: Self.secretARN, max: 2048) }
                try Self.check(tags: input.tags)
                let now = clock.now()
                let repository = CodeRepositoryRecord(
                    account: context.account.rawValue, region: context.region.name, name: input.codeRepositoryName, gitConfig: input.gitConfig,
                    created: now, modified: now
                )
                try await store.repositories.insert(repository, tags: input.tags ?? [], duplicate: "Cannot create a duplicate Code Repository (\(repository.arn))")
                return CodeRepositoryArnOutput(codeRepositoryArn: repository.arn)
            }),
            ServiceOperation("DescribeCodeRepository", input: CodeRepositoryNameInput.self, access: { input, context in
                try await request("DescribeCodeRepository", arn(context, "code-repository", input.codeRepositoryName.lowercased()), context)
            }, handler: { input, context in
                Self.shape(try await requireRepository(input.codeRepositoryName, context))
            }),
            ServiceOperation("ListCodeRepositories", input: ListCodeRepositoriesInput.self, access: { _, context in
                try await request("ListCodeRepositories", "*", context)
            }, handler: { input, context in
                var repositories = try await store.repositories.all(account: context.account.rawValue, region: context.region.name).filter { repository in
                    (input.nameContains.map { repository.name.lowercased().contains($0.lowercased()) } ?? true)
                        && (input.creationTimeAfter.map { repository.created > $0 } ?? true) && (input.creationTimeBefore.map { repository.created < $0 } ?? true)
                        && (input.lastModifiedTimeAfter.map { repository.modified > $0 } ?? true)
                        && (input.lastModifiedTimeBefore.map { repository.modified < $0 } ?? true)
                }
                repositories.sort {
                    switch input.sortBy {
                    case "CreationTime": ($0.created, $0.name) < ($1.created, $1.name)
                    case "LastModifiedTime": ($0.modified, $0.name) < ($1.modified, $1.name)
                    default: $0.name < $1.name
                    }
                }
                if input.sortOrder == "Descending" { repositories.reverse() }
                let (page, next) = try Self.page(repositories, nextToken: input.nextToken, maxResults: input.maxResults)
                return ListCodeRepositoriesOutput(codeRepositorySummaryList: page.map(Self.shape), nextToken: next)
            }),
            ServiceOperation("UpdateCodeRepository", input: UpdateCodeRepositoryInput.self, access: { input, context in
                try await request("UpdateCodeRepository", arn(context, "code-repository", input.codeRepositoryName.lowercased()), context)
            }, handler: { input, context in
                var repository = try await requireRepository(input.codeRepositoryName, context)
                if let secret = input.gitConfig?.secretArn {
                    try Self.check(secret, member: "gitConfig.secretArn", pattern: Self.secretARN, max: 2048)
                    repository.gitConfig.secretArn = secret
                }
                repository.modified = clock.now()
                try await store.repositories.update(repository)
                return CodeRepositoryArnOutput(codeRepositoryArn: repository.arn)
            }),
            ServiceOperation("DeleteCodeRepository", input: CodeRepositoryNameInput.self, access: { input, context in
                try await request("DeleteCodeRepository", arn(context, "code-repository", input.codeRepositoryName.lowercased()), context)
            }, handler: { input, context in
                try await store.repositories.delete(try await requireRepository(input.codeRepositoryName, context))
                return EmptyShape()
            }),
        ]
    }

    static func shape(_ repository: CodeRepositoryRecord) -> CodeRepositoryShape {
        CodeRepositoryShape(
            codeRepositoryName: repository.name, codeRepositoryArn: repository.arn, creationTime: repository.created,
            lastModifiedTime: repository.modified, gitConfig: repository.gitConfig
        )
    }

    func requireRepository(_ name: String, _ context: ServiceContext) async throws -> CodeRepositoryRecord {
        guard let repository = try await store.repositories.record(named: name, account: context.account.rawValue, region: context.region.name) else {
            throw SageMakerError.validation("Cannot find CodeRepository \(arn(context, "code-repository", name.lowercased()))")
        }
        return repository
    }
}
