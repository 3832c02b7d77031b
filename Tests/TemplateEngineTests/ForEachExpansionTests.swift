import Provisioning
import Testing
@testable import TemplateEngine

@Suite("Fn::ForEach (AWS::LanguageExtensions)")
struct ForEachExpansionTests {
    @Test func loopsStampOutResourcesAndOutputs() throws {
        let value = try TemplateParser.parse("""
            Transform: AWS::LanguageExtensions
            Parameters:
              Stages: {Type: CommaDelimitedList}
            Resources:
              Fn::ForEach::Buckets:
                - Stage
                - !Ref Stages
                - Bucket${Stage}:
                    Type: AWS::S3::Bucket
                    Properties:
                      BucketName: !Sub "models-${Stage}-${AWS::AccountId}"
                      Tags: [{Key: stage, Value: !Ref Stage}]
              Fn::ForEach::Handles:
                - Name
                - [a-b, c]
                - Handle&{Name}: {Type: AWS::CloudFormation::WaitConditionHandle}
            Outputs:
              Fn::ForEach::Names:
                - Stage
                - !Ref Stages
                - Name${Stage}: {Value: !Ref "Bucket${Stage}"}
            """)
        let expanded = try ForEachExpansion.expand(value, parameters: ["Stages": .array([.string("staging"), .string("prod")])])
        let template = try Template(expanded)
        #expect(template.resources.keys.elements == ["Bucketstaging", "Bucketprod", "Handleab", "Handlec"])
        #expect(template.resources["Bucketprod"]?.properties?["BucketName"] == .object(["Fn::Sub": .string("models-prod-${AWS::AccountId}")]))
        #expect(template.resources["Bucketprod"]?.properties?["Tags"]?.arrayValue?.first?["Value"] == .string("prod"))
        #expect(template.outputs.keys.elements == ["Namestaging", "Nameprod"])
        #expect(template.outputs["Nameprod"]?.value == .object(["Ref": .string("Bucketprod")]))
    }

    @Test func badLoopsAreRefused() throws {
        let clash = try TemplateParser.parse("""
            Resources:
              Handle: {Type: AWS::CloudFormation::WaitConditionHandle}
              Fn::ForEach::Dup:
                - X
                - [""]
                - Handle${X}: {Type: AWS::CloudFormation::WaitConditionHandle}
            """)
        #expect(throws: TemplateError.self) { _ = try ForEachExpansion.expand(clash, parameters: [:]) }
        let notAList = try TemplateParser.parse("Resources:\n  Fn::ForEach::L:\n    - X\n    - !Ref Single\n    - B${X}: {Type: T}\n")
        #expect(throws: TemplateError.self) { _ = try ForEachExpansion.expand(notAList, parameters: ["Single": .bool(true)]) }
    }
}
