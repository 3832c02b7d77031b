/// What is wrong with a policy document, worded as the AWS API that receives that kind of document words it.
///
/// IAM (`CreatePolicy`, `PutUserPolicy`...) and the trust-policy operations (`CreateRole`,
/// `UpdateAssumeRolePolicy`) and the resource-policy services do not answer alike; each case
/// names its message per grammar so callers get the text their clients expect.
enum PolicyProblem: Hashable {
    case invalidJSON
    case syntax
    case version
    case missingStatement
    case emptyStatement
    case missingEffect
    case invalidEffect(String)
    case principalNotAllowed
    case missingPrincipal
    case principalNotObject
    case invalidPrincipal
    case missingAction
    case missingResource
    case prohibitedField(String)
    case actionVendor
    case actionColons
    case invalidVendor(String)
    case trustAction
    case resourceFormat(String)
    case resourcePartition(partition: String, resource: String)
    case resourceVendor
    case regionNotAllowed(service: String, resource: String)
    case iamResourcePath
    case legacyParsing
    case conditionType(String)
    case sidFormat
    case duplicateSid

    static let iamResourcePrefixes = [
        "user/", "federated-user/", "role/", "group/", "instance-profile/", "mfa/", "server-certificate/",
        "policy/", "sms-mfa/", "saml-provider/", "oidc-provider/", "report/", "access-report/",
    ]

    func message(for kind: PolicyKind) -> String {
        let iam = kind == .identity
        switch self {
        case .invalidJSON:
            return iam ? "Syntax errors in policy." : "This policy contains invalid Json"
        case .syntax:
            return kind == .resource ? "Invalid policy syntax." : "Syntax errors in policy."
        case .version:
            return iam ? "Policy document must be version 2012-10-17 or greater."
                : "The policy must contain a valid version string"
        case .missingStatement:
            return iam ? "Syntax errors in policy." : "Missing required field Statement"
        case .emptyStatement:
            return iam ? "Syntax errors in policy." : "Could not parse the policy: Statement is empty!"
        case .missingEffect:
            return iam ? "Syntax errors in policy." : "Missing required field Effect"
        case .invalidEffect(let effect):
            if !iam { return "Invalid effect: \(effect)" }
            // IAM refuses a miscased Allow or Deny later than an unknown word.
            let known = ["allow", "deny"].contains(effect.lowercased())
            return known ? "The policy failed legacy parsing" : "Syntax errors in policy."
        case .principalNotAllowed:
            return "Policy document should not specify a principal."
        case .missingPrincipal:
            return "Missing required field Principal"
        case .principalNotObject:
            return "Principal must be a JSON object."
        case .invalidPrincipal:
            return "Invalid principal in policy"
        case .missingAction:
            return iam ? "Policy statement must contain actions." : "Missing required field Action"
        case .missingResource:
            return iam ? "Policy statement must contain resources." : "Missing required field Resource"
        case .prohibitedField(let field):
            return "Has prohibited field \(field)"
        case .actionVendor:
            return "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
        case .actionColons:
            return "Actions/Condition can contain only one colon."
        case .invalidVendor(let vendor):
            return "Vendor \(vendor) is not valid"
        case .trustAction:
            return "AssumeRole policy may only specify STS AssumeRole actions."
        case .resourceFormat(let resource):
            return "Resource \(resource) must be in ARN format or \"*\"."
        case .resourcePartition(let partition, let resource):
            return "Partition \"\(partition)\" is not valid for resource \"\(resource)\"."
        case .resourceVendor:
            return "Resource vendor must be fully qualified and cannot contain regexes."
        case .regionNotAllowed(let service, let resource):
            return service == "iam" ? "IAM resource \(resource) cannot contain region information."
                : "Resource \(resource) can not contain region information."
        case .iamResourcePath:
            let prefixes = Self.iamResourcePrefixes.joined(separator: ", ")
            return "IAM resource path must either be \"*\" or start with \(prefixes)."
        case .legacyParsing:
            return "The policy failed legacy parsing"
        case .conditionType(let name):
            return kind == .resource ? "Invalid Condition type : \(name)" : "Syntax errors in policy."
        case .sidFormat:
            return "Statement IDs (SID) must be alpha-numeric. "
                + "Check that your input satisfies the regular expression [0-9A-Za-z]*"
        case .duplicateSid:
            return iam ? "Statement IDs (SID) in a single policy must be unique."
                : "The Statement Ids in the policy are not unique"
        }
    }
}
