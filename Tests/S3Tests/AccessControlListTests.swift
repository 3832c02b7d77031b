@testable import S3
import SlipwayCore
import Testing

/// S3's ACL rules: what canned ACLs stand for, how grant headers and bodies are read, and how grants resolve.
@Suite struct AccessControlListTests {
    let owner = AccountID("111111111111")!
    let bucketOwner = AccountID("222222222222")!
    let other = AccountID("333333333333")!

    func accountFor(_ id: String) -> AccountID? {
        [owner, bucketOwner, other].first { CanonicalUser.id(of: $0) == id }
    }

    @Test func cannedACLsExpandAsS3DocumentsThem() throws {
        let publicRead = try #require(AccessControlList.canned("public-read", owner: owner, bucketOwner: bucketOwner))
        #expect(publicRead.grants == [ACLGrant(grantee: .account(owner), permission: .fullControl), ACLGrant(grantee: .group(.allUsers), permission: .read)])
        #expect(publicRead.isPublic && publicRead.grantsOthers)
        let handedOver = try #require(AccessControlList.canned("bucket-owner-full-control", owner: owner, bucketOwner: bucketOwner))
        #expect(handedOver.grants.last == ACLGrant(grantee: .account(bucketOwner), permission: .fullControl))
        #expect(!handedOver.isPublic)
        // Written by the bucket owner itself, bucket-owner-full-control is the private ACL.
        #expect(AccessControlList.canned("bucket-owner-full-control", owner: owner, bucketOwner: owner) == .private(owner))
        let logs = try #require(AccessControlList.canned("log-delivery-write", owner: owner, bucketOwner: owner))
        #expect(Set(logs.grants.filter { $0.grantee == .group(.logDelivery) }.map(\.permission)) == [.write, .readACP])
        #expect(AccessControlList.canned("public-read-write", owner: owner, bucketOwner: owner)?.grants.count == 3)
        #expect(AccessControlList.canned("everyone", owner: owner, bucketOwner: owner) == nil)
    }

    @Test func grantHeadersAreReadQuotedOrNotAndRefusedBesideACannedACL() throws {
        let id = CanonicalUser.id(of: other)
        let requested = try #require(try RequestedACL.fromHeaders([
            "x-amz-grant-read": "id=\"\(id)\", uri=http://acs.amazonaws.com/groups/global/AllUsers", "x-amz-grant-write-acp": "emailAddress=\"a@b.c\"",
        ]))
        #expect(requested.grants.map(\.grantee) == [.canonicalUser(id), .group(ACLGroup.allUsers.rawValue), .email("a@b.c")])
        #expect(requested.grants.map(\.permission) == [.read, .read, .writeACP])
        #expect(try RequestedACL.fromHeaders(["content-type": "text/plain"]) == nil)
        #expect(try RequestedACL.fromHeaders(["x-amz-acl": "private"])?.canned == "private")
        for bad in ["nobody", "id=", "colour=\"red\"", "id=\"a\",", "id=\"a\"b\""] {
            #expect(throws: S3Error.self) { try RequestedACL.fromHeaders(["x-amz-grant-read": bad]) }
        }
        do {
            _ = try RequestedACL.fromHeaders(["x-amz-acl": "private", "x-amz-grant-read": "id=\"\(id)\""])
            Issue.record("a canned ACL beside grant headers was accepted")
        } catch let error as S3Error {
            #expect(error.code == "InvalidRequest")
        }
    }

    @Test func grantsResolveToAccountsAndGroupsAndRefuseWhatNoAccountHas() throws {
        var requested = RequestedACL()
        requested.grants = [
            (.canonicalUser(CanonicalUser.id(of: other)), .read), (.canonicalUser(CanonicalUser.id(of: other)), .read),
            (.group(ACLGroup.authenticatedUsers.rawValue), .read),
        ]
        let acl = try requested.resolve(owner: owner, bucketOwner: bucketOwner, accountFor: accountFor)
        #expect(acl.owner == owner)
        #expect(acl.grants == [ACLGrant(grantee: .account(other), permission: .read), ACLGrant(grantee: .group(.authenticatedUsers), permission: .read)])
        #expect(acl.isPublic)
        func code(_ grant: (grantee: RequestedACL.Grantee, permission: ACLPermission), owner named: String? = nil) -> String? {
            var bad = RequestedACL(owner: named)
            bad.grants = [grant]
            do { _ = try bad.resolve(owner: owner, bucketOwner: owner, accountFor: accountFor); return nil } catch let error as S3Error { return error.code } catch { return "\(error)" }
        }
        #expect(code((.canonicalUser("0123"), .read)) == "InvalidArgument")
        #expect(code((.group("http://acs.amazonaws.com/groups/global/Nobody"), .read)) == "InvalidArgument")
        #expect(code((.email("a@b.c"), .read)) == "UnresolvableGrantByEmailAddress")
        #expect(code((.group(ACLGroup.allUsers.rawValue), .read), owner: CanonicalUser.id(of: other)) == "AccessDenied")
        #expect(code((.group(ACLGroup.allUsers.rawValue), .read), owner: CanonicalUser.id(of: owner)) == nil)
    }

    @Test func grantsBecomePolicyStatementsOverTheirResource() throws {
        var acl = AccessControlList.private(owner)
        acl.grants += [ACLGrant(grantee: .group(.allUsers), permission: .read), ACLGrant(grantee: .account(other), permission: .write)]
        let objectStatements = acl.statements(bucket: "b", key: "k", ignoringPublic: false)
        // WRITE means nothing on an object.
        #expect(objectStatements.count == 2)
        #expect(objectStatements.allSatisfy { $0["Resource"] as? String == "arn:aws:s3:::b/k" })
        #expect(acl.statements(bucket: "b", key: "k", ignoringPublic: true).count == 1)
        let bucketStatements = acl.statements(bucket: "b", key: nil, ignoringPublic: false)
        #expect(bucketStatements.count == 3)
        #expect(bucketStatements.contains { $0["Resource"] as? String == "arn:aws:s3:::b/*" && ($0["Action"] as? [String])?.contains("s3:PutObject") == true })
        let policy = try #require(AccessControlList.policy(id: "b ACL", statements: bucketStatements))
        #expect(policy.document.statements.count == 3)
        #expect(AccessControlList.policy(id: "none", statements: []) == nil)
    }
}
