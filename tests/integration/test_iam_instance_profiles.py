"""Instance profiles through boto3 and in stacks: a profile carries one role, a role in a profile cannot be
deleted, and AWS::IAM::InstanceProfile makes, changes and removes them."""

import json

from helpers import expect_error

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def test_an_instance_profile_carries_one_role(server, unique):
    iam = server.client("iam")
    name, role = f"profile-{unique}", f"worker-{unique}"
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)
    iam.create_role(RoleName=f"{role}-2", AssumeRolePolicyDocument=TRUST)
    created = iam.create_instance_profile(InstanceProfileName=name, Path="/ml/", Tags=[{"Key": "team", "Value": "ml"}])["InstanceProfile"]
    assert created["Arn"] == f"arn:aws:iam::{server.account_id}:instance-profile/ml/{name}"
    assert created["InstanceProfileId"].startswith("AIPA") and created["Roles"] == []
    expect_error("EntityAlreadyExists", iam.create_instance_profile, InstanceProfileName=name)
    iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
    err = expect_error("LimitExceeded", iam.add_role_to_instance_profile, InstanceProfileName=name, RoleName=f"{role}-2")
    assert err[1] == "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"
    got = iam.get_instance_profile(InstanceProfileName=name)["InstanceProfile"]
    assert [r["RoleName"] for r in got["Roles"]] == [role] and got["Tags"] == [{"Key": "team", "Value": "ml"}]
    assert [p["InstanceProfileName"] for p in iam.list_instance_profiles_for_role(RoleName=role)["InstanceProfiles"]] == [name]
    assert name in [p["InstanceProfileName"] for p in iam.list_instance_profiles(PathPrefix="/ml/")["InstanceProfiles"]]

    err = expect_error("DeleteConflict", iam.delete_role, RoleName=role)
    assert err[1] == "Cannot delete entity, must remove roles from instance profile first."
    expect_error("DeleteConflict", iam.delete_instance_profile, InstanceProfileName=name)
    iam.remove_role_from_instance_profile(InstanceProfileName=name, RoleName=role)
    expect_error("NoSuchEntity", iam.remove_role_from_instance_profile, InstanceProfileName=name, RoleName=role)
    iam.delete_instance_profile(InstanceProfileName=name)
    expect_error("NoSuchEntity", iam.get_instance_profile, InstanceProfileName=name)
    iam.delete_role(RoleName=role)


def test_instance_profiles_in_a_stack(server, unique):
    cfn = server.client("cloudformation")
    iam = server.client("iam")
    stack = f"profiles-{unique}"

    def body(role):
        return f"""
Resources:
  First: {{Type: AWS::IAM::Role, Properties: {{AssumeRolePolicyDocument: {TRUST}}}}}
  Second: {{Type: AWS::IAM::Role, Properties: {{AssumeRolePolicyDocument: {TRUST}}}}}
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties: {{Roles: [!Ref {role}]}}
Outputs:
  ProfileArn: {{Value: !GetAtt Profile.Arn}}
"""
    cfn.create_stack(StackName=stack, TemplateBody=body("First"), Capabilities=["CAPABILITY_IAM"])
    cfn.get_waiter("stack_create_complete").wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    resources = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cfn.describe_stack_resources(StackName=stack)["StackResources"]}
    profile = iam.get_instance_profile(InstanceProfileName=resources["Profile"])["InstanceProfile"]
    assert [r["RoleName"] for r in profile["Roles"]] == [resources["First"]]
    assert cfn.describe_stacks(StackName=stack)["Stacks"][0]["Outputs"][0]["OutputValue"] == profile["Arn"]

    cfn.update_stack(StackName=stack, TemplateBody=body("Second"), Capabilities=["CAPABILITY_IAM"])
    cfn.get_waiter("stack_update_complete").wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    profile = iam.get_instance_profile(InstanceProfileName=resources["Profile"])["InstanceProfile"]
    assert [r["RoleName"] for r in profile["Roles"]] == [resources["Second"]]

    cfn.delete_stack(StackName=stack)
    cfn.get_waiter("stack_delete_complete").wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    expect_error("NoSuchEntity", iam.get_instance_profile, InstanceProfileName=resources["Profile"])
    expect_error("NoSuchEntity", iam.get_role, RoleName=resources["First"])
