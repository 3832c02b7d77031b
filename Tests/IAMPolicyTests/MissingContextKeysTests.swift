import IAMPolicy
import Testing

@Suite("Context keys a simulation was not given")
struct MissingContextKeysTests {
    @Test func keysOfApplicableStatementsThatTheContextLacks() throws {
        let document = try PolicyDocument.parse(#"""
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::home/${aws:username}/${s3:prefix, 'x'}/*",
               "Condition": {"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}, "StringEquals": {"aws:RequestTag/team": "${aws:PrincipalTag/team}"}}},
              {"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}},
              {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::lit/${*}", "Condition": {"IpAddress": {"AWS:SOURCEIP": "10.0.0.0/8"}}}
            ]}
            """#, kind: .identity)
        let principal = PrincipalContext(kind: .user, arn: "arn:aws:iam::111122223333:user/alice", account: "111122223333", userID: "AIDA", username: "alice", tags: [:])
        let request = AuthorizationRequest(principal: principal, action: "s3:GetObject", resource: "arn:aws:s3:::home/alice/x/a", context: ["aws:RequestTag/team": ["red"]])
        let missing = MissingContextKeys.of(request, policies: PolicySet(identity: [AttachedPolicy(id: "p", document: document)], resource: nil, sessionPolicies: nil, permissionsBoundary: nil))
        // aws:username comes with the principal; the iam:* statement does not apply; keys are reported once, whatever their case.
        #expect(missing.sorted() == ["aws:PrincipalTag/team", "aws:SourceIp", "s3:prefix"])
    }
}
