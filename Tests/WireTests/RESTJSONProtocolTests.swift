import Foundation
import SlipwayCore
import Testing
@testable import Wire

@Suite("REST-JSON protocol")
struct RESTJSONProtocolTests {
    static let decodeTable: [DecodeCase] = [
        .fixture(
            "lambda CreateFunction: JSON body with blob, maps, list, boolean", Codecs.lambda, BotocoreRequests.lambdaCreateFunction,
            as: CreateFunctionInput.self,
            CreateFunctionInput(
                functionName: "fn", runtime: "python3.12", role: "arn:aws:iam::123456789012:role/r", handler: "app.handler",
                code: FunctionCode(zipFile: Data("PK".utf8) + Data([0x03, 0x04]) + Data("zip".utf8)), timeout: 30,
                environment: FunctionEnvironment(variables: ["SECRET_ID": "s", "N": "1"]), tags: ["sagemaker:project-name": "p"],
                layers: ["arn:aws:lambda:us-east-1:123456789012:layer:l:1"], publish: true
            )
        ),
        .fixture(
            "lambda Invoke: path label, headers, query, raw payload", Codecs.lambda, BotocoreRequests.lambdaInvoke, as: InvokeInput.self,
            InvokeInput(
                functionName: "fn", invocationType: "RequestResponse", logType: "Tail", clientContext: nil,
                payload: Array(#"{"detail": {"ModelPackageArn": "arn"}}"#.utf8), qualifier: "live"
            )
        ),
        .fixture(
            "lambda ListFunctions: query integer, no body", Codecs.lambda, BotocoreRequests.lambdaListFunctions,
            as: ListFunctionsInput.self, ListFunctionsInput(functionVersion: "ALL", marker: "m1", maxItems: 25)
        ),
        .fixture(
            "lambda TagResource: an ARN as a path label, map body", Codecs.lambda, BotocoreRequests.lambdaTagResource,
            as: TagResourceInput.self,
            TagResourceInput(resource: "arn:aws:lambda:us-east-1:123456789012:function:fn", tags: ["a": "1"])
        ),
        .fixture(
            "lambda UntagResource: repeated query items as a list", Codecs.lambda, BotocoreRequests.lambdaUntagResource,
            as: UntagResourceInput.self,
            UntagResourceInput(resource: "arn:aws:lambda:us-east-1:123456789012:function:fn", tagKeys: ["a", "b c"])
        ),
        .fixture(
            "lambda AddPermission: label, query and body together", Codecs.lambda, BotocoreRequests.lambdaAddPermission,
            as: AddPermissionInput.self,
            AddPermissionInput(
                functionName: "fn", statementId: "events", action: "lambda:InvokeFunction", principal: "events.amazonaws.com",
                sourceArn: "arn:aws:events:us-east-1:123456789012:rule/r", qualifier: "live"
            )
        ),
        DecodeCase(name: "timestamps: HTTP-date header, ISO 8601 query, epoch seconds in the body") { () throws in
            let request = WireRequest(
                queryItems: [("until", "2024-01-02T03:04:05.5Z")], headers: [("X-Since", "Tue, 02 Jan 2024 03:04:05 GMT")],
                body: Array(#"{"At": 1704164645, "Since": 1}"#.utf8)
            )
            let input = try Codecs.lambda.decode(TimestampBindingsInput.self, from: request)
            #expect(input.since == isoDate("2024-01-02T03:04:05Z"))
            #expect(input.until == isoDate("2024-01-02T03:04:05.500Z"))
            #expect(input.at == isoDate("2024-01-02T03:04:05Z"))
        },
        DecodeCase(name: "a query map takes the items no other member binds") { () throws in
            let request = WireRequest(queryItems: [("name", "n"), ("a", "1"), ("b", ""), ("a", "2")])
            let input = try Codecs.lambda.decode(QueryMapInput.self, from: request)
            #expect(input == QueryMapInput(name: "n", rest: ["a": "1", "b": ""]))
            #expect(try Codecs.lambda.decode(QueryMapInput.self, from: WireRequest(queryItems: [("name", "n")])).rest == nil)
        },
        DecodeCase(name: "a bound member is never read from the body") { () throws in
            let body = Array(#"{"Resource": "from-body", "TagKeys": ["x"]}"#.utf8)
            let request = WireRequest(queryItems: [("tagKeys", "k")], body: body, pathParameters: ["Resource": "r"])
            #expect(try Codecs.lambda.decode(UntagResourceInput.self, from: request) == UntagResourceInput(resource: "r", tagKeys: ["k"]))
            let withoutQuery = WireRequest(body: body, pathParameters: ["Resource": "r"])
            #expect(decodeError(UntagResourceInput.self, Codecs.lambda, withoutQuery)?.message.contains("'tagKeys'") == true)
        },
    ]

    @Test("decodes requests as botocore sends them", arguments: decodeTable)
    func decode(_ testCase: DecodeCase) throws {
        try testCase.check()
    }

    @Test("missing, malformed and mistyped members")
    func errors() {
        let noLabel = WireRequest(body: Array(#"{"StatementId": "s", "Action": "a", "Principal": "p"}"#.utf8))
        #expect(decodeError(AddPermissionInput.self, Codecs.lambda, noLabel) == WireError.validationException(
            "1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null"
        ))
        let broken = WireRequest(body: Array(#"{"StatementId": "#.utf8), pathParameters: ["FunctionName": "f"])
        #expect(decodeError(AddPermissionInput.self, Codecs.lambda, broken)?.code == "SerializationException")
        let badQuery = WireRequest(queryItems: [("MaxItems", "x")])
        #expect(decodeError(ListFunctionsInput.self, Codecs.lambda, badQuery)?.code == "ValidationException")
        let badBody = WireRequest(body: Array(#"{"FunctionName": "f", "Role": "r", "Code": [], "Timeout": 1}"#.utf8))
        #expect(decodeError(CreateFunctionInput.self, Codecs.lambda, badBody)?.code == "SerializationException")
        let notObject = WireRequest(body: Array("[1]".utf8))
        #expect(decodeError(CreateFunctionInput.self, Codecs.lambda, notObject)?.code == "SerializationException")
    }

    @Test("a statusCode member sets the status; other outputs keep the given one")
    func statusCode() throws {
        let invoked = try Codecs.lambda.encode(InvokeOutput(statusCode: 202), operation: "Invoke", requestID: "r", httpStatus: 200)
        #expect(invoked.status == 202)
        #expect(invoked.body.isEmpty)
        let created = try Codecs.lambda.encode(AddPermissionOutput(statement: "{}"), operation: "AddPermission", requestID: "r", httpStatus: 201)
        #expect(created.status == 201)
        #expect(created.text == #"{"Statement":"{}"}"#)
        #expect(created.header("Content-Type") == "application/json")
    }

    @Test("error: x-amzn-ErrorType header and a Lambda-style body")
    func errorShape() {
        let error = AWSError(code: "TooManyRequestsException", message: "Rate exceeded", httpStatus: 429, extraFields: [("Reason", "CallerRateLimitExceeded")])
        let response = Codecs.lambda.encodeError(error, requestID: "rid")
        #expect(response.status == 429)
        #expect(response.header("x-amzn-ErrorType") == "TooManyRequestsException")
        #expect(response.header("x-amzn-RequestId") == "rid")
        #expect(response.text == #"{"Type":"User","message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}"#)
    }

    @Test("unknown operation is a 404")
    func unknownOperation() throws {
        let error = try #require(Codecs.lambda.unknownOperation(nil) as? WireError)
        #expect(error.code == "UnknownOperationException" && error.httpStatus == 404)
    }
}
