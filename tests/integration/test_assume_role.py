"""AssumeRole: trust policy and caller permission both required; sessions limited to the role and session policy; expiry."""

import json

from helpers import allow, expect_error, make_user, policy


def trust(principal, **condition):
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def test_assume_role_requires_trust_and_caller_permission(server, unique):
    account = server.account_id
    root = server.client("iam")
    role = f"deployer-{unique}"
    allowed_user = f"assumer-{unique}"
    # The trust policy names the account: the caller also needs sts:AssumeRole in its own policies.
    role_arn = root.create_role(RoleName=role, AssumeRolePolicyDocument=trust({"AWS": f"arn:aws:iam::{account}:root"}))["Role"]["Arn"]
    root.put_role_policy(RoleName=role, PolicyName="list", PolicyDocument=policy(allow("iam:ListUsers")))

    key, secret = make_user(server, allowed_user)
    sts = server.client("sts", key, secret)
    _, message, status = expect_error("AccessDenied", sts.assume_role, RoleArn=role_arn, RoleSessionName="s1")
    assert status == 403
    assert f"is not authorized to perform: sts:AssumeRole on resource: {role_arn}" in message

    root.put_user_policy(UserName=allowed_user, PolicyName="assume", PolicyDocument=policy(allow("sts:AssumeRole", role_arn)))
    response = sts.assume_role(RoleArn=role_arn, RoleSessionName="s1", DurationSeconds=900)
    creds = response["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    assert response["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{account}:assumed-role/{role}/s1"

    session_sts = server.client("sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    assert session_sts.get_caller_identity()["Arn"] == f"arn:aws:sts::{account}:assumed-role/{role}/s1"
    session_iam = server.client("iam", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    session_iam.list_users()
    _, message, _ = expect_error("AccessDenied", session_iam.list_roles)
    assert message.startswith(f"User: arn:aws:sts::{account}:assumed-role/{role}/s1 is not authorized to perform: iam:ListRoles")


def test_trust_policy_must_allow_the_caller(server, unique):
    root = server.client("iam")
    role = f"closed-{unique}"
    role_arn = root.create_role(
        RoleName=role, AssumeRolePolicyDocument=trust({"Service": "sagemaker.amazonaws.com"})
    )["Role"]["Arn"]
    key, secret = make_user(server, f"hopeful-{unique}", policy(allow("sts:AssumeRole")))
    expect_error("AccessDenied", server.client("sts", key, secret).assume_role, RoleArn=role_arn, RoleSessionName="sx")


def test_trust_naming_the_user_needs_no_identity_policy(server, unique):
    root = server.client("iam")
    user = f"named-{unique}"
    key, secret = make_user(server, user)
    role_arn = root.create_role(
        RoleName=f"direct-{unique}",
        AssumeRolePolicyDocument=trust({"AWS": f"arn:aws:iam::{server.account_id}:user/{user}"}),
    )["Role"]["Arn"]
    creds = server.client("sts", key, secret).assume_role(RoleArn=role_arn, RoleSessionName="direct")["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")


def test_external_id_condition(server, unique):
    root = server.client("iam")
    role_arn = root.create_role(
        RoleName=f"external-{unique}",
        AssumeRolePolicyDocument=trust({"AWS": server.account_id}, StringEquals={"sts:ExternalId": "secret-42"}),
    )["Role"]["Arn"]
    key, secret = make_user(server, f"ext-{unique}", policy(allow("sts:AssumeRole")))
    sts = server.client("sts", key, secret)
    expect_error("AccessDenied", sts.assume_role, RoleArn=role_arn, RoleSessionName="sx")
    expect_error("AccessDenied", sts.assume_role, RoleArn=role_arn, RoleSessionName="sx", ExternalId="wrong")
    sts.assume_role(RoleArn=role_arn, RoleSessionName="sx", ExternalId="secret-42")


def test_session_policy_narrows_the_role(server, unique):
    root = server.client("iam")
    role = f"broad-{unique}"
    role_arn = root.create_role(RoleName=role, AssumeRolePolicyDocument=trust({"AWS": server.account_id}))["Role"]["Arn"]
    root.put_role_policy(RoleName=role, PolicyName="all", PolicyDocument=policy(allow(["iam:ListUsers", "iam:ListRoles"])))
    key, secret = make_user(server, f"narrow-{unique}", policy(allow("sts:AssumeRole")))
    response = server.client("sts", key, secret).assume_role(
        RoleArn=role_arn, RoleSessionName="narrow", Policy=policy(allow("iam:ListUsers"))
    )
    assert response["PackedPolicySize"] >= 1
    creds = response["Credentials"]
    session_iam = server.client("iam", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    session_iam.list_users()
    _, message, _ = expect_error("AccessDenied", session_iam.list_roles)
    assert "because no session policy allows the iam:ListRoles action" in message


def test_duration_limits(server, unique):
    root = server.client("iam")
    role_arn = root.create_role(
        RoleName=f"short-{unique}", AssumeRolePolicyDocument=trust({"AWS": server.account_id}), MaxSessionDuration=3600
    )["Role"]["Arn"]
    key, secret = make_user(server, f"dur-{unique}", policy(allow("sts:AssumeRole")))
    sts = server.client("sts", key, secret)
    expect_error("ValidationError", sts.assume_role, RoleArn=role_arn, RoleSessionName="sx", DurationSeconds=7200)


def test_root_cannot_assume_roles(server, unique):
    root = server.client("iam")
    role_arn = root.create_role(RoleName=f"rootless-{unique}", AssumeRolePolicyDocument=trust({"AWS": server.account_id}))["Role"]["Arn"]
    expect_error("AccessDenied", server.client("sts").assume_role, RoleArn=role_arn, RoleSessionName="root")


def test_expired_session_is_refused(fresh_server, unique):
    server = fresh_server
    root = server.client("iam")
    role_arn = root.create_role(RoleName=f"brief-{unique}", AssumeRolePolicyDocument=trust({"AWS": server.account_id}))["Role"]["Arn"]
    key, secret = make_user(server, f"brief-{unique}", policy(allow("sts:AssumeRole")))
    creds = server.client("sts", key, secret).assume_role(RoleArn=role_arn, RoleSessionName="brief", DurationSeconds=900)["Credentials"]
    session_sts = server.client("sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    session_sts.get_caller_identity()
    server.advance_clock(901)
    _, message, status = expect_error("ExpiredToken", session_sts.get_caller_identity)
    assert status == 403
    assert message == "The security token included in the request is expired"


def test_wrong_session_token_is_refused(server, unique):
    root = server.client("iam")
    role_arn = root.create_role(RoleName=f"tok-{unique}", AssumeRolePolicyDocument=trust({"AWS": server.account_id}))["Role"]["Arn"]
    key, secret = make_user(server, f"tok-{unique}", policy(allow("sts:AssumeRole")))
    creds = server.client("sts", key, secret).assume_role(RoleArn=role_arn, RoleSessionName="tt")["Credentials"]
    bad = server.client("sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"][:-4] + "AAAA")
    expect_error("InvalidClientTokenId", bad.get_caller_identity)


def test_get_session_token_keeps_the_user_permissions(server, unique):
    name = f"sess-{unique}"
    key, secret = make_user(server, name, policy(allow("iam:ListUsers")))
    sts = server.client("sts", key, secret)
    creds = sts.get_session_token(DurationSeconds=900)["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    session = server.client("iam", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    session.list_users()
    expect_error("AccessDenied", session.list_roles)
    me = server.client("sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]).get_caller_identity()
    assert me["Arn"] == f"arn:aws:iam::{server.account_id}:user/{name}"
    expect_error("ValidationError", server.client("sts", key, secret, parameter_validation=False).get_session_token, DurationSeconds=100)


def test_tag_conditions_on_iam_requests(server, unique):
    """aws:RequestTag / aws:TagKeys on create, aws:ResourceTag on the user acted upon."""
    name = f"tagger-{unique}"
    key, secret = make_user(server, name, policy(
        allow("iam:CreateUser", Condition={"StringEquals": {"aws:RequestTag/team": "ml"}, "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}),
        allow("iam:GetUser", Condition={"StringEquals": {"aws:ResourceTag/team": "ml"}}),
    ))
    iam = server.client("iam", key, secret)
    expect_error("AccessDenied", iam.create_user, UserName=f"untagged-{unique}")
    expect_error("AccessDenied", iam.create_user, UserName=f"wrongtag-{unique}", Tags=[{"Key": "team", "Value": "web"}])
    expect_error("AccessDenied", iam.create_user, UserName=f"extra-{unique}", Tags=[{"Key": "team", "Value": "ml"}, {"Key": "x", "Value": "y"}])
    iam.create_user(UserName=f"tagged-{unique}", Tags=[{"Key": "team", "Value": "ml"}])
    assert iam.get_user(UserName=f"tagged-{unique}")["User"]["UserName"] == f"tagged-{unique}"
    server.client("iam").create_user(UserName=f"other-{unique}", Tags=[{"Key": "team", "Value": "web"}])
    expect_error("AccessDenied", iam.get_user, UserName=f"other-{unique}")
