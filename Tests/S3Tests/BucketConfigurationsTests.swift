import Provisioning
@testable import S3
import TemplateEngine
import Testing

@Suite("Bucket configurations from templates")
struct BucketConfigurationsTests {
    func value(_ yaml: String) throws -> TemplateValue { try TemplateParser.parse(yaml) }

    @Test func lifecycleFiltersTakeTheFormS3Expects() throws {
        let configuration = BucketConfigurations.lifecycle(try value("""
            Rules:
              - {Status: Enabled, ExpirationInDays: 3}
              - {Status: Enabled, Prefix: tmp/, NoncurrentVersionExpirationInDays: 9}
              - {Status: Disabled, Prefix: logs/, TagFilters: [{Key: a, Value: b}], ExpirationDate: "2030-01-01T00:00:00Z"}
            """))
        #expect(configuration.rules[0].filter == LifecycleFilter(prefix: ""))
        #expect(configuration.rules[0].expiration?.days == 3)
        #expect(configuration.rules[1].filter == LifecycleFilter(prefix: "tmp/"))
        #expect(configuration.rules[1].noncurrentVersionExpiration == NoncurrentVersionExpiration(noncurrentDays: 9, newerNoncurrentVersions: nil))
        #expect(configuration.rules[2].filter == LifecycleFilter(and: LifecycleAnd(prefix: "logs/", tags: [ObjectTag(key: "a", value: "b")], objectSizeGreaterThan: nil, objectSizeLessThan: nil)))
        #expect(configuration.rules[2].expiration?.date != nil && configuration.rules[2].status == "Disabled")
    }

    @Test func replicationAndEncryptionKeepWhatTheTemplateSays() throws {
        let replication = BucketConfigurations.replication(try value("""
            Role: arn:aws:iam::111111111111:role/r
            Rules:
              - {Status: Enabled, Priority: 2, Filter: {TagFilter: {Key: k, Value: v}}, Destination: {Bucket: "arn:aws:s3:::dst", Account: "222222222222", AccessControlTranslation: {Owner: Destination}}}
            """))
        #expect(replication.role == "arn:aws:iam::111111111111:role/r")
        #expect(replication.rules[0].filter?.tag == ObjectTag(key: "k", value: "v"))
        #expect(replication.rules[0].destination == ReplicationDestination(bucket: "arn:aws:s3:::dst", account: "222222222222", storageClass: nil, accessControlTranslation: AccessControlTranslation(owner: "Destination")))
        let encryption = BucketConfigurations.encryption(try value("ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}, BucketKeyEnabled: true}]"))
        #expect(encryption.rules == [ServerSideEncryptionRule(applyServerSideEncryptionByDefault: ServerSideEncryptionByDefault(sseAlgorithm: "AES256", kmsMasterKeyID: nil), bucketKeyEnabled: true)])
    }
}
