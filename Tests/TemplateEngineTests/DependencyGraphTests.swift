import Provisioning
import Testing
@testable import TemplateEngine

@Suite("Dependency graph")
struct DependencyGraphTests {
    func graph(_ resources: String, outputs: String = "") throws -> DependencyGraph {
        try DependencyGraph(Template.load("Parameters:\n  Stage: {Type: String}\nResources:\n" + resources + outputs))
    }

    func refusal(_ resources: String, outputs: String = "") -> String? {
        do {
            _ = try graph(resources, outputs: outputs)
            return nil
        } catch {
            return (error as? TemplateError)?.message ?? "\(error)"
        }
    }

    @Test func referencesOrderTheWaves() throws {
        let built = try graph("""
              Role: {Type: AWS::IAM::Role}
              Bucket: {Type: AWS::S3::Bucket, Properties: {BucketName: !Sub "${AWS::StackName}-${Stage}"}}
              Policy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Ref Bucket
                  PolicyDocument: {Statement: [{Principal: {AWS: !GetAtt Role.Arn}}]}
              Function:
                Type: AWS::Lambda::Function
                DependsOn: Policy
                Properties: {Code: {S3Bucket: !Sub ["${B}", {B: !Ref Bucket}]}, Text: !Sub "${Role.Arn} ${!Literal}"}
              Handle: {Type: AWS::CloudFormation::WaitConditionHandle}

            """)
        #expect(built.dependencies["Policy"] == ["Bucket", "Role"])
        #expect(built.dependencies["Function"] == ["Policy", "Bucket", "Role"])
        #expect(built.dependencies["Bucket"] == [])
        #expect(built.creationWaves == [["Role", "Bucket", "Handle"], ["Policy"], ["Function"]])
        #expect(built.deletionWaves.first == ["Function"])
    }

    @Test func unresolvedNamesAndCyclesGetCloudFormationsMessages() {
        #expect(refusal("  B: {Type: AWS::S3::Bucket, Properties: {BucketName: !Ref Nope}}\n")
            == "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template")
        #expect(refusal("  B: {Type: AWS::S3::Bucket, Properties: {BucketName: !Sub \"x-${Missing}\"}}\n")
            == "Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template")
        #expect(refusal("  B: {Type: AWS::S3::Bucket, Properties: {BucketName: !GetAtt Ghost.Arn}}\n")
            == "Template error: instance of Fn::GetAtt references undefined resource Ghost")
        #expect(refusal("  B: {Type: AWS::S3::Bucket}\n", outputs: "Outputs:\n  O: {Value: !Ref Gone}\n")
            == "Template format error: Unresolved resource dependencies [Gone] in the Outputs block of the template")
        #expect(refusal("""
              A: {Type: AWS::S3::Bucket, Properties: {BucketName: !Ref B}}
              B: {Type: AWS::S3::Bucket, DependsOn: C}
              C: {Type: AWS::S3::Bucket, Properties: {BucketName: !GetAtt A.Arn}}
              D: {Type: AWS::S3::Bucket, DependsOn: A}

            """) == "Template format error: Circular dependency between resources: [A, B, C]")
    }
}
