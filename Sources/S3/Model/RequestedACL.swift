import Foundation
import SlipwayCore

/// The ACL a request asks for: a canned name (`x-amz-acl`), grant headers (`x-amz-grant-*`) or, for PutBucketAcl and
/// PutObjectAcl, an `AccessControlPolicy` body, before its grantees are resolved to accounts.
struct RequestedACL: Sendable, Equatable {
    /// A grantee as a request names it.
    enum Grantee: Sendable, Equatable {
        case canonicalUser(String)
        case group(String)
        case email(String)
    }

    var canned: String?
    var grants: [(grantee: Grantee, permission: ACLPermission)] = []
    /// The owner a body names (its canonical id), which must be the resource's owner.
    var owner: String?

    static func == (lhs: RequestedACL, rhs: RequestedACL) -> Bool {
        lhs.canned == rhs.canned && lhs.owner == rhs.owner
            && lhs.grants.map(\.grantee) == rhs.grants.map(\.grantee) && lhs.grants.map(\.permission) == rhs.grants.map(\.permission)
    }

    /// The grant headers and the permission each grants.
    static let grantHeaders: [(name: String, permission: ACLPermission)] = [
        ("x-amz-grant-full-control", .fullControl), ("x-amz-grant-read", .read), ("x-amz-grant-write", .write),
        ("x-amz-grant-read-acp", .readACP), ("x-amz-grant-write-acp", .writeACP),
    ]

    /// The ACL the request headers ask for, nil when they ask for none; a canned ACL with grant headers is refused as S3 refuses it.
    static func fromHeaders(_ headers: [String: String]) throws -> RequestedACL? {
        var requested = RequestedACL(canned: headers["x-amz-acl"])
        for (name, permission) in grantHeaders {
            guard let value = headers[name] else { continue }
            for grantee in try parseGrantees(value, header: name) { requested.grants.append((grantee, permission)) }
        }
        if requested.canned != nil, !requested.grants.isEmpty {
            throw S3Error(code: "InvalidRequest", message: "Specifying both Canned ACLs and Header Grants is not allowed", httpStatus: 400)
        }
        return requested.canned == nil && requested.grants.isEmpty ? nil : requested
    }

    /// A grant header's value: comma-separated `id=…`, `uri=…` or `emailAddress=…`, each value optionally quoted.
    static func parseGrantees(_ value: String, header: String) throws -> [Grantee] {
        let unrecognized = S3Error.invalidArgument("Argument format not recognized", name: header, value: value)
        var grantees: [Grantee] = []
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = item.trimmingCharacters(in: .whitespaces)
            guard let equals = pair.firstIndex(of: "=") else { throw unrecognized }
            let type = pair[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var text = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
            guard !text.isEmpty, !text.contains("\"") else { throw unrecognized }
            switch type {
            case "id": grantees.append(.canonicalUser(text))
            case "uri": grantees.append(.group(text))
            case "emailaddress": grantees.append(.email(text))
            default: throw unrecognized
            }
        }
        return grantees
    }

    /// The ACL an `AccessControlPolicy` body states; a grantee without the member its type needs, or an unknown
    /// type or permission, is S3's `MalformedACLError`.
    static func fromBody(_ policy: AccessControlPolicyInput) throws -> RequestedACL {
        var requested = RequestedACL(owner: policy.owner?.id)
        for grant in policy.grants ?? [] {
            guard let name = grant.permission, let permission = ACLPermission(rawValue: name), let shape = grant.grantee else { throw S3Error.malformedACL }
            let grantee: Grantee
            switch shape.type {
            case "CanonicalUser": guard let id = shape.id, !id.isEmpty else { throw S3Error.malformedACL }; grantee = .canonicalUser(id)
            case "Group": guard let uri = shape.uri, !uri.isEmpty else { throw S3Error.malformedACL }; grantee = .group(uri)
            case "AmazonCustomerByEmail": guard let email = shape.emailAddress, !email.isEmpty else { throw S3Error.malformedACL }; grantee = .email(email)
            default: throw S3Error.malformedACL
            }
            requested.grants.append((grantee, permission))
        }
        return requested
    }

    /// The stored ACL of a resource owned by `owner` in a bucket owned by `bucketOwner`, its grantees resolved
    /// with `accountFor` (a canonical user id to its account, nil when no account has it).
    func resolve(owner: AccountID, bucketOwner: AccountID, accountFor: (String) -> AccountID?) throws -> AccessControlList {
        if let canned {
            guard let acl = AccessControlList.canned(canned, owner: owner, bucketOwner: bucketOwner) else {
                throw S3Error.invalidArgument("", name: "x-amz-acl", value: canned)
            }
            return acl
        }
        if let named = self.owner, accountFor(named) != owner {
            throw S3Error(code: "AccessDenied", message: "Access Denied", httpStatus: 403)
        }
        var acl = AccessControlList(owner: owner, grants: [])
        for (grantee, permission) in grants {
            let resolved: ACLGrantee
            switch grantee {
            case .canonicalUser(let id):
                guard let account = accountFor(id) else { throw S3Error.invalidArgument("Invalid id", name: "CanonicalUser/ID", value: id) }
                resolved = .account(account)
            case .group(let uri):
                guard let group = ACLGroup(rawValue: uri) else { throw S3Error.invalidArgument("Invalid group uri", name: "Group/URI", value: uri) }
                resolved = .group(group)
            case .email:
                throw S3Error(code: "UnresolvableGrantByEmailAddress", message: "The e-mail address you provided does not match any account on record.", httpStatus: 400)
            }
            let grant = ACLGrant(grantee: resolved, permission: permission)
            if !acl.grants.contains(grant) { acl.grants.append(grant) }
        }
        return acl
    }
}
