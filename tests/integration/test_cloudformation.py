"""CloudFormation over the template engine: validation with CloudFormation's messages, stacks of S3 buckets created,
rolled back and deleted through the real S3 service, as the caller or as a stack role, watched with boto3's waiters."""

import json

import botocore.exceptions
import pytest

from helpers import allow, expect_error, policy

TEMPLATE = """
AWSTemplateFormatVersion: "2010-09-09"
Description: Project artifacts
Parameters:
  Project: {Type: String, MinLength: 1, Description: The project name}
  Secret: {Type: String, NoEcho: true, Default: hunter2}
Resources:
  Artifacts:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: {Status: Enabled}
      Tags: [{Key: project, Value: !Ref Project}]
  Models:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${Project}-models-${AWS::AccountId}"
Outputs:
  ArtifactsBucket: {Value: !Ref Artifacts, Export: {Name: !Sub "${AWS::StackName}-artifacts"}}
  ModelsArn: {Value: !GetAtt Models.Arn, Description: Where models go}
"""


def waiter_fails(cfn, name, stack):
    with pytest.raises(botocore.exceptions.WaiterError):
        cfn.get_waiter(name).wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 30})


def wait(cfn, name, stack):
    cfn.get_waiter(name).wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 30})


def test_validate_template_reports_parameters_and_refuses_what_cloudformation_refuses(server):
    cfn = server.client("cloudformation")
    valid = cfn.validate_template(TemplateBody=TEMPLATE)
    assert valid["Description"] == "Project artifacts"
    assert [(p["ParameterKey"], p.get("DefaultValue"), p["NoEcho"]) for p in valid["Parameters"]] == [("Project", None, False), ("Secret", "hunter2", True)]
    err = expect_error("ValidationError", cfn.validate_template, TemplateBody="Resources:\n  X: {Type: AWS::Foo::Bar}\n")
    assert err[1] == "Template format error: Unrecognized resource types: [AWS::Foo::Bar]"
    err = expect_error("ValidationError", cfn.validate_template, TemplateBody="Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketNme: x}}\n")
    assert err[1] == "Properties validation failed for resource B with message: [#: extraneous key [BucketNme] is not permitted]"
    err = expect_error("ValidationError", cfn.validate_template, TemplateBody="Resources:\n  B: {Type: AWS::S3::Bucket, DependsOn: Ghost}\n")
    assert err[1] == "Template format error: Unresolved resource dependencies [Ghost] in the Resources block of the template"
    err = expect_error("ValidationError", cfn.validate_template, TemplateBody="Resources: [unclosed\n")
    assert err[1].startswith("Template format error: YAML not well-formed.")
    err = expect_error("ValidationError", cfn.validate_template, TemplateBody="Transform: AWS::Serverless-2016-10-31\nResources:\n  B: {Type: AWS::S3::Bucket}\n")
    assert "AWS::Serverless-2016-10-31" in err[1]
    expect_error("ValidationError", cfn.validate_template, TemplateBody="Resources:\n  B: {Type: AWS::S3::Bucket}\n" + "#" * 51_200)


