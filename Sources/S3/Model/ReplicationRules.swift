import Foundation

extension ReplicationRule {
    var isEnabled: Bool { status == "Enabled" }

    /// Whether the rule uses the current schema (a `Filter`) rather than the first one (a rule-level `Prefix`).
    var usesFilter: Bool { filter != nil }

    /// The destination bucket's name, from its ARN.
    var destinationBucket: String? { ReplicationValidation.bucketName(fromARN: destination.bucket) }

    /// Whether the rule's filter selects a version with this key and these tags.
    func matches(key: String, tags: [ObjectTag]) -> Bool {
        if let prefix, !key.hasPrefix(prefix) { return false }
        guard let filter else { return true }
        if let prefix = filter.prefix, !key.hasPrefix(prefix) { return false }
        if let tag = filter.tag, !tags.contains(tag) { return false }
        if let and = filter.and {
            if let prefix = and.prefix, !key.hasPrefix(prefix) { return false }
            if let required = and.tags, !required.allSatisfy(tags.contains) { return false }
        }
        return true
    }

    /// Whether delete markers are copied: always under the first schema, only when enabled under the current one.
    var replicatesDeleteMarkers: Bool {
        usesFilter ? deleteMarkerReplication?.status == "Enabled" : true
    }

    var hasTagFilter: Bool {
        filter?.tag != nil || !(filter?.and?.tags ?? []).isEmpty
    }
}

extension ReplicationConfiguration {
    /// For each destination bucket, the enabled rule that governs a version with this key and these tags: the
    /// matching rule with the highest priority, as S3 resolves overlapping rules.
    func governingRules(key: String, tags: [ObjectTag]) -> [(destination: String, rule: ReplicationRule)] {
        var chosen: [String: ReplicationRule] = [:]
        for rule in rules where rule.isEnabled && rule.matches(key: key, tags: tags) {
            guard let destination = rule.destinationBucket else { continue }
            if let current = chosen[destination], (current.priority ?? 0) >= (rule.priority ?? 0) { continue }
            chosen[destination] = rule
        }
        return chosen.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The destinations a new delete marker on `key` is copied to.
    func deleteMarkerDestinations(key: String) -> [String] {
        // Tags do not apply to delete markers; tag-filtered rules never replicate them.
        governingRules(key: key, tags: []).filter { $0.rule.replicatesDeleteMarkers }.map(\.destination)
    }
}

/// S3's checks on a replication configuration, in the order S3 makes them, before it is stored.
enum ReplicationValidation {
    static let storageClasses: Set<String> = [
        "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR",
    ]

    /// `arn:aws:s3:::name` → `name`; nil for anything else.
    static func bucketName(fromARN arn: String) -> String? {
        let prefix = "arn:aws:s3:::"
        guard arn.hasPrefix(prefix) else { return nil }
        let name = String(arn.dropFirst(prefix.count))
        return name.isEmpty || name.contains("/") ? nil : name
    }

    /// Checks the configuration's own shape; the buckets it names are checked by the caller against the store.
    static func validate(_ configuration: ReplicationConfiguration) throws {
        guard !configuration.rules.isEmpty else { throw S3Error.malformedXML() }
        guard configuration.rules.count <= 1000 else {
            throw S3Error.invalidArgument("Number of rules in the replication configuration exceeds the maximum of 1000", name: "ReplicationConfiguration", value: String(configuration.rules.count))
        }
        let role = configuration.role
        guard role.hasPrefix("arn:aws:iam::"), role.contains(":role/"), role.split(separator: ":", omittingEmptySubsequences: false).count == 6 else {
            throw S3Error.invalidArgument("Invalid ReplicationConfiguration Role ARN", name: "ReplicationConfiguration", value: role)
        }
        let usingFilter = configuration.rules.contains(where: \.usesFilter)
        var ids = Set<String>()
        var priorities = Set<Int>()
        for rule in configuration.rules {
            guard rule.status == "Enabled" || rule.status == "Disabled" else { throw S3Error.malformedXML() }
            if let id = rule.id {
                guard id.count <= 255 else { throw S3Error.invalidArgument("ID length should not exceed allowed limit of 255", name: "ID", value: id) }
                guard ids.insert(id).inserted else { throw S3Error.invalidArgument("Rule Id must be unique", name: "ID", value: id) }
            }
            if rule.prefix != nil && rule.filter != nil { throw S3Error.malformedXML() }
            if usingFilter {
                guard rule.usesFilter else {
                    throw S3Error.invalidRequest("Prefix cannot be used with this version of Cross Region Replication configuration schema; use Filter in every rule")
                }
                guard let priority = rule.priority else {
                    throw S3Error.invalidRequest("Priority must be specified for this version of Cross Region Replication configuration schema")
                }
                guard priorities.insert(priority).inserted else {
                    throw S3Error.invalidRequest("Found duplicate priority \(priority) when priorities must be unique")
                }
                guard let deleteMarkers = rule.deleteMarkerReplication else {
                    throw S3Error.invalidRequest("DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema")
                }
                guard deleteMarkers.status == "Enabled" || deleteMarkers.status == "Disabled" else { throw S3Error.malformedXML() }
                if deleteMarkers.status == "Enabled" && rule.hasTagFilter {
                    throw S3Error.invalidRequest("Delete marker replication is not supported if any Tag filter is specified")
                }
                if let filter = rule.filter {
                    let given = [filter.prefix != nil, filter.tag != nil, filter.and != nil].filter { $0 }.count
                    guard given <= 1 else { throw S3Error.malformedXML() }
                }
            } else if rule.deleteMarkerReplication != nil {
                throw S3Error.invalidRequest("DeleteMarkerReplication cannot be used with this version of Cross Region Replication configuration schema; use Filter")
            }
            for tag in (rule.filter?.tag.map { [$0] } ?? []) + (rule.filter?.and?.tags ?? []) {
                try TagRules.validate([tag])
            }
            guard bucketName(fromARN: rule.destination.bucket) != nil else {
                throw S3Error.invalidArgument("Invalid bucket ARN", name: "Destination", value: rule.destination.bucket)
            }
            if let storageClass = rule.destination.storageClass, !storageClasses.contains(storageClass) { throw S3Error.malformedXML() }
            if let translation = rule.destination.accessControlTranslation {
                guard translation.owner == "Destination" else { throw S3Error.malformedXML() }
                guard rule.destination.account != nil else {
                    throw S3Error.invalidRequest("Account must be specified when AccessControlTranslation is specified")
                }
            }
            if let account = rule.destination.account, account.count != 12 || !account.allSatisfy(\.isNumber) {
                throw S3Error.invalidArgument("Invalid Account Id specified", name: "Account", value: account)
            }
        }
    }
}
