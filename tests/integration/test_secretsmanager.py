"""Secrets Manager through boto3: versions and staging labels, scheduled deletion and restore, random passwords,
resource policies and tags — and values never stored in plaintext, nor echoed in errors or the audit trail."""

import base64
import json
import os

import botocore.exceptions
import pytest

from helpers import allow, deny, expect_error, make_user, policy


def test_secret_versions_stages_and_values(server, unique):
    sm = server.client("secretsmanager")
    name = f"ci/token-{unique}"
    created = sm.create_secret(Name=name, Description="CI dispatch token", SecretString="first-value", Tags=[{"Key": "team", "Value": "ml"}])
    assert created["ARN"].startswith(f"arn:aws:secretsmanager:us-east-1:{server.account_id}:secret:{name}-") and len(created["ARN"].split("-")[-1]) == 6
    first = created["VersionId"]
    got = sm.get_secret_value(SecretId=name)
    assert (got["SecretString"], got["VersionId"], got["VersionStages"]) == ("first-value", first, ["AWSCURRENT"])
    assert sm.get_secret_value(SecretId=created["ARN"])["SecretString"] == "first-value"
    assert sm.get_secret_value(SecretId=created["ARN"][:-7])["SecretString"] == "first-value"  # partial ARN

    second = sm.put_secret_value(SecretId=name, SecretString="second-value")["VersionId"]
    assert sm.get_secret_value(SecretId=name)["SecretString"] == "second-value"
    previous = sm.get_secret_value(SecretId=name, VersionStage="AWSPREVIOUS")
    assert (previous["SecretString"], previous["VersionId"]) == ("first-value", first)
    assert sm.get_secret_value(SecretId=name, VersionId=first)["SecretString"] == "first-value"
    stages = sm.describe_secret(SecretId=name)["VersionIdsToStages"]
    assert stages == {first: ["AWSPREVIOUS"], second: ["AWSCURRENT"]}

    token = "a" * 32
    sm.put_secret_value(SecretId=name, SecretBinary=b"\x00\x01binary", ClientRequestToken=token, VersionStages=["AWSPENDING"])
    assert sm.put_secret_value(SecretId=name, SecretBinary=b"\x00\x01binary", ClientRequestToken=token, VersionStages=["AWSPENDING"])["VersionId"] == token
    err = expect_error("ResourceExistsException", sm.put_secret_value, SecretId=name, SecretString="other", ClientRequestToken=token)
    assert "other" not in err[1]
    assert sm.get_secret_value(SecretId=name, VersionStage="AWSPENDING")["SecretBinary"] == b"\x00\x01binary"
    assert sm.get_secret_value(SecretId=name)["SecretString"] == "second-value"

    sm.update_secret(SecretId=name, Description="rotated", SecretString="third-value")
    described = sm.describe_secret(SecretId=name)
    assert described["Description"] == "rotated" and described["Tags"] == [{"Key": "team", "Value": "ml"}]
    assert sm.get_secret_value(SecretId=name)["SecretString"] == "third-value"

    expect_error("ResourceExistsException", sm.create_secret, Name=name, SecretString="x")
    expect_error("ResourceNotFoundException", sm.get_secret_value, SecretId=f"missing-{unique}")
    expect_error("InvalidParameterException", sm.create_secret, Name=f"both-{unique}", SecretString="a", SecretBinary=b"b")
    expect_error("InvalidParameterException", sm.create_secret, Name="bad name!", SecretString="a")
    err = expect_error("InvalidParameterException", sm.create_secret, Name=f"huge-{unique}", SecretString="s" * 70_000)
    assert "sss" not in err[1]


