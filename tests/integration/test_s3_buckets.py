"""S3 buckets: create in a region, list with pagination, head, location, delete; naming rules; global names; anonymous access."""

import json

import requests

from helpers import allow, expect_error, make_user, policy


def test_bucket_lifecycle(server, unique):
    s3 = server.client("s3")
    name = f"templates-{unique}"
    s3.create_bucket(Bucket=name)
    assert name in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    head = s3.head_bucket(Bucket=name)
    assert head["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] == "us-east-1"
    assert s3.get_bucket_location(Bucket=name)["LocationConstraint"] is None
    s3.delete_bucket(Bucket=name)
    assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    _, _, status = expect_error("NoSuchBucket", s3.delete_bucket, Bucket=name)
    assert status == 404


def test_bucket_in_another_region(server, unique):
    s3 = server.client("s3", region="eu-west-1")
    name = f"replica-{unique}"
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert s3.get_bucket_location(Bucket=name)["LocationConstraint"] == "eu-west-1"
    listed = {b["Name"]: b for b in server.client("s3").list_buckets()["Buckets"]}
    assert listed[name]["BucketRegion"] == "eu-west-1"
    # The constraint must match the region the request was signed for.
    expect_error("IllegalLocationConstraintException", server.client("s3").create_bucket,
                 Bucket=f"mismatch-{unique}", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})


def test_bucket_names_are_validated_and_global(server, unique):
    s3 = server.client("s3")
    unvalidated = server.client("s3", parameter_validation=False)
    for bad in ["UPPER", "ab", "bad..name", "192.168.1.1", "-lead"]:
        expect_error("InvalidBucketName", unvalidated.create_bucket, Bucket=bad)
    name = f"global-{unique}"
    s3.create_bucket(Bucket=name)
    s3.create_bucket(Bucket=name)  # us-east-1's legacy answer for your own bucket
    assert server.slipway("account", "create", f"other{unique}").returncode == 0
    other = server.profiles()[f"other{unique}"]
    other_s3 = server.client("s3", other["aws_access_key_id"], other["aws_secret_access_key"])
    _, _, status = expect_error("BucketAlreadyExists", other_s3.create_bucket, Bucket=name)
    assert status == 409
    assert name not in [b["Name"] for b in other_s3.list_buckets()["Buckets"]]
    # Another account's bucket is not theirs to delete.
    _, _, status = expect_error("AccessDenied", other_s3.delete_bucket, Bucket=name)
    assert status == 403


def test_list_buckets_pagination(server, unique):
    s3 = server.client("s3")
    names = [f"page-{unique}-{i}" for i in range(5)]
    for name in names:
        s3.create_bucket(Bucket=name)
    seen = []
    token = None
    while True:
        kwargs = {"MaxBuckets": 2, "Prefix": f"page-{unique}-"}
        if token:
            kwargs["ContinuationToken"] = token
        page = s3.list_buckets(**kwargs)
        seen += [b["Name"] for b in page["Buckets"]]
        token = page.get("ContinuationToken")
        if not token:
            break
    assert seen == names


def test_user_needs_s3_permissions(server, unique):
    key, secret = make_user(server, f"s3user-{unique}", policy(allow("s3:ListAllMyBuckets")))
    s3 = server.client("s3", key, secret)
    s3.list_buckets()
    _, message, status = expect_error("AccessDenied", s3.create_bucket, Bucket=f"denied-{unique}")
    assert status == 403
    assert f"is not authorized to perform: s3:CreateBucket on resource: arn:aws:s3:::denied-{unique}" in message


def test_anonymous_is_denied_without_a_policy(server, unique):
    name = f"private-{unique}"
    server.client("s3").create_bucket(Bucket=name)
    response = requests.head(f"{server.endpoint}/{name}", timeout=10)
    assert response.status_code == 403
    listing = requests.get(f"{server.endpoint}/{name}?location", timeout=10)
    assert listing.status_code == 403
    assert "<Code>AccessDenied</Code>" in listing.text
    assert listing.headers.get("x-amz-request-id")


def test_virtual_host_addressing(server, unique):
    """A request for `bucket.localhost` is routed as `/bucket`; sent to 127.0.0.1 since *.localhost may not resolve here."""
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    name = f"vhost-{unique}"
    server.client("s3").create_bucket(Bucket=name)
    host = f"{name}.localhost:{server.port}"
    request = AWSRequest(method="GET", url=f"http://{host}/?location")
    S3SigV4Auth(Credentials(server.root_key, server.root_secret), "s3", "us-east-1").add_auth(request)
    headers = dict(request.headers.items())
    headers["Host"] = host
    response = requests.get(f"{server.endpoint}/?location", headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    assert "<LocationConstraint" in response.text
    missing = requests.head(f"{server.endpoint}/", headers={"Host": f"nosuch-{unique}.localhost:{server.port}"}, timeout=10)
    assert missing.status_code in (403, 404)


def test_cli_make_and_remove_bucket(server, unique):
    name = f"cli-{unique}"
    server.aws("s3", "mb", f"s3://{name}")
    listed = server.aws("s3", "ls").stdout
    assert name in listed
    located = json.loads(server.aws("s3api", "get-bucket-location", "--bucket", name, "--output", "json").stdout)
    assert located["LocationConstraint"] is None
    server.aws("s3", "rb", f"s3://{name}")
    assert name not in server.aws("s3", "ls").stdout
