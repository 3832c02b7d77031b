"""Bucket policies: put/get/delete/status, cross-account and anonymous access they grant, conditions, malformed policies."""

import json

import requests

from helpers import allow, expect_error, make_user, other_account, policy


def test_policy_round_trip_and_status(server, unique):
    s3 = server.client("s3")
    b = f"pol-{unique}"
    s3.create_bucket(Bucket=b)
    expect_error("NoSuchBucketPolicy", s3.get_bucket_policy, Bucket=b)
    s3.delete_public_access_block(Bucket=b)
    document = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b}/public/*"}]})
    s3.put_bucket_policy(Bucket=b, Policy=document)
    assert json.loads(s3.get_bucket_policy(Bucket=b)["Policy"]) == json.loads(document)
    assert s3.get_bucket_policy_status(Bucket=b)["PolicyStatus"]["IsPublic"] is True
    s3.delete_bucket_policy(Bucket=b)
    expect_error("NoSuchBucketPolicy", s3.get_bucket_policy, Bucket=b)


def test_malformed_policies_change_nothing(server, unique):
    s3 = server.client("s3")
    b = f"badpol-{unique}"
    s3.create_bucket(Bucket=b)
    good = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:root"}, "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b}/*"}]})
    s3.put_bucket_policy(Bucket=b, Policy=good)
    for bad in [
        "not json",
        json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b}/*"}]}),
        json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::someone-else/*"}]}),
    ]:
        _, _, status = expect_error("MalformedPolicy", s3.put_bucket_policy, Bucket=b, Policy=bad)
        assert status == 400
    assert json.loads(s3.get_bucket_policy(Bucket=b)["Policy"]) == json.loads(good)


def test_anonymous_read_only_where_the_policy_allows(server, unique):
    s3 = server.client("s3")
    b = f"anon-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="public/readme.txt", Body=b"hello")
    s3.put_object(Bucket=b, Key="private/secret.txt", Body=b"secret")
    assert requests.get(f"{server.endpoint}/{b}/public/readme.txt", timeout=10).status_code == 403
    s3.delete_public_access_block(Bucket=b)
    s3.put_bucket_policy(Bucket=b, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b}/public/*"}]}))
    public = requests.get(f"{server.endpoint}/{b}/public/readme.txt", timeout=10)
    assert public.status_code == 200 and public.content == b"hello"
    private = requests.get(f"{server.endpoint}/{b}/private/secret.txt", timeout=10)
    assert private.status_code == 403
    assert "<Code>AccessDenied</Code>" in private.text
    assert requests.put(f"{server.endpoint}/{b}/public/new.txt", data=b"x", timeout=10).status_code == 403


def cross_account_reader(server, unique):
    """Another account's IAM client, its id, and the S3 client of its user whose own policy lets it read any bucket."""
    key, secret = other_account(server, unique)
    other_iam = server.client("iam", key, secret)
    account = server.client("sts", key, secret).get_caller_identity()["Account"]
    other_iam.create_user(UserName="reader")
    other_iam.put_user_policy(UserName="reader", PolicyName="read", PolicyDocument=policy(allow(["s3:GetObject", "s3:ListBucket"], "*")))
    reader_key = other_iam.create_access_key(UserName="reader")["AccessKey"]
    return other_iam, account, server.client("s3", reader_key["AccessKeyId"], reader_key["SecretAccessKey"])


def test_cross_account_read_only_through_the_bucket_policy(server, unique):
    s3 = server.client("s3")
    b = f"central-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="templates/a.yaml", Body=b"template")
    other_iam, account_b, reader = cross_account_reader(server, unique)
    # The other account's own policy allows it, but the bucket owner has not: denied.
    expect_error("AccessDenied", reader.get_object, Bucket=b, Key="templates/a.yaml")
    s3.put_bucket_policy(Bucket=b, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account_b}:root"}, "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": [f"arn:aws:s3:::{b}", f"arn:aws:s3:::{b}/*"]}]}))
    assert reader.get_object(Bucket=b, Key="templates/a.yaml")["Body"].read() == b"template"
    assert [o["Key"] for o in reader.list_objects_v2(Bucket=b)["Contents"]] == ["templates/a.yaml"]
    # Both sides must allow: a user of that account without an identity policy stays out.
    other_iam.create_user(UserName="nobody")
    nobody_key = other_iam.create_access_key(UserName="nobody")["AccessKey"]
    nobody = server.client("s3", nobody_key["AccessKeyId"], nobody_key["SecretAccessKey"])
    expect_error("AccessDenied", nobody.get_object, Bucket=b, Key="templates/a.yaml")
    expect_error("AccessDenied", reader.put_object, Bucket=b, Key="templates/b.yaml", Body=b"x")



def test_wildcard_resources_that_can_match_the_bucket_are_accepted_and_grant(server, unique):
    s3 = server.client("s3")
    b = f"wild-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="shared/a.txt", Body=b"shared")
    _, account_b, reader = cross_account_reader(server, unique)
    # Resources S3 accepts because they can match this bucket or its objects, and which then grant what they match.
    document = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account_b}:root"}, "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::*", "arn:aws:s3:::*/*"]}]})
    s3.put_bucket_policy(Bucket=b, Policy=document)
    assert json.loads(s3.get_bucket_policy(Bucket=b)["Policy"]) == json.loads(document)
    assert reader.get_object(Bucket=b, Key="shared/a.txt")["Body"].read() == b"shared"
    assert [o["Key"] for o in reader.list_objects_v2(Bucket=b)["Contents"]] == ["shared/a.txt"]
    narrowed = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account_b}:root"}, "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::wild-*/shared/?.txt"}]})
    s3.put_bucket_policy(Bucket=b, Policy=narrowed)
    assert reader.get_object(Bucket=b, Key="shared/a.txt")["Body"].read() == b"shared"
    expect_error("AccessDenied", reader.list_objects_v2, Bucket=b)
    # A pattern no name of this bucket or its objects can match is still refused, and changes nothing.
    for resource in [f"arn:aws:s3:::{b}x/*", f"arn:aws:s3:::{b}?", "arn:aws:s3:::other-*"]:
        refused = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account_b}:root"}, "Action": "s3:GetObject", "Resource": resource}]})
        _, message, status = expect_error("MalformedPolicy", s3.put_bucket_policy, Bucket=b, Policy=refused)
        assert status == 400 and "Policy has invalid resource" in message
    assert json.loads(s3.get_bucket_policy(Bucket=b)["Policy"]) == json.loads(narrowed)


