import Foundation
import ServiceKit
import SlipwayCore

/// Slipway's own operations for personal access tokens (`/_slipway/git/tokens`, signed as `slipway`): a caller makes,
/// lists and revokes its own, authorized as IAM's service-specific credentials are.
struct TokenOperations: Sendable {
    let tokens: AccessTokens
    let store: RepositoryStore

    static func access(_ action: String, _ context: ServiceContext) -> AccessRequest {
        AccessRequest(action: "iam:\(action)", resource: context.principal.arn, resourceAccount: context.account.rawValue)
    }

    var operations: [ServiceOperation] {
        [
            ServiceOperation("CreateGitToken", route: .init("POST", "/_slipway/git/tokens"), input: CreateGitTokenInput.self, access: { _, context in
                Self.access("CreateServiceSpecificCredential", context)
            }, handler: { input, context in
                let scopes = try AccessTokens.requested(name: input.name, scopes: input.scopes, expiresInDays: input.expiresInDays)
                let (record, token) = try await tokens.create(name: input.name, scopes: scopes, expiresInDays: input.expiresInDays, principal: context.principal)
                return CreateGitTokenOutput(token: token, summary: GitTokenSummary(record))
            }),
            ServiceOperation("ListGitTokens", route: .init("GET", "/_slipway/git/tokens"), input: NoInput.self, access: { _, context in
                Self.access("ListServiceSpecificCredentials", context)
            }, handler: { _, context in
                // Workflow jobs' tokens come and go with their jobs; only personal tokens are listed.
                ListGitTokensOutput(
                    tokens: try await store.tokens(ownerArn: context.principal.arn).filter { $0.repositoryArn == nil }.sorted { $0.created < $1.created }
                        .map(GitTokenSummary.init)
                )
            }),
            ServiceOperation("DeleteGitToken", route: .init("DELETE", "/_slipway/git/tokens/{TokenId}"), input: DeleteGitTokenInput.self, access: { _, context in
                Self.access("DeleteServiceSpecificCredential", context)
            }, handler: { input, context in
                guard try await store.deleteToken(id: input.tokenId, ownerArn: context.principal.arn) else { throw GitError.tokenNotFound(input.tokenId) }
                return EmptyOutput()
            }),
        ]
    }
}
