import Foundation
import ServiceKit
import SQLKit
import SlipwayCore
import Wire

extension IAMService {
    var userOperations: [ServiceOperation] {
        [
            operation("CreateUser", CreateUserInput.self, resource: { i, c in arn(c, "user", path: i.path ?? "/", name: i.userName) }) { input, context in
                try Validate.name(input.userName, member: "userName", max: 64)
                let path = try Validate.path(input.path)
                try Validate.tags(input.tags)
                let boundary = input.permissionsBoundary
                let user = UserRecord(
                    account: context.account, name: input.userName, id: ids.uniqueID(prefix: "AIDA"), path: path,
                    created: clock.now(), boundaryARN: boundary
                )
                let tags = input.tags ?? []
                try await write { db in
                    if try await IAMStore.user(db, account: context.account, name: input.userName) != nil {
                        throw IAMError.alreadyExists("User with name \(input.userName) already exists.")
                    }
                    if let boundary { try await requireBoundaryPolicy(db, arn: boundary) }
                    try await IAMStore.requireQuota(db, table: "iam_users", account: context.account, name: "UsersPerAccount", limit: 5000)
                    try await IAMStore.insertUser(db, user)
                    try await IAMStore.putTags(db, account: context.account, type: .user, key: user.name.lowercased(), tags: tags)
                }
                return UserOutput(user: UserShape(user, tags: tags))
            },
            operation("GetUser", OptionalUserNameInput.self, resource: { i, c in callerUserARN(i.userName, c) }) { input, context in
                guard let name = input.userName ?? callerUserName(context) else {
                    // The root user asking about itself.
                    return UserOutput(user: UserShape(
                        UserRecord(account: context.account, name: "", id: context.account.rawValue, path: "/", created: clock.now()), tags: nil
                    ).rootForm(account: context.account))
                }
                let (user, tags) = try await store.read { db in
                    let user = try await IAMStore.requireUser(db, account: context.account, name: name)
                    return (user, try await IAMStore.tags(db, account: context.account, type: .user, key: user.name.lowercased()))
                }
                return UserOutput(user: UserShape(user, tags: tags))
            },
            operation("ListUsers", ListInput.self, resource: { _, c in arn(c, "user") }) { input, context in
                let page = try Page(marker: input.marker, maxItems: input.maxItems)
                let users = try await store.read { db in try await IAMStore.users(db, account: context.account, pathPrefix: input.pathPrefix ?? "/") }
                let shown = page.apply(users)
                return ListUsersOutput(users: shown.items.map { UserShape($0) }, isTruncated: shown.isTruncated, marker: shown.marker)
            },
            operation("UpdateUser", UpdateUserInput.self, resource: { i, c in arn(c, "user", name: i.userName) }) { input, context in
                let newName = input.newUserName ?? input.userName
                try Validate.name(newName, member: "newUserName", max: 64)
                let newPath = try input.newPath.map { try Validate.path($0, member: "newPath") }
                try await write { db in
                    let user = try await IAMStore.requireUser(db, account: context.account, name: input.userName)
                    if newName.lowercased() != user.name.lowercased(), try await IAMStore.user(db, account: context.account, name: newName) != nil {
                        throw IAMError.alreadyExists("User with name \(newName) already exists.")
                    }
                    try await IAMStore.updateUser(db, account: context.account, name: user.name, newName: newName, newPath: newPath ?? user.path)
                }
                return EmptyOutput()
            },
            operation("DeleteUser", UserNameInput.self, resource: { i, c in arn(c, "user", name: i.userName) }) { input, context in
                try await write { db in
                    let user = try await IAMStore.requireUser(db, account: context.account, name: input.userName)
                    let conflicts = try await userDependencies(db, user: user)
                    if let conflict = conflicts {
                        throw IAMError.deleteConflict("Cannot delete entity, must \(conflict) first.")
                    }
                    try await IAMStore.deleteUser(db, account: context.account, name: user.name)
                }
                return EmptyOutput()
            },
        ]
    }

    /// What must go before a user can be deleted, in AWS's wording; nil when nothing.
    func userDependencies(_ db: any SQLDatabase, user: UserRecord) async throws -> String? {
        if try await !IAMStore.accessKeys(db, account: user.account, userName: user.name).isEmpty { return "delete access keys" }
        if try await !IAMStore.inlinePolicies(db, account: user.account, type: .user, entity: user.name).isEmpty { return "delete policies" }
        if try await !IAMStore.attachedPolicyARNs(db, account: user.account, type: .user, entity: user.name).isEmpty { return "detach all policies" }
        if try await !IAMStore.groupsForUser(db, account: user.account, userName: user.name).isEmpty { return "remove users from group" }
        return nil
    }

    /// The user a `UserName`-optional call is about: the named one, else the calling user.
    func callerUserName(_ context: ServiceContext) -> String? {
        switch context.principal.kind {
        case .user(let name), .userSession(let name): name
        default: nil
        }
    }

    func callerUserARN(_ name: String?, _ context: ServiceContext) -> String {
        if let name { return arn(context, "user", name: name) }
        if callerUserName(context) != nil { return context.principal.arn }
        return "arn:aws:iam::\(context.account):root"
    }

    /// A permissions boundary must be an existing managed policy.
    func requireBoundaryPolicy(_ db: any SQLDatabase, arn: String) async throws {
        guard try await IAMStore.managedPolicy(db, arn: arn) != nil else {
            throw IAMError.invalidInput("ARN \(arn) is not valid.")
        }
    }
}

extension UserShape {
    /// The root user as `GetUser` without a name returns it.
    func rootForm(account: AccountID) -> UserShape {
        var copy = self
        copy.userName = ""
        copy.userId = account.rawValue
        copy.arn = "arn:aws:iam::\(account):root"
        return copy
    }
}
