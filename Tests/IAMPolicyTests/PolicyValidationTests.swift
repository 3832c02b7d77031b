import Foundation
import Testing
import IAMPolicy

/// A document that must be refused, under one grammar, with AWS's exact message.
struct InvalidDocumentCase: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let kind: PolicyKind
    let message: String

    init(_ name: String, _ text: String, _ kind: PolicyKind, _ message: String) {
        self.name = name
        self.text = text
        self.kind = kind
        self.message = message
    }

    init(_ name: String, _ text: String, _ message: String) {
        self.init(name, text, .identity, message)
    }

    var testDescription: String { name }
}

private typealias F = Fixture

private let ok = F.statement(action: #""s3:ListBucket""#, resource: #""arn:aws:s3:::example_bucket""#)
private let okTrust = F.statement(action: #""sts:AssumeRole""#, resource: nil, principal: F.aws("111122223333"))
private let okResource = F.statement(action: #""s3:GetObject""#, resource: #""arn:aws:s3:::example_bucket/*""#, principal: #""*""#)

private let syntaxCases: [InvalidDocumentCase] = [
    .init("not JSON", "This is not a json document", "Syntax errors in policy."),
    .init("not JSON, trust", "This is not a json document", .trust, "This policy contains invalid Json"),
    .init("not JSON, resource", "{\"Version\": ", .resource, "This policy contains invalid Json"),
    .init("not an object", "[]", "Syntax errors in policy."),
    .init("a repeated top-level key", #"{"Version": "2012-10-17", "Statement": \#(ok), "Statement": \#(okResource)}"#, "Syntax errors in policy."),
    .init("a repeated statement key", #"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Effect": "Allow"}}"#, "Syntax errors in policy."),
    .init("a repeated key spelled with an escape", #"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Eff\u0065ct": "Allow"}}"#, "Syntax errors in policy."),
    .init("a repeated condition key", #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": "a", "aws:username": "b"}}}}"#, "Syntax errors in policy."),
    .init("a repeated key, trust", #"{"Version": "2012-10-17", "Statement": [\#(okTrust)], "Version": "2012-10-17"}"#, .trust, "This policy contains invalid Json"),
    .init("unknown version", #"{"Version": "2013-10-17", "Statement": \#(ok)}"#, "Policy document must be version 2012-10-17 or greater."),
    .init("unknown version, trust", #"{"Version": "1.0", "Statement": \#(okTrust)}"#, .trust, "The policy must contain a valid version string"),
    .init("version not a string", #"{"Version": 2012, "Statement": \#(ok)}"#, "Syntax errors in policy."),
    .init("unknown top-level field", #"{"Version": "2012-10-17", "Statement": \#(ok), "Extra field": "value"}"#, "Syntax errors in policy."),
    .init("unknown top-level field, resource", #"{"Version": "2012-10-17", "Statement": \#(okResource), "Extra": 1}"#, .resource,
          "Invalid policy syntax."),
    .init("unknown statement field",
          #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Extra field": "value"}}"#,
          "Syntax errors in policy."),
    .init("Id not a string", #"{"Version": "2012-10-17", "Id": ["x"], "Statement": \#(ok)}"#, "Syntax errors in policy."),
    .init("no Statement", #"{"Version": "2012-10-17"}"#, "Syntax errors in policy."),
    .init("no Statement, resource", #"{"Version": "2012-10-17"}"#, .resource, "Missing required field Statement"),
    .init("empty Statement", #"{"Version": "2012-10-17", "Statement": []}"#, "Syntax errors in policy."),
    .init("empty Statement, trust", #"{"Version": "2012-10-17", "Statement": []}"#, .trust, "Could not parse the policy: Statement is empty!"),
    .init("statement not an object", #"{"Version": "2012-10-17", "Statement": ["afd"]}"#, "Syntax errors in policy."),
    .init("no Effect", #"{"Version": "2012-10-17", "Statement": {"Action": "s3:ListBucket", "Resource": "*"}}"#, "Syntax errors in policy."),
    .init("no Effect, resource", #"{"Version": "2012-10-17", "Statement": {"Principal": "*", "Action": "s3:GetObject", "Resource": "*"}}"#,
          .resource, "Missing required field Effect"),
    .init("no Effect, trust", #"{"Version": "2012-10-17", "Statement": {"Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}}"#,
          .trust, "Missing required field Effect"),
    .init("unknown Effect", #"{"Version": "2012-10-17", "Statement": {"Effect": "invalid", "Action": "s3:ListBucket", "Resource": "*"}}"#,
          "Syntax errors in policy."),
    .init("miscased Effect", #"{"Version": "2012-10-17", "Statement": {"Effect": "denY", "Action": "s3:ListBucket", "Resource": "*"}}"#,
          "The policy failed legacy parsing"),
    .init("miscased Effect, resource",
          #"{"Version": "2012-10-17", "Statement": {"Effect": "allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}}"#,
          .resource, "Invalid effect: allow"),
    .init("Action and NotAction",
          #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:dsf", "NotAction": "s3:ListBucket", "Resource": "*"}}"#,
          "Syntax errors in policy."),
    .init("Resource and NotResource",
          #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "NotResource": "*"}}"#,
          "Syntax errors in policy."),
    .init("Resource not a string", #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": {"a": "b"}}}"#,
          "Syntax errors in policy."),
    .init("Condition not an object",
          #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": []}}"#,
          "Syntax errors in policy."),
    .init("Condition operator body not an object",
          #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"DateGreaterThan": "b"}}}"#,
          "Syntax errors in policy."),
]

private let elementCases: [InvalidDocumentCase] = [
    .init("Principal in an identity policy", F.document(F.statement(principal: #""*""#)), "Policy document should not specify a principal."),
    .init("NotPrincipal in an identity policy", F.document(F.statement(principal: F.aws("111122223333"), principalKey: "NotPrincipal")),
          "Policy document should not specify a principal."),
    .init("no Principal in a resource policy", F.document(F.statement()), .resource, "Missing required field Principal"),
    .init("no Principal in a trust policy", F.document(F.statement(action: #""sts:AssumeRole""#, resource: nil)), .trust,
          "Missing required field Principal"),
    .init("Principal * in a trust policy", F.trust(#""*""#), .trust, "Principal must be a JSON object."),
    .init("unknown principal type", F.document(F.statement(principal: #"{"Team": "x"}"#)), .resource, "Invalid principal in policy"),
    .init("malformed AWS principal", F.document(F.statement(principal: F.aws("alice"))), .resource, "Invalid principal in policy"),
    .init("no Action", F.document(F.statement(action: "null").replacingOccurrences(of: #""Action": null, "#, with: "")),
          "Policy statement must contain actions."),
    .init("empty Action", F.document(F.statement(action: "[]")), "Policy statement must contain actions."),
    .init("no Action, resource", F.document(F.statement(principal: #""*""#).replacingOccurrences(of: #""Action": "*", "#, with: "")),
          .resource, "Missing required field Action"),
    .init("no Resource", F.document(F.statement(resource: nil)), "Policy statement must contain resources."),
    .init("empty Resource", F.document(F.statement(resource: "[]")), "Policy statement must contain resources."),
    .init("Resource in a trust policy", F.document(F.statement(action: #""sts:AssumeRole""#, principal: F.aws("111122223333"))), .trust,
          "Has prohibited field Resource"),
    .init("non-STS action in a trust policy", F.trust(F.aws("111122223333"), action: "s3:GetObject"), .trust,
          "AssumeRole policy may only specify STS AssumeRole actions."),
    .init("STS action that starts no session", F.trust(F.aws("111122223333"), action: "sts:GetCallerIdentity"), .trust,
          "AssumeRole policy may only specify STS AssumeRole actions."),
    .init("action without a vendor", F.document(F.statement(action: #""invalid""#)),
          "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
    .init("empty NotAction", F.document(F.statement(action: #""""#, actionKey: "NotAction")),
          "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
    .init("action with two colons", F.document(F.statement(action: #""s3:List:Bucket""#)), "Actions/Condition can contain only one colon."),
    .init("vendor with a space", F.document(F.statement(action: #""a a:ListBucket""#)), "Vendor a a is not valid"),
    .init("condition key without a vendor", F.allow("s3:*", condition: #"{"StringEquals": {"prefix": "x"}}"#),
          "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
    .init("resource not an ARN", F.allow("s3:ListBucket", on: "invalid resource"), #"Resource invalid resource must be in ARN format or "*"."#),
    .init("empty resource", F.allow("s3:ListBucket", on: ""), #"Resource  must be in ARN format or "*"."#),
    .init("resource without arn: prefix", F.allow("s3:ListBucket", on: "aws:s3:::example_bucket"),
          #"Partition "s3" is not valid for resource "arn:s3:::example_bucket:*"."#),
    .init("unknown partition", F.allow("s3:ListBucket", on: "arn:error:s3:::example_bucket"),
          #"Partition "error" is not valid for resource "arn:error:s3:::example_bucket"."#),
    .init("ARN without a service", F.allow("s3:ListBucket", on: "arn:aws"), "Resource vendor must be fully qualified and cannot contain regexes."),
    .init("IAM resource with a region", F.allow("iam:GetUser", on: "arn:aws:iam:us-east-1::user/x"),
          "IAM resource arn:aws:iam:us-east-1::user/x cannot contain region information."),
    .init("S3 resource with a region", F.allow("s3:ListBucket", on: "arn:aws:s3:us-east-1::example_bucket"),
          "Resource arn:aws:s3:us-east-1::example_bucket can not contain region information."),
    .init("IAM resource of no known type", F.allow("iam:GetUser", on: "arn:aws:iam:::example_bucket"),
          #"IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/."#),
    .init("ARN short of its parts", F.allow("s3:ListBucket", on: "arn:aws:s3::example_bucket"), "The policy failed legacy parsing"),
    .init("unknown condition operator", F.allow("s3:*", condition: #"{"StringEqualz": {"s3:prefix": "x"}}"#), "Syntax errors in policy."),
    .init("unknown condition operator, resource",
          F.grant(#""*""#, "s3:GetObject", on: "arn:aws:s3:::b/*", condition: #"{"StringEqualz": {"s3:prefix": "x"}}"#), .resource,
          "Invalid Condition type : StringEqualz"),
    .init("Null takes no IfExists", F.allow("s3:*", condition: #"{"NullIfExists": {"s3:prefix": "true"}}"#), "Syntax errors in policy."),
    .init("date that is not a date", F.allow("s3:*", condition: #"{"DateGreaterThan": {"aws:CurrentTime": "sdfdsf"}}"#),
          "The policy failed legacy parsing"),
    .init("Sid with a dash", F.document(F.statement(sid: "my-sid")),
          "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"),
    .init("Sid with a space, trust", F.document(F.statement(action: #""sts:AssumeRole""#, resource: nil, principal: F.aws("111122223333"), sid: "Trust me")),
          .trust, "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"),
    .init("duplicate Sids", F.document(F.statement(sid: "One"), F.statement("Deny", sid: "One")),
          "Statement IDs (SID) in a single policy must be unique."),
    .init("duplicate Sids, trust",
          F.document(F.statement(action: #""sts:AssumeRole""#, resource: nil, principal: F.aws("111122223333"), sid: "A"),
                     F.statement(action: #""sts:TagSession""#, resource: nil, principal: F.aws("111122223333"), sid: "A")),
          .trust, "The Statement Ids in the policy are not unique"),
]

struct PolicyValidationTests {
    @Test(arguments: syntaxCases)
    func syntaxFaults(_ row: InvalidDocumentCase) {
        #expect(throws: PolicyError(message: row.message)) { try PolicyDocument.parse(row.text, kind: row.kind) }
    }

    @Test(arguments: elementCases)
    func elementFaults(_ row: InvalidDocumentCase) {
        #expect(throws: PolicyError(message: row.message)) { try PolicyDocument.parse(row.text, kind: row.kind) }
    }

    @Test
    func errorIsMalformedPolicyDocument() {
        do {
            _ = try PolicyDocument.parse("{", kind: .identity)
            Issue.record("parsed")
        } catch {
            #expect(error.code == "MalformedPolicyDocument")
            #expect(error.httpStatus == 400)
            #expect(error.senderFault)
        }
    }

    @Test
    func identityDocumentParts() throws {
        let text = #"""
        {"Version": "2012-10-17", "Id": "doc-1", "Statement": [
          {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::b/*",
           "Condition": {"ForAnyValue:StringLikeIfExists": {"s3:prefix": ["a/*", 7, true]}, "Bool": {"aws:SecureTransport": false}}},
          {"Effect": "Deny", "NotAction": "iam:*", "NotResource": ["arn:aws:iam::*:user/*"]}
        ]}
        """#
        let document = try PolicyDocument.parse(text, kind: .identity)
        #expect(document.version == "2012-10-17")
        #expect(document.id == "doc-1")
        #expect(document.kind == .identity)
        #expect(document.statements.count == 2)
        let read = document.statements[0]
        #expect(read.sid == "Read")
        #expect(read.effect == .allow)
        #expect(read.action == ["s3:GetObject", "s3:ListBucket"])
        #expect(read.resource == ["arn:aws:s3:::b/*"])
        #expect(read.conditions == [
            ConditionClause(condition: ConditionOperator(.bool), key: "aws:SecureTransport", values: ["false"]),
            ConditionClause(
                condition: ConditionOperator(.stringLike, qualifier: .forAnyValue, ifExists: true),
                key: "s3:prefix", values: ["a/*", "7", "true"]
            ),
        ])
        let deny = document.statements[1]
        #expect(deny.effect == .deny)
        #expect(deny.action == nil)
        #expect(deny.notAction == ["iam:*"])
        #expect(deny.notResource == ["arn:aws:iam::*:user/*"])
    }

    @Test
    func conditionNumbersKeepTheirText() throws {
        let document = try PolicyDocument.parse(
            F.allow("s3:*", condition: #"{"NumericEquals": {"k:a": 1, "k:b": 10.5, "k:c": [0, 123456789012]}, "Bool": {"k:d": true}}"#),
            kind: .identity
        )
        let values = Dictionary(uniqueKeysWithValues: document.statements[0].conditions.map { ($0.key, $0.values) })
        #expect(values == ["k:a": ["1"], "k:b": ["10.5"], "k:c": ["0", "123456789012"], "k:d": ["true"]])
    }

    @Test
    func resourceDocumentPrincipals() throws {
        let text = #"""
        {"Version": "2008-10-17", "Statement": [
          {"Sid": "Public read, with spaces", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
          {"Effect": "Allow", "Principal": {"AWS": ["111122223333", "arn:aws:iam::444455556666:role/R"], "Service": "logs.amazonaws.com",
           "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}, "Action": "s3:PutObject",
           "Resource": "arn:aws:s3:::b/logs/*"},
          {"Effect": "Deny", "NotPrincipal": {"AWS": "*"}, "Action": "s3:*"}
        ]}
        """#
        let document = try PolicyDocument.parse(text, kind: .resource)
        #expect(document.substitutesVariables == false)
        #expect(document.statements[0].principal == .anyone)
        #expect(document.statements[1].principal == PrincipalSet(
            aws: ["111122223333", "arn:aws:iam::444455556666:role/R"], service: ["logs.amazonaws.com"],
            canonicalUser: ["79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"]
        ))
        #expect(document.statements[2].notPrincipal?.includesEveryone == true)
        #expect(document.statements[2].resource == nil)
    }

    @Test
    func trustDocumentWithSessionActions() throws {
        let text = F.document(
            F.statement(action: #"["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]"#, resource: nil,
                        principal: #"{"Federated": "arn:aws:iam::111122223333:saml-provider/Okta"}"#),
            F.statement(action: #""sts:AssumeRole*""#, resource: nil, principal: #"{"Service": "ec2.amazonaws.com"}"#)
        )
        let document = try PolicyDocument.parse(text, kind: .trust)
        #expect(document.kind == .trust)
        #expect(document.statements[0].principal?.federated == ["arn:aws:iam::111122223333:saml-provider/Okta"])
        #expect(document.statements[1].action == ["sts:AssumeRole*"])
    }

    @Test(arguments: [
        F.document(ok, version: nil),
        F.document(ok, version: "2008-10-17"),
        #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": ["arn:aws:s3:::example_bucket", "*"]}}"#,
        F.allow("service-prefix:action-name", on: "arn:aws:invalid-service:us-east-1::example_bucket"),
        F.allow("iam:GetUser", on: "arn:aws:iam:::user/example"),
        F.allow("s3:ListBucket", on: "arn:aws:fdsasf"),
        F.allow("s3:*", condition: "{}"),
        F.allow("s3:*", condition: #"{"NotAnOperator": {}}"#),
        F.allow("s3:*", condition: #"{"DateGreaterThan": {"aws:CurrentTime": ["2017-07-01T00:00:00Z", "1700000000"]}}"#),
        F.document(F.statement(sid: ""), F.statement(sid: "")),
    ])
    func acceptedIdentityDocuments(_ text: String) throws {
        let document = try PolicyDocument.parse(text, kind: .identity)
        #expect(!document.statements.isEmpty)
    }
}
