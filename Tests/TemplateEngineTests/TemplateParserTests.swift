import Provisioning
import SlipwayCore
import Testing
@testable import TemplateEngine

@Suite("Template parsing")
struct TemplateParserTests {
    @Test func shortFormTagsBecomeTheirLongForms() throws {
        let value = try TemplateParser.parse("""
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: !Sub "${AWS::StackName}-artifacts"
                  Tags:
                    - Key: owner
                      Value: !Ref Owner
                    - Key: arn
                      Value: !GetAtt Role.Arn
                    - Key: nested
                      Value: !Join ["-", [!Select [0, !Split [",", !Ref List]], !GetAtt [Role, RoleId]]]
                    - Key: cond
                      Value: !If [IsProd, !Base64 prod, !Ref "AWS::NoValue"]
                  Dotted: !GetAtt Database.Endpoint.Address
                  Flag: !Condition IsProd
                  Azs: !GetAZs ''
            """)
        let properties = try #require(value["Resources"]?["Bucket"]?["Properties"])
        #expect(properties["BucketName"] == .object(["Fn::Sub": .string("${AWS::StackName}-artifacts")]))
        let tags = try #require(properties["Tags"]?.arrayValue)
        #expect(tags[0]["Value"] == .object(["Ref": .string("Owner")]))
        #expect(tags[1]["Value"] == .object(["Fn::GetAtt": .array([.string("Role"), .string("Arn")])]))
        let join = try #require(tags[2]["Value"]?["Fn::Join"]?.arrayValue)
        #expect(join[0] == .string("-"))
        #expect(join[1].arrayValue?[0] == .object(["Fn::Select": .array([.number("0"), .object(["Fn::Split": .array([.string(","), .object(["Ref": .string("List")])])])])]))
        #expect(join[1].arrayValue?[1] == .object(["Fn::GetAtt": .array([.string("Role"), .string("RoleId")])]))
        #expect(tags[3]["Value"]?["Fn::If"]?.arrayValue?[1] == .object(["Fn::Base64": .string("prod")]))
        #expect(properties["Dotted"] == .object(["Fn::GetAtt": .array([.string("Database"), .string("Endpoint.Address")])]))
        #expect(properties["Flag"] == .object(["Condition": .string("IsProd")]))
        #expect(properties["Azs"] == .object(["Fn::GetAZs": .string("")]))
    }

    @Test func scalarsKeepTheirTextAndKeysTheirOrder() throws {
        let value = try TemplateParser.parse("""
            AWSTemplateFormatVersion: 2010-09-09
            Parameters:
              Zeta: {Type: Number, Default: 1.10, MaxValue: 10}
              Alpha: {Type: String, Default: "007", NoEcho: true}
              Middle: {Type: String, Default: ~}
            Resources:
              H: {Type: AWS::CloudFormation::WaitConditionHandle}
            """)
        #expect(value["AWSTemplateFormatVersion"] == .string("2010-09-09"))
        #expect(value["Parameters"]?.objectValue?.keys.elements == ["Zeta", "Alpha", "Middle"])
        #expect(value["Parameters"]?["Zeta"]?["Default"] == .number("1.10"))
        #expect(value["Parameters"]?["Alpha"]?["Default"] == .string("007"))
        #expect(value["Parameters"]?["Alpha"]?["NoEcho"] == .bool(true))
        #expect(value["Parameters"]?["Middle"]?["Default"] == .null)
    }

    @Test func jsonTemplatesParseAndKeepTheirOrder() throws {
        let value = try TemplateParser.parse(#"{"Resources": {"B": {"Type": "AWS::S3::Bucket"}, "A": {"Type": "AWS::S3::Bucket", "Properties": {"N": 5, "T": true, "S": "x\/y\u00e9"}}}}"#)
        #expect(value["Resources"]?.objectValue?.keys.elements == ["B", "A"])
        #expect(value["Resources"]?["A"]?["Properties"] == .object(["N": .number("5"), "T": .bool(true), "S": .string("x/yé")]))
    }

    @Test func malformedTextGetsCloudFormationsMessages() {
        #expect(throws: TemplateError.self) { try TemplateParser.parse("{\"Resources\": ") }
        do {
            _ = try TemplateParser.parse("{\"Resources\": ")
        } catch {
            #expect(error.message.hasPrefix("Template format error: JSON not well-formed."))
        }
        do {
            _ = try TemplateParser.parse("Resources:\n  B: [unclosed\n")
            Issue.record("accepted malformed YAML")
        } catch {
            #expect(error.message.hasPrefix("Template format error: YAML not well-formed."))
        }
        do {
            _ = try TemplateParser.parse("Resources:\n  B: {Type: A}\n  B: {Type: C}\n")
            Issue.record("accepted a duplicate key")
        } catch {
            #expect(error.message.contains("Duplicate key 'B'"))
        }
    }
}
