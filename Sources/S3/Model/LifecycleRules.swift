import Foundation

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
                let given = [expiration.days != nil, expiration.date != nil, expiration.expiredObjectDeleteMarker != nil].filter { $0 }.count
                guard given == 1 else { throw S3Error.malformedXML() }
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
