import Foundation
import SlipwayCore
import Testing
@testable import Wire

/// One request decoded by a codec and checked against the value the client meant.
struct DecodeCase: Sendable, CustomTestStringConvertible {
    let name: String
    let check: @Sendable () throws -> Void

    var testDescription: String { name }

    /// botocore's request for `fixture` decodes to `expected`.
    static func fixture<T: Decodable & Equatable & Sendable>(
        _ name: String, _ codec: WireCodec, _ fixture: BotocoreRequest, as type: T.Type, _ expected: T
    ) -> DecodeCase {
        DecodeCase(name: name) {
            let decoded = try codec.decode(T.self, from: fixture.wireRequest)
            #expect(decoded == expected)
        }
    }
}

@Suite("Query protocol")
struct QueryProtocolTests {
    static let decodeTable: [DecodeCase] = [
        .fixture(
            "iam CreateUser: nested list of structs, escaped and non-ASCII values", Codecs.iam, BotocoreRequests.iamCreateUser,
            as: CreateUserInput.self,
            CreateUserInput(
                path: "/eng/", userName: "alice", permissionsBoundary: "arn:aws:iam::123456789012:policy/boundary",
                tags: [Tag(key: "team", value: "ml & data"), Tag(key: "\u{fc}-key", value: "1+1=2")]
            )
        ),
        .fixture(
            "iam ListUsers: integer", Codecs.iam, BotocoreRequests.iamListUsers, as: ListUsersInput.self,
            ListUsersInput(pathPrefix: "/eng/", marker: "abc", maxItems: 10)
        ),
        .fixture(
            "iam PutUserPolicy: JSON document in a form value", Codecs.iam, BotocoreRequests.iamPutUserPolicy,
            as: PutUserPolicyInput.self,
            PutUserPolicyInput(
                userName: "alice", policyName: "p",
                policyDocument: #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#
            )
        ),
        .fixture(
            "iam UpdateLoginProfile: boolean false", Codecs.iam, BotocoreRequests.iamUpdateLoginProfile,
            as: UpdateLoginProfileInput.self,
            UpdateLoginProfileInput(userName: "alice", password: nil, passwordResetRequired: false)
        ),
        .fixture(
            "sts AssumeRole: list of structs, list of strings, integer", Codecs.sts, BotocoreRequests.stsAssumeRole,
            as: AssumeRoleInput.self,
            AssumeRoleInput(
                roleArn: "arn:aws:iam::123456789012:role/launch", roleSessionName: "session-1",
                policyArns: [
                    PolicyDescriptor(arn: "arn:aws:iam::aws:policy/ReadOnlyAccess"), PolicyDescriptor(arn: "arn:aws:iam::aws:policy/B"),
                ],
                policy: nil, durationSeconds: 900, tags: [Tag(key: "project", value: "p1")], transitiveTagKeys: ["project"]
            )
        ),
        .fixture(
            "sns CreateTopic: map as entry.N.key/value", Codecs.sns, BotocoreRequests.snsCreateTopic, as: CreateTopicInput.self,
            CreateTopicInput(
                name: "events", attributes: ["DisplayName": "Events", "FifoTopic": "false"], tags: [Tag(key: "k", value: "v")]
            )
        ),
        .fixture(
            "rds DescribeEvents: ISO 8601 timestamps with and without fraction, named list members, enum",
            Codecs.rds, BotocoreRequests.rdsDescribeEvents, as: DescribeEventsInput.self,
            DescribeEventsInput(
                startTime: isoDate("2024-01-02T03:04:05Z"), endTime: isoDate("2024-01-02T04:04:05.250Z"),
                eventCategories: ["backup", "failover"], sourceType: .dbInstance
            )
        ),
        .fixture(
            "ses SendRawEmail: base64 blob with binary bytes", Codecs.ses, BotocoreRequests.sesSendRawEmail,
            as: SendRawEmailInput.self,
            SendRawEmailInput(
                rawMessage: RawMessage(data: Data("From: a@example.com\r\n\r\n".utf8) + Data([0x00, 0xFF])),
                destinations: ["b@example.com"]
            )
        ),
        .fixture(
            "cloudformation CreateStack: optional struct members, empty list sent as `Name=`", Codecs.cloudFormation,
            BotocoreRequests.cfnCreateStack, as: CreateStackInput.self,
            CreateStackInput(
                stackName: "s", templateBody: "Resources: {}\n",
                parameters: [
                    StackParameter(parameterKey: "Env", parameterValue: "dev", usePreviousValue: nil),
                    StackParameter(parameterKey: "Size", parameterValue: nil, usePreviousValue: true),
                ],
                capabilities: ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"], notificationARNs: [], timeoutInMinutes: 30
            )
        ),
        DecodeCase(name: "list members arrive unordered and sparse: ordered by N") { () throws in
            let request = WireRequest(body: Array(
                "Action=CreateUser&UserName=u&Tags.member.10.Key=c&Tags.member.10.Value=3&Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1".utf8
            ))
            let input = try Codecs.iam.decode(CreateUserInput.self, from: request)
            #expect(input.tags?.map(\.key) == ["a", "b", "c"])
        },
        DecodeCase(name: "URL query items merge with the form body") { () throws in
            let request = WireRequest(
                method: "POST", queryItems: [("Action", "ListUsers"), ("MaxItems", "5")],
                headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array("PathPrefix=%2Fa%2F".utf8)
            )
            #expect(try Codecs.iam.decode(ListUsersInput.self, from: request) == ListUsersInput(pathPrefix: "/a/", maxItems: 5))
        },
        DecodeCase(name: "GET with everything in the URL query") { () throws in
            let request = WireRequest(method: "GET", queryItems: [("Action", "ListUsers"), ("Version", "2010-05-08")])
            #expect(try Codecs.iam.decode(ListUsersInput.self, from: request) == ListUsersInput())
            #expect(Codecs.iam.operationName(of: request) == "ListUsers")
        },
        DecodeCase(name: "a body of another content type is not read as a form") { () throws in
            let request = WireRequest(headers: [("Content-Type", "application/json")], body: Array("UserName=x".utf8))
            #expect(throws: WireError.self) { try Codecs.iam.decode(PutUserPolicyInput.self, from: request) }
        },
        DecodeCase(name: "unknown members are ignored") { () throws in
            let request = WireRequest(body: Array("Action=ListUsers&Version=2010-05-08&Bogus.member.1=x&MaxItems=3".utf8))
            #expect(try Codecs.iam.decode(ListUsersInput.self, from: request).maxItems == 3)
        },
    ]

