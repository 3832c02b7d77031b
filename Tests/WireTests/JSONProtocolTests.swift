import Foundation
import SlipwayCore
import Testing
@testable import Wire

@Suite("JSON 1.0 / 1.1 protocol")
struct JSONProtocolTests {
    static let decodeTable: [DecodeCase] = [
        .fixture(
            "sagemaker CreateDomain: nested structs and lists", Codecs.sageMaker, BotocoreRequests.sageMakerCreateDomain,
            as: CreateDomainInput.self,
            CreateDomainInput(
                domainName: "studio", authMode: "IAM",
                defaultUserSettings: UserSettings(executionRole: "arn:aws:iam::123456789012:role/exec", securityGroups: ["sg-1"]),
                subnetIds: ["subnet-1", "subnet-2"], vpcId: "vpc-1",
                tags: [Tag(key: "sagemaker:projectS3TemplatesLocation", value: "s3://b/p/")]
            )
        ),
        .fixture(
            "sagemaker ListProjects: epoch-seconds timestamp, integer", Codecs.sageMaker, BotocoreRequests.sageMakerListProjects,
            as: ListProjectsInput.self,
            ListProjectsInput(
                creationTimeAfter: Date(timeIntervalSince1970: 1_577_934_245), maxResults: 50, sortBy: "CreationTime",
                sortOrder: "Descending"
            )
        ),
        .fixture(
            "sagemaker CreateModel: map, boolean", Codecs.sageMaker, BotocoreRequests.sageMakerCreateModel, as: CreateModelInput.self,
            CreateModelInput(
                modelName: "m", primaryContainer: ContainerDefinition(image: "123.dkr.ecr/img:1", environment: ["A": "1", "B": "x y"]),
                executionRoleArn: "arn:aws:iam::123456789012:role/exec", enableNetworkIsolation: true
            )
        ),
        .fixture(
            "secretsmanager CreateSecret: base64 blob", Codecs.secretsManager, BotocoreRequests.secretsCreateSecret,
            as: CreateSecretInput.self,
            CreateSecretInput(
                name: "db", clientRequestToken: "11111111-2222-3333-4444-555555555555",
                secretBinary: Data([0x00, 0x01]) + Data("secret".utf8) + Data([0xFF]), secretString: nil,
                tags: [Tag(key: "k", value: "v")]
            )
        ),
        .fixture(
            "events PutRule: JSON text inside a string", Codecs.events, BotocoreRequests.eventsPutRule, as: PutRuleInput.self,
            PutRuleInput(
                name: "approved",
                eventPattern: #"{"source": ["aws.sagemaker"], "detail-type": ["SageMaker Model Package State Change"]}"#,
                state: "ENABLED"
            )
        ),
        .fixture(
            "sqs SendMessage (JSON 1.0): \\u escapes, map of structs with blobs", Codecs.sqs, BotocoreRequests.sqsSendMessage,
            as: SendMessageInput.self,
            SendMessageInput(
                queueUrl: "http://localhost/000000000000/q", messageBody: "h\u{e9}llo", delaySeconds: 5,
                messageAttributes: [
                    "n": MessageAttributeValue(dataType: "Number", stringValue: "1", binaryValue: nil),
                    "b": MessageAttributeValue(dataType: "Binary", stringValue: nil, binaryValue: Data([1, 2])),
                ]
            )
        ),
        DecodeCase(name: "an empty body is an empty object") { () throws in
            let request = WireRequest(headers: [("X-Amz-Target", "SageMaker.ListProjects")])
            #expect(try Codecs.sageMaker.decode(ListProjectsInput.self, from: request) == ListProjectsInput())
        },
        DecodeCase(name: "fractional epoch seconds, ISO 8601 strings and large integers") { () throws in
            let body = #"{"CreationTimeAfter": 1577934245.123, "CreationTimeBefore": "2020-01-02T03:04:05Z", "MaxResults": 9.0e0}"#
            let input = try Codecs.sageMaker.decode(ListProjectsInput.self, from: WireRequest(body: Array(body.utf8)))
            #expect(abs((input.creationTimeAfter?.timeIntervalSince1970 ?? 0) - 1_577_934_245.123) < 1e-6)
            #expect(input.creationTimeBefore == isoDate("2020-01-02T03:04:05Z"))
            #expect(input.maxResults == 9)
        },
        DecodeCase(name: "documents decode into JSONValue") { () throws in
            let body = #"{"Detail": {"a": [1, 2.5, true, null, "x"], "b": {"c": -3}}, "Extra": [false, {}]}"#
            let input = try Codecs.events.decode(PutEventsEntryWithDocument.self, from: WireRequest(body: Array(body.utf8)))
            #expect(input.detail == .object([
                "a": .array([.number(1), .number(2.5), .bool(true), .null, .string("x")]), "b": .object(["c": .number(-3)]),
            ]))
            #expect(input.extra == [.bool(false), .object([:])])
        },
        DecodeCase(name: "null for an optional member is absent") { () throws in
            let body = #"{"DomainArn": null, "Url": "u"}"#
            let output = try Codecs.sageMaker.decode(CreateDomainOutput.self, from: WireRequest(body: Array(body.utf8)))
            #expect(output == CreateDomainOutput(domainArn: nil, domainId: nil, url: "u"))
        },
    ]

    @Test("decodes requests as botocore sends them", arguments: decodeTable)
    func decode(_ testCase: DecodeCase) throws {
        try testCase.check()
    }

    @Test("reads the operation from X-Amz-Target")
    func operationName() {
        #expect(Codecs.sageMaker.operationName(of: BotocoreRequests.sageMakerCreateDomain.wireRequest) == "CreateDomain")
        #expect(Codecs.events.operationName(of: BotocoreRequests.eventsPutRule.wireRequest) == "PutRule")
        #expect(Codecs.sqs.operationName(of: BotocoreRequests.sqsSendMessage.wireRequest) == "SendMessage")
        #expect(Codecs.sageMaker.operationName(of: WireRequest(headers: [("x-amz-target", "SageMaker.ListProjects")])) == "ListProjects")
        #expect(Codecs.sageMaker.operationName(of: WireRequest(headers: [("X-Amz-Target", "AWSEvents.PutRule")])) == nil)
        #expect(Codecs.sageMaker.operationName(of: WireRequest(headers: [("X-Amz-Target", "SageMaker.")])) == nil)
        #expect(Codecs.sageMaker.operationName(of: WireRequest(headers: [("X-Amz-Target", "SageMaker")])) == nil)
        #expect(Codecs.sageMaker.operationName(of: WireRequest()) == nil)
    }

    @Test("a missing required member is ValidationException")
    func missingRequiredMember() {
        let request = WireRequest(body: Array(#"{"DomainName": "d", "AuthMode": "IAM", "SubnetIds": [], "VpcId": "v"}"#.utf8))
        #expect(decodeError(CreateDomainInput.self, Codecs.sageMaker, request) == WireError.validationException(
            "1 validation error detected: Value null at 'defaultUserSettings' failed to satisfy constraint: Member must not be null"
        ))
        let nullRequired = WireRequest(body: Array(#"{"Name": null}"#.utf8))
        #expect(decodeError(PutRuleInput.self, Codecs.events, nullRequired)?.code == "ValidationException")
    }

    @Test("wrong JSON types are SerializationException", arguments: [
        #"{"Name": 5}"#, #"{"Name": "n", "State": ["a"]}"#, #"{"Name": {"a": 1}}"#, #"["Name"]"#, #""Name""#, "3",
    ])
    func wrongTypes(body: String) {
        #expect(decodeError(PutRuleInput.self, Codecs.events, WireRequest(body: Array(body.utf8)))?.code == "SerializationException")
    }

    @Test("strings are not numbers and numbers are not strings in JSON")
    func strictScalars() {
        let stringForInt = WireRequest(body: Array(#"{"MaxResults": "5"}"#.utf8))
        #expect(decodeError(ListProjectsInput.self, Codecs.sageMaker, stringForInt)?.code == "SerializationException")
        let fraction = WireRequest(body: Array(#"{"MaxResults": 5.5}"#.utf8))
        #expect(decodeError(ListProjectsInput.self, Codecs.sageMaker, fraction)?.code == "SerializationException")
        let overflow = WireRequest(body: Array(#"{"MaxResults": 99999999999999999999999}"#.utf8))
        #expect(decodeError(ListProjectsInput.self, Codecs.sageMaker, overflow)?.code == "SerializationException")
        let badBase64 = WireRequest(body: Array(#"{"Name": "n", "SecretBinary": "***"}"#.utf8))
        #expect(decodeError(CreateSecretInput.self, Codecs.secretsManager, badBase64)?.code == "SerializationException")
    }

    @Test("JSON 1.0 and 1.1 echo their content type")
    func contentTypes() throws {
        let v10 = try Codecs.sqs.encode(EmptyOutput(), operation: "DeleteQueue", requestID: "r")
        #expect(v10.header("Content-Type") == "application/x-amz-json-1.0")
        #expect(v10.text == "{}")
        let v11 = try Codecs.sageMaker.encode(CreateDomainOutput(domainArn: "a", domainId: nil, url: nil), operation: "X", requestID: "r")
        #expect(v11.header("content-type") == "application/x-amz-json-1.1")
        #expect(v11.header("x-amzn-RequestId") == "r")
        #expect(v11.text == #"{"DomainArn":"a"}"#)
    }

    @Test("numbers and special floats")
    func numbers() throws {
        struct Numbers: Codable {
            var big: Int64
            var negative: Int
            var unsigned: UInt64
            var ratio: Double
            var nan: Double
            var infinity: Float
        }
        let value = Numbers(big: .max, negative: -42, unsigned: .max, ratio: 0.1, nan: .nan, infinity: -.infinity)
        let response = try Codecs.sageMaker.encode(value, operation: "X", requestID: "r")
        #expect(response.text == #"{"big":9223372036854775807,"negative":-42,"unsigned":18446744073709551615,"ratio":0.1,"nan":"NaN","infinity":"-Infinity"}"#)
        let decoded = try Codecs.sageMaker.decode(Numbers.self, from: WireRequest(body: response.body))
        #expect(decoded.big == .max && decoded.unsigned == .max && decoded.ratio == 0.1)
        #expect(decoded.nan.isNaN && decoded.infinity == -.infinity)
    }

    @Test("error body carries __type, message and extra fields")
    func errorBody() {
        let error = AWSError(code: "ResourceLimitExceeded", message: "quota \"x\"", extraFields: [("Reason", "r")])
        let response = Codecs.sageMaker.encodeError(error, requestID: "rid")
        #expect(response.status == 400)
        #expect(response.text == #"{"__type":"ResourceLimitExceeded","message":"quota \"x\"","Reason":"r"}"#)
        #expect(response.headerDictionary == ["content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "rid"])
    }

    @Test("unknown operation")
    func unknownOperation() throws {
        let error = try #require(Codecs.sageMaker.unknownOperation("Frobnicate") as? WireError)
        #expect(error.code == "UnknownOperationException")
        #expect(error.httpStatus == 400)
        #expect(Codecs.sageMaker.encodeError(error, requestID: "r").text.hasPrefix(#"{"__type":"UnknownOperationException","#))
    }
}
