"""IAM resources in stacks: capabilities acknowledged, then a role, inline and managed policies, a user in a group
and its access key made through the real IAM service — the key signs requests with exactly the permissions the
stack gave it — changed by an update and removed with the stack."""

import json

import boto3
import botocore.exceptions
import pytest

from helpers import expect_error


def wait(cfn, name, stack):
    cfn.get_waiter(name).wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 30})


TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def template(unique, generation):
    listing = ["s3:ListAllMyBuckets"] if generation == 1 else ["s3:ListAllMyBuckets", "s3:CreateBucket"]
    inline = "" if generation == 2 else """
      Policies:
        - PolicyName: read-models
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}"""
    return f"""
Resources:
  Runner:
    Type: AWS::IAM::Role
    Properties:
      RoleName: runner-{unique}
      Description: runs the pipeline
      AssumeRolePolicyDocument: {json.dumps(TRUST)}
      ManagedPolicyArns: [!Ref Shared]{inline}
      Tags: [{{Key: team, Value: ml}}]
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Description: what pipelines may do
      PolicyDocument:
        Version: "2012-10-17"
        Statement: [{{Effect: Allow, Action: {json.dumps(listing)}, Resource: "*"}}]
      Users: [!Ref Bot]
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra-{generation}
      PolicyDocument: {{Version: "2012-10-17", Statement: [{{Effect: Allow, Action: "s3:PutObject", Resource: "*"}}]}}
      Roles: [!Ref Runner]
  Bot:
    Type: AWS::IAM::User
    Properties:
      Groups: [bots-{unique}]
  BotKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref Bot
      Status: {"Active" if generation == 1 else "Inactive"}
Outputs:
  RoleArn: {{Value: !GetAtt Runner.Arn}}
  KeyId: {{Value: !Ref BotKey}}
  Secret: {{Value: !GetAtt BotKey.SecretAccessKey}}
  UserArn: {{Value: !GetAtt Bot.Arn}}
"""


def test_iam_resources_need_capabilities(server, unique):
    cfn = server.client("cloudformation")
    body = template(unique, 1)
    validated = cfn.validate_template(TemplateBody=body)
    assert validated["Capabilities"] == ["CAPABILITY_NAMED_IAM"]
    assert validated["CapabilitiesReason"] == "The following resource(s) require capabilities: [AWS::IAM::Role, AWS::IAM::ManagedPolicy, AWS::IAM::Policy, AWS::IAM::User, AWS::IAM::AccessKey]"
    err = expect_error("InsufficientCapabilitiesException", cfn.create_stack, StackName=f"caps-{unique}", TemplateBody=body)
    assert err[1:] == ("Requires capabilities : [CAPABILITY_NAMED_IAM]", 400)
    expect_error("InsufficientCapabilitiesException", cfn.create_stack, StackName=f"caps-{unique}", TemplateBody=body, Capabilities=["CAPABILITY_IAM"])
    unnamed = "Resources:\n  U: {Type: AWS::IAM::User}\n"
    err = expect_error("InsufficientCapabilitiesException", cfn.create_stack, StackName=f"caps-{unique}", TemplateBody=unnamed)
    assert err[1] == "Requires capabilities : [CAPABILITY_IAM]"
    expect_error("InsufficientCapabilitiesException", cfn.create_change_set, StackName=f"caps-{unique}", ChangeSetName="c", ChangeSetType="CREATE", TemplateBody=unnamed)
    assert f"caps-{unique}" not in {s["StackName"] for s in cfn.list_stacks()["StackSummaries"]}
    cfn.create_stack(StackName=f"caps-{unique}", TemplateBody=unnamed, Capabilities=["CAPABILITY_NAMED_IAM"])
    wait(cfn, "stack_create_complete", f"caps-{unique}")
    cfn.delete_stack(StackName=f"caps-{unique}")
    wait(cfn, "stack_delete_complete", f"caps-{unique}")


