"""Attacks with temporary credentials (security issue, item 7): a session outliving its user or role, a re-created
user or role of the same name lending its permissions to an old session, and session credentials extending
themselves through GetSessionToken."""

import json


from helpers import allow, expect_error, make_user, policy


def trust_user(server, user):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:user/{user}"}, "Action": "sts:AssumeRole"}]})


def session_client(server, service, credentials):
    return server.client(service, credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])


def refused_as_invalid(call):
    code, _, status = expect_error("InvalidClientTokenId", call)
    assert status == 403


def test_a_role_session_ends_with_its_role_and_does_not_pass_to_a_namesake(server, unique):
    iam = server.client("iam")
    user = f"assumer-{unique}"
    key, secret = make_user(server, user, policy(allow("sts:AssumeRole")))
    role = f"reader-{unique}"
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust_user(server, user))
    iam.put_role_policy(RoleName=role, PolicyName="list", PolicyDocument=policy(allow("iam:ListRoles")))
    sts = server.client("sts", key, secret)
    credentials = sts.assume_role(RoleArn=f"arn:aws:iam::{server.account_id}:role/{role}", RoleSessionName="session")["Credentials"]
    session_iam = session_client(server, "iam", credentials)
    session_iam.list_roles()
    iam.delete_role_policy(RoleName=role, PolicyName="list")
    iam.delete_role(RoleName=role)
    refused_as_invalid(session_iam.list_roles)
    # A new role of the same name, with more permissions, is another role: the old session gets nothing of it.
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust_user(server, user))
    iam.put_role_policy(RoleName=role, PolicyName="admin", PolicyDocument=policy(allow("*")))
    refused_as_invalid(session_iam.list_roles)
    refused_as_invalid(session_client(server, "sts", credentials).get_caller_identity)
    # Sessions of the new role work.
    fresh = sts.assume_role(RoleArn=f"arn:aws:iam::{server.account_id}:role/{role}", RoleSessionName="session")["Credentials"]
    session_client(server, "iam", fresh).list_roles()


def test_a_user_session_ends_with_its_user_and_does_not_pass_to_a_namesake(server, unique):
    iam = server.client("iam")
    user = f"temporary-{unique}"
    key, secret = make_user(server, user, policy(allow("iam:ListUsers")))
    credentials = server.client("sts", key, secret).get_session_token()["Credentials"]
    session_iam = session_client(server, "iam", credentials)
    session_iam.list_users()
    iam.delete_user_policy(UserName=user, PolicyName="p0")
    iam.delete_access_key(UserName=user, AccessKeyId=key)
    iam.delete_user(UserName=user)
    refused_as_invalid(session_iam.list_users)
    make_user(server, user, policy(allow("*")))
    refused_as_invalid(session_iam.list_users)


def test_session_credentials_cannot_call_get_session_token(server, unique):
    user = f"extender-{unique}"
    key, secret = make_user(server, user, policy(allow(["sts:GetSessionToken", "sts:AssumeRole"])))
    first = server.client("sts", key, secret).get_session_token()["Credentials"]
    _, message, status = expect_error("AccessDenied", session_client(server, "sts", first).get_session_token)
    assert (message, status) == ("Cannot call GetSessionToken with session credentials", 403)
    iam = server.client("iam")
    iam.create_role(RoleName=f"ext-{unique}", AssumeRolePolicyDocument=trust_user(server, user))
    iam.put_role_policy(RoleName=f"ext-{unique}", PolicyName="sts", PolicyDocument=policy(allow("sts:*")))
    role_session = server.client("sts", key, secret).assume_role(
        RoleArn=f"arn:aws:iam::{server.account_id}:role/ext-{unique}", RoleSessionName="session")["Credentials"]
    expect_error("AccessDenied", session_client(server, "sts", role_session).get_session_token)
