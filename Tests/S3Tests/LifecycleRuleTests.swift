import Foundation
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

    @Test func objectsExpireAtTheStartOfTheDayAfterTheirDaysAndTheEarliestRuleWins() throws {
        let created = Date(timeIntervalSince1970: 1_796_601_600 + 3_600 * 5)  // 05:00 UTC
        let object = StoredObject(
            bucket: "b", key: "logs/a", versionID: "null", isLatest: true, isDeleteMarker: false, size: 1, etag: "\"e\"", headers: [:], metadata: [:],
            lastModified: created
        )
        var three = rule(filter: LifecycleFilter(prefix: "logs/"))
        three.id = nil
        three.expiration = LifecycleExpiration(date: nil, days: 3, expiredObjectDeleteMarker: nil)
        var dated = rule(filter: LifecycleFilter(prefix: "logs/"))
        dated.id = "dated"
        dated.expiration = LifecycleExpiration(date: Date(timeIntervalSince1970: 1_796_601_600 + 86_400 * 2), days: nil, expiredObjectDeleteMarker: nil)
        let days = try #require(LifecycleConfiguration(rules: [three]).expiry(of: object, daySeconds: 86_400))
        #expect(days.date == Date(timeIntervalSince1970: 1_796_601_600 + 86_400 * 4) && days.ruleID == LifecycleConfiguration.generatedID(0))
        #expect(LifecycleConfiguration(rules: [three, dated]).expiry(of: object, daySeconds: 86_400)?.ruleID == "dated")
        // Shortened days round the same way.
        #expect(LifecycleConfiguration(rules: [three]).expiry(of: object, daySeconds: 10)?.date == Date(timeIntervalSince1970: created.timeIntervalSince1970 + 30))
        #expect(LifecycleConfiguration(rules: [three]).expirationHeader(for: object, daySeconds: 86_400)
            == "expiry-date=\"Fri, 11 Dec 2026 00:00:00 GMT\", rule-id=\"\(LifecycleConfiguration.generatedID(0))\"")
        var disabled = dated
        disabled.status = "Disabled"
        var other = object
        other.key = "keep/a"
        #expect(LifecycleConfiguration(rules: [disabled]).expiry(of: object, daySeconds: 86_400) == nil)
        #expect(LifecycleConfiguration(rules: [three]).expiry(of: other, daySeconds: 86_400) == nil)
        // Rules put without an ID get one; kept ones keep theirs.
        let identified = LifecycleConfiguration(rules: [three, dated]).identified
        #expect(identified.rules[0].id?.isEmpty == false && identified.rules[1].id == "dated")
    }
}
