@testable import S3
import Testing

@Suite("S3 replication rules")
struct ReplicationRuleTests {
    let role = "arn:aws:iam::111111111111:role/replication"

    func rule(
        _ id: String, to destination: String, priority: Int? = 1, filter: ReplicationFilter? = ReplicationFilter(prefix: ""),
        deleteMarkers: String? = "Enabled", status: String = "Enabled"
    ) -> ReplicationRule {
        ReplicationRule(
            id: id, priority: priority, prefix: nil, filter: filter, status: status, existingObjectReplication: nil,
            destination: ReplicationDestination(bucket: "arn:aws:s3:::\(destination)", account: nil, storageClass: nil, accessControlTranslation: nil),
            deleteMarkerReplication: deleteMarkers.map { ReplicationStatusElement(status: $0) }
        )
    }

    @Test func theHighestPriorityMatchingRuleGovernsEachDestination() {
        let visible = ObjectTag(key: "sagemaker:studio-visibility", value: "true")
        let configuration = ReplicationConfiguration(role: role, rules: [
            rule("all", to: "dr", priority: 1, deleteMarkers: "Enabled"),
            rule("templates", to: "dr", priority: 5, filter: ReplicationFilter(prefix: "templates/"), deleteMarkers: "Disabled"),
            rule("visible", to: "partner", priority: 2, filter: ReplicationFilter(tag: visible), deleteMarkers: "Disabled"),
            rule("off", to: "archive", priority: 9, status: "Disabled"),
        ])
        let template = configuration.governingRules(key: "templates/a.yaml", tags: [visible])
        #expect(template.map(\.destination) == ["dr", "partner"])
        #expect(template.map { $0.rule.id } == ["templates", "visible"])
        #expect(configuration.governingRules(key: "data/x.csv", tags: []).map { $0.rule.id } == ["all"])
        // Delete markers follow the governing rule: not under templates/, yes elsewhere; never through tag rules.
        #expect(configuration.deleteMarkerDestinations(key: "templates/a.yaml").isEmpty)
        #expect(configuration.deleteMarkerDestinations(key: "data/x.csv") == ["dr"])
    }

    @Test func firstSchemaRulesReplicateDeleteMarkers() {
        var legacy = rule("v1", to: "dr", priority: nil, filter: nil, deleteMarkers: nil)
        legacy.prefix = "templates/"
        let configuration = ReplicationConfiguration(role: role, rules: [legacy])
        #expect(configuration.deleteMarkerDestinations(key: "templates/a") == ["dr"])
        #expect(configuration.deleteMarkerDestinations(key: "other/a").isEmpty)
        #expect(throws: Never.self) { try ReplicationValidation.validate(configuration) }
    }

    @Test func validationRefusesWhatS3Refuses() throws {
        try ReplicationValidation.validate(ReplicationConfiguration(role: role, rules: [rule("a", to: "dr")]))
        func refused(_ rules: [ReplicationRule], role: String? = nil) -> Bool {
            (try? ReplicationValidation.validate(ReplicationConfiguration(role: role ?? self.role, rules: rules))) == nil
        }
        #expect(refused([]))
        #expect(refused([rule("a", to: "dr")], role: "arn:aws:iam::111111111111:user/alice"))
        #expect(refused([rule("a", to: "dr", priority: nil)]))
        #expect(refused([rule("a", to: "dr", deleteMarkers: nil)]))
        #expect(refused([rule("a", to: "dr", priority: 1), rule("b", to: "dr2", priority: 1)]))
        #expect(refused([rule("a", to: "dr", priority: 1), rule("a", to: "dr2", priority: 2)]))
        #expect(refused([rule("a", to: "dr", filter: ReplicationFilter(tag: ObjectTag(key: "k", value: "v")), deleteMarkers: "Enabled")]))
        #expect(refused([rule("a", to: "dr", status: "Sometimes")]))
        var notAnARN = rule("a", to: "dr")
        notAnARN.destination.bucket = "dr"
        #expect(refused([notAnARN]))
        var translated = rule("a", to: "dr")
        translated.destination.accessControlTranslation = AccessControlTranslation(owner: "Destination")
        #expect(refused([translated]))
        translated.destination.account = "222222222222"
        #expect(!refused([translated]))
        var legacy = rule("v1", to: "dr", priority: nil, filter: nil, deleteMarkers: nil)
        legacy.prefix = ""
        #expect(refused([legacy, rule("v2", to: "dr2")]))
    }
}