def test_a_stack_of_iam_resources_is_created_updated_and_deleted(server, unique):
    cfn = server.client("cloudformation")
    iam = server.client("iam")
    iam.create_group(GroupName=f"bots-{unique}")
    iam.put_group_policy(GroupName=f"bots-{unique}", PolicyName="identity", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}))
    stack = f"iam-{unique}"
    cfn.create_stack(StackName=stack, TemplateBody=template(unique, 1), Capabilities=["CAPABILITY_NAMED_IAM"],
                     Tags=[{"Key": "project", "Value": "churn"}])
    wait(cfn, "stack_create_complete", stack)
    outputs = {o["OutputKey"]: o["OutputValue"] for o in cfn.describe_stacks(StackName=stack)["Stacks"][0]["Outputs"]}
    resources = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cfn.describe_stack_resources(StackName=stack)["StackResources"]}

    role = iam.get_role(RoleName=f"runner-{unique}")["Role"]
    assert role["Arn"] == outputs["RoleArn"] == f"arn:aws:iam::{server.account_id}:role/runner-{unique}"
    assert role["Description"] == "runs the pipeline"
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}
    assert {t["Key"]: t["Value"] for t in role["Tags"]} == {"team": "ml", "project": "churn"}
    assert sorted(iam.list_role_policies(RoleName=f"runner-{unique}")["PolicyNames"]) == ["extra-1", "read-models"]
    policy_arn = resources["Shared"]
    assert [p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=f"runner-{unique}")["AttachedPolicies"]] == [policy_arn]
    assert iam.get_policy(PolicyArn=policy_arn)["Policy"]["Description"] == "what pipelines may do"

    # The user is in its group, has the managed policy, and its key signs requests with those permissions only.
    user = resources["Bot"]
    assert user.startswith(f"{stack}-Bot-")
    assert outputs["UserArn"] == f"arn:aws:iam::{server.account_id}:user/{user}"
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName=user)["Groups"]] == [f"bots-{unique}"]
    session = boto3.session.Session(aws_access_key_id=outputs["KeyId"], aws_secret_access_key=outputs["Secret"], region_name="us-east-1")
    as_bot = lambda service: session.client(service, endpoint_url=server.endpoint)  # noqa: E731
    assert as_bot("sts").get_caller_identity()["Arn"] == outputs["UserArn"]
    as_bot("s3").list_buckets()
    assert as_bot("iam").get_user()["User"]["UserName"] == user
    expect_error("AccessDenied", as_bot("s3").create_bucket, Bucket=f"bot-{unique}")

    cfn.update_stack(StackName=stack, TemplateBody=template(unique, 2), Capabilities=["CAPABILITY_NAMED_IAM"])
    wait(cfn, "stack_update_complete", stack)
    assert sorted(iam.list_role_policies(RoleName=f"runner-{unique}")["PolicyNames"]) == ["extra-2"]
    versions = iam.list_policy_versions(PolicyArn=policy_arn)["Versions"]
    assert [(v["VersionId"], v["IsDefaultVersion"]) for v in sorted(versions, key=lambda v: v["VersionId"])] == [("v1", False), ("v2", True)]
    keys = iam.list_access_keys(UserName=user)["AccessKeyMetadata"]
    assert [(k["AccessKeyId"], k["Status"]) for k in keys] == [(outputs["KeyId"], "Inactive")]
    with pytest.raises(botocore.exceptions.ClientError):
        as_bot("sts").get_caller_identity()

    cfn.delete_stack(StackName=stack)
    wait(cfn, "stack_delete_complete", stack)
    expect_error("NoSuchEntity", iam.get_role, RoleName=f"runner-{unique}")
    expect_error("NoSuchEntity", iam.get_user, UserName=user)
    expect_error("NoSuchEntity", iam.get_policy, PolicyArn=policy_arn)
    assert iam.get_group(GroupName=f"bots-{unique}")["Users"] == []  # what the stack did not make stays


def test_a_stack_role_without_iam_permissions_fails_with_the_denial(server, unique):
    cfn = server.client("cloudformation")
    iam = server.client("iam")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "cloudformation.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    launcher = iam.create_role(RoleName=f"launcher-{unique}", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"launcher-{unique}", PolicyName="buckets-only", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:CreateBucket", "s3:DeleteBucket"], "Resource": "*"}]}))
    stack = f"noiam-{unique}"
    cfn.create_stack(StackName=stack, RoleARN=launcher, Capabilities=["CAPABILITY_IAM"], TemplateBody=f"""
Resources:
  Data: {{Type: AWS::S3::Bucket}}
  Runner:
    Type: AWS::IAM::Role
    DependsOn: Data
    Properties:
      AssumeRolePolicyDocument: {json.dumps(TRUST)}
""")
    with pytest.raises(botocore.exceptions.WaiterError):
        wait(cfn, "stack_create_complete", stack)
    events = cfn.describe_stack_events(StackName=stack)["StackEvents"]
    reason = [e for e in events if e["LogicalResourceId"] == "Runner" and e["ResourceStatus"] == "CREATE_FAILED"][0]["ResourceStatusReason"]
    assert f"assumed-role/launcher-{unique}/AWSCloudFormation is not authorized to perform: iam:CreateRole" in reason
    assert "(Status Code: 403, Error Code: AccessDenied)" in reason
    assert cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"] == "ROLLBACK_COMPLETE"
