"""The IAM API's shapes and rules through boto3 and the aws CLI: roles, managed policy versions, boundaries, tags, simulation."""

import json
import urllib.parse

from helpers import allow, deny, expect_error, make_user, policy


def test_managed_policy_versions(server, unique):
    iam = server.client("iam")
    arn = iam.create_policy(PolicyName=f"versioned-{unique}", PolicyDocument=policy(allow("iam:ListUsers")))["Policy"]["Arn"]
    assert arn == f"arn:aws:iam::{server.account_id}:policy/versioned-{unique}"
    v2 = iam.create_policy_version(PolicyArn=arn, PolicyDocument=policy(allow("iam:ListRoles")), SetAsDefault=True)["PolicyVersion"]
    assert v2["VersionId"] == "v2" and v2["IsDefaultVersion"]
    got = iam.get_policy_version(PolicyArn=arn, VersionId="v2")["PolicyVersion"]
    assert got["Document"]["Statement"][0]["Action"] == "iam:ListRoles"
    assert [v["VersionId"] for v in iam.list_policy_versions(PolicyArn=arn)["Versions"]] == ["v2", "v1"]
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v2"
    expect_error("DeleteConflict", iam.delete_policy_version, PolicyArn=arn, VersionId="v2")
    for n in range(3, 6):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=policy(allow("iam:GetUser")))
    expect_error("LimitExceeded", iam.create_policy_version, PolicyArn=arn, PolicyDocument=policy(allow("iam:GetUser")))
    expect_error("DeleteConflict", iam.delete_policy, PolicyArn=arn)
    for version in ["v1", "v3", "v4", "v5"]:
        iam.delete_policy_version(PolicyArn=arn, VersionId=version)
    iam.delete_policy(PolicyArn=arn)
    expect_error("NoSuchEntity", iam.get_policy, PolicyArn=arn)


def test_aws_managed_policy_attaches(server, unique):
    name = f"admin-{unique}"
    key, secret = make_user(server, name)
    server.client("iam").attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
    user_iam = server.client("iam", key, secret)
    user_iam.list_users()
    expect_error("AccessDenied", user_iam.create_user, UserName=f"nope-{unique}")
    aws_policies = server.client("iam").list_policies(Scope="AWS")["Policies"]
    assert "AdministratorAccess" in [p["PolicyName"] for p in aws_policies]


def test_role_shapes_and_trust_document(server, unique):
    iam = server.client("iam")
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName=f"launch-{unique}", Path="/service-role/", AssumeRolePolicyDocument=json.dumps(trust),
                           Description="launch role", MaxSessionDuration=7200, Tags=[{"Key": "team", "Value": "ml"}])["Role"]
    assert role["Arn"] == f"arn:aws:iam::{server.account_id}:role/service-role/launch-{unique}"
    assert role["RoleId"].startswith("AROA")
    got = iam.get_role(RoleName=f"launch-{unique}")["Role"]
    assert got["AssumeRolePolicyDocument"] == trust
    assert got["MaxSessionDuration"] == 7200
    assert got["Tags"] == [{"Key": "team", "Value": "ml"}]
    expect_error("MalformedPolicyDocument", iam.create_role, RoleName=f"bad-{unique}", AssumeRolePolicyDocument=policy(allow("s3:*")))
    unvalidated = server.client("iam", parameter_validation=False)
    expect_error("ValidationError", unvalidated.create_role, RoleName=f"long-{unique}", AssumeRolePolicyDocument=json.dumps(trust), MaxSessionDuration=100)
    iam.put_role_policy(RoleName=f"launch-{unique}", PolicyName="p", PolicyDocument=policy(allow("s3:*")))
    expect_error("DeleteConflict", iam.delete_role, RoleName=f"launch-{unique}")
    iam.delete_role_policy(RoleName=f"launch-{unique}", PolicyName="p")
    iam.delete_role(RoleName=f"launch-{unique}")


