@testable import S3
import SlipwayCore
import Testing

@Suite("S3 bucket names")
struct BucketNameTests {
    @Test(arguments: ["abc", "my-bucket", "my.bucket.1", "a1b", String(repeating: "a", count: 63), "192.168.5.4a"])
    func valid(name: String) {
        #expect(BucketName.isValid(name))
    }

    @Test(arguments: [
        "ab", String(repeating: "a", count: 64), "My-Bucket", "-bucket", "bucket-", "my..bucket", "my.-bucket", "my_bucket",
        "192.168.5.4", "xn--bucket", "sthree-bucket", "bucket-s3alias", "bucket--ol-s3", "amzn-s3-demo-bucket", "bücket",
    ])
    func invalid(name: String) {
        #expect(!BucketName.isValid(name))
    }

    @Test func canonicalUserIDsAreStableHex() throws {
        let account = try #require(AccountID("123456789012"))
        let id = CanonicalUser.id(of: account)
        #expect(id.count == 64)
        #expect(id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(id == CanonicalUser.id(of: account))
    }
}
