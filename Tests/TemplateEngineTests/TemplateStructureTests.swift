import Provisioning
import Testing
@testable import TemplateEngine

@Suite("Template structure")
struct TemplateStructureTests {
    func refusal(_ text: String) -> String? {
        do {
            _ = try Template.load(text)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func aFullTemplateReadsIntoItsSections() throws {
        let template = try Template.load("""
            AWSTemplateFormatVersion: "2010-09-09"
            Description: MLOps project
            Transform: AWS::LanguageExtensions
            Metadata:
              AWS::CloudFormation::Interface:
                ParameterGroups:
                  - Label: {default: Project}
                    Parameters: [SageMakerProjectName, Stage]
                ParameterLabels:
                  Stage: {default: Deployment stage}
            Parameters:
              SageMakerProjectName: {Type: String, MinLength: 1, MaxLength: 32, AllowedPattern: "^[a-zA-Z](-*[a-zA-Z0-9])*"}
              Stage: {Type: String, AllowedValues: [staging, prod], Default: staging}
              Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
            Resources:
              Artifacts:
                Type: AWS::S3::Bucket
                DeletionPolicy: Retain
              Policy:
                Type: AWS::S3::BucketPolicy
                DependsOn: Artifacts
                Condition: IsProd
                Properties: {Bucket: !Ref Artifacts}
            Outputs:
              BucketName:
                Value: !Ref Artifacts
                Export: {Name: !Sub "${AWS::StackName}-bucket"}
            """)
        #expect(template.formatVersion == "2010-09-09")
        #expect(template.description == "MLOps project")
        #expect(template.transforms == ["AWS::LanguageExtensions"])
        #expect(template.parameters.keys.elements == ["SageMakerProjectName", "Stage", "Subnets"])
        #expect(template.parameters["Stage"]?.allowedValues == ["staging", "prod"])
        #expect(template.parameters["Subnets"]?.isList == true)
        #expect(template.resources["Artifacts"]?.deletionPolicy == "Retain")
        #expect(template.resources["Policy"]?.dependsOn == ["Artifacts"])
        #expect(template.resources["Policy"]?.condition == "IsProd")
        #expect(template.outputs["BucketName"]?.exportName == .object(["Fn::Sub": .string("${AWS::StackName}-bucket")]))
        #expect(template.interface?.groups == [ParameterInterface.Group(label: "Project", parameters: ["SageMakerProjectName", "Stage"])])
        #expect(template.interface?.labels == ["Stage": "Deployment stage"])
    }

    @Test func structuralMistakesGetCloudFormationsMessages() {
        let handle = "Resources:\n  H: {Type: AWS::CloudFormation::WaitConditionHandle}\n"
        #expect(refusal("Description: x\n") == "Template format error: At least one Resources member must be defined.")
        #expect(refusal("Resources: {}\n") == "Template format error: At least one Resources member must be defined.")
        #expect(refusal("Resources: [a]\n") == "Template format error: Every Resources member must be an object.")
        #expect(refusal("Resoures: {}\nOops: 1\n" + handle) == "Template format error: Invalid template property or properties [Resoures, Oops]")
        #expect(refusal("Resources:\n  B: {Properties: {}}\n") == "Template format error: [/Resources/B] Every Resources object must contain a Type member.")
        #expect(refusal("Resources:\n  B: {Type: AWS::S3::Bucket, Propertis: {}}\n") == "Template format error: Invalid template resource property 'Propertis'")
        #expect(refusal("Resources:\n  my-bucket: {Type: AWS::S3::Bucket}\n") == "Template format error: Resource name my-bucket is non alphanumeric.")
        #expect(refusal("Resources:\n  B: {Type: AWS::S3::Bucket, DependsOn: [Nope, Gone]}\n") == "Template format error: Unresolved resource dependencies [Nope, Gone] in the Resources block of the template")
        #expect(refusal("Resources:\n  B: {Type: AWS::S3::Bucket, Condition: Missing}\n") == "Template format error: Unresolved condition dependency Missing in the Resources block of the template")
        #expect(refusal("Resources:\n  B: {Type: AWS::S3::Bucket, DeletionPolicy: Keep}\n") == "Template format error: Unrecognized DeletionPolicy Keep for resource B")
        #expect(refusal("Parameters:\n  P: {Default: x}\n" + handle) == "Template format error: Every Parameters object must contain a Type member.")
        #expect(refusal("Parameters:\n  P: {Type: Strin}\n" + handle) == "Template format error: Unrecognized parameter type: Strin")
        #expect(refusal("Parameters:\n  P: {Type: String, Defualt: x}\n" + handle) == "Template format error: Invalid template parameter property 'Defualt'")
        #expect(refusal("Outputs:\n  O: {Description: x}\n" + handle) == "Template format error: Every Outputs member must contain a Value object")
        #expect(refusal("Transform: AWS::Serverless-2016-10-31\n" + handle) == "Transform AWS::Serverless-2016-10-31 is not supported by Slipway; the supported transform is AWS::LanguageExtensions")
        #expect(refusal("AWSTemplateFormatVersion: 2011-01-01\n" + handle)?.hasPrefix("Template format error: Unsupported template format version 2011-01-01") == true)
    }

    @Test func limitsAreCloudFormations() {
        let resources = (0...500).map { "  R\($0): {Type: AWS::CloudFormation::WaitConditionHandle}" }.joined(separator: "\n")
        #expect(refusal("Resources:\n" + resources + "\n") == "Template format error: Number of resources, 501, is greater than maximum allowed, 500")
        let parameters = (0...200).map { "  P\($0): {Type: String}" }.joined(separator: "\n")
        #expect(refusal("Parameters:\n" + parameters + "\nResources:\n  H: {Type: AWS::CloudFormation::WaitConditionHandle}\n")
            == "Template format error: Number of parameters, 201, is greater than maximum allowed, 200")
    }

    @Test func parameterValuesAreCheckedWithCloudFormationsMessages() throws {
        let template = try Template.load("""
            Parameters:
              Name: {Type: String, MinLength: 3, MaxLength: 8, AllowedPattern: "[a-z]+"}
              Pinned: {Type: String, AllowedPattern: "[a-z]+", ConstraintDescription: lowercase letters only}
              Stage: {Type: String, AllowedValues: [staging, prod]}
              Count: {Type: Number, MinValue: 1, MaxValue: 10}
              Ports: {Type: List<Number>, AllowedValues: ["80", "443"]}
            Resources:
              H: {Type: AWS::CloudFormation::WaitConditionHandle}
            """)
        func message(_ name: String, _ value: String) -> String? {
            do {
                try template.parameters[name]?.check(value)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(message("Name", "abcd") == nil)
        #expect(message("Name", "ab") == "Parameter 'Name' must contain at least 3 characters")
        #expect(message("Name", "abcdefghi") == "Parameter 'Name' must contain at most 8 characters")
        #expect(message("Name", "abc1") == "Parameter 'Name' must match pattern [a-z]+")
        #expect(message("Pinned", "ABC") == "Parameter 'Pinned' failed to satisfy constraint: lowercase letters only")
        #expect(message("Stage", "dev") == "Parameter 'Stage' must be one of AllowedValues")
        #expect(message("Count", "x") == "Parameter 'Count' must be a number")
        #expect(message("Count", "0") == "Parameter 'Count' must be a number not less than 1")
        #expect(message("Count", "11") == "Parameter 'Count' must be a number not greater than 10")
        #expect(message("Ports", "80,443") == nil)
        #expect(message("Ports", "80,8080") == "Parameter 'Ports' must be one of AllowedValues")
    }
}
