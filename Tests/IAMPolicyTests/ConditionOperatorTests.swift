import Testing
import IAMPolicy

/// One condition block tried against one request context, for alice allowed `s3:GetObject` under it.
struct ConditionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let condition: String
    let context: ConditionContext
    let holds: Bool

    init(_ name: String, _ condition: String, _ context: ConditionContext = [:], holds: Bool) {
        self.name = name
        self.condition = condition
        self.context = context
        self.holds = holds
    }

    var testDescription: String { name }
}

private let stringCases: [ConditionCase] = [
    .init("StringEquals matches", #"{"StringEquals": {"s3:prefix": "home/"}}"#, ["s3:prefix": ["home/"]], holds: true),
    .init("StringEquals is case-sensitive", #"{"StringEquals": {"s3:prefix": "home/"}}"#, ["s3:prefix": ["HOME/"]], holds: false),
    .init("StringEquals with the key missing", #"{"StringEquals": {"s3:prefix": "home/"}}"#, holds: false),
    .init("StringEquals does not expand wildcards", #"{"StringEquals": {"s3:prefix": "home/*"}}"#, ["s3:prefix": ["home/a"]], holds: false),
    .init("StringNotEquals with another value", #"{"StringNotEquals": {"s3:prefix": "home/"}}"#, ["s3:prefix": ["tmp/"]], holds: true),
    .init("StringNotEquals with the value", #"{"StringNotEquals": {"s3:prefix": "home/"}}"#, ["s3:prefix": ["home/"]], holds: false),
    .init("StringNotEquals with the key missing", #"{"StringNotEquals": {"s3:prefix": "home/"}}"#, holds: true),
    .init("StringEqualsIgnoreCase", #"{"StringEqualsIgnoreCase": {"aws:RequestTag/env": "PROD"}}"#, ["aws:RequestTag/env": ["prod"]], holds: true),
    .init("StringNotEqualsIgnoreCase", #"{"StringNotEqualsIgnoreCase": {"aws:RequestTag/env": "PROD"}}"#, ["aws:RequestTag/env": ["prod"]], holds: false),
    .init("StringLike with *", #"{"StringLike": {"s3:prefix": "home/*"}}"#, ["s3:prefix": ["home/alice/x"]], holds: true),
    .init("StringLike with ?", #"{"StringLike": {"s3:prefix": "home/?"}}"#, ["s3:prefix": ["home/ab"]], holds: false),
    .init("StringLike is case-sensitive", #"{"StringLike": {"s3:prefix": "home/*"}}"#, ["s3:prefix": ["Home/a"]], holds: false),
    .init("StringNotLike with another value", #"{"StringNotLike": {"s3:prefix": "tmp*"}}"#, ["s3:prefix": ["home/"]], holds: true),
    .init("StringNotLike with the key missing", #"{"StringNotLike": {"s3:prefix": "tmp*"}}"#, holds: true),
    .init("values of one key are alternatives", #"{"StringEquals": {"s3:prefix": ["a", "b"]}}"#, ["s3:prefix": ["b"]], holds: true),
    .init("a negated operator's values all must miss", #"{"StringNotEquals": {"s3:prefix": ["a", "b"]}}"#, ["s3:prefix": ["b"]], holds: false),
    .init("keys of one operator must all hold", #"{"StringEquals": {"k:one": "a", "k:two": "b"}}"#, ["k:one": ["a"]], holds: false),
    .init("operators must all hold", #"{"StringEquals": {"k:one": "a"}, "StringLike": {"k:two": "b*"}}"#,
          ["k:one": ["a"], "k:two": ["bee"]], holds: true),
    .init("one failing operator fails the block", #"{"StringEquals": {"k:one": "a"}, "StringLike": {"k:two": "b*"}}"#,
          ["k:one": ["a"], "k:two": ["cat"]], holds: false),
    .init("condition keys ignore case", #"{"StringEquals": {"AWS:SourceVpc": "vpc-1"}}"#, ["aws:sourcevpc": ["vpc-1"]], holds: true),
    .init("principal tags are in the context", #"{"StringEquals": {"aws:PrincipalTag/team": "blue"}}"#, holds: true),
]

private let numericAndDateCases: [ConditionCase] = [
    .init("NumericLessThan below", #"{"NumericLessThan": {"s3:max-keys": "10"}}"#, ["s3:max-keys": ["5"]], holds: true),
    .init("NumericLessThan at", #"{"NumericLessThan": {"s3:max-keys": "10"}}"#, ["s3:max-keys": ["10"]], holds: false),
    .init("NumericLessThanEquals at", #"{"NumericLessThanEquals": {"s3:max-keys": "10"}}"#, ["s3:max-keys": ["10"]], holds: true),
    .init("NumericGreaterThan a decimal", #"{"NumericGreaterThan": {"s3:max-keys": "1.5"}}"#, ["s3:max-keys": ["2"]], holds: true),
    .init("NumericGreaterThanEquals below", #"{"NumericGreaterThanEquals": {"s3:max-keys": "2"}}"#, ["s3:max-keys": ["1"]], holds: false),
    .init("NumericEquals compares values", #"{"NumericEquals": {"s3:max-keys": "10"}}"#, ["s3:max-keys": ["10.0"]], holds: true),
    .init("NumericNotEquals", #"{"NumericNotEquals": {"s3:max-keys": "10"}}"#, ["s3:max-keys": ["11"]], holds: true),
    .init("NumericEquals with a non-number", #"{"NumericEquals": {"s3:max-keys": "10"}}"#, ["s3:max-keys": ["ten"]], holds: false),
    .init("a JSON number as the policy value", #"{"NumericLessThan": {"s3:max-keys": 100}}"#, ["s3:max-keys": ["50"]], holds: true),
    .init("DateGreaterThan", #"{"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}"#,
          ["aws:CurrentTime": ["2024-05-01T12:00:00Z"]], holds: true),
    .init("DateLessThan", #"{"DateLessThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}"#,
          ["aws:CurrentTime": ["2024-05-01T12:00:00Z"]], holds: false),
    .init("DateEquals across epoch and ISO 8601", #"{"DateEquals": {"aws:EpochTime": "1700000000"}}"#,
          ["aws:EpochTime": ["2023-11-14T22:13:20Z"]], holds: true),
    .init("DateLessThanEquals across time zones", #"{"DateLessThanEquals": {"aws:CurrentTime": "2024-01-01T02:00:00+02:00"}}"#,
          ["aws:CurrentTime": ["2024-01-01T00:00:00Z"]], holds: true),
    .init("DateGreaterThanEquals with a bare date", #"{"DateGreaterThanEquals": {"aws:CurrentTime": "2024-01-01"}}"#,
          ["aws:CurrentTime": ["2023-12-31T23:59:59Z"]], holds: false),
    .init("DateNotEquals", #"{"DateNotEquals": {"aws:CurrentTime": "2024-01-01T00:00:00Z"}}"#,
          ["aws:CurrentTime": ["2024-01-01T00:00:01Z"]], holds: true),
    .init("Date with fractional seconds", #"{"DateLessThan": {"aws:TokenIssueTime": "2024-01-01T00:00:00.500Z"}}"#,
          ["aws:TokenIssueTime": ["2024-01-01T00:00:00.250Z"]], holds: true),
]

private let otherFamilyCases: [ConditionCase] = [
    .init("Bool true", #"{"Bool": {"aws:SecureTransport": "true"}}"#, ["aws:SecureTransport": ["true"]], holds: true),
    .init("Bool false against true", #"{"Bool": {"aws:SecureTransport": "false"}}"#, ["aws:SecureTransport": ["true"]], holds: false),
    .init("Bool with the key missing", #"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#, holds: false),
    .init("Bool with a JSON boolean", #"{"Bool": {"aws:SecureTransport": true}}"#, ["aws:SecureTransport": ["TRUE"]], holds: true),
    .init("BinaryEquals", #"{"BinaryEquals": {"k:blob": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}"#,
          ["k:blob": ["QmluYXJ5VmFsdWVJbkJhc2U2NA=="]], holds: true),
    .init("BinaryEquals other bytes", #"{"BinaryEquals": {"k:blob": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}"#, ["k:blob": ["b3RoZXI="]], holds: false),
    .init("IpAddress in range", #"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#, ["aws:SourceIp": ["203.0.113.7"]], holds: true),
    .init("IpAddress out of range", #"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#, ["aws:SourceIp": ["198.51.100.1"]], holds: false),
    .init("IpAddress without a prefix is /32", #"{"IpAddress": {"aws:SourceIp": "203.0.113.7"}}"#, ["aws:SourceIp": ["203.0.113.8"]], holds: false),
    .init("IpAddress IPv6 in range", #"{"IpAddress": {"aws:SourceIp": "2001:DB8:1234:5678::/64"}}"#,
          ["aws:SourceIp": ["2001:db8:1234:5678::abcd"]], holds: true),
    .init("IpAddress IPv6 out of range", #"{"IpAddress": {"aws:SourceIp": "2001:DB8:1234:5678::/64"}}"#,
          ["aws:SourceIp": ["2001:db8:1234:5679::1"]], holds: false),
    .init("IpAddress mixes IPv4 and IPv6 ranges", #"{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8::/32"]}}"#,
          ["aws:SourceIp": ["2001:db8::1"]], holds: true),
    .init("NotIpAddress outside", #"{"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#, ["aws:SourceIp": ["203.0.113.1"]], holds: true),
    .init("NotIpAddress inside", #"{"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#, ["aws:SourceIp": ["10.1.2.3"]], holds: false),
    .init("NotIpAddress with the key missing", #"{"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#, holds: true),
    .init("ArnLike with wildcards per part", #"{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:topic-*"}}"#,
          ["aws:SourceArn": ["arn:aws:sns:us-east-1:111122223333:topic-a"]], holds: true),
    .init("ArnLike does not let * cross a colon", #"{"ArnLike": {"aws:SourceArn": "arn:aws:someservice:*:111122223333:finance/*"}}"#,
          ["aws:SourceArn": ["arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"]], holds: false),
    .init("StringLike lets * cross a colon", #"{"StringLike": {"aws:SourceArn": "arn:aws:someservice:*:111122223333:finance/*"}}"#,
          ["aws:SourceArn": ["arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"]], holds: true),
    .init("ArnEquals", #"{"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:alerts"}}"#,
          ["aws:SourceArn": ["arn:aws:sns:us-east-1:111122223333:alerts"]], holds: true),
    .init("ArnNotEquals another ARN", #"{"ArnNotEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:alerts"}}"#,
          ["aws:SourceArn": ["arn:aws:sns:us-east-1:111122223333:other"]], holds: true),
    .init("ArnNotLike a matching ARN", #"{"ArnNotLike": {"aws:SourceArn": "arn:aws:sns:*:*:alerts"}}"#,
          ["aws:SourceArn": ["arn:aws:sns:us-east-1:111122223333:alerts"]], holds: false),
    .init("ArnEquals with a variable", #"{"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/${aws:username}"}}"#, holds: true),
    .init("ArnLike with a non-ARN value", #"{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:*"}}"#, ["aws:SourceArn": ["alerts"]], holds: false),
    .init("Null true with the key missing", #"{"Null": {"aws:TokenIssueTime": "true"}}"#, holds: true),
    .init("Null true with the key present", #"{"Null": {"aws:TokenIssueTime": "true"}}"#, ["aws:TokenIssueTime": ["2024-01-01T00:00:00Z"]], holds: false),
    .init("Null false with the key present", #"{"Null": {"aws:TokenIssueTime": "false"}}"#, ["aws:TokenIssueTime": ["2024-01-01T00:00:00Z"]], holds: true),
    .init("Null false with the key missing", #"{"Null": {"aws:TokenIssueTime": "false"}}"#, holds: false),
]

private let existenceAndSetCases: [ConditionCase] = [
    .init("StringEqualsIfExists with the key missing", #"{"StringEqualsIfExists": {"ec2:InstanceType": "t2.micro"}}"#, holds: true),
    .init("StringEqualsIfExists with another value", #"{"StringEqualsIfExists": {"ec2:InstanceType": "t2.micro"}}"#,
          ["ec2:InstanceType": ["m5.large"]], holds: false),
    .init("StringLikeIfExists with a matching value", #"{"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*"]}}"#,
          ["ec2:InstanceType": ["t2.nano"]], holds: true),
    .init("StringNotEqualsIfExists with the key missing", #"{"StringNotEqualsIfExists": {"k:tag": "x"}}"#, holds: true),
    .init("NumericLessThanIfExists with the key missing", #"{"NumericLessThanIfExists": {"s3:max-keys": "10"}}"#, holds: true),
    .init("DateGreaterThanIfExists with an old date", #"{"DateGreaterThanIfExists": {"aws:TokenIssueTime": "2024-01-01T00:00:00Z"}}"#,
          ["aws:TokenIssueTime": ["2023-01-01T00:00:00Z"]], holds: false),
    .init("BoolIfExists with the key missing", #"{"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}"#, holds: true),
    .init("IpAddressIfExists with the key missing", #"{"IpAddressIfExists": {"aws:SourceIp": "10.0.0.0/8"}}"#, holds: true),
    .init("ArnLikeIfExists with the key missing", #"{"ArnLikeIfExists": {"aws:SourceArn": "arn:aws:sns:*:*:*"}}"#, holds: true),
    .init("BinaryEqualsIfExists with the key missing", #"{"BinaryEqualsIfExists": {"k:blob": "QQ=="}}"#, holds: true),
    .init("ForAnyValue with one common value", #"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["b", "c"]}}"#,
          ["aws:TagKeys": ["a", "b"]], holds: true),
    .init("ForAnyValue with no common value", #"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["b", "c"]}}"#,
          ["aws:TagKeys": ["a"]], holds: false),
    .init("ForAnyValue with the key missing", #"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["b", "c"]}}"#, holds: false),
    .init("ForAnyValue with an empty set", #"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["b", "c"]}}"#, ["aws:TagKeys": []], holds: false),
    .init("ForAnyValue IfExists with the key missing", #"{"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": "b"}}"#, holds: true),
    .init("ForAllValues within the set", #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b", "c"]}}"#,
          ["aws:TagKeys": ["a", "b"]], holds: true),
    .init("ForAllValues with one outside", #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b", "c"]}}"#,
          ["aws:TagKeys": ["a", "d"]], holds: false),
    .init("ForAllValues with the key missing", #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}"#, holds: true),
    .init("ForAllValues with wildcards", #"{"ForAllValues:StringLike": {"aws:TagKeys": "Created*"}}"#,
          ["aws:TagKeys": ["CreatedBy", "CreatedAt"]], holds: true),
    .init("ForAllValues negated: none in the set", #"{"ForAllValues:StringNotEquals": {"aws:TagKeys": ["a"]}}"#,
          ["aws:TagKeys": ["x", "y"]], holds: true),
    .init("ForAllValues negated: one in the set", #"{"ForAllValues:StringNotEquals": {"aws:TagKeys": ["a"]}}"#,
          ["aws:TagKeys": ["x", "a"]], holds: false),
    .init("ForAnyValue negated: one outside the set", #"{"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["a"]}}"#,
          ["aws:TagKeys": ["a", "x"]], holds: true),
    .init("ForAnyValue negated: all in the set", #"{"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["a"]}}"#,
          ["aws:TagKeys": ["a"]], holds: false),
    .init("ForAnyValue on numbers", #"{"ForAnyValue:NumericGreaterThan": {"k:sizes": "100"}}"#, ["k:sizes": ["5", "500"]], holds: true),
    .init("a plain operator on a multivalued key matches any value", #"{"StringEquals": {"aws:TagKeys": "b"}}"#,
          ["aws:TagKeys": ["a", "b"]], holds: true),
]

struct ConditionOperatorTests {
    private func outcome(_ row: ConditionCase) throws -> Decision.Outcome {
        let policy = try PolicyDocument.parse(Fixture.allow("s3:GetObject", condition: row.condition), kind: .identity)
        let request = AuthorizationRequest(
            principal: Fixture.alice, action: "s3:GetObject", resource: Fixture.object, context: row.context
        )
        return PolicyEvaluator.evaluate(request, policies: PolicySet(identity: [AttachedPolicy(id: "p", document: policy)])).outcome
    }

    @Test(arguments: stringCases)
    func stringOperators(_ row: ConditionCase) throws {
        #expect(try outcome(row) == (row.holds ? .allowed : .implicitDeny(.identity)))
    }

    @Test(arguments: numericAndDateCases)
    func numericAndDateOperators(_ row: ConditionCase) throws {
        #expect(try outcome(row) == (row.holds ? .allowed : .implicitDeny(.identity)))
    }

    @Test(arguments: otherFamilyCases)
    func boolBinaryIPArnAndNull(_ row: ConditionCase) throws {
        #expect(try outcome(row) == (row.holds ? .allowed : .implicitDeny(.identity)))
    }

    @Test(arguments: existenceAndSetCases)
    func ifExistsAndSetOperators(_ row: ConditionCase) throws {
        #expect(try outcome(row) == (row.holds ? .allowed : .implicitDeny(.identity)))
    }

    @Test(arguments: [
        ("StringEquals", "StringEquals"),
        ("ForAnyValue:StringLikeIfExists", "ForAnyValue:StringLikeIfExists"),
        ("ForAllValues:NumericLessThan", "ForAllValues:NumericLessThan"),
        ("Null", "Null"),
    ])
    func operatorNamesRoundTrip(_ name: String, _ expected: String) {
        #expect(ConditionOperator(name: name)?.description == expected)
    }

    @Test(arguments: ["NullIfExists", "stringequals", "ForSomeValues:StringEquals", "ForAnyValue::StringEquals", "StringEqual"])
    func unknownOperatorNames(_ name: String) {
        #expect(ConditionOperator(name: name) == nil)
    }
}
