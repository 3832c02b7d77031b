@testable import S3
import Testing

@Suite("S3 lifecycle rules")
struct LifecycleRuleTests {
    func rule(filter: LifecycleFilter? = nil, prefix: String? = nil) -> LifecycleRule {
        LifecycleRule(id: "r", prefix: prefix, filter: filter, status: "Enabled", expiration: LifecycleExpiration(date: nil, days: 1, expiredObjectDeleteMarker: nil), noncurrentVersionExpiration: nil, abortIncompleteMultipartUpload: nil)
    }

    @Test func filtersSelectByPrefixTagsAndSize() {
        let tag = ObjectTag(key: "temp", value: "yes")
        #expect(rule(filter: LifecycleFilter(prefix: "tmp/")).matches(key: "tmp/a", size: 1, tags: []))
        #expect(!rule(filter: LifecycleFilter(prefix: "tmp/")).matches(key: "keep/a", size: 1, tags: []))
        #expect(rule(filter: LifecycleFilter(tag: tag)).matches(key: "x", size: 1, tags: [tag]))
        #expect(!rule(filter: LifecycleFilter(tag: tag)).matches(key: "x", size: 1, tags: []))
        let and = LifecycleFilter(and: LifecycleAnd(prefix: "tmp/", tags: [tag], objectSizeGreaterThan: 10, objectSizeLessThan: 100))
        #expect(rule(filter: and).matches(key: "tmp/a", size: 50, tags: [tag, ObjectTag(key: "other", value: "1")]))
        #expect(!rule(filter: and).matches(key: "tmp/a", size: 5, tags: [tag]))
        #expect(!rule(filter: and).matches(key: "tmp/a", size: 100, tags: [tag]))
        #expect(!rule(filter: and).matches(key: "tmp/a", size: 50, tags: []))
        #expect(rule(prefix: "legacy/").matches(key: "legacy/a", size: 1, tags: []))
        #expect(rule().matches(key: "anything", size: 0, tags: []))
    }

    @Test func validationRefusesWhatS3Refuses() throws {
        try LifecycleValidation.validate(LifecycleConfiguration(rules: [rule(filter: LifecycleFilter(prefix: ""))]))
        var noAction = rule()
        noAction.expiration = nil
        #expect(throws: S3Error.self) { try LifecycleValidation.validate(LifecycleConfiguration(rules: [noAction])) }
        var badStatus = rule()
        badStatus.status = "On"
        #expect(throws: S3Error.self) { try LifecycleValidation.validate(LifecycleConfiguration(rules: [badStatus])) }
        var zeroDays = rule()
        zeroDays.expiration = LifecycleExpiration(date: nil, days: 0, expiredObjectDeleteMarker: nil)
        #expect(throws: S3Error.self) { try LifecycleValidation.validate(LifecycleConfiguration(rules: [zeroDays])) }
        #expect(throws: S3Error.self) { try LifecycleValidation.validate(LifecycleConfiguration(rules: [rule(), rule()])) }
        #expect(throws: S3Error.self) { try LifecycleValidation.validate(LifecycleConfiguration(rules: [])) }
    }
}