def test_deletion_restore_listing_passwords_policies_and_tags(server, unique):
    sm = server.client("secretsmanager")
    name = f"db-{unique}"
    arn = sm.create_secret(Name=name, SecretString="pw")["ARN"]
    deleted = sm.delete_secret(SecretId=name, RecoveryWindowInDays=7)
    assert deleted["ARN"] == arn
    err = expect_error("InvalidRequestException", sm.get_secret_value, SecretId=name)
    assert "marked for deletion" in err[1]
    assert sm.describe_secret(SecretId=name)["DeletedDate"]
    assert name not in [s["Name"] for s in sm.list_secrets()["SecretList"]]
    assert name in [s["Name"] for s in sm.list_secrets(IncludePlannedDeletion=True)["SecretList"]]
    expect_error("InvalidRequestException", sm.create_secret, Name=name, SecretString="again")
    expect_error("InvalidParameterException", sm.delete_secret, SecretId=name, RecoveryWindowInDays=3)
    sm.restore_secret(SecretId=name)
    assert sm.get_secret_value(SecretId=name)["SecretString"] == "pw"
    # After the recovery window the secret is gone for good.
    sm.delete_secret(SecretId=name, RecoveryWindowInDays=7)
    server.advance_clock(8 * 86_400)
    expect_error("ResourceNotFoundException", sm.describe_secret, SecretId=name)
    sm.create_secret(Name=name, SecretString="new life")
    sm.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)
    expect_error("ResourceNotFoundException", sm.get_secret_value, SecretId=name)

    for tag in ("a", "b"):
        sm.create_secret(Name=f"list-{tag}-{unique}", SecretString="x", Description=f"desc {tag}", Tags=[{"Key": "kind", "Value": tag}])
    found = sm.list_secrets(Filters=[{"Key": "name", "Values": [f"list-"]}, {"Key": "tag-value", "Values": ["b"]}])["SecretList"]
    assert [s["Name"] for s in found] == [f"list-b-{unique}"]
    page = sm.list_secrets(MaxResults=1, Filters=[{"Key": "name", "Values": ["list-"]}])
    assert len(page["SecretList"]) == 1 and page["NextToken"]
    sm.tag_resource(SecretId=f"list-a-{unique}", Tags=[{"Key": "owner", "Value": "ops"}])
    sm.untag_resource(SecretId=f"list-a-{unique}", TagKeys=["kind"])
    assert sm.describe_secret(SecretId=f"list-a-{unique}")["Tags"] == [{"Key": "owner", "Value": "ops"}]

    password = sm.get_random_password(PasswordLength=24, ExcludePunctuation=True)["RandomPassword"]
    assert len(password) == 24 and password.isalnum() and any(c.isdigit() for c in password) and any(c.isupper() for c in password)
    assert len(sm.get_random_password()["RandomPassword"]) == 32
    expect_error("InvalidParameterException", sm.get_random_password, PasswordLength=5000)
    expect_error("InvalidParameterException", sm.get_random_password, PasswordLength=3, ExcludeNumbers=True, IncludeSpace=True)

    # A resource policy can deny what the caller's own policy allows.
    key, secret = make_user(server, f"reader-{unique}", policy(allow("secretsmanager:GetSecretValue")))
    reader = server.client("secretsmanager", key=key, secret=secret)
    assert reader.get_secret_value(SecretId=f"list-a-{unique}")["SecretString"] == "x"
    user_arn = f"arn:aws:iam::{server.account_id}:user/reader-{unique}"
    sm.put_resource_policy(SecretId=f"list-a-{unique}", ResourcePolicy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": {"AWS": user_arn}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}))
    assert "Deny" in sm.get_resource_policy(SecretId=f"list-a-{unique}")["ResourcePolicy"]
    err = expect_error("AccessDeniedException", reader.get_secret_value, SecretId=f"list-a-{unique}")
    assert "explicit deny in a resource-based policy" in err[1]
    expect_error("MalformedPolicyDocumentException", sm.put_resource_policy, SecretId=f"list-a-{unique}", ResourcePolicy="{not json")
    sm.delete_resource_policy(SecretId=f"list-a-{unique}")
    assert reader.get_secret_value(SecretId=f"list-a-{unique}")["SecretString"] == "x"


def test_values_are_never_stored_or_logged_in_plaintext(server, unique):
    sm = server.client("secretsmanager")
    plaintext = f"plaintext-marker-{unique}"
    binary = f"binary-marker-{unique}".encode()
    sm.create_secret(Name=f"sealed-{unique}", SecretString=plaintext)
    sm.put_secret_value(SecretId=f"sealed-{unique}", SecretBinary=binary)
    sm.update_secret(SecretId=f"sealed-{unique}", SecretString=plaintext + "-2")
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        sm.put_secret_value(SecretId=f"sealed-{unique}", SecretString=plaintext, SecretBinary=binary)
    assert plaintext not in str(refused.value)
    assert sm.get_secret_value(SecretId=f"sealed-{unique}")["SecretString"] == plaintext + "-2"
    assert server.slipway("audit", "--since", "1h", "--json").returncode == 0
    needles = [plaintext.encode(), binary, base64.b64encode(plaintext.encode()), base64.b64encode(binary)]
    for root, _, files in os.walk(server.data_dir):
        for file in files:
            with open(os.path.join(root, file), "rb") as handle:
                content = handle.read()
            for needle in needles:
                assert needle not in content, f"{needle!r} found in {file}"
    audit = server.slipway("audit", "--since", "1h", "--json").stdout
    assert plaintext not in audit and "secretsmanager" in audit
