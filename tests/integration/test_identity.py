"""Root identity, users without policies, attached and inline policies, explicit deny (boto3 and the aws CLI)."""

import json

from helpers import allow, deny, error_of, expect_error, make_user, policy


def test_root_get_caller_identity(server):
    identity = server.client("sts").get_caller_identity()
    assert identity["Account"] == server.account_id
    assert identity["Arn"] == f"arn:aws:iam::{server.account_id}:root"
    assert identity["UserId"] == server.account_id


def test_root_get_caller_identity_with_cli(server):
    result = server.aws("sts", "get-caller-identity", "--output", "json")
    assert json.loads(result.stdout)["Arn"] == f"arn:aws:iam::{server.account_id}:root"


def test_user_without_policy_is_denied_with_explanation(server, unique):
    name = f"nopolicy-{unique}"
    key, secret = make_user(server, name)
    user_iam = server.client("iam", key, secret)
    code, message, status = expect_error("AccessDenied", user_iam.list_users)
    assert status == 403
    assert message == (
        f"User: arn:aws:iam::{server.account_id}:user/{name} is not authorized to perform: iam:ListUsers "
        f"on resource: arn:aws:iam::{server.account_id}:user/ because no identity-based policy allows the iam:ListUsers action"
    )
    # Asking who you are needs no permission.
    me = server.client("sts", key, secret).get_caller_identity()
    assert me["Arn"] == f"arn:aws:iam::{server.account_id}:user/{name}"
    assert me["UserId"].startswith("AIDA")


def test_attached_policy_allows_exactly_what_it_says(server, unique):
    name = f"reader-{unique}"
    key, secret = make_user(server, name)
    root = server.client("iam")
    arn = root.create_policy(
        PolicyName=f"read-users-{unique}",
        PolicyDocument=policy(allow(["iam:ListUsers", "iam:GetUser"])),
    )["Policy"]["Arn"]
    root.attach_user_policy(UserName=name, PolicyArn=arn)
    user_iam = server.client("iam", key, secret)
    names = [u["UserName"] for u in user_iam.list_users()["Users"]]
    assert name in names
    assert user_iam.get_user(UserName=name)["User"]["UserName"] == name
    # Not granted: creating users, or reading roles.
    code, message, _ = expect_error("AccessDenied", user_iam.create_user, UserName=f"x-{unique}")
    assert "iam:CreateUser" in message
    expect_error("AccessDenied", user_iam.list_roles)
    # Detaching takes the permission away.
    root.detach_user_policy(UserName=name, PolicyArn=arn)
    expect_error("AccessDenied", user_iam.list_users)


def test_resource_scoped_policy(server, unique):
    name = f"scoped-{unique}"
    other = f"other-{unique}"
    server.client("iam").create_user(UserName=other)
    key, secret = make_user(server, name, policy(allow("iam:GetUser", f"arn:aws:iam::{server.account_id}:user/{name}")))
    user_iam = server.client("iam", key, secret)
    assert user_iam.get_user(UserName=name)["User"]["UserName"] == name
    _, message, _ = expect_error("AccessDenied", user_iam.get_user, UserName=other)
    assert f"on resource: arn:aws:iam::{server.account_id}:user/{other}" in message


def test_explicit_deny_beats_allow(server, unique):
    name = f"denied-{unique}"
    key, secret = make_user(server, name, policy(allow("iam:*")), policy(deny("iam:ListRoles")))
    user_iam = server.client("iam", key, secret)
    user_iam.list_users()
    _, message, status = expect_error("AccessDenied", user_iam.list_roles)
    assert status == 403
    assert message.endswith("with an explicit deny in an identity-based policy")


def test_group_policies_apply_to_members(server, unique):
    root = server.client("iam")
    name = f"member-{unique}"
    group = f"readers-{unique}"
    key, secret = make_user(server, name)
    root.create_group(GroupName=group)
    root.put_group_policy(GroupName=group, PolicyName="read", PolicyDocument=policy(allow("iam:ListRoles")))
    user_iam = server.client("iam", key, secret)
    expect_error("AccessDenied", user_iam.list_roles)
    root.add_user_to_group(GroupName=group, UserName=name)
    user_iam.list_roles()


def test_inactive_key_is_refused(server, unique):
    name = f"inactive-{unique}"
    key, secret = make_user(server, name, policy(allow("iam:ListUsers")))
    user_iam = server.client("iam", key, secret)
    user_iam.list_users()
    server.client("iam").update_access_key(UserName=name, AccessKeyId=key, Status="Inactive")
    code, message, status = expect_error("InvalidClientTokenId", user_iam.list_users)
    assert status == 403
    server.client("iam").update_access_key(UserName=name, AccessKeyId=key, Status="Active")
    user_iam.list_users()


def test_unknown_key_is_refused(server):
    sts = server.client("sts", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    _, message, status = expect_error("InvalidClientTokenId", sts.get_caller_identity)
    assert status == 403
    assert message == "The security token included in the request is invalid."


def test_malformed_policy_is_rejected_and_changes_nothing(server, unique):
    root = server.client("iam")
    name = f"malformed-{unique}"
    root.create_user(UserName=name)
    expect_error("MalformedPolicyDocument", root.put_user_policy, UserName=name, PolicyName="bad", PolicyDocument="{not json")
    expect_error(
        "MalformedPolicyDocument", root.put_user_policy, UserName=name, PolicyName="bad",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Action": "iam:*", "Resource": "*"}]}),
    )
    assert root.list_user_policies(UserName=name)["PolicyNames"] == []


def test_user_lifecycle_errors(server, unique):
    root = server.client("iam")
    name = f"life-{unique}"
    created = root.create_user(UserName=name, Path="/team/", Tags=[{"Key": "team", "Value": "ml"}])["User"]
    assert created["Arn"] == f"arn:aws:iam::{server.account_id}:user/team/{name}"
    _, _, status = expect_error("EntityAlreadyExists", root.create_user, UserName=name.upper())
    assert status == 409
    expect_error("ValidationError", root.create_user, UserName="bad name!")
    key = root.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"]
    _, _, status = expect_error("DeleteConflict", root.delete_user, UserName=name)
    assert status == 409
    root.delete_access_key(UserName=name, AccessKeyId=key)
    root.delete_user(UserName=name)
    _, _, status = expect_error("NoSuchEntity", root.get_user, UserName=name)
    assert status == 404
