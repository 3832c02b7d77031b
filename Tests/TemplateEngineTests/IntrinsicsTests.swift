import Provisioning
import Testing
@testable import TemplateEngine

@Suite("Intrinsic functions")
struct IntrinsicsTests {
    func context() -> EvaluationContext {
        var context = EvaluationContext(
            parameters: ["Stage": .string("prod"), "Subnets": .array([.string("s-1"), .string("s-2")]), "Name": .string("churn")],
            accountID: "111111111111", region: "eu-west-1", stackName: "proj", stackID: "arn:aws:cloudformation:eu-west-1:111111111111:stack/proj/abc"
        )
        context.mappings = ["Sizes": .object(["prod": .object(["Instance": .string("ml.m5.xlarge")])])]
        context.conditions = ["IsProd": true, "IsDev": false]
        context.reference = { name in name == "Bucket" ? .string("proj-bucket-1a2b") : nil }
        context.attribute = { resource, attribute in
            resource == "Bucket" && attribute == "Arn" ? .string("arn:aws:s3:::proj-bucket-1a2b") : nil
        }
        context.importedValue = { name in name == "shared-vpc" ? "vpc-123" : nil }
        return context
    }

    func resolve(_ yaml: String) throws -> TemplateValue? {
        try Intrinsics.resolve(TemplateParser.parse("Value: " + yaml)["Value"] ?? .null, in: context())
    }

    func refusal(_ yaml: String) -> String? {
        do {
            _ = try resolve(yaml)
            return nil
        } catch {
            return (error as? TemplateError)?.message ?? "\(error)"
        }
    }

    @Test func referencesAndPseudoParameters() throws {
        #expect(try resolve("!Ref Stage") == .string("prod"))
        #expect(try resolve("!Ref Subnets") == .array([.string("s-1"), .string("s-2")]))
        #expect(try resolve("!Ref Bucket") == .string("proj-bucket-1a2b"))
        #expect(try resolve("!Ref AWS::AccountId") == .string("111111111111"))
        #expect(try resolve("!Ref AWS::Partition") == .string("aws"))
        #expect(try resolve("!Ref AWS::URLSuffix") == .string("amazonaws.com"))
        #expect(try resolve("!GetAtt Bucket.Arn") == .string("arn:aws:s3:::proj-bucket-1a2b"))
        #expect(try resolve("{A: 1, B: !Ref AWS::NoValue}") == .object(["A": .number("1")]))
        #expect(try resolve("[a, !Ref AWS::NoValue, b]") == .array([.string("a"), .string("b")]))
        #expect(refusal("!Ref Nope") == "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template")
        #expect(refusal("!GetAtt Nope.Arn") == "Template error: instance of Fn::GetAtt references undefined resource Nope")
        #expect(refusal("!GetAtt Bucket.Colour") == "Template error: resource Bucket does not support attribute type Colour in Fn::GetAtt")
    }

    @Test func substitutionInBothForms() throws {
        #expect(try resolve(#"!Sub "${AWS::StackName}-${Name}-${Bucket}-${Bucket.Arn}-${!Literal}""#)
            == .string("proj-churn-proj-bucket-1a2b-arn:aws:s3:::proj-bucket-1a2b-${Literal}"))
        #expect(try resolve(#"!Sub ["${Prefix}/${AWS::Region}", {Prefix: !Join ["-", [a, b]]}]"#) == .string("a-b/eu-west-1"))
        #expect(refusal(#"!Sub "${Missing}""#) == "Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template")
    }

    @Test func listAndStringFunctions() throws {
        #expect(try resolve(#"!Join [",", !Ref Subnets]"#) == .string("s-1,s-2"))
        #expect(try resolve("!Select [1, !Ref Subnets]") == .string("s-2"))
        #expect(try resolve(#"!Split ["/", "a/b/c"]"#) == .array([.string("a"), .string("b"), .string("c")]))
        #expect(try resolve("!Base64 hello") == .string("aGVsbG8="))
        #expect(try resolve("!GetAZs ''") == .array([.string("eu-west-1a"), .string("eu-west-1b"), .string("eu-west-1c")]))
        #expect(try resolve("!FindInMap [Sizes, !Ref Stage, Instance]") == .string("ml.m5.xlarge"))
        #expect(try resolve("!FindInMap [Sizes, dev, Instance, {DefaultValue: ml.t3.medium}]") == .string("ml.t3.medium"))
        #expect(try resolve("!ImportValue shared-vpc") == .string("vpc-123"))
        #expect(try resolve(#"!Cidr ["10.0.0.0/16", 3, 8]"#) == .array([.string("10.0.0.0/24"), .string("10.0.1.0/24"), .string("10.0.2.0/24")]))
        #expect(try resolve("!ToJsonString {b: 1, a: [x]}") == .string(#"{"a":["x"],"b":1}"#))
        #expect(try resolve("!Length [a, b, c]") == .number("3"))
        #expect(refusal("!Select [5, !Ref Subnets]") == "Template error: Fn::Select cannot select nonexistent value at index 5")
        #expect(refusal("!FindInMap [Sizes, dev, Instance]") == "Template error: Unable to get mapping for Sizes::dev::Instance")
        #expect(refusal("!Join [\",\"]")?.hasPrefix("Template error: every Fn::Join object requires two parameters") == true)
        #expect(refusal("!ImportValue nothing") == "No export named nothing found. Rollback requested by user.")
        #expect(refusal("!Frobnicate x") == "Template format error: Unrecognized intrinsic function Fn::Frobnicate")
    }

    @Test func conditionsEvaluateInDependencyOrder() throws {
        let template = try Template.load("""
            Parameters:
              Stage: {Type: String}
              Region2: {Type: String, Default: ""}
            Conditions:
              IsProdInEU: !And [!Condition IsProd, !Equals [!Ref "AWS::Region", eu-west-1]]
              IsProd: !Equals [!Ref Stage, prod]
              HasSecondRegion: !Not [!Equals [!Ref Region2, ""]]
              Either: !Or [!Condition HasSecondRegion, !Condition IsProd]
            Resources:
              H: {Type: AWS::CloudFormation::WaitConditionHandle, Condition: IsProdInEU}
            """)
        var context = context()
        context.parameters = ["Stage": .string("prod"), "Region2": .string("")]
        let values = try Intrinsics.evaluateConditions(template.conditions, in: context)
        #expect(values == ["IsProdInEU": true, "IsProd": true, "HasSecondRegion": false, "Either": true])
        context.conditions = values
        #expect(try Intrinsics.resolve(.object(["Fn::If": .array([.string("IsProd"), .string("big"), .string("small")])]), in: context) == .string("big"))
        let loop = try Template.load("""
            Conditions:
              A: !Condition B
              B: !Condition A
            Resources:
              H: {Type: AWS::CloudFormation::WaitConditionHandle}
            """)
        #expect(throws: TemplateError.self) { _ = try Intrinsics.evaluateConditions(loop.conditions, in: context) }
    }
}