def test_permissions_boundary_caps_the_user(server, unique):
    iam = server.client("iam")
    name = f"bounded-{unique}"
    key, secret = make_user(server, name, policy(allow("iam:*")))
    boundary = iam.create_policy(PolicyName=f"boundary-{unique}", PolicyDocument=policy(allow("iam:List*")))["Policy"]["Arn"]
    iam.put_user_permissions_boundary(UserName=name, PermissionsBoundary=boundary)
    user_iam = server.client("iam", key, secret)
    user_iam.list_users()
    _, message, _ = expect_error("AccessDenied", user_iam.get_user, UserName=name)
    assert "because no permissions boundary allows the iam:GetUser action" in message
    iam.delete_user_permissions_boundary(UserName=name)
    user_iam.get_user(UserName=name)


def test_simulate_principal_policy(server, unique):
    name = f"sim-{unique}"
    make_user(server, name, policy(allow(["iam:ListUsers", "iam:GetUser"])), policy(deny("iam:GetUser")))
    results = server.client("iam").simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{server.account_id}:user/{name}",
        ActionNames=["iam:ListUsers", "iam:GetUser", "iam:CreateUser"],
    )["EvaluationResults"]
    decisions = {r["EvalActionName"]: r["EvalDecision"] for r in results}
    assert decisions == {"iam:ListUsers": "allowed", "iam:GetUser": "explicitDeny", "iam:CreateUser": "implicitDeny"}


def test_simulate_custom_policy_with_conditions(server):
    document = policy(allow("s3:GetObject", "arn:aws:s3:::templates/*", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
    iam = server.client("iam")

    def decide(ip, resource="arn:aws:s3:::templates/a.yaml"):
        return iam.simulate_custom_policy(
            PolicyInputList=[document], ActionNames=["s3:GetObject"], ResourceArns=[resource],
            ContextEntries=[{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": [ip], "ContextKeyType": "ip"}],
        )["EvaluationResults"][0]["EvalDecision"]

    assert decide("10.1.2.3") == "allowed"
    assert decide("192.168.0.1") == "implicitDeny"
    assert decide("10.1.2.3", "arn:aws:s3:::other/a.yaml") == "implicitDeny"


def test_account_authorization_details(server, unique):
    name = f"detail-{unique}"
    make_user(server, name, policy(allow("iam:ListUsers")))
    details = server.client("iam").get_account_authorization_details(Filter=["User"])
    users = {u["UserName"]: u for u in details["UserDetailList"]}
    assert users[name]["UserPolicyList"][0]["PolicyName"] == "p0"
    assert users[name]["UserPolicyList"][0]["PolicyDocument"]["Statement"][0]["Action"] == "iam:ListUsers"
    assert details["RoleDetailList"] == []


def test_cli_user_and_tags(server, unique):
    name = f"cli-{unique}"
    created = json.loads(server.aws("iam", "create-user", "--user-name", name, "--tags", "Key=env,Value=dev", "--output", "json").stdout)
    assert created["User"]["UserName"] == name
    server.aws("iam", "tag-user", "--user-name", name, "--tags", "Key=team,Value=ml")
    tags = json.loads(server.aws("iam", "list-user-tags", "--user-name", name, "--output", "json").stdout)["Tags"]
    assert {t["Key"]: t["Value"] for t in tags} == {"env": "dev", "team": "ml"}
    server.aws("iam", "untag-user", "--user-name", name, "--tag-keys", "env")
    tags = json.loads(server.aws("iam", "list-user-tags", "--user-name", name, "--output", "json").stdout)["Tags"]
    assert tags == [{"Key": "team", "Value": "ml"}]
    failed = server.aws("iam", "get-user", "--user-name", f"missing-{unique}", check=False)
    assert failed.returncode != 0
    assert "NoSuchEntity" in failed.stderr


def test_list_users_pagination(server, unique):
    iam = server.client("iam")
    names = {f"page-{unique}-{i}" for i in range(7)}
    for name in names:
        iam.create_user(UserName=name, Path=f"/page{unique}/")
    seen = []
    for page in iam.get_paginator("list_users").paginate(PathPrefix=f"/page{unique}/", PaginationConfig={"PageSize": 3}):
        seen += [u["UserName"] for u in page["Users"]]
    assert sorted(seen) == sorted(names)
