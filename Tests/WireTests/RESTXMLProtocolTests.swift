import Foundation
import SlipwayCore
import Testing
@testable import Wire

@Suite("REST-XML protocol")
struct RESTXMLProtocolTests {
    static let decodeTable: [DecodeCase] = [
        .fixture(
            "s3 PutObject: greedy key label, raw payload, header prefix map, HTTP-date header", Codecs.s3,
            BotocoreRequests.s3PutObject, as: PutObjectInput.self,
            PutObjectInput(
                bucket: "templates", key: "dir/a b+c \u{fc}.yaml", body: Array("Resources: {}\n".utf8),
                contentType: "application/x-yaml", contentLength: nil, expires: isoDate("2030-01-02T03:04:05Z"),
                metadata: ["owner": "alice", "Stage": "dev"]
            )
        ),
        .fixture(
            "s3 PutBucketTagging: struct payload, named list members, escaped text", Codecs.s3, BotocoreRequests.s3PutBucketTagging,
            as: PutBucketTaggingInput.self,
            PutBucketTaggingInput(
                bucket: "templates",
                tagging: Tagging(tagSet: [S3Tag(key: "sagemaker:studio-visibility", value: "true"), S3Tag(key: "a&b", value: "<x>")])
            )
        ),
        .fixture(
            "s3 DeleteObjects: flattened list with a member name, boolean", Codecs.s3, BotocoreRequests.s3DeleteObjects,
            as: DeleteObjectsInput.self,
            DeleteObjectsInput(
                bucket: "templates",
                delete: Delete(objects: [S3ObjectIdentifier(key: "a"), S3ObjectIdentifier(key: "b/c", versionId: "v2")], quiet: true)
            )
        ),
        .fixture(
            "s3 ListObjectsV2: query bindings with integer and boolean", Codecs.s3, BotocoreRequests.s3ListObjectsV2,
            as: ListObjectsV2Input.self,
            ListObjectsV2Input(
                bucket: "templates", prefix: "dir/ x", maxKeys: 5, continuationToken: "tok", startAfter: "dir/a", fetchOwner: true,
                encodingType: "url", delimiter: nil
            )
        ),
        .fixture(
            "s3 CreateBucket: optional struct payload", Codecs.s3, BotocoreRequests.s3CreateBucket, as: CreateBucketInput.self,
            CreateBucketInput(
                bucket: "templates", acl: nil, createBucketConfiguration: CreateBucketConfiguration(locationConstraint: "eu-west-1")
            )
        ),
        .fixture(
            "s3 GetObject: header date, query members, no body", Codecs.s3, BotocoreRequests.s3GetObject, as: GetObjectInput.self,
            GetObjectInput(
                bucket: "templates", key: "dir/a.yaml", range: "bytes=0-9", ifModifiedSince: isoDate("2024-05-06T07:08:09Z"),
                versionId: "v1", responseContentType: "text/plain", partNumber: nil
            )
        ),
        .fixture(
            "s3 PutBucketVersioning", Codecs.s3, BotocoreRequests.s3PutBucketVersioning, as: PutBucketVersioningInput.self,
            PutBucketVersioningInput(bucket: "templates", versioningConfiguration: VersioningConfiguration(status: "Enabled"))
        ),
        .fixture(
            "s3 CompleteMultipartUpload: flattened parts", Codecs.s3, BotocoreRequests.s3CompleteMultipartUpload,
            as: CompleteMultipartUploadInput.self,
            CompleteMultipartUploadInput(
                bucket: "templates", key: "big", uploadId: "up-1",
                multipartUpload: CompletedMultipartUpload(parts: [
                    CompletedPart(eTag: "\"e1\"", partNumber: 1), CompletedPart(eTag: "\"e2\"", partNumber: 2),
                ])
            )
        ),
        .fixture(
            "s3 PutBucketLifecycleConfiguration: nested structs, ISO 8601 date in the body", Codecs.s3,
            BotocoreRequests.s3PutBucketLifecycle, as: PutBucketLifecycleConfigurationInput.self,
            PutBucketLifecycleConfigurationInput(
                bucket: "templates",
                lifecycleConfiguration: LifecycleConfiguration(rules: [LifecycleRule(
                    id: "old", status: "Enabled", filter: LifecycleFilter(prefix: "tmp/"),
                    expiration: LifecycleExpiration(date: isoDate("2031-01-01T00:00:00Z"), days: nil),
                    noncurrentVersionExpiration: NoncurrentVersionExpiration(noncurrentDays: 30)
                )])
            )
        ),
        .fixture(
            "s3 GetObjectAttributes: list in a header", Codecs.s3, BotocoreRequests.s3GetObjectAttributes,
            as: GetObjectAttributesInput.self,
            GetObjectAttributesInput(bucket: "templates", key: "k", objectAttributes: ["ETag", "ObjectSize"])
        ),
        DecodeCase(name: "pretty-printed XML with a declaration, comments, CDATA and character references") { () throws in
            let body = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- tags -->
                <Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <TagSet>
                    <Tag><Key><![CDATA[a<b]]></Key><Value>&#x41;&#66;&apos;&quot;</Value></Tag>
                  </TagSet>
                </Tagging>
                """
            let request = WireRequest(method: "PUT", body: Array(body.utf8), pathParameters: ["Bucket": "b"])
            let input = try Codecs.s3.decode(PutBucketTaggingInput.self, from: request)
            #expect(input.tagging.tagSet == [S3Tag(key: "a<b", value: "AB'\"")])
        },
        DecodeCase(name: "a prefixed root element and unknown elements") { () throws in
            let body = #"<s3:VersioningConfiguration xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><s3:Status>Suspended</s3:Status><Other>x</Other></s3:VersioningConfiguration>"#
            let request = WireRequest(method: "PUT", body: Array(body.utf8), pathParameters: ["Bucket": "b"])
            let input = try Codecs.s3.decode(PutBucketVersioningInput.self, from: request)
            #expect(input.versioningConfiguration.status == "Suspended")
        },
        DecodeCase(name: "the xsi:type attribute") { () throws in
            let body = """
                <AccessControlPolicy><AccessControlList><Grant>\
                <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>u</URI></Grantee>\
                <Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>
                """
            let output = try Codecs.s3.decode(GetBucketAclOutput.self, from: WireRequest(body: Array(body.utf8)))
            #expect(output.grants == [Grant(grantee: Grantee(uri: "u", type: "Group"), permission: "READ")])
        },
        DecodeCase(name: "an absent optional payload and an empty raw payload") { () throws in
            let bucketOnly = WireRequest(method: "PUT", pathParameters: ["Bucket": "b"])
            #expect(try Codecs.s3.decode(CreateBucketInput.self, from: bucketOnly) == CreateBucketInput(bucket: "b"))
            let empty = WireRequest(method: "PUT", pathParameters: ["Bucket": "b", "Key": "k"])
            #expect(try Codecs.s3.decode(PutObjectInput.self, from: empty).body == nil)
        },
        DecodeCase(name: "header names match case-insensitively and repeated headers join") { () throws in
            let request = WireRequest(
                headers: [("X-AMZ-OBJECT-ATTRIBUTES", "ETag"), ("x-amz-object-attributes", "\"Object,Parts\", Checksum")],
                pathParameters: ["Bucket": "b", "Key": "k"]
            )
            let input = try Codecs.s3.decode(GetObjectAttributesInput.self, from: request)
            #expect(input.objectAttributes == ["ETag", "Object,Parts", "Checksum"])
        },
    ]

    @Test("decodes requests as botocore sends them", arguments: decodeTable)
    func decode(_ testCase: DecodeCase) throws {
        try testCase.check()
    }

    @Test("REST protocols leave routing to the router")
    func noOperationName() {
        #expect(Codecs.s3.operationName(of: BotocoreRequests.s3PutObject.wireRequest) == nil)
        #expect(Codecs.lambda.operationName(of: BotocoreRequests.lambdaInvoke.wireRequest) == nil)
    }

    @Test("malformed or missing XML bodies are MalformedXML", arguments: [
        "<Tagging><TagSet><Tag><Key>a</Key></Tag></TagSet>", "<Tagging></Tagged>", "not xml", "<Tagging><TagSet/></Tagging>extra",
        "<Tagging a=1></Tagging>", "<Tagging>&unknown;</Tagging>", "<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>",
        "<Tagging/>", "",
    ])
    func malformedXML(body: String) {
        let request = WireRequest(method: "PUT", body: Array(body.utf8), pathParameters: ["Bucket": "b"])
        #expect(decodeError(PutBucketTaggingInput.self, Codecs.s3, request) == WireError.malformedXML())
    }

    @Test("a bad header or query value is InvalidArgument")
    func invalidArgument() {
        let request = WireRequest(
            queryItems: [("max-keys", "many")], pathParameters: ["Bucket": "b"]
        )
        let error = decodeError(ListObjectsV2Input.self, Codecs.s3, request)
        #expect(error?.code == "InvalidArgument")
        #expect(error?.message.contains("'maxKeys'") == true)
        let missing = decodeError(GetObjectAttributesInput.self, Codecs.s3, WireRequest(pathParameters: ["Bucket": "b", "Key": "k"]))
        #expect(missing?.code == "InvalidArgument")
    }

    @Test("encodes a HEAD error without a body")
    func headError() {
        let error = AWSError(code: "NoSuchKey", message: "The specified key does not exist.", httpStatus: 404)
        let response = Codecs.s3.encodeError(error, requestID: "rid", method: "HEAD")
        #expect(response.status == 404)
        #expect(response.body.isEmpty)
        #expect(response.header("Content-Type") == nil)
        #expect(response.header("x-amz-request-id") == "rid")
        #expect(response.header("x-amz-id-2") != nil)
        #expect(!Codecs.s3.encodeError(error, requestID: "rid", method: "GET").body.isEmpty)
    }

    @Test("header-only outputs have no body; an explicit root keeps an empty body element")
    func headerOnlyOutputs() throws {
        let head = try Codecs.s3.encode(
            GetObjectOutput(contentLength: 0, lastModified: SampleValues.withMillis, deleteMarker: true),
            operation: "HeadObject", requestID: "r"
        )
        #expect(head.body.isEmpty)
        #expect(head.header("Last-Modified") == "Mon, 12 Oct 2009 17:50:30 GMT")
        #expect(head.header("x-amz-delete-marker") == "true")
        #expect(head.header("Content-Length") == "0")
        let versioning = try Codecs.s3.encode(VersioningConfiguration(), operation: "GetBucketVersioning", requestID: "r")
        #expect(versioning.text == """
            <?xml version="1.0" encoding="UTF-8"?>
            <VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></VersioningConfiguration>
            """)
        let empty = try Codecs.s3.encode(EmptyOutput(), operation: "DeleteBucket", requestID: "r", httpStatus: 204)
        #expect(empty.status == 204 && empty.body.isEmpty)
    }

    @Test("a namespace-less REST-XML service and the default root name")
    func noNamespace() throws {
        struct HostedZone: Codable { var id: String; var name: String }
        let codec = WireCodec(.restXML(xmlNamespace: nil))
        let response = try codec.encode(HostedZone(id: "Z1", name: "a.com."), operation: "GetHostedZone", requestID: "r")
        #expect(response.text == """
            <?xml version="1.0" encoding="UTF-8"?>
            <HostedZone><id>Z1</id><name>a.com.</name></HostedZone>
            """)
    }

    @Test("unknown operations")
    func unknownOperation() throws {
        let unrouted = try #require(Codecs.s3.unknownOperation(nil) as? WireError)
        #expect(unrouted.code == "MethodNotAllowed" && unrouted.httpStatus == 405)
        let named = try #require(Codecs.s3.unknownOperation("PutBucketAnalyticsConfiguration") as? WireError)
        #expect(named.code == "InvalidRequest" && named.httpStatus == 400)
    }
}
