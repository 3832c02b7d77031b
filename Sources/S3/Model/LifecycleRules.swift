import Foundation
import Wire

extension LifecycleRule {
    var isEnabled: Bool { status == "Enabled" }

    /// Whether the rule's filter selects an object version with this key, size and tags.
    func matches(key: String, size: Int, tags: [ObjectTag]) -> Bool {
        if let prefix, !key.hasPrefix(prefix) { return false }
        guard let filter else { return true }
        if let prefix = filter.prefix, !key.hasPrefix(prefix) { return false }
        if let tag = filter.tag, !tags.contains(tag) { return false }
        if let greater = filter.objectSizeGreaterThan, size <= greater { return false }
        if let less = filter.objectSizeLessThan, size >= less { return false }
        if let and = filter.and {
            if let prefix = and.prefix, !key.hasPrefix(prefix) { return false }
            if let required = and.tags, !required.allSatisfy(tags.contains) { return false }
            if let greater = and.objectSizeGreaterThan, size <= greater { return false }
            if let less = and.objectSizeLessThan, size >= less { return false }
        }
        return true
    }
}

extension LifecycleConfiguration {
    /// When the rules expire the current version `object` at the earliest, and the rule that does: `Days` counted
    /// from its creation and rounded up to the next day's start (midnight UTC on real days), or a rule's `Date`.
    func expiry(of object: StoredObject, daySeconds: TimeInterval) -> (date: Date, ruleID: String)? {
        var earliest: (date: Date, ruleID: String)?
        for (index, rule) in rules.enumerated() where rule.isEnabled {
            guard let expiration = rule.expiration, rule.matches(key: object.key, size: object.size, tags: object.tags) else { continue }
            let date: Date
            if let days = expiration.days {
                let due = object.lastModified.timeIntervalSince1970 + Double(days) * daySeconds
                date = Date(timeIntervalSince1970: (due / daySeconds).rounded(.up) * daySeconds)
            } else if let given = expiration.date {
                date = given
            } else {
                continue
            }
            if earliest.map({ date < $0.date }) ?? true { earliest = (date, rule.id ?? Self.generatedID(index)) }
        }
        return earliest
    }

    /// `x-amz-expiration` for `object`, as S3 words it; nil when no rule expires it.
    func expirationHeader(for object: StoredObject, daySeconds: TimeInterval) -> String? {
        expiry(of: object, daySeconds: daySeconds).map { "expiry-date=\"\(Timestamp.httpDate($0.date))\", rule-id=\"\($0.ruleID)\"" }
    }

    /// The ID S3 gives a rule put without one: a random one, base64 of a UUID as S3's look.
    static func newID() -> String {
        Data(UUID().uuidString.lowercased().utf8).base64EncodedString()
    }

    /// The ID of a rule kept from before IDs were given on put: stable, from its place.
    static func generatedID(_ index: Int) -> String {
        Data("slipway-lifecycle-rule-\(index + 1)".utf8).base64EncodedString()
    }

    /// The configuration as stored: every rule with an ID.
    var identified: LifecycleConfiguration {
        var configuration = self
        for index in configuration.rules.indices where configuration.rules[index].id == nil { configuration.rules[index].id = Self.newID() }
        return configuration
    }

    /// The configuration as read: a rule kept without an ID gets its stable one.
    var named: LifecycleConfiguration {
        var configuration = self
        for index in configuration.rules.indices where configuration.rules[index].id == nil { configuration.rules[index].id = Self.generatedID(index) }
        return configuration
    }
}

/// S3's checks on a lifecycle configuration before it is stored.
enum LifecycleValidation {
    static func validate(_ configuration: LifecycleConfiguration) throws {
        guard !configuration.rules.isEmpty, configuration.rules.count <= 1000 else { throw S3Error.malformedXML() }
        var ids = Set<String>()
        for rule in configuration.rules {
            guard rule.status == "Enabled" || rule.status == "Disabled" else { throw S3Error.malformedXML() }
            if let id = rule.id {
                guard id.count <= 255 else { throw S3Error.invalidArgument("ID length should not exceed allowed limit of 255", name: "ID", value: id) }
                guard ids.insert(id).inserted else { throw S3Error.invalidArgument("Rule ID must be unique. Found same ID for more than one rule", name: "ID", value: id) }
            }
            if rule.prefix != nil && rule.filter != nil { throw S3Error.malformedXML() }
            guard rule.expiration != nil || rule.noncurrentVersionExpiration != nil || rule.abortIncompleteMultipartUpload != nil else {
                throw S3Error.invalidRequest("At least one action needs to be specified in a rule")
            }
            if let expiration = rule.expiration {
                if let unreadable = expiration.unreadableDate {
                    throw S3Error.invalidArgument("Invalid date: \(unreadable)", name: "Date", value: unreadable)
                }
                let given = [expiration.days != nil, expiration.date != nil, expiration.expiredObjectDeleteMarker != nil].filter { $0 }.count
                guard given == 1 else { throw S3Error.malformedXML() }
                if let date = expiration.date, Int(date.timeIntervalSince1970) % 86_400 != 0 || date.timeIntervalSince1970.rounded() != date.timeIntervalSince1970 {
                    throw S3Error.invalidArgument("'Date' must be at midnight GMT", name: "Date", value: ISO8601DateFormatter().string(from: date))
                }
                if let days = expiration.days, days <= 0 {
                    throw S3Error.invalidArgument("'Days' for Expiration action must be a positive integer", name: "Days", value: String(days))
                }
            }
            if let noncurrent = rule.noncurrentVersionExpiration {
                guard let days = noncurrent.noncurrentDays, days > 0 else {
                    throw S3Error.invalidArgument("'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer", name: "NoncurrentDays", value: String(noncurrent.noncurrentDays ?? 0))
                }
                if let newer = noncurrent.newerNoncurrentVersions, !(1...100).contains(newer) {
                    throw S3Error.invalidArgument("NewerNoncurrentVersions must be between 1 and 100", name: "NewerNoncurrentVersions", value: String(newer))
                }
            }
            if let abort = rule.abortIncompleteMultipartUpload, (abort.daysAfterInitiation ?? 0) <= 0 {
                throw S3Error.invalidArgument("'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer", name: "DaysAfterInitiation", value: String(abort.daysAfterInitiation ?? 0))
            }
            if rule.abortIncompleteMultipartUpload != nil, rule.filter?.tag != nil || rule.filter?.and?.tags != nil {
                throw S3Error.invalidRequest("AbortIncompleteMultipartUpload cannot be specified with Tags.")
            }
        }
    }
}
