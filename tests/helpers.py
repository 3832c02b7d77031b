"""Small helpers the integration tests share: users with keys and policies, roles with trust policies, the SageMaker SDK's runs."""

import io
import os
import subprocess
import tempfile
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


SDK_PYTHON = os.environ.get("SLIPWAY_TEST_SDK_PYTHON", os.path.expanduser("~/.cache/slipway-test/sdk/bin/python"))


def run_sdk_script(server, script, *arguments):
    """Runs the SDK script against the server; nothing it sends may leave loopback (telemetry is opted out, and a
    proxy that refuses everything catches any other attempt)."""
    assert os.path.exists(SDK_PYTHON), f"the SageMaker SDK's interpreter is missing at {SDK_PYTHON}: scripts/setup-test-deps installs it"
    config = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
    config.write("SchemaVersion: '1.0'\nSageMaker:\n  PythonSDK:\n    Modules:\n      TelemetryOptOut: true\n")
    config.close()
    environment = {
        "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "AWS_ENDPOINT_URL": server.endpoint, "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": server.root_key, "AWS_SECRET_ACCESS_KEY": server.root_secret, "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "SAGEMAKER_USER_CONFIG_OVERRIDE": config.name, "SAGEMAKER_ADMIN_CONFIG_OVERRIDE": config.name,
        "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": "127.0.0.1,localhost",
    }
    try:
        done = subprocess.run([SDK_PYTHON, script, *arguments], env=environment, capture_output=True, text=True, timeout=1500)
    finally:
        os.unlink(config.name)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
