import Provisioning
import Testing
@testable import TemplateEngine

@Suite("Template diff")
struct TemplateDiffTests {
    let catalog = ResourceCatalog([
        ResourceSchema(typeName: "AWS::S3::Bucket", properties: ObjectShape(["BucketName": .string, "Tags": .json, "VersioningConfiguration": .json]), createOnlyProperties: ["BucketName"]),
        ResourceSchema(typeName: "AWS::CloudFormation::WaitConditionHandle", properties: ObjectShape([:])),
    ])

    @Test func addsRemovesInPlaceAndReplacementChanges() throws {
        let old = try Template.load("""
            Parameters: {Stage: {Type: String}}
            Resources:
              Keep: {Type: AWS::CloudFormation::WaitConditionHandle}
              Tagged: {Type: AWS::S3::Bucket, Properties: {Tags: [{Key: a, Value: "1"}]}}
              Renamed: {Type: AWS::S3::Bucket, Properties: {BucketName: old-name}}
              Maybe: {Type: AWS::S3::Bucket, Properties: {BucketName: fixed}}
              Gone: {Type: AWS::CloudFormation::WaitConditionHandle}
            """)
        let new = try Template.load("""
            Parameters: {Stage: {Type: String}}
            Resources:
              Keep: {Type: AWS::CloudFormation::WaitConditionHandle}
              Tagged: {Type: AWS::S3::Bucket, Properties: {Tags: [{Key: a, Value: "2"}]}, DeletionPolicy: Retain}
              Renamed: {Type: AWS::S3::Bucket, Properties: {BucketName: new-name}}
              Maybe: {Type: AWS::S3::Bucket, Properties: {BucketName: !Sub "${Stage}-bucket"}}
              Added: {Type: AWS::CloudFormation::WaitConditionHandle}
            """)
        let changes = try TemplateDiff.changes(from: old, to: new, catalog: catalog)
        #expect(changes.map(\.logicalID) == ["Tagged", "Renamed", "Maybe", "Added", "Gone"])
        #expect(changes.map(\.action) == [.modify, .modify, .modify, .add, .remove])
        #expect(changes.map(\.replacement) == [.no, .yes, .conditional, nil, nil])
        #expect(changes[0].scope == ["Properties", "Metadata"])
        #expect(changes[0].changedProperties == ["Tags"])
        #expect(changes[1].changedProperties == ["BucketName"])
    }

    @Test func aTypeChangeIsRefused() throws {
        let old = try Template.load("Resources:\n  R: {Type: AWS::S3::Bucket}\n")
        let new = try Template.load("Resources:\n  R: {Type: AWS::CloudFormation::WaitConditionHandle}\n")
        #expect(throws: TemplateError("Update of resource type is not permitted. The new template modifies resource type of the following resources: [R]")) {
            _ = try TemplateDiff.changes(from: old, to: new, catalog: catalog)
        }
    }
}