def test_a_stack_of_buckets_is_created_described_and_deleted(server, unique):
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    stack = f"proj-{unique}"
    project = f"p{unique}"
    stack_id = cfn.create_stack(StackName=stack, TemplateBody=TEMPLATE, Parameters=[{"ParameterKey": "Project", "ParameterValue": project}],
                                Tags=[{"Key": "sagemaker:project-name", "Value": project}])["StackId"]
    assert stack_id.startswith(f"arn:aws:cloudformation:us-east-1:{server.account_id}:stack/{stack}/")
    wait(cfn, "stack_create_complete", stack)
    described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    assert described["StackStatus"] == "CREATE_COMPLETE"
    assert {p["ParameterKey"]: p["ParameterValue"] for p in described["Parameters"]} == {"Project": project, "Secret": "****"}
    outputs = {o["OutputKey"]: o for o in described["Outputs"]}
    artifacts = outputs["ArtifactsBucket"]["OutputValue"]
    assert outputs["ArtifactsBucket"]["ExportName"] == f"{stack}-artifacts"
    assert outputs["ModelsArn"]["OutputValue"] == f"arn:aws:s3:::{project}-models-{server.account_id}"
    assert artifacts.startswith(f"{stack}-artifacts-".lower())

    # The buckets are real S3 buckets, configured as the template says.
    assert s3.get_bucket_versioning(Bucket=artifacts)["Status"] == "Enabled"
    tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=artifacts)["TagSet"]}
    assert tags == {"project": project, "sagemaker:project-name": project, "aws:cloudformation:stack-name": stack,
                    "aws:cloudformation:stack-id": stack_id, "aws:cloudformation:logical-id": "Artifacts"}
    models = f"{project}-models-{server.account_id}"
    assert {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=models)["TagSet"]}["aws:cloudformation:logical-id"] == "Models"
    # A requester may neither write nor remove the system tags: their own tags are replaced, the stack's stay.
    err = expect_error("InvalidTag", s3.put_bucket_tagging, Bucket=models, Tagging={"TagSet": [{"Key": "aws:cloudformation:stack-name", "Value": "x"}]})
    assert err[1] == "System tags cannot be added/updated by requester"
    s3.put_bucket_tagging(Bucket=models, Tagging={"TagSet": [{"Key": "owner", "Value": "ml"}]})
    s3.delete_bucket_tagging(Bucket=artifacts)
    assert {t["Key"] for t in s3.get_bucket_tagging(Bucket=models)["TagSet"]} == {
        "owner", "aws:cloudformation:stack-name", "aws:cloudformation:stack-id", "aws:cloudformation:logical-id"}
    assert {t["Key"] for t in s3.get_bucket_tagging(Bucket=artifacts)["TagSet"]} == {
        "aws:cloudformation:stack-name", "aws:cloudformation:stack-id", "aws:cloudformation:logical-id"}
    resources = {r["LogicalResourceId"]: r for r in cfn.describe_stack_resources(StackName=stack)["StackResources"]}
    assert {k: (r["PhysicalResourceId"], r["ResourceStatus"]) for k, r in resources.items()} == {
        "Artifacts": (artifacts, "CREATE_COMPLETE"), "Models": (f"{project}-models-{server.account_id}", "CREATE_COMPLETE")}
    events = cfn.describe_stack_events(StackName=stack)["StackEvents"]
    assert events[0]["LogicalResourceId"] == stack and events[0]["ResourceStatus"] == "CREATE_COMPLETE"
    assert events[-1]["ResourceStatus"] == "CREATE_IN_PROGRESS" and events[-1]["ResourceStatusReason"] == "User Initiated"
    expect_error("AlreadyExistsException", cfn.create_stack, StackName=stack, TemplateBody=TEMPLATE,
                 Parameters=[{"ParameterKey": "Project", "ParameterValue": project}])

    cfn.delete_stack(StackName=stack)
    wait(cfn, "stack_delete_complete", stack)
    with pytest.raises(botocore.exceptions.ClientError):
        s3.head_bucket(Bucket=artifacts)
    err = expect_error("ValidationError", cfn.describe_stacks, StackName=stack)
    assert err[1] == f"Stack with id {stack} does not exist"
    assert cfn.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE"


