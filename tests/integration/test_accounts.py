"""First start writes root credentials (0600, printed once); a second account is created while the server runs and is isolated."""

import json
import os
import stat

from helpers import expect_error, make_user, policy, allow


def test_first_start_prints_and_stores_credentials(server):
    path = os.path.join(server.data_dir, "credentials")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    printed = "".join(server.stdout_lines)
    assert f"export AWS_ACCESS_KEY_ID={server.root_key}" in printed
    assert f"export AWS_SECRET_ACCESS_KEY={server.root_secret}" in printed
    assert "export AWS_ENDPOINT_URL=" in printed


def test_second_account_is_isolated(server, unique):
    root_a = server.client("iam")
    victim = f"victim-{unique}"
    root_a.create_user(UserName=victim)

    name = f"team{unique}"
    result = server.slipway("account", "create", name)
    assert result.returncode == 0, result.stderr
    profile = server.profiles()[name]
    assert server.profiles()["default"]["aws_access_key_id"] == server.root_key

    b_sts = server.client("sts", profile["aws_access_key_id"], profile["aws_secret_access_key"])
    account_b = b_sts.get_caller_identity()["Account"]
    assert account_b != server.account_id

    root_b = server.client("iam", profile["aws_access_key_id"], profile["aws_secret_access_key"])
    assert victim not in [u["UserName"] for u in root_b.list_users()["Users"]]
    expect_error("NoSuchEntity", root_b.get_user, UserName=victim)
    expect_error("NoSuchEntity", root_b.delete_user, UserName=victim)
    assert root_a.get_user(UserName=victim)["User"]["UserName"] == victim
    # B's own users live in B.
    created = root_b.create_user(UserName=victim)["User"]
    assert created["Arn"] == f"arn:aws:iam::{account_b}:user/{victim}"


def test_cross_account_assume_role_needs_both_sides(server, unique):
    name = f"partner{unique}"
    assert server.slipway("account", "create", name).returncode == 0
    profile = server.profiles()[name]
    root_b = server.client("iam", profile["aws_access_key_id"], profile["aws_secret_access_key"])
    account_b = server.client("sts", profile["aws_access_key_id"], profile["aws_secret_access_key"]).get_caller_identity()["Account"]

    # A role in A that trusts account B.
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account_b}:root"}, "Action": "sts:AssumeRole"}]})
    role_arn = server.client("iam").create_role(RoleName=f"shared-{unique}", AssumeRolePolicyDocument=trust)["Role"]["Arn"]

    root_b.create_user(UserName="caller")
    key = root_b.create_access_key(UserName="caller")["AccessKey"]
    sts_b = server.client("sts", key["AccessKeyId"], key["SecretAccessKey"])
    expect_error("AccessDenied", sts_b.assume_role, RoleArn=role_arn, RoleSessionName="sx")
    root_b.put_user_policy(UserName="caller", PolicyName="assume", PolicyDocument=policy(allow("sts:AssumeRole", role_arn)))
    creds = sts_b.assume_role(RoleArn=role_arn, RoleSessionName="sx")["Credentials"]
    me = server.client("sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]).get_caller_identity()
    assert me["Account"] == server.account_id


def test_restart_reuses_credentials(fresh_server):
    server = fresh_server
    server.restart()
    assert not any("AWS_SECRET_ACCESS_KEY" in line for line in server.stdout_lines)
    assert server.profiles()["default"]["aws_access_key_id"] == server.root_key
    assert server.client("sts").get_caller_identity()["Account"] == server.account_id
