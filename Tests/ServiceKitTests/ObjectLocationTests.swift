import ServiceKit
import Testing

@Suite("S3 object URLs")
struct ObjectLocationTests {
    @Test(arguments: [
        "s3://templates/mlops/train.yaml",
        "https://templates.s3.amazonaws.com/mlops/train.yaml",
        "https://templates.s3.eu-west-1.amazonaws.com/mlops/train.yaml",
        "https://templates.s3-eu-west-1.amazonaws.com/mlops/train.yaml",
        "https://templates.s3.dualstack.eu-west-1.amazonaws.com/mlops/train.yaml",
        "https://s3.amazonaws.com/templates/mlops/train.yaml",
        "https://s3.eu-west-1.amazonaws.com/templates/mlops/train.yaml",
        "https://s3-eu-west-1.amazonaws.com/templates/mlops/train.yaml",
        "http://127.0.0.1:4566/templates/mlops/train.yaml",
        "http://templates.localhost:4566/mlops/train.yaml",
    ])
    func everyFormNamesTheSameObject(url: String) {
        #expect(ObjectLocation.parse(url: url) == ObjectLocation(bucket: "templates", key: "mlops/train.yaml"))
    }

    @Test func dottedBucketsVersionsAndEscapes() {
        #expect(ObjectLocation.parse(url: "https://org.templates.s3.us-east-1.amazonaws.com/a%20b.yaml?versionId=3HL4kqtJ")
            == ObjectLocation(bucket: "org.templates", key: "a b.yaml", versionID: "3HL4kqtJ"))
        #expect(ObjectLocation.parse(url: "http://localhost:8080/bucket/deep/key.json?versionId=null")
            == ObjectLocation(bucket: "bucket", key: "deep/key.json", versionID: "null"))
    }

    @Test(arguments: ["ftp://bucket/key", "https://s3.amazonaws.com/bucket-only", "https://bucket.s3.amazonaws.com/", "not a url", "s3://bucket"])
    func whatNamesNoObject(url: String) {
        #expect(ObjectLocation.parse(url: url) == nil)
    }
}
