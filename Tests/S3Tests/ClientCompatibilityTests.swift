import Foundation
import SlipwayCore
import Testing
import Wire
@testable import S3

/// What real clients rely on: the ACL document S3 writes, `response-*` overrides, listing key encoding.
@Suite struct ClientCompatibilityTests {
    @Test func aclReadsAreTheOwnersFullControlInS3sXML() throws {
        let account = try #require(AccountID("111111111111"))
        let policy = AccessControlPolicyOutput(.private(account))
        let owner = CanonicalUser.id(of: account)
        let encoded = try WireCodec(.restXML(xmlNamespace: "http://s3.amazonaws.com/doc/2006-03-01/")).encode(policy, operation: "GetBucketAcl", requestID: "r")
        let text = String(decoding: encoded.body, as: UTF8.self)
        #expect(text.contains("<AccessControlPolicy xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>\(owner)</ID></Owner>"))
        #expect(text.contains("<AccessControlList><Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>\(owner)</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList>"))
    }

    @Test func groupGrantsAreWrittenWithTheirURI() throws {
        var acl = AccessControlList.private(try #require(AccountID("111111111111")))
        acl.grants.append(ACLGrant(grantee: .group(.allUsers), permission: .read))
        let encoded = try WireCodec(.restXML(xmlNamespace: "http://s3.amazonaws.com/doc/2006-03-01/")).encode(AccessControlPolicyOutput(acl), operation: "GetObjectAcl", requestID: "r")
        let text = String(decoding: encoded.body, as: UTF8.self)
        #expect(text.contains("xsi:type=\"Group\"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission>"))
    }

    @Test func overridesAreNoticedWhenAnyIsAsked() {
        var input = ObjectInput(bucket: "b", key: "k")
        #expect(!input.overridesResponseHeaders)
        input.responseExpires = "Thu, 01 Dec 1994 16:00:00 GMT"
        #expect(input.overridesResponseHeaders)
    }

    @Test func listingsEncodeWhatURLEncodingChanges() {
        let encode = S3Service.keyEncoder("url")
        #expect(encode("foo+1/bar") == "foo%2B1/bar")
        #expect(encode("a b%41\n") == "a%20b%2541%0A")
        #expect(encode("ü") == "%C3%BC")
        #expect(encode("safe-_.~/") == "safe-_.~/")
        #expect(S3Service.keyEncoder(nil)("a b+") == "a b+")
    }

    @Test func failedConditionsNameTheObjectAndACopysSourceFailsAsAPrecondition() throws {
        let modified = Date(timeIntervalSince1970: 1_796_558_400)
        do {
            try Conditions.check(ifMatch: nil, ifNoneMatch: "\"abc\"", ifModifiedSince: nil, ifUnmodifiedSince: nil, etag: "\"abc\"", lastModified: modified)
            Issue.record("a matching If-None-Match passed")
        } catch let error as S3Error {
            #expect(error.httpStatus == 304 && error.headers.map(\.0) == ["ETag", "Last-Modified"])
            #expect(error.headers.last?.1 == "Sun, 06 Dec 2026 12:00:00 GMT")
        }
        do {
            try Conditions.check(
                ifMatch: nil, ifNoneMatch: nil, ifModifiedSince: modified, ifUnmodifiedSince: nil, etag: "\"abc\"", lastModified: modified,
                headerPrefix: "x-amz-copy-source-"
            )
            Issue.record("an unmodified copy source passed")
        } catch let error as S3Error {
            #expect(error.httpStatus == 412 && error.extraFields.first?.1 == "x-amz-copy-source-if-modified-since")
        }
        try Conditions.check(ifMatch: "*", ifNoneMatch: nil, ifModifiedSince: nil, ifUnmodifiedSince: modified, etag: "\"abc\"", lastModified: modified)
    }

    @Test func copySourceRangesAreFirstToLastInsideTheSource() throws {
        #expect(try S3Service.copySourceRange("bytes=0-9", size: 10) == 0..<10)
        #expect(try S3Service.copySourceRange("bytes=4-4", size: 10) == 4..<5)
        for bad in ["bytes=0-10", "bytes=5-4", "bytes=-5", "bytes=5-", "bytes=a-b", "items=0-1", "bytes=0-1,2-3"] {
            #expect(throws: S3Error.self, "\(bad)") { try S3Service.copySourceRange(bad, size: 10) }
        }
    }

    @Test func awsChunkedSaysHowABodyWasSentAndIsNotKept() {
        #expect(StoredObject.storedEncoding("gzip, aws-chunked") == "gzip")
        #expect(StoredObject.storedEncoding("aws-chunked,gzip") == "gzip")
        #expect(StoredObject.storedEncoding("AWS-Chunked") == nil)
        #expect(StoredObject.storedEncoding("gzip,br") == "gzip, br")
        #expect(StoredObject.contentHeaders(encoding: "aws-chunked", disposition: nil, cacheControl: nil).isEmpty)
    }
}
