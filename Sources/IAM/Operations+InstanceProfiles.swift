import Foundation
import SQLKit
import ServiceKit
import SlipwayCore
import Wire

extension IAMService {
    var instanceProfileOperations: [ServiceOperation] {
        let profileARN: @Sendable (String, ServiceContext) -> String = { name, context in "arn:aws:iam::\(context.account):instance-profile/\(name)" }
        return [
            operation("CreateInstanceProfile", CreateInstanceProfileInput.self, resource: { i, c in arn(c, "instance-profile", path: i.path ?? "/", name: i.instanceProfileName) }) { input, context in
                try Validate.name(input.instanceProfileName, member: "instanceProfileName", max: 128)
                try Validate.tags(input.tags)
                let profile = InstanceProfileRecord(
                    account: context.account, name: input.instanceProfileName, id: ids.uniqueID(prefix: "AIPA"), path: try Validate.path(input.path),
                    created: clock.now()
                )
                let tags = input.tags ?? []
                try await write { db in
                    if try await IAMStore.instanceProfile(db, account: context.account, name: input.instanceProfileName) != nil {
                        throw IAMError.alreadyExists("Instance Profile \(input.instanceProfileName) already exists.")
                    }
                    try await IAMStore.requireQuota(db, table: "iam_instance_profiles", account: context.account, name: "InstanceProfilesPerAccount", limit: 1000)
                    try await IAMStore.insertInstanceProfile(db, profile)
                    try await IAMStore.putTags(db, account: context.account, type: .instanceProfile, key: profile.name.lowercased(), tags: tags)
                }
                return InstanceProfileOutput(instanceProfile: InstanceProfileShape(profile, roles: [], tags: tags.isEmpty ? nil : tags))
            },
            operation("GetInstanceProfile", InstanceProfileNameInput.self, resource: { i, c in profileARN(i.instanceProfileName, c) }) { input, context in
                let (profile, roles, tags) = try await store.read { db in
                    let profile = try await IAMStore.requireInstanceProfile(db, account: context.account, name: input.instanceProfileName)
                    return (
                        profile, try await IAMStore.profileRoles(db, account: context.account, profile: profile.name),
                        try await IAMStore.tags(db, account: context.account, type: .instanceProfile, key: profile.name.lowercased())
                    )
                }
                return InstanceProfileOutput(instanceProfile: InstanceProfileShape(profile, roles: roles, tags: tags.isEmpty ? nil : tags))
            },
            operation("ListInstanceProfiles", ListInput.self, resource: { _, c in arn(c, "instance-profile") }) { input, context in
                let page = try Page(marker: input.marker, maxItems: input.maxItems)
                let profiles = try await store.read { db in
                    var listed: [(InstanceProfileRecord, [RoleRecord])] = []
                    for profile in try await IAMStore.instanceProfiles(db, account: context.account, pathPrefix: input.pathPrefix ?? "/") {
                        listed.append((profile, try await IAMStore.profileRoles(db, account: context.account, profile: profile.name)))
                    }
                    return listed
                }
                let shown = page.apply(profiles)
                return ListInstanceProfilesOutput(instanceProfiles: shown.items.map { InstanceProfileShape($0.0, roles: $0.1) }, isTruncated: shown.isTruncated, marker: shown.marker)
            },
            operation("ListInstanceProfilesForRole", ListInstanceProfilesForRoleInput.self, resource: { i, c in arn(c, "role", name: i.roleName) }) { input, context in
                let page = try Page(marker: input.marker, maxItems: input.maxItems)
                let profiles = try await store.read { db in
                    let role = try await IAMStore.requireRole(db, account: context.account, name: input.roleName)
                    return try await IAMStore.instanceProfilesForRole(db, account: context.account, role: role.name).map { ($0, [role]) }
                }
                let shown = page.apply(profiles)
                return ListInstanceProfilesOutput(instanceProfiles: shown.items.map { InstanceProfileShape($0.0, roles: $0.1) }, isTruncated: shown.isTruncated, marker: shown.marker)
            },
            operation("AddRoleToInstanceProfile", InstanceProfileRoleInput.self, resource: { i, c in profileARN(i.instanceProfileName, c) }) { input, context in
                try await write { db in
                    let profile = try await IAMStore.requireInstanceProfile(db, account: context.account, name: input.instanceProfileName)
                    let role = try await IAMStore.requireRole(db, account: context.account, name: input.roleName)
                    if try await !IAMStore.profileRoles(db, account: context.account, profile: profile.name).isEmpty {
                        throw IAMError.limitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1")
                    }
                    try await IAMStore.addProfileRole(db, account: context.account, profile: profile.name, role: role.name)
                }
                return EmptyOutput()
            },
            operation("RemoveRoleFromInstanceProfile", InstanceProfileRoleInput.self, resource: { i, c in profileARN(i.instanceProfileName, c) }) { input, context in
                try await write { db in
                    let profile = try await IAMStore.requireInstanceProfile(db, account: context.account, name: input.instanceProfileName)
                    let role = try await IAMStore.requireRole(db, account: context.account, name: input.roleName)
                    guard try await IAMStore.removeProfileRole(db, account: context.account, profile: profile.name, role: role.name) else {
                        throw IAMError.noSuchEntity("Role \(role.name) in Instance Profile \(profile.name) cannot be found.")
                    }
                }
                return EmptyOutput()
            },
            operation("DeleteInstanceProfile", InstanceProfileNameInput.self, resource: { i, c in profileARN(i.instanceProfileName, c) }) { input, context in
                try await write { db in
                    let profile = try await IAMStore.requireInstanceProfile(db, account: context.account, name: input.instanceProfileName)
                    if try await !IAMStore.profileRoles(db, account: context.account, profile: profile.name).isEmpty {
                        throw IAMError.deleteConflict("Cannot delete entity, must remove roles from instance profile first.")
                    }
                    try await IAMStore.deleteInstanceProfile(db, account: context.account, name: profile.name)
                }
                return EmptyOutput()
            },
        ]
    }
}
