/// An input that attaches tags or removes tag keys, so `aws:RequestTag/*` and `aws:TagKeys` can be evaluated.
protocol CarriesRequestTags {
    var requestTags: [TagShape] { get }
    var requestTagKeys: [String] { get }
}

extension CarriesRequestTags {
    var requestTagKeys: [String] { requestTags.map(\.key) }
}

extension CreateUserInput: CarriesRequestTags { var requestTags: [TagShape] { tags ?? [] } }
extension CreateRoleInput: CarriesRequestTags { var requestTags: [TagShape] { tags ?? [] } }
extension CreatePolicyInput: CarriesRequestTags { var requestTags: [TagShape] { tags ?? [] } }
extension TagPolicyInput: CarriesRequestTags { var requestTags: [TagShape] { tags } }
extension UntagPolicyInput: CarriesRequestTags {
    var requestTags: [TagShape] { [] }
    var requestTagKeys: [String] { tagKeys }
}
extension TagEntityInput: CarriesRequestTags {
    var requestTags: [TagShape] { tags ?? [] }
    var requestTagKeys: [String] { tags.map { $0.map(\.key) } ?? tagKeys ?? [] }
}

/// An input that names a managed policy or a permissions boundary, for `iam:PolicyARN` and `iam:PermissionsBoundary`.
protocol CarriesIAMKeys {
    var iamKeys: [String: [String]] { get }
}

extension EntityPolicyInput: CarriesIAMKeys {
    var iamKeys: [String: [String]] { policyArn.map { ["iam:PolicyARN": [$0]] } ?? [:] }
}
extension CreateUserInput: CarriesIAMKeys {
    var iamKeys: [String: [String]] { permissionsBoundary.map { ["iam:PermissionsBoundary": [$0]] } ?? [:] }
}
extension CreateRoleInput: CarriesIAMKeys {
    var iamKeys: [String: [String]] { permissionsBoundary.map { ["iam:PermissionsBoundary": [$0]] } ?? [:] }
}
extension PutBoundaryInput: CarriesIAMKeys {
    var iamKeys: [String: [String]] { permissionsBoundary.map { ["iam:PermissionsBoundary": [$0]] } ?? [:] }
}
