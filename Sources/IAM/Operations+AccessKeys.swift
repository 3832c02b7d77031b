import Foundation
import SQLKit
import ServiceKit
import SlipwayCore
import Wire

extension IAMService {
    var accessKeyOperations: [ServiceOperation] {
        [
            operation("CreateAccessKey", OptionalUserNameInput.self, resource: { i, c in callerUserARN(i.userName, c) }) { input, context in
                let userName = input.userName ?? callerUserName(context)
                let key = AccessKeyRecord(
                    id: ids.uniqueID(prefix: "AKIA", length: 20), account: context.account, userName: userName,
                    secret: ids.secretAccessKey(), status: .active, created: clock.now()
                )
                let displayName = try await write { db -> String? in
                    var displayName: String?
                    if let userName {
                        displayName = try await IAMStore.requireUser(db, account: context.account, name: userName).name
                    }
                    if try await IAMStore.accessKeys(db, account: context.account, userName: userName).count >= 2 {
                        throw IAMError.limitExceeded("Cannot exceed quota for AccessKeysPerUser: 2")
                    }
                    try await IAMStore.insertAccessKey(db, key)
                    return displayName
                }
                return CreateAccessKeyOutput(accessKey: AccessKeyShape(
                    userName: displayName, accessKeyId: key.id, status: key.status.rawValue, secretAccessKey: key.secret, createDate: key.created
                ))
            },
            operation("ListAccessKeys", ListAccessKeysInput.self, resource: { i, c in callerUserARN(i.userName, c) }) { input, context in
                let page = try Page(marker: input.marker, maxItems: input.maxItems)
                let userName = input.userName ?? callerUserName(context)
                let keys = try await store.read { db in
                    if let userName { _ = try await IAMStore.requireUser(db, account: context.account, name: userName) }
                    return try await IAMStore.accessKeys(db, account: context.account, userName: userName)
                }
                let shown = page.apply(keys)
                return ListAccessKeysOutput(
                    accessKeyMetadata: shown.items.map {
                        AccessKeyMetadataShape(userName: $0.userName, accessKeyId: $0.id, status: $0.status.rawValue, createDate: $0.created)
                    },
                    isTruncated: shown.isTruncated, marker: shown.marker
                )
            },
            operation("UpdateAccessKey", UpdateAccessKeyInput.self, resource: { i, c in callerUserARN(i.userName, c) }) { input, context in
                guard let status = AccessKeyStatus(rawValue: input.status) else {
                    throw IAMError.validation(
                        "1 validation error detected: Value '\(input.status)' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]"
                    )
                }
                try await write { db in
                    _ = try await ownedKey(db, id: input.accessKeyId, userName: input.userName ?? callerUserName(context), context: context)
                    try await IAMStore.setAccessKeyStatus(db, id: input.accessKeyId, status: status)
                }
                return EmptyOutput()
            },
            operation("DeleteAccessKey", DeleteAccessKeyInput.self, resource: { i, c in callerUserARN(i.userName, c) }) { input, context in
                try await write { db in
                    _ = try await ownedKey(db, id: input.accessKeyId, userName: input.userName ?? callerUserName(context), context: context)
                    try await IAMStore.deleteAccessKey(db, id: input.accessKeyId)
                }
                return EmptyOutput()
            },
        ]
    }

    /// The key `id` if it belongs to `userName` (or the root user when nil) in the caller's account.
    func ownedKey(_ db: any SQLDatabase, id: String, userName: String?, context: ServiceContext) async throws -> AccessKeyRecord {
        if let userName { _ = try await IAMStore.requireUser(db, account: context.account, name: userName) }
        guard let key = try await IAMStore.accessKey(db, id: id), key.account == context.account,
              key.userName?.lowercased() == userName?.lowercased()
        else {
            throw IAMError.noSuchEntity("The Access Key with id \(id) cannot be found.")
        }
        return key
    }
}
