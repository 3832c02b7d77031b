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
                guard (1...100).contains(input.name.count), !input.name.contains(where: { $0.isNewline }) else {
                    throw GitError.invalidToken("A token's name must be 1 to 100 characters on one line.")
                }
                let scopes = input.scopes ?? ["repo", "workflow"]
                let unknown = scopes.filter { !AccessTokens.knownScopes.contains($0) }
                guard !scopes.isEmpty, unknown.isEmpty else {
                    throw GitError.invalidToken("Unknown scopes: \(unknown.joined(separator: ", ")); known: \(AccessTokens.knownScopes.sorted().joined(separator: ", ")).")
                }
                if let days = input.expiresInDays, !(1...366).contains(days) {
                    throw GitError.invalidToken("ExpiresInDays must be between 1 and 366.")
                }
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
