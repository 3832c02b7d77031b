import Foundation
import SQLKit
import ServiceKit
import SlipwayCore
import Wire

extension IAMService {
    /// `TagUser`, `UntagUser`, `ListUserTags` and the same three for roles.
    var entityTagOperations: [ServiceOperation] {
        [EntityType.user, .role].flatMap { type -> [ServiceOperation] in
            let noun = type.rawValue.capitalized
            let resource: @Sendable (TagEntityInput, ServiceContext) -> String = { input, context in
                arn(context, type.rawValue, name: (try? input.entity(type)) ?? "")
            }
            return [
                operation("Tag\(noun)", TagEntityInput.self, resource: resource) { input, context in
                    let tags = input.tags ?? []
                    try Validate.tags(tags)
                    try await write { db in
                        let name = try await requireEntity(db, type, name: try input.entity(type), context: context)
                        try await IAMStore.putTags(db, account: context.account, type: type, key: name.lowercased(), tags: tags)
                    }
                    return EmptyOutput()
                },
                operation("Untag\(noun)", TagEntityInput.self, resource: resource) { input, context in
                    try await write { db in
                        let name = try await requireEntity(db, type, name: try input.entity(type), context: context)
                        try await IAMStore.removeTags(db, account: context.account, type: type, key: name.lowercased(), tagKeys: input.tagKeys ?? [])
                    }
                    return EmptyOutput()
                },
                operation("List\(noun)Tags", TagEntityInput.self, resource: resource) { input, context in
                    let tags = try await store.read { db in
                        let name = try await requireEntity(db, type, name: try input.entity(type), context: context)
                        return try await IAMStore.tags(db, account: context.account, type: type, key: name.lowercased())
                    }
                    return ListTagsOutput(tags: tags, isTruncated: false)
                },
            ]
        }
    }
}
