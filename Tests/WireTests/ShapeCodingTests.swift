import Foundation
import SlipwayCore
import Testing
@testable import Wire

/// How shapes with hand-written `Codable` code, unusual members and XML specifics travel.
@Suite("Shape coding")
struct ShapeCodingTests {
    /// A shape whose encoding uses nested containers and a super-encoder.
    struct Handwritten: Encodable {
        enum Keys: String, CodingKey { case outer = "Outer", list = "List", parent = "Parent" }
        enum Inner: String, CodingKey { case name = "Name" }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var outer = container.nestedContainer(keyedBy: Inner.self, forKey: .outer)
            try outer.encode("n", forKey: .name)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode(1)
            var nested = list.nestedContainer(keyedBy: Inner.self)
            try nested.encode("x", forKey: .name)
            var pair = list.nestedUnkeyedContainer()
            try pair.encode(true)
            try pair.encodeNil()
            var single = container.superEncoder(forKey: .parent).singleValueContainer()
            try single.encode(2.5)
        }
    }

    @Test("nested containers and super-encoders")
    func nestedContainers() throws {
        let json = try Codecs.sageMaker.encode(Handwritten(), operation: "X", requestID: "r")
        #expect(json.text == #"{"Outer":{"Name":"n"},"List":[1,{"Name":"x"},[true,null]],"Parent":2.5}"#)
        let xml = try Codecs.iam.encode(Handwritten(), operation: "X", requestID: "r")
        #expect(xml.text.contains(
            "<XResult><Outer><Name>n</Name></Outer><List><member>1</member><member><Name>x</Name></member><member><member>true</member></member></List><Parent>2.5</Parent></XResult>"
        ))
    }

    /// A shape that validates itself while decoding.
    struct SelfValidating: Decodable {
        var name: String

        enum CodingKeys: String, CodingKey { case name = "Name" }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            guard name.count <= 3 else {
                throw AWSError(code: "InvalidParameterValue", message: "Name is too long.")
            }
        }
    }

    @Test("a service error thrown while decoding reaches the caller unchanged")
    func serviceErrorFromDecode() {
        let error = decodeError(SelfValidating.self, Codecs.sageMaker, WireRequest(body: Array(#"{"Name": "long"}"#.utf8)))
        #expect(error == WireError(code: "InvalidParameterValue", message: "Name is too long."))
        #expect(decodeError(SelfValidating.self, Codecs.iam, WireRequest(body: Array("Name=abc".utf8))) == nil)
    }

    /// Members of every scalar kind plus optional list elements and an enum.
    struct Scalars: Codable, Equatable {
        enum Mode: String, Codable { case fast = "FAST", slow = "SLOW" }

        var flag: Bool
        var small: Int8
        var unsigned: UInt16
        var ratio: Float
        var when: Date
        var blob: [UInt8]
        var mode: Mode
        var sparse: [String?]
        var counts: [String: Int]
        var grid: [[Int]]

        enum CodingKeys: String, CodingKey {
            case flag = "Flag", small = "Small", unsigned = "Unsigned", ratio = "Ratio", when = "When", blob = "Blob"
            case mode = "Mode", sparse = "Sparse", counts = "Counts", grid = "Grid"
        }
    }

    static let scalars = Scalars(
        flag: true, small: -8, unsigned: 65_535, ratio: 0.25, when: Date(timeIntervalSince1970: 1_700_000_000.25),
        blob: [0, 255], mode: .slow, sparse: ["a", nil, "c"], counts: ["b": 2, "a": 1], grid: [[1, 2], [], [3]]
    )

    @Test("JSON round trip of every scalar kind, null list elements and nested lists")
    func jsonRoundTrip() throws {
        let response = try Codecs.sageMaker.encode(Self.scalars, operation: "X", requestID: "r")
        #expect(response.text == """
            {"Flag":true,"Small":-8,"Unsigned":65535,"Ratio":0.25,"When":1700000000.25,"Blob":"AP8=","Mode":"SLOW",\
            "Sparse":["a",null,"c"],"Counts":{"a":1,"b":2},"Grid":[[1,2],[],[3]]}
            """)
        #expect(try Codecs.sageMaker.decode(Scalars.self, from: WireRequest(body: response.body)) == Self.scalars)
    }

    @Test("Query form of every scalar kind, maps and lists of lists")
    func queryForm() throws {
        let body = """
            Flag=true&Small=-8&Unsigned=65535&Ratio=0.25&When=2023-11-14T22%3A13%3A20.250Z&Blob=AP8%3D&Mode=SLOW\
            &Sparse.member.1=a&Sparse.member.2=c&Counts.entry.1.key=a&Counts.entry.1.value=1&Counts.entry.2.key=b\
            &Counts.entry.2.value=2&Grid.member.1.member.1=1&Grid.member.1.member.2=2&Grid.member.2=&Grid.member.3.member.1=3
            """
        var expected = Self.scalars
        expected.sparse = ["a", "c"]
        #expect(try Codecs.iam.decode(Scalars.self, from: WireRequest(body: Array(body.utf8))) == expected)
    }

    @Test("XML output of every scalar kind, maps and lists of lists")
    func xmlOutput() throws {
        var value = Self.scalars
        value.sparse = ["a"]
        let response = try Codecs.iam.encode(value, operation: "Get", requestID: "r")
        #expect(response.text.contains("""
            <GetResult><Flag>true</Flag><Small>-8</Small><Unsigned>65535</Unsigned><Ratio>0.25</Ratio>\
            <When>2023-11-14T22:13:20.250Z</When><Blob>AP8=</Blob><Mode>SLOW</Mode><Sparse><member>a</member></Sparse>\
            <Counts><entry><key>a</key><value>1</value></entry><entry><key>b</key><value>2</value></entry></Counts>\
            <Grid><member><member>1</member><member>2</member></member><member></member><member><member>3</member></member></Grid>\
            </GetResult>
            """))
    }

    @Test("an unknown enum value is rejected")
    func unknownEnumValue() {
        let request = WireRequest(body: Array("Name=n&SourceType=db-proxy".utf8))
        #expect(decodeError(DescribeEventsInput.self, Codecs.rds, request)?.code == "ValidationError")
    }

    @Test("flattened lists with a member name, both ways")
    func flattenedWithMemberName() throws {
        let delete = Delete(objects: [S3ObjectIdentifier(key: "a"), S3ObjectIdentifier(key: "b", versionId: "1")], quiet: false)
        let response = try Codecs.s3.encode(delete, operation: "X", requestID: "r")
        #expect(response.text == """
            <?xml version="1.0" encoding="UTF-8"?>
            <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a</Key></Object>\
            <Object><Key>b</Key><VersionId>1</VersionId></Object><Quiet>false</Quiet></Delete>
            """)
        let request = WireRequest(method: "POST", body: response.body, pathParameters: ["Bucket": "b"])
        #expect(try Codecs.s3.decode(DeleteObjectsInput.self, from: request).delete == delete)
    }

    @Test("XML maps and S3 XML round trips")
    func xmlRoundTrips() throws {
        struct Labels: WireShape, Equatable {
            var labels: [String: String]
            var attribute: String?

            enum CodingKeys: String, CodingKey { case labels = "Labels", attribute = "id" }

            static let xmlAttributes: Set<String> = ["id"]
        }
        let value = Labels(labels: ["k": "v & w", "a": ""], attribute: "x\"y")
        let response = try Codecs.s3.encode(value, operation: "X", requestID: "r")
        #expect(response.text.hasSuffix("""
            <Labels xmlns="http://s3.amazonaws.com/doc/2006-03-01/" id="x&quot;y"><Labels><entry><key>a</key><value></value></entry>\
            <entry><key>k</key><value>v &amp; w</value></entry></Labels></Labels>
            """))
        #expect(try Codecs.s3.decode(Labels.self, from: WireRequest(body: response.body)) == value)
    }

    @Test("header lists split on commas outside quotes")
    func headerLists() {
        #expect(HeaderList.split("a, b ,c") == ["a", "b", "c"])
        #expect(HeaderList.split(#""a,b", "c\"d",e"#) == ["a,b", "c\"d", "e"])
        #expect(HeaderList.split("") == [])
        #expect(HeaderList.split(#""""#) == [""])
        #expect(HeaderList.join(["a,b", "c\"d", "e"]) == #""a,b","c\"d",e"#)
        #expect(HeaderList.split(HeaderList.join(["x y", "1,2", "\\"])) == ["x y", "1,2", "\\"])
    }

    @Test("request lookups")
    func requestLookups() {
        let request = WireRequest(
            queryItems: [("a", "1"), ("a", "2")], headers: [("Content-TYPE", "text/plain"), ("content-type", "ignored")]
        )
        #expect(request.header("content-type") == "text/plain")
        #expect(request.header("Content-Typ") == nil)
        #expect(request.header("Content-Types") == nil)
        #expect(request.query("a") == "1")
        #expect(request.query("b") == nil)
    }
}
