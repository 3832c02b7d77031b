import ServiceKit
import SlipwayCore

/// IAM's `TaggedResourcesPort`: the account's roles and users with their tags (IAM is global: they are reported in
/// every region). A cascade does not delete IAM entities; their stack or their administrator does.
public struct TaggedIdentities: TaggedResourcesPort {
    let store: IAMStore

    public init(module: IAMModule) {
        store = module.store
    }

    public func taggedResources(context: ServiceContext) async throws -> [TaggedResource] {
        let account = context.account
        return try await store.read { db in
            var found: [TaggedResource] = []
            for role in try await IAMStore.roles(db, account: account, pathPrefix: "/") {
                let tags = try await IAMStore.tags(db, account: account, type: .role, key: role.name.lowercased())
                found.append(TaggedResource(arn: role.arn, type: "iam:role", tags: Dictionary(tags.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })))
            }
            for user in try await IAMStore.users(db, account: account, pathPrefix: "/") {
                let tags = try await IAMStore.tags(db, account: account, type: .user, key: user.name.lowercased())
                found.append(TaggedResource(arn: user.arn, type: "iam:user", tags: Dictionary(tags.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })))
            }
            return found
        }
    }

    public func deleteTaggedResource(_ resource: TaggedResource, context: ServiceContext) async throws {
        throw IAMError.deleteConflict("A project's cascade does not delete IAM entities: delete \(resource.arn) with IAM's own calls")
    }
}