def test_a_failed_resource_rolls_the_stack_back(server, unique):
    cfn = server.client("cloudformation", region="eu-west-1")
    s3 = server.client("s3", region="eu-west-1")
    taken = f"taken-{unique}"
    s3.create_bucket(Bucket=taken, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    body = f"""
Resources:
  First: {{Type: AWS::S3::Bucket}}
  Second: {{Type: AWS::S3::Bucket, DependsOn: First, Properties: {{BucketName: {taken}}}}}
"""
    stack = f"fails-{unique}"
    cfn.create_stack(StackName=stack, TemplateBody=body)
    waiter_fails(cfn, "stack_create_complete", stack)
    described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    assert described["StackStatus"] == "ROLLBACK_COMPLETE"
    assert described["StackStatusReason"].startswith("The following resource(s) failed to create: [Second].")
    events = cfn.describe_stack_events(StackName=stack)["StackEvents"]
    failed = [e for e in events if e["LogicalResourceId"] == "Second" and e["ResourceStatus"] == "CREATE_FAILED"]
    assert failed and "Error Code: BucketAlreadyOwnedByYou" in failed[0]["ResourceStatusReason"]
    first = [e["PhysicalResourceId"] for e in events if e["LogicalResourceId"] == "First" and e["ResourceStatus"] == "CREATE_COMPLETE"][0]
    assert "DELETE_COMPLETE" in [e["ResourceStatus"] for e in events if e["LogicalResourceId"] == "First"]
    with pytest.raises(botocore.exceptions.ClientError):
        s3.head_bucket(Bucket=first)
    s3.head_bucket(Bucket=taken)  # what the stack did not make, it leaves alone


def test_a_stack_role_creates_only_what_it_may(server, unique):
    cfn = server.client("cloudformation")
    iam = server.client("iam")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "cloudformation.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    weak = iam.create_role(RoleName=f"weak-{unique}", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"weak-{unique}", PolicyName="tags-only", PolicyDocument=policy(allow("s3:PutBucketTagging")))
    stack = f"weak-{unique}"
    cfn.create_stack(StackName=stack, RoleARN=weak, TemplateBody="Resources:\n  B: {Type: AWS::S3::Bucket}\n")
    waiter_fails(cfn, "stack_create_complete", stack)
    events = cfn.describe_stack_events(StackName=stack)["StackEvents"]
    reason = [e for e in events if e["ResourceStatus"] == "CREATE_FAILED"][0]["ResourceStatusReason"]
    assert f"arn:aws:sts::{server.account_id}:assumed-role/weak-{unique}/AWSCloudFormation is not authorized to perform: s3:CreateBucket" in reason

    strong = iam.create_role(RoleName=f"strong-{unique}", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"strong-{unique}", PolicyName="buckets", PolicyDocument=policy(allow(["s3:CreateBucket", "s3:DeleteBucket"])))
    cfn.create_stack(StackName=f"strong-{unique}", RoleARN=strong, TemplateBody="Resources:\n  B: {Type: AWS::S3::Bucket}\n")
    wait(cfn, "stack_create_complete", f"strong-{unique}")
    cfn.delete_stack(StackName=f"strong-{unique}")
    wait(cfn, "stack_delete_complete", f"strong-{unique}")

    untrusting = iam.create_role(RoleName=f"untrusting-{unique}", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    err = expect_error("ValidationError", cfn.create_stack, StackName=f"untrusting-{unique}", RoleARN=untrusting,
                       TemplateBody="Resources:\n  B: {Type: AWS::S3::Bucket}\n")
    assert err[1] == f"Role {untrusting} is invalid or cannot be assumed"


def test_bad_requests_create_nothing(server, unique):
    cfn = server.client("cloudformation")
    err = expect_error("ValidationError", cfn.create_stack, StackName=f"params-{unique}", TemplateBody=TEMPLATE)
    assert err[1] == "Parameters: [Project] must have values"
    err = expect_error("ValidationError", cfn.create_stack, StackName=f"params-{unique}", TemplateBody=TEMPLATE,
                       Parameters=[{"ParameterKey": "Project", "ParameterValue": "x"}, {"ParameterKey": "Nope", "ParameterValue": "y"}])
    assert err[1] == "Parameters: [Nope] do not exist in the template"
    expect_error("ValidationError", cfn.create_stack, StackName="1-starts-with-a-digit", TemplateBody=TEMPLATE)
    expect_error("ValidationError", cfn.describe_stacks, StackName=f"params-{unique}")


def test_a_bucket_holding_objects_fails_the_delete(server, unique):
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    stack = f"full-{unique}"
    cfn.create_stack(StackName=stack, TemplateBody=f"Resources:\n  B: {{Type: AWS::S3::Bucket, Properties: {{BucketName: full-{unique}}}}}\n")
    wait(cfn, "stack_create_complete", stack)
    s3.put_object(Bucket=f"full-{unique}", Key="model.tar.gz", Body=b"weights")
    cfn.delete_stack(StackName=stack)
    waiter_fails(cfn, "stack_delete_complete", stack)
    described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    assert described["StackStatus"] == "DELETE_FAILED"
    assert described["StackStatusReason"] == "The following resource(s) failed to delete: [B]. "
    events = cfn.describe_stack_events(StackName=stack)["StackEvents"]
    assert "Error Code: BucketNotEmpty" in [e for e in events if e["LogicalResourceId"] == "B" and e["ResourceStatus"] == "DELETE_FAILED"][0]["ResourceStatusReason"]
    assert s3.get_object(Bucket=f"full-{unique}", Key="model.tar.gz")["Body"].read() == b"weights"


def test_a_bucket_policy_is_put_and_a_public_one_is_blocked(server, unique):
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    reader = "arn:aws:iam::222222222222:root"
    body = """
Parameters:
  Reader: {Type: String}
Resources:
  Bucket: {Type: AWS::S3::Bucket}
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: {AWS: !Ref Reader}, Action: s3:GetObject, Resource: !Sub "${Bucket.Arn}/*"}
"""
    stack = f"policy-{unique}"
    cfn.create_stack(StackName=stack, TemplateBody=body, Parameters=[{"ParameterKey": "Reader", "ParameterValue": reader}])
    wait(cfn, "stack_create_complete", stack)
    bucket = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cfn.describe_stack_resources(StackName=stack)["StackResources"]}["Bucket"]
    document = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    assert document["Statement"][0]["Principal"] == {"AWS": reader}
    assert document["Statement"][0]["Resource"] == f"arn:aws:s3:::{bucket}/*"
    cfn.delete_stack(StackName=stack)
    wait(cfn, "stack_delete_complete", stack)
    with pytest.raises(botocore.exceptions.ClientError):
        s3.head_bucket(Bucket=bucket)

    # Block Public Access is on for new buckets: a public policy fails the stack, which rolls back.
    public = f"public-{unique}"
    cfn.create_stack(StackName=public, TemplateBody=body, Parameters=[{"ParameterKey": "Reader", "ParameterValue": "*"}])
    waiter_fails(cfn, "stack_create_complete", public)
    assert cfn.describe_stacks(StackName=public)["Stacks"][0]["StackStatus"] == "ROLLBACK_COMPLETE"
    events = cfn.describe_stack_events(StackName=public)["StackEvents"]
    reason = [e for e in events if e["LogicalResourceId"] == "Policy" and e["ResourceStatus"] == "CREATE_FAILED"][0]["ResourceStatusReason"]
    assert "BlockPublicPolicy" in reason


def test_templates_and_stack_listings(server, unique):
    cfn = server.client("cloudformation", region="ap-southeast-2")
    body = """
Description: Launch form
Metadata:
  AWS::CloudFormation::Interface:
    ParameterGroups:
      - Label: {default: Project}
        Parameters: [Stage]
    ParameterLabels:
      Stage: {default: Deployment stage}
Parameters:
  Stage: {Type: String, AllowedValues: [staging, prod], Default: staging, Description: Where it runs}
Resources:
  Bucket: {Type: AWS::S3::Bucket}
"""
    summary = cfn.get_template_summary(TemplateBody=body)
    assert summary["ResourceTypes"] == ["AWS::S3::Bucket"]
    assert summary["Parameters"] == [{"ParameterKey": "Stage", "DefaultValue": "staging", "ParameterType": "String", "NoEcho": False,
                                      "Description": "Where it runs", "ParameterConstraints": {"AllowedValues": ["staging", "prod"]}}]
    metadata = json.loads(summary["Metadata"])
    assert metadata["AWS::CloudFormation::Interface"]["ParameterLabels"] == {"Stage": {"default": "Deployment stage"}}
    expect_error("ValidationError", cfn.get_template_summary, TemplateBody="Resources:\n  X: {Type: AWS::Nope::Nope}\n")

    kept, gone = f"kept-{unique}", f"gone-{unique}"
    for name in (kept, gone):
        cfn.create_stack(StackName=name, TemplateBody=body)
        wait(cfn, "stack_create_complete", name)
    assert cfn.get_template(StackName=kept)["TemplateBody"] == body
    assert cfn.get_template_summary(StackName=kept)["Description"] == "Launch form"
    cfn.delete_stack(StackName=gone)
    wait(cfn, "stack_delete_complete", gone)
    listed = {s["StackName"]: s["StackStatus"] for s in cfn.list_stacks()["StackSummaries"]}
    assert listed[kept] == "CREATE_COMPLETE" and listed[gone] == "DELETE_COMPLETE"
    complete = [s["StackName"] for s in cfn.list_stacks(StackStatusFilter=["CREATE_COMPLETE"])["StackSummaries"]]
    assert kept in complete and gone not in complete
    cfn.delete_stack(StackName=kept)
    wait(cfn, "stack_delete_complete", kept)


def test_templates_are_read_from_s3_with_the_callers_permissions(server, unique):
    from helpers import make_user
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    bucket = f"templates-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    first = "Description: first\nResources:\n  B: {Type: AWS::S3::Bucket}\n"
    v1 = s3.put_object(Bucket=bucket, Key="mlops/train.yaml", Body=first.encode())["VersionId"]
    # The second version is larger than a TemplateBody may be: from S3, up to 1 MB is read.
    second = "Description: second\nResources:\n  B: {Type: AWS::S3::Bucket}\n" + "#" * 60_000 + "\n"
    s3.put_object(Bucket=bucket, Key="mlops/train.yaml", Body=second.encode())
    for url in (f"https://{bucket}.s3.amazonaws.com/mlops/train.yaml", f"https://s3.us-east-1.amazonaws.com/{bucket}/mlops/train.yaml",
                f"{server.endpoint}/{bucket}/mlops/train.yaml"):
        assert cfn.validate_template(TemplateURL=url)["Description"] == "second"
    assert cfn.validate_template(TemplateURL=f"https://{bucket}.s3.us-east-1.amazonaws.com/mlops/train.yaml?versionId={v1}")["Description"] == "first"
    assert cfn.get_template_summary(TemplateURL=f"s3://{bucket}/mlops/train.yaml")["Description"] == "second"

    stack = f"fromurl-{unique}"
    cfn.create_stack(StackName=stack, TemplateURL=f"https://{bucket}.s3.amazonaws.com/mlops/train.yaml?versionId={v1}")
    wait(cfn, "stack_create_complete", stack)
    assert cfn.get_template(StackName=stack)["TemplateBody"] == first
    cfn.update_stack(StackName=stack, TemplateURL=f"https://{bucket}.s3.amazonaws.com/mlops/train.yaml")
    wait(cfn, "stack_update_complete", stack)
    assert cfn.describe_stacks(StackName=stack)["Stacks"][0]["Description"] == "second"

    err = expect_error("ValidationError", cfn.validate_template, TemplateURL=f"https://{bucket}.s3.amazonaws.com/mlops/missing.yaml")
    assert err[1] == "S3 error: The specified key does not exist."
    err = expect_error("ValidationError", cfn.validate_template, TemplateURL="ftp://example/template.yaml")
    assert err[1] == "TemplateURL must be a supported URL."
    expect_error("ValidationError", cfn.validate_template, TemplateURL=f"s3://{bucket}/mlops/train.yaml", TemplateBody=first)
    s3.put_object(Bucket=bucket, Key="huge.yaml", Body=b"Resources:\n  B: {Type: AWS::S3::Bucket}\n" + b"#" * 1_048_576)
    err = expect_error("ValidationError", cfn.validate_template, TemplateURL=f"s3://{bucket}/huge.yaml")
    assert err[1] == "Template may not exceed 1048576 bytes in size."

    # A caller who may validate templates but not read the object is refused, with the denial explained.
    key, secret = make_user(server, f"noread-{unique}", policy(allow("cloudformation:*")))
    other = server.client("cloudformation", key=key, secret=secret)
    err = expect_error("ValidationError", other.validate_template, TemplateURL=f"s3://{bucket}/mlops/train.yaml")
    assert err[1].startswith("S3 error: User: arn:aws:iam::") and "is not authorized to perform: s3:GetObject" in err[1]


def test_rules_refuse_parameter_values_before_anything_is_made(server, unique):
    cfn = server.client("cloudformation")
    body = """
Parameters:
  Stage: {Type: String, AllowedValues: [dev, prod]}
  InstanceType: {Type: String, Default: ml.t3.medium}
Rules:
  ProdIsLarge:
    RuleCondition: !Equals [!Ref Stage, prod]
    Assertions:
      - Assert: !Contains [[ml.m5.xlarge, ml.m5.2xlarge], !Ref InstanceType]
        AssertDescription: Production endpoints need ml.m5.xlarge or larger
Resources:
  B: {Type: AWS::S3::Bucket}
"""
    stack = f"rules-{unique}"
    err = expect_error("ValidationError", cfn.create_stack, StackName=stack, TemplateBody=body, Parameters=[{"ParameterKey": "Stage", "ParameterValue": "prod"}])
    assert err[1] == "Production endpoints need ml.m5.xlarge or larger"
    assert stack not in {s["StackName"] for s in cfn.list_stacks()["StackSummaries"]}
    cfn.create_stack(StackName=stack, TemplateBody=body, Parameters=[{"ParameterKey": "Stage", "ParameterValue": "dev"}])
    wait(cfn, "stack_create_complete", stack)
    err = expect_error("ValidationError", cfn.update_stack, StackName=stack, UsePreviousTemplate=True, Parameters=[{"ParameterKey": "Stage", "ParameterValue": "prod"}])
    assert err[1] == "Production endpoints need ml.m5.xlarge or larger"
    err = expect_error("ValidationError", cfn.create_change_set, StackName=stack, ChangeSetName="prod", UsePreviousTemplate=True,
                       Parameters=[{"ParameterKey": "Stage", "ParameterValue": "prod"}])
    assert err[1] == "Production endpoints need ml.m5.xlarge or larger"
    assert cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
