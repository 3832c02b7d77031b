"""Small helpers the integration tests share: users with keys and policies, roles with trust policies."""

import io
import json
import zipfile

import botocore.exceptions
import pytest


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action, resource="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def make_user(server, name, *inline_policies):
    """Creates a user with an access key and the given inline policies; returns (key, secret)."""
    iam = server.client("iam")
    iam.create_user(UserName=name)
    for index, document in enumerate(inline_policies):
        iam.put_user_policy(UserName=name, PolicyName=f"p{index}", PolicyDocument=document)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def error_of(excinfo):
    """(code, message, HTTP status) of a botocore ClientError."""
    err = excinfo.value.response
    return err["Error"]["Code"], err["Error"].get("Message", ""), err["ResponseMetadata"]["HTTPStatusCode"]


def expect_error(code, call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        call(*args, **kwargs)
    got = error_of(excinfo)
    assert got[0] == code, got
    return got


def other_account(server, unique):
    """Root credentials of a new account on the same server."""
    name = f"partner{unique}"
    assert server.slipway("account", "create", name).returncode == 0
    profile = server.profiles()[name]
    return profile["aws_access_key_id"], profile["aws_secret_access_key"]


LAMBDA_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def package(files):
    """A deployment package (zip bytes) holding `files` (name → source)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, source in files.items():
            archive.writestr(name, source)
    return buffer.getvalue()


def execution_role(server, name, *statements):
    """A role Lambda may assume, with `statements` as its inline policy."""
    iam = server.client("iam")
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
    if statements:
        iam.put_role_policy(RoleName=name, PolicyName="access", PolicyDocument=policy(*statements))
    return arn
