import Provisioning
import Testing
@testable import TemplateEngine

@Suite("Resource schemas")
struct ResourceSchemaTests {
    let bucket = ResourceSchema(
        typeName: "AWS::S3::Bucket",
        properties: ObjectShape([
            "BucketName": .string,
            "VersioningConfiguration": .object(ObjectShape(["Status": .string], required: ["Status"])),
            "Tags": .list(.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))),
            "ObjectLockEnabled": .boolean,
        ]),
        createOnlyProperties: ["BucketName"], attributes: ["Arn", "DomainName"]
    )
    let role = ResourceSchema(
        typeName: "AWS::IAM::Role",
        properties: ObjectShape(["AssumeRolePolicyDocument": .json, "RoleName": .string, "MaxSessionDuration": .integer], required: ["AssumeRolePolicyDocument"]),
        readOnlyProperties: ["RoleId"]
    )

    func check(_ resources: String) -> String? {
        do {
            try ResourceCatalog([bucket, role]).validate(Template.load("Parameters:\n  Stage: {Type: String}\nResources:\n" + resources))
            return nil
        } catch {
            return error.message
        }
    }

    @Test func propertiesMatchingTheSchemaPass() {
        #expect(check("""
              B:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: !Sub "${Stage}-bucket"
                  VersioningConfiguration: {Status: Enabled}
                  Tags: [{Key: team, Value: ml}, !Ref AWS::NoValue]
                  ObjectLockEnabled: "true"
              R:
                Type: AWS::IAM::Role
                Properties: {AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: []}, MaxSessionDuration: 3600}

            """) == nil)
    }

    @Test func mistakesGetCloudFormationsSchemaMessages() {
        #expect(check("  B: {Type: AWS::Lambda::Function}\n  C: {Type: AWS::Foo::Bar}\n") == "Template format error: Unrecognized resource types: [AWS::Lambda::Function, AWS::Foo::Bar]")
        #expect(check("  B: {Type: AWS::S3::Bucket, Properties: {BucketNme: x}}\n")
            == "Properties validation failed for resource B with message: [#: extraneous key [BucketNme] is not permitted]")
        #expect(check("  R: {Type: AWS::IAM::Role}\n")
            == "Properties validation failed for resource R with message: [#: required key [AssumeRolePolicyDocument] not found]")
        #expect(check("  B: {Type: AWS::S3::Bucket, Properties: {Tags: {Key: a, Value: b}, VersioningConfiguration: {}}}\n")
            == "Properties validation failed for resource B with message: [#/Tags: expected type: JSONArray, found: JSONObject, #/VersioningConfiguration: required key [Status] not found]")
        #expect(check("  R: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}, MaxSessionDuration: long, RoleId: x}}\n")
            == "Properties validation failed for resource R with message: [#/MaxSessionDuration: expected type: Integer, found: String, #: extraneous key [RoleId] is not permitted]")
    }

    @Test func iamResourcesNeedCapabilities() throws {
        let plain = try Template.load("Resources:\n  B: {Type: AWS::S3::Bucket}\n")
        #expect(ResourceCatalog.requiredCapabilities(plain).capabilities.isEmpty)
        let iam = try Template.load("Resources:\n  R: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}\n  P: {Type: AWS::IAM::Policy}\n")
        #expect(ResourceCatalog.requiredCapabilities(iam).capabilities == ["CAPABILITY_IAM"])
        #expect(ResourceCatalog.requiredCapabilities(iam).reason == "The following resource(s) require capabilities: [AWS::IAM::Role, AWS::IAM::Policy]")
        let named = try Template.load("Resources:\n  R: {Type: AWS::IAM::Role, Properties: {RoleName: launcher, AssumeRolePolicyDocument: {}}}\n")
        #expect(ResourceCatalog.requiredCapabilities(named).capabilities == ["CAPABILITY_NAMED_IAM"])
    }
}