def test_policy_conditions_prefix_and_source_ip(server, unique):
    s3 = server.client("s3")
    b = f"cond-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="templates/a.yaml", Body=b"x")
    s3.put_object(Bucket=b, Key="data/b.csv", Body=b"x")
    key, secret = make_user(server, f"lister-{unique}")
    s3.put_bucket_policy(Bucket=b, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:user/lister-{unique}"}, "Action": "s3:ListBucket",
         "Resource": f"arn:aws:s3:::{b}", "Condition": {"StringLike": {"s3:prefix": "templates/*"}, "IpAddress": {"aws:SourceIp": "127.0.0.0/8"}}}]}))
    lister = server.client("s3", key, secret)
    assert [o["Key"] for o in lister.list_objects_v2(Bucket=b, Prefix="templates/")["Contents"]] == ["templates/a.yaml"]
    expect_error("AccessDenied", lister.list_objects_v2, Bucket=b, Prefix="data/")
    expect_error("AccessDenied", lister.list_objects_v2, Bucket=b)


def test_explicit_deny_in_bucket_policy_beats_identity_allow(server, unique):
    s3 = server.client("s3")
    b = f"deny-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="locked/x", Body=b"x")
    key, secret = make_user(server, f"allowed-{unique}", policy(allow("s3:*")))
    s3.put_bucket_policy(Bucket=b, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b}/locked/*"}]}))
    _, message, _ = expect_error("AccessDenied", server.client("s3", key, secret).get_object, Bucket=b, Key="locked/x")
    assert "explicit deny in a resource-based policy" in message


def test_block_public_access_refuses_public_policies(server, unique):
    s3 = server.client("s3")
    b = f"bpa-{unique}"
    s3.create_bucket(Bucket=b)
    settings = s3.get_public_access_block(Bucket=b)["PublicAccessBlockConfiguration"]
    assert settings == {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    public = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b}/*"}]})
    _, message, status = expect_error("AccessDenied", s3.put_bucket_policy, Bucket=b, Policy=public)
    assert status == 403 and "BlockPublicPolicy" in message
    expect_error("NoSuchBucketPolicy", s3.get_bucket_policy, Bucket=b)
    # A policy naming an account is not public and is accepted.
    s3.put_bucket_policy(Bucket=b, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:root"}, "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b}/*"}]}))
    s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration={"BlockPublicPolicy": False})
    s3.put_bucket_policy(Bucket=b, Policy=public)
    s3.delete_public_access_block(Bucket=b)
    expect_error("NoSuchPublicAccessBlockConfiguration", s3.get_public_access_block, Bucket=b)


def test_canned_acls_under_bucket_owner_enforced(server, unique):
    s3 = server.client("s3")
    b = f"acl-{unique}"
    s3.create_bucket(Bucket=b, ACL="private")
    expect_error("InvalidBucketAclWithObjectOwnership", s3.create_bucket, Bucket=f"acl2-{unique}", ACL="public-read")
    s3.put_object(Bucket=b, Key="k", Body=b"x", ACL="bucket-owner-full-control")
    expect_error("AccessControlListNotSupported", s3.put_object, Bucket=b, Key="k2", Body=b"x", ACL="public-read")
    expect_error("NoSuchKey", s3.get_object, Bucket=b, Key="k2")


def test_restrict_public_buckets_limits_a_public_policy_to_the_owner_account(server, unique):
    s3 = server.client("s3")
    b = f"restrict-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="shared.txt", Body=b"shared")
    s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration={"BlockPublicPolicy": False, "RestrictPublicBuckets": True})
    s3.put_bucket_policy(Bucket=b, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b}/*"}]}))
    assert requests.get(f"{server.endpoint}/{b}/shared.txt", timeout=10).status_code == 403
    # Inside the owner's account the policy still counts.
    key, secret = make_user(server, f"insider-{unique}")
    assert server.client("s3", key, secret).get_object(Bucket=b, Key="shared.txt")["Body"].read() == b"shared"
    s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration={"BlockPublicPolicy": False, "RestrictPublicBuckets": False})
    assert requests.get(f"{server.endpoint}/{b}/shared.txt", timeout=10).content == b"shared"


def test_secure_transport_is_true_over_the_https_listener_only(unique):
    """`aws:SecureTransport` says how the request came: the common "deny unless TLS" bucket policy lets HTTPS requests
    through and refuses plain HTTP; the console's cookies are `Secure` over TLS whatever the host name."""
    import os
    import boto3
    import botocore.exceptions
    import pytest
    from conftest import Server
    server = Server("sqlite", extra_args=("--tls-port", "0"))
    try:
        authority = os.path.join(server.data_dir, "tls", "ca.pem")
        bucket = f"tls-only-{unique}"
        plain = server.client("s3")
        plain.create_bucket(Bucket=bucket)
        plain.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
        secure = boto3.client("s3", endpoint_url=f"https://127.0.0.1:{server.tls_port}", verify=authority, region_name="us-east-1",
                              aws_access_key_id=server.root_key, aws_secret_access_key=server.root_secret)
        secure.put_object(Bucket=bucket, Key="k", Body=b"over tls")
        assert secure.get_object(Bucket=bucket, Key="k")["Body"].read() == b"over tls"
        with pytest.raises(botocore.exceptions.ClientError) as refused:
            plain.get_object(Bucket=bucket, Key="k")
        assert refused.value.response["Error"]["Code"] == "AccessDenied"

        named = {"Host": "console.example"}
        over_tls = requests.get(f"https://127.0.0.1:{server.tls_port}/console/sign-in", headers=named, verify=authority, timeout=10)
        assert "; Secure" in over_tls.headers["Set-Cookie"]
        over_http = requests.get(f"{server.endpoint}/console/sign-in", headers=named, timeout=10)
        assert "Secure" not in over_http.headers["Set-Cookie"] and "HttpOnly" in over_http.headers["Set-Cookie"]
    finally:
        server.cleanup()
