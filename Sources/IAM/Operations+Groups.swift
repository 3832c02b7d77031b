import Foundation
import SQLKit
import ServiceKit
import SlipwayCore
import Wire

extension IAMService {
    var groupOperations: [ServiceOperation] {
        [
            operation("CreateGroup", CreateGroupInput.self, resource: { i, c in arn(c, "group", path: i.path ?? "/", name: i.groupName) }) { input, context in
                try Validate.name(input.groupName, member: "groupName", max: 128)
                let group = GroupRecord(
                    account: context.account, name: input.groupName, id: ids.uniqueID(prefix: "AGPA"), path: try Validate.path(input.path),
                    created: clock.now()
                )
                try await write { db in
                    if try await IAMStore.group(db, account: context.account, name: input.groupName) != nil {
                        throw IAMError.alreadyExists("Group with name \(input.groupName) already exists.")
                    }
                    try await IAMStore.requireQuota(db, table: "iam_groups", account: context.account, name: "GroupsPerAccount", limit: 300)
                    try await IAMStore.insertGroup(db, group)
                }
                return GroupOutput(group: GroupShape(group))
            },
            operation("GetGroup", GetGroupInput.self, resource: { i, c in arn(c, "group", name: i.groupName) }) { input, context in
                let page = try Page(marker: input.marker, maxItems: input.maxItems)
                let (group, members) = try await store.read { db in
                    let group = try await IAMStore.requireGroup(db, account: context.account, name: input.groupName)
                    return (group, try await IAMStore.members(db, account: context.account, groupName: group.name))
                }
                let shown = page.apply(members)
                return GetGroupOutput(group: GroupShape(group), users: shown.items.map { UserShape($0) }, isTruncated: shown.isTruncated, marker: shown.marker)
            },
            operation("ListGroups", ListInput.self, resource: { _, c in arn(c, "group") }) { input, context in
                let page = try Page(marker: input.marker, maxItems: input.maxItems)
                let groups = try await store.read { db in try await IAMStore.groups(db, account: context.account, pathPrefix: input.pathPrefix ?? "/") }
                let shown = page.apply(groups)
                return ListGroupsOutput(groups: shown.items.map(GroupShape.init), isTruncated: shown.isTruncated, marker: shown.marker)
            },
            operation("ListGroupsForUser", ListGroupsForUserInput.self, resource: { i, c in arn(c, "user", name: i.userName) }) { input, context in
                let page = try Page(marker: input.marker, maxItems: input.maxItems)
                let groups = try await store.read { db in
                    let user = try await IAMStore.requireUser(db, account: context.account, name: input.userName)
                    return try await IAMStore.groupsForUser(db, account: context.account, userName: user.name)
                }
                let shown = page.apply(groups)
                return ListGroupsOutput(groups: shown.items.map(GroupShape.init), isTruncated: shown.isTruncated, marker: shown.marker)
            },
            operation("AddUserToGroup", GroupMembershipInput.self, resource: { i, c in arn(c, "group", name: i.groupName) }) { input, context in
                try await write { db in
                    let group = try await IAMStore.requireGroup(db, account: context.account, name: input.groupName)
                    let user = try await IAMStore.requireUser(db, account: context.account, name: input.userName)
                    try await IAMStore.addMember(db, account: context.account, groupName: group.name, userName: user.name)
                }
                return EmptyOutput()
            },
            operation("RemoveUserFromGroup", GroupMembershipInput.self, resource: { i, c in arn(c, "group", name: i.groupName) }) { input, context in
                try await write { db in
                    let group = try await IAMStore.requireGroup(db, account: context.account, name: input.groupName)
                    let user = try await IAMStore.requireUser(db, account: context.account, name: input.userName)
                    try await IAMStore.removeMember(db, account: context.account, groupName: group.name, userName: user.name)
                }
                return EmptyOutput()
            },
            operation("DeleteGroup", GetGroupInput.self, resource: { i, c in arn(c, "group", name: i.groupName) }) { input, context in
                try await write { db in
                    let group = try await IAMStore.requireGroup(db, account: context.account, name: input.groupName)
                    if try await !IAMStore.members(db, account: context.account, groupName: group.name).isEmpty {
                        throw IAMError.deleteConflict("Cannot delete entity, must remove users from group first.")
                    }
                    if try await !IAMStore.inlinePolicies(db, account: context.account, type: .group, entity: group.name).isEmpty {
                        throw IAMError.deleteConflict("Cannot delete entity, must delete policies first.")
                    }
                    if try await !IAMStore.attachedPolicyARNs(db, account: context.account, type: .group, entity: group.name).isEmpty {
                        throw IAMError.deleteConflict("Cannot delete entity, must detach all policies first.")
                    }
                    try await IAMStore.deleteGroup(db, account: context.account, name: group.name)
                }
                return EmptyOutput()
            },
        ]
    }


}
