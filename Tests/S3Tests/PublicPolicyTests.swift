import IAMPolicy
@testable import S3
import Testing

@Suite("What S3 calls a public bucket policy")
struct PublicPolicyTests {
    static func policy(_ statement: String) -> PolicyDocument {
        // A valid literal: every case below is a well-formed bucket policy.
        try! PolicyDocument.parse(#"{"Version": "2012-10-17", "Statement": [\#(statement)]}"#, kind: .resource)
    }

    static let object = #""Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*""#

    @Test(arguments: [
        (#"{"Effect": "Allow", "Principal": "*", \#(object)}"#, "everyone"),
        (#"{"Effect": "Allow", "Principal": {"AWS": "*"}, \#(object)}"#, "every AWS principal"),
        (#"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111111111111:root"}, \#(object)}"#, "everyone but one"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}}"#, "every address"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "0.0.0.0/1"]}}}"#, "a range broader than /8"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"IpAddress": {"aws:SourceIp": "2001:db8::/16"}}}"#, "an IPv6 range broader than /32"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}}"#, "NotIpAddress"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"StringEqualsIfExists": {"aws:SourceAccount": "111111111111"}}}"#, "IfExists"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"StringNotEquals": {"aws:SourceAccount": "111111111111"}}}"#, "a negated operator"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"ForAllValues:StringEquals": {"aws:SourceVpce": "vpce-1"}}}"#, "ForAllValues on a key that may be absent"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"StringLike": {"aws:userid": "AROAEXAMPLE:*"}}}"#, "a wildcard aws:userid"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"StringEquals": {"aws:SourceArn": "${aws:username}"}}}"#, "a policy variable"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"StringEquals": {"s3:prefix": "home/"}}}"#, "a key that does not narrow the caller"),
        (#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Allow", "Principal": "*", \#(object)}"#, "one public Allow among others"),
    ])
    func publicPolicies(statement: String, why: String) {
        #expect(PublicPolicy.isPublic(Self.policy(statement)), "\(why)")
    }

    @Test(arguments: [
        (#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, \#(object)}"#, "a fixed account"),
        (#"{"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, \#(object)}"#, "a service principal"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"IpAddress": {"aws:SourceIp": ["192.0.2.0/24", "10.0.0.0/8"]}}}"#, "narrow ranges"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"StringEquals": {"aws:SourceAccount": "111111111111"}}}"#, "a fixed source account"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111111111111:trail/t"}}}"#, "a fixed source ARN"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}"#, "a fixed organization"),
        (#"{"Effect": "Allow", "Principal": "*", \#(object), "Condition": {"StringEquals": {"aws:userid": "AIDAEXAMPLE"}}}"#, "a fixed user id"),
        (#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}"#, "a Deny only"),
    ])
    func nonPublicPolicies(statement: String, why: String) {
        #expect(!PublicPolicy.isPublic(Self.policy(statement)), "\(why)")
    }
}
