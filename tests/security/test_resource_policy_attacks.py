"""Attacks through policies and S3 answers (security issue, items 9, 10 and 13): a policy whose repeated keys read
one way to the evaluator and another to a client, a missing key told apart from a forbidden one, and a bucket policy
that would lock out its own account's root user."""

import json

import botocore.exceptions
import pytest
import requests

from helpers import allow, expect_error, make_user, policy

DUPLICATED = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", '
              '"Effect": "Allow"}]}')


def test_policies_with_repeated_keys_are_refused_everywhere(server, unique):
    iam = server.client("iam")
    iam.create_user(UserName=f"dup-{unique}")
    expect_error("MalformedPolicyDocument", iam.put_user_policy, UserName=f"dup-{unique}", PolicyName="p", PolicyDocument=DUPLICATED)
    assert iam.list_user_policies(UserName=f"dup-{unique}")["PolicyNames"] == []
    expect_error("MalformedPolicyDocument", iam.create_policy, PolicyName=f"dup-{unique}", PolicyDocument=DUPLICATED)
    trust = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, '
             '"Action": "sts:AssumeRole", "Principal": {"AWS": "*"}}]}')
    expect_error("MalformedPolicyDocument", iam.create_role, RoleName=f"dup-{unique}", AssumeRolePolicyDocument=trust)
    s3 = server.client("s3")
    s3.create_bucket(Bucket=f"dup-{unique}")
    bucket_policy = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", '
                     f'"Resource": "arn:aws:s3:::dup-{unique}/*", "Effect": "Allow"}}]}}')
    expect_error("MalformedPolicy", s3.put_bucket_policy, Bucket=f"dup-{unique}", Policy=bucket_policy)
    expect_error("NoSuchBucketPolicy", s3.get_bucket_policy, Bucket=f"dup-{unique}")
    sm = server.client("secretsmanager")
    sm.create_secret(Name=f"dup-{unique}", SecretString="v")
    secret_policy = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"AWS": "*"}, '
                     '"Action": "secretsmanager:GetSecretValue", "Resource": "*", "Effect": "Allow"}]}')
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        sm.put_resource_policy(SecretId=f"dup-{unique}", ResourcePolicy=secret_policy)
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "ResourcePolicy" not in sm.get_resource_policy(SecretId=f"dup-{unique}")


def test_a_missing_key_is_told_only_to_callers_who_may_list_the_bucket(server, unique):
    s3 = server.client("s3")
    bucket = f"oracle-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="present", Body=b"x")
    reader = server.client("s3", *make_user(server, f"reader-{unique}", policy(allow("s3:GetObject", f"arn:aws:s3:::{bucket}/*"))))
    assert reader.get_object(Bucket=bucket, Key="present")["Body"].read() == b"x"
    code, _, status = expect_error("AccessDenied", reader.get_object, Bucket=bucket, Key="absent")
    assert status == 403
    with pytest.raises(botocore.exceptions.ClientError) as head:
        reader.head_object(Bucket=bucket, Key="absent")
    assert head.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    lister = server.client("s3", *make_user(server, f"lister-{unique}", policy(
        allow("s3:GetObject", f"arn:aws:s3:::{bucket}/*"), allow("s3:ListBucket", f"arn:aws:s3:::{bucket}"))))
    _, _, status = expect_error("NoSuchKey", lister.get_object, Bucket=bucket, Key="absent")
    assert status == 404
    # A presigned GET from the reader tells no more than the reader's own call.
    url = server.client("s3", *make_user(server, f"signer-{unique}", policy(allow("s3:GetObject", f"arn:aws:s3:::{bucket}/*"))),
                        signature_version="s3v4").generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "absent"})
    assert requests.get(url, timeout=10).status_code == 403


def test_the_bucket_owners_root_can_always_replace_a_deny_all_bucket_policy(server, unique):
    s3 = server.client("s3")
    bucket = f"locked-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    deny_all = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]}]})
    s3.put_bucket_policy(Bucket=bucket, Policy=deny_all)
    # The policy binds everyone, root included, for everything else.
    expect_error("AccessDenied", s3.get_object, Bucket=bucket, Key="k")
    assert json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]) == json.loads(deny_all)
    s3.put_bucket_policy(Bucket=bucket, Policy=deny_all)
    s3.delete_bucket_policy(Bucket=bucket)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"x"
    # An administrator who is not root stays locked out while the policy stands.
    admin = server.client("s3", *make_user(server, f"admin-{unique}", policy(allow("*"))))
    s3.put_bucket_policy(Bucket=bucket, Policy=deny_all)
    expect_error("AccessDenied", admin.delete_bucket_policy, Bucket=bucket)
    expect_error("AccessDenied", admin.get_bucket_policy, Bucket=bucket)
    s3.delete_bucket_policy(Bucket=bucket)
