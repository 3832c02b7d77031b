"""Attacks on Block Public Access (security issue, item 5): with all four settings on, bucket policies AWS treats as
public — NotPrincipal, address ranges covering everything, negated or IfExists operators, ForAllValues on an
absent key, wildcard user ids — are refused, so anonymous callers never get in."""

import json

import pytest
import requests

from helpers import expect_error

OBJECT = "arn:aws:s3:::{bucket}/*"


def statement(bucket, **extra):
    return {"Effect": "Allow", "Action": "s3:GetObject", "Resource": OBJECT.format(bucket=bucket), **extra}


PUBLIC = {
    "not-principal": lambda b: statement(b, NotPrincipal={"AWS": "arn:aws:iam::999999999999:root"}),
    "every-address": lambda b: statement(b, Principal="*", Condition={"IpAddress": {"aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"]}}),
    "not-ip-address": lambda b: statement(b, Principal="*", Condition={"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}),
    "if-exists": lambda b: statement(b, Principal="*", Condition={"StringEqualsIfExists": {"aws:SourceAccount": "999999999999"}}),
    "negated": lambda b: statement(b, Principal="*", Condition={"StringNotEquals": {"aws:SourceVpce": "vpce-1234"}}),
    "for-all-values": lambda b: statement(b, Principal="*", Condition={"ForAllValues:StringEquals": {"aws:SourceVpce": "vpce-1234"}}),
    "wildcard-userid": lambda b: statement(b, Principal="*", Condition={"StringLike": {"aws:userid": "*"}}),
}


@pytest.fixture(scope="module")
def guarded(server):
    s3 = server.client("s3")
    bucket = "guarded-public-access"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="secret.txt", Body=b"private")
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    return bucket


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_policies_are_refused_under_block_public_access(server, guarded, name):
    s3 = server.client("s3")
    document = json.dumps({"Version": "2012-10-17", "Statement": [PUBLIC[name](guarded)]})
    _, message, status = expect_error("AccessDenied", s3.put_bucket_policy, Bucket=guarded, Policy=document)
    assert status == 403 and "BlockPublicPolicy" in message
    expect_error("NoSuchBucketPolicy", s3.get_bucket_policy, Bucket=guarded)
    assert requests.get(f"{server.endpoint}/{guarded}/secret.txt", timeout=10).status_code == 403


def test_the_same_policies_read_as_public_and_a_narrowed_one_does_not(server, unique):
    s3 = server.client("s3")
    bucket = f"status-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.delete_public_access_block(Bucket=bucket)  # new buckets block public policies, as on AWS
    for name, make in PUBLIC.items():
        s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [make(bucket)]}))
        assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"] is True, name
    narrowed = statement(bucket, Principal="*", Condition={"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}})
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [narrowed]}))
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"] is False
