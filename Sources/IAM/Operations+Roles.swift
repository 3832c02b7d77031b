import Foundation
import IAMPolicy
import SQLKit
import ServiceKit
import SlipwayCore
import Wire

extension IAMService {
    var roleOperations: [ServiceOperation] {
        [
            operation("CreateRole", CreateRoleInput.self, resource: { i, c in arn(c, "role", path: i.path ?? "/", name: i.roleName) }) { input, context in
                try Validate.name(input.roleName, member: "roleName", max: 64)
                let path = try Validate.path(input.path)
                try Validate.tags(input.tags)
                try Validate.policyDocument(input.assumeRolePolicyDocument, member: "assumeRolePolicyDocument")
                try validateTrustPolicy(input.assumeRolePolicyDocument)
                let duration = try validateMaxSessionDuration(input.maxSessionDuration)
                if let description = input.description { try Validate.length(description, member: "description", min: 0, max: 1000) }
                let role = RoleRecord(
                    account: context.account, name: input.roleName, id: ids.uniqueID(prefix: "AROA"), path: path,
                    trustPolicy: input.assumeRolePolicyDocument, description: input.description, maxSessionDuration: duration,
                    created: clock.now(), boundaryARN: input.permissionsBoundary
                )
                let tags = input.tags ?? []
                try await write { db in
                    if try await IAMStore.role(db, account: context.account, name: input.roleName) != nil {
                        throw IAMError.alreadyExists("Role with name \(input.roleName) already exists.")
                    }
                    if let boundary = input.permissionsBoundary { try await requireBoundaryPolicy(db, arn: boundary) }
                    try await IAMStore.requireQuota(db, table: "iam_roles", account: context.account, name: "RolesPerAccount", limit: 1000)
                    try await IAMStore.insertRole(db, role)
                    try await IAMStore.putTags(db, account: context.account, type: .role, key: role.name.lowercased(), tags: tags)
                }
                return RoleOutput(role: RoleShape(role, tags: tags))
            },
            operation("GetRole", RoleNameInput.self, resource: { i, c in arn(c, "role", name: i.roleName) }) { input, context in
                let (role, tags) = try await store.read { db in
                    let role = try await IAMStore.requireRole(db, account: context.account, name: input.roleName)
                    return (role, try await IAMStore.tags(db, account: context.account, type: .role, key: role.name.lowercased()))
                }
                return RoleOutput(role: RoleShape(role, tags: tags))
            },
            operation("ListRoles", ListInput.self, resource: { _, c in arn(c, "role") }) { input, context in
                let page = try Page(marker: input.marker, maxItems: input.maxItems)
                let roles = try await store.read { db in try await IAMStore.roles(db, account: context.account, pathPrefix: input.pathPrefix ?? "/") }
                let shown = page.apply(roles)
                return ListRolesOutput(roles: shown.items.map { RoleShape($0) }, isTruncated: shown.isTruncated, marker: shown.marker)
            },
            operation("UpdateRole", UpdateRoleInput.self, resource: { i, c in arn(c, "role", name: i.roleName) }) { input, context in
                let duration = try input.maxSessionDuration.map { try validateMaxSessionDuration($0) }
                try await write { db in
                    var role = try await IAMStore.requireRole(db, account: context.account, name: input.roleName)
                    if let duration { role.maxSessionDuration = duration }
                    if let description = input.description { role.description = description }
                    try await IAMStore.updateRole(db, role)
                }
                return EmptyOutput()
            },
            operation("UpdateAssumeRolePolicy", UpdateAssumeRolePolicyInput.self, resource: { i, c in arn(c, "role", name: i.roleName) }) { input, context in
                try Validate.policyDocument(input.policyDocument)
                try validateTrustPolicy(input.policyDocument)
                try await write { db in
                    var role = try await IAMStore.requireRole(db, account: context.account, name: input.roleName)
                    role.trustPolicy = input.policyDocument
                    try await IAMStore.updateRole(db, role)
                }
                return EmptyOutput()
            },
            operation("DeleteRole", RoleNameInput.self, resource: { i, c in arn(c, "role", name: i.roleName) }) { input, context in
                try await write { db in
                    let role = try await IAMStore.requireRole(db, account: context.account, name: input.roleName)
                    if try await !IAMStore.inlinePolicies(db, account: context.account, type: .role, entity: role.name).isEmpty {
                        throw IAMError.deleteConflict("Cannot delete entity, must delete policies first.")
                    }
                    if try await !IAMStore.attachedPolicyARNs(db, account: context.account, type: .role, entity: role.name).isEmpty {
                        throw IAMError.deleteConflict("Cannot delete entity, must detach all policies first.")
                    }
                    if try await !IAMStore.instanceProfilesForRole(db, account: context.account, role: role.name).isEmpty {
                        throw IAMError.deleteConflict("Cannot delete entity, must remove roles from instance profile first.")
                    }
                    try await IAMStore.deleteRole(db, account: context.account, name: role.name)
                }
                return EmptyOutput()
            },
            operation("PutRolePermissionsBoundary", PutBoundaryInput.self, resource: { i, c in arn(c, "role", name: i.roleName ?? "") }) { input, context in
                try await setBoundary(.role, name: input.roleName, arn: input.permissionsBoundary, context: context)
            },
            operation("DeleteRolePermissionsBoundary", PutBoundaryInput.self, resource: { i, c in arn(c, "role", name: i.roleName ?? "") }) { input, context in
                try await setBoundary(.role, name: input.roleName, arn: nil, context: context)
            },
            operation("PutUserPermissionsBoundary", PutBoundaryInput.self, resource: { i, c in arn(c, "user", name: i.userName ?? "") }) { input, context in
                try await setBoundary(.user, name: input.userName, arn: input.permissionsBoundary, context: context)
            },
            operation("DeleteUserPermissionsBoundary", PutBoundaryInput.self, resource: { i, c in arn(c, "user", name: i.userName ?? "") }) { input, context in
                try await setBoundary(.user, name: input.userName, arn: nil, context: context)
            },
        ]
    }

    func setBoundary(_ type: EntityType, name: String?, arn: String?, context: ServiceContext) async throws -> EmptyOutput {
        guard let name else { throw IAMError.validation("1 validation error detected: Value null at '\(type.rawValue)Name' failed to satisfy constraint: Member must not be null") }
        try await write { db in
            if type == .user {
                _ = try await IAMStore.requireUser(db, account: context.account, name: name)
            } else {
                _ = try await IAMStore.requireRole(db, account: context.account, name: name)
            }
            if let arn { try await requireBoundaryPolicy(db, arn: arn) }
            try await IAMStore.setBoundary(db, type: type, account: context.account, name: name, arn: arn)
        }
        return EmptyOutput()
    }

    func validateTrustPolicy(_ text: String) throws {
        // AWS's default quota on the size of a role trust policy, counted without whitespace.
        if text.filter({ !$0.isWhitespace }).count > 2048 {
            throw IAMError.limitExceeded("Cannot exceed quota for ACLSizePerRole: 2048")
        }
        _ = try parsePolicy(text, kind: .trust)
    }

    /// 3600 to 43200 seconds, 3600 when absent.
    func validateMaxSessionDuration(_ value: Int?) throws -> Int {
        guard let value else { return 3600 }
        guard (3600...43200).contains(value) else {
            throw IAMError.validation(
                "1 validation error detected: Value '\(value)' at 'maxSessionDuration' failed to satisfy constraint: Member must have value \(value < 3600 ? "greater than or equal to 3600" : "less than or equal to 43200")"
            )
        }
        return value
    }
}
