/// The input of `Tag*`, `Untag*` and `List*Tags` on users and roles: exactly one entity name, and tags or tag keys.
struct TagEntityInput: Codable, Sendable {
    var userName: String?
    var roleName: String?
    var tags: [TagShape]?
    var tagKeys: [String]?

    enum CodingKeys: String, CodingKey { case userName = "UserName", roleName = "RoleName", tags = "Tags", tagKeys = "TagKeys" }

    func entity(_ type: EntityType) throws -> String {
        guard let name = type == .user ? userName : roleName else {
            throw IAMError.validation("1 validation error detected: Value null at '\(type.rawValue)Name' failed to satisfy constraint: Member must not be null")
        }
        return name
    }
}
