import Provisioning
import Testing

@Suite("Resource tags")
struct ResourceTagsTests {
    func request(_ tags: [(String, String)]) -> ResourceRequest {
        ResourceRequest(
            logicalID: "Fn", type: "AWS::Lambda::Function", properties: properties(tags), stackName: "s", stackID: "id", region: "us-east-1",
            accountID: "123456789012", stackTags: [("project", "churn"), ("aws:cloudformation:stack-name", "s")], identity: NobodyInParticular()
        )
    }

    func properties(_ tags: [(String, String)]) -> TemplateValue {
        .object(["Tags": .array(tags.map { .object(["Key": .string($0.0), "Value": .string($0.1)]) })])
    }

    @Test func declaredTagsOverrideTheStacksAndSystemTagsOnlyWhereAllowed() {
        let tags = request([("project", "fraud"), ("team", "ml")]).tags(declaredIn: properties([("project", "fraud"), ("team", "ml")]), includingSystemTags: false)
        #expect(tags.map(\.key) == ["project", "team"] && tags[0].value == "fraud")
        #expect(request([]).tags(declaredIn: properties([]), includingSystemTags: true).map(\.key) == ["project", "aws:cloudformation:stack-name"])
    }

    @Test func anUpdateRemovesDroppedTagsAndSetsChangedOnes() {
        let change = request([("team", "ml"), ("stage", "prod")]).tagChange(from: properties([("team", "data"), ("owner", "ana")]), includingSystemTags: false)
        #expect(change.removed == ["owner"])
        #expect(change.set?.map(\.key) == ["project", "team", "stage"])
        let same = request([("team", "ml")]).tagChange(from: properties([("team", "ml"), ("owner", "ana")]), includingSystemTags: false)
        #expect(same.removed == ["owner"] && same.set == nil, "only a removal: nothing to set")
    }
}
