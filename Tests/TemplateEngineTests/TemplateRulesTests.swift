import Provisioning
import Testing
@testable import TemplateEngine

@Suite("Template rules")
struct TemplateRulesTests {
    let template = """
        Parameters:
          Stage: {Type: String, AllowedValues: [dev, prod]}
          InstanceType: {Type: String}
          Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}
          Other: {Type: "AWS::EC2::Subnet::Id", Default: subnet-9}
        Rules:
          ProdIsLarge:
            RuleCondition: !Equals [!Ref Stage, prod]
            Assertions:
              - Assert: !Contains [[ml.m5.xlarge, ml.m5.2xlarge], !Ref InstanceType]
                AssertDescription: Production endpoints need ml.m5.xlarge or larger
          RegionOnly:
            Assertions:
              - Assert: !Equals [!Ref "AWS::Region", eu-west-1]
                AssertDescription: This template is for eu-west-1
          SubnetsKnown:
            Assertions:
              - Assert: {"Fn::EachMemberIn": [!Ref Subnets, [subnet-1, subnet-2, subnet-3]]}
              - Assert: {"Fn::EachMemberEquals": [{"Fn::RefAll": "AWS::EC2::Subnet::Id"}, subnet-9]}
                AssertDescription: every single subnet is subnet-9
        Resources:
          H: {Type: AWS::CloudFormation::WaitConditionHandle}
        """

    func check(_ given: [String: String], region: String = "eu-west-1") throws {
        let parsed = try Template.load(template)
        let values = try StackParameters.resolve(parsed, given: given)
        try TemplateRules.check(parsed, parameters: values, accountID: "111111111111", region: region, stackName: "s", stackID: "id")
    }

    @Test func assertionsHoldOrRefuseWithTheirDescription() throws {
        try check(["Stage": "prod", "InstanceType": "ml.m5.xlarge", "Subnets": "subnet-1,subnet-3"])
        try check(["Stage": "dev", "InstanceType": "ml.t3.medium", "Subnets": "subnet-2"])
        #expect(throws: TemplateError("Production endpoints need ml.m5.xlarge or larger")) {
            try check(["Stage": "prod", "InstanceType": "ml.t3.medium", "Subnets": "subnet-1"])
        }
        #expect(throws: TemplateError("This template is for eu-west-1")) {
            try check(["Stage": "dev", "InstanceType": "x", "Subnets": "subnet-1"], region: "us-east-1")
        }
        #expect(throws: TemplateError("Template error: rule SubnetsKnown failed")) {
            try check(["Stage": "dev", "InstanceType": "x", "Subnets": "subnet-1,subnet-7"])
        }
        #expect(throws: TemplateError("every single subnet is subnet-9")) {
            try check(["Stage": "dev", "InstanceType": "x", "Subnets": "subnet-1", "Other": "subnet-2"])
        }
    }
}