    @Test("decodes requests as botocore sends them", arguments: decodeTable)
    func decode(_ testCase: DecodeCase) throws {
        try testCase.check()
    }

    @Test("reads the operation from the form body or the URL")
    func operationName() {
        #expect(Codecs.iam.operationName(of: BotocoreRequests.iamCreateUser.wireRequest) == "CreateUser")
        #expect(Codecs.sts.operationName(of: BotocoreRequests.stsAssumeRole.wireRequest) == "AssumeRole")
        #expect(Codecs.iam.operationName(of: WireRequest(body: Array("Version=1&Action=Get%55ser".utf8))) == "GetUser")
        #expect(Codecs.iam.operationName(of: WireRequest(body: Array("Version=2010-05-08".utf8))) == nil)
        #expect(Codecs.iam.operationName(of: WireRequest(body: Array("XAction=GetUser".utf8))) == nil)
        #expect(Codecs.iam.operationName(of: WireRequest()) == nil)
    }

    @Test("a missing required member is IAM's ValidationError")
    func missingRequiredMember() {
        let request = WireRequest(body: Array("Action=PutUserPolicy&Version=2010-05-08&UserName=a&PolicyName=p".utf8))
        #expect(throws: WireError.validationError(
            "1 validation error detected: Value null at 'policyDocument' failed to satisfy constraint: Member must not be null"
        )) {
            try Codecs.iam.decode(PutUserPolicyInput.self, from: request)
        }
    }

    @Test("a missing member inside a list element names its path")
    func missingNestedMember() {
        let request = WireRequest(body: Array("UserName=u&Tags.member.1.Key=a".utf8))
        #expect(throws: WireError.validationError(
            "1 validation error detected: Value null at 'tags.1.value' failed to satisfy constraint: Member must not be null"
        )) {
            try Codecs.iam.decode(CreateUserInput.self, from: request)
        }
    }

    @Test("a value of the wrong type is a ValidationError")
    func wrongType() throws {
        let request = WireRequest(body: Array("Action=ListUsers&MaxItems=ten".utf8))
        let error = try #require(decodeError(ListUsersInput.self, Codecs.iam, request))
        #expect(error.code == "ValidationError")
        #expect(error.message.contains("'maxItems'"))
        #expect(error.httpStatus == 400)
    }

    @Test("unreadable form bodies are MalformedQueryString", arguments: [
        Array("Action=ListUsers&MaxItems=%zz".utf8), Array("Action=ListUsers&Marker=%".utf8), [0x41, 0x3D, 0xFF, 0xFE],
        Array("Action=ListUsers&Marker=%C3%28".utf8),
    ])
    func malformedForm(body: [UInt8]) {
        #expect(decodeError(ListUsersInput.self, Codecs.iam, WireRequest(body: body))?.code == "MalformedQueryString")
    }

    @Test("unknown and missing operations")
    func unknownOperation() throws {
        let unknown = try #require(Codecs.iam.unknownOperation("DescribeUnicorns") as? WireError)
        #expect(unknown == WireError(code: "InvalidAction", message: "Could not find operation DescribeUnicorns for version 2010-05-08"))
        let missing = try #require(Codecs.sts.unknownOperation(nil) as? WireError)
        #expect(missing.code == "MissingAction")
        let response = Codecs.iam.encodeError(unknown, requestID: "r")
        #expect(response.status == 400)
        #expect(response.text.contains("<Type>Sender</Type><Code>InvalidAction</Code>"))
    }

    @Test("error extra fields follow the message")
    func errorExtraFields() {
        let error = AWSError(code: "LimitExceeded", message: "too many", httpStatus: 409, extraFields: [("Limit", "5")])
        let response = Codecs.iam.encodeError(error, requestID: "rid")
        #expect(response.status == 409)
        #expect(response.text == """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>\
            <Code>LimitExceeded</Code><Message>too many</Message><Limit>5</Limit></Error>\
            <RequestId>rid</RequestId></ErrorResponse>
            """)
    }

    @Test("text and attribute escaping")
    func escaping() throws {
        let user = IAMUser(
            path: "/", userName: "a<b>&\"c\"\r\n\td", userId: "\u{1}", arn: "\u{1F600}", createDate: Date(timeIntervalSince1970: 0)
        )
        let response = try Codecs.iam.encode(CreateUserOutput(user: user), operation: "CreateUser", requestID: "r")
        #expect(response.text.contains("<UserName>a&lt;b&gt;&amp;\"c\"&#xD;\n\td</UserName><UserId>&#x1;</UserId><Arn>\u{1F600}</Arn>"))
        #expect(response.text.contains("<CreateDate>1970-01-01T00:00:00Z</CreateDate>"))
    }
}

