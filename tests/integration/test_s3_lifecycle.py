"""Lifecycle: configuration with S3's validation, and a worker that applies it for real on accelerated days."""

import datetime
import time

from helpers import expect_error


def wait_until(condition, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def test_lifecycle_configuration_round_trip(server, unique):
    s3 = server.client("s3")
    b = f"lc-{unique}"
    s3.create_bucket(Bucket=b)
    expect_error("NoSuchLifecycleConfiguration", s3.get_bucket_lifecycle_configuration, Bucket=b)
    rules = [
        {"ID": "old-templates", "Filter": {"Prefix": "templates/"}, "Status": "Enabled",
         "NoncurrentVersionExpiration": {"NoncurrentDays": 30, "NewerNoncurrentVersions": 3}},
        {"ID": "scratch", "Filter": {"And": {"Prefix": "tmp/", "Tags": [{"Key": "temp", "Value": "yes"}]}}, "Status": "Disabled",
         "Expiration": {"Days": 1}},
        {"ID": "uploads", "Filter": {"Prefix": ""}, "Status": "Enabled", "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}},
    ]
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": rules})
    got = s3.get_bucket_lifecycle_configuration(Bucket=b)["Rules"]
    assert [r["ID"] for r in got] == ["old-templates", "scratch", "uploads"]
    assert got[0]["NoncurrentVersionExpiration"] == {"NoncurrentDays": 30, "NewerNoncurrentVersions": 3}
    assert got[1]["Filter"]["And"]["Tags"] == [{"Key": "temp", "Value": "yes"}]
    bad = [{"ID": "x", "Filter": {"Prefix": ""}, "Status": "Enabled", "Expiration": {"Days": 0}}]
    expect_error("InvalidArgument", s3.put_bucket_lifecycle_configuration, Bucket=b, LifecycleConfiguration={"Rules": bad})
    dup = [{"ID": "same", "Filter": {"Prefix": ""}, "Status": "Enabled", "Expiration": {"Days": 1}}] * 2
    expect_error("InvalidArgument", s3.put_bucket_lifecycle_configuration, Bucket=b, LifecycleConfiguration={"Rules": dup})
    assert len(s3.get_bucket_lifecycle_configuration(Bucket=b)["Rules"]) == 3
    s3.delete_bucket_lifecycle(Bucket=b)
    expect_error("NoSuchLifecycleConfiguration", s3.get_bucket_lifecycle_configuration, Bucket=b)



def put_lifecycle_xml(server, bucket, xml):
    """PutBucketLifecycleConfiguration with a body as written (boto3 refuses to send a date that is not one)."""
    import base64
    import hashlib

    import requests
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    body = xml.encode()
    request = AWSRequest(method="PUT", url=f"{server.endpoint}/{bucket}?lifecycle", data=body,
                         headers={"Content-MD5": base64.b64encode(hashlib.md5(body).digest()).decode()})
    S3SigV4Auth(Credentials(server.root_key, server.root_secret), "s3", "us-east-1").add_auth(request)
    return requests.put(request.url, data=body, headers=dict(request.headers.items()), timeout=10)


def test_objects_say_when_their_rules_expire_them(server, unique):
    s3 = server.client("s3")
    b = f"lcexpiry-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="logs/before.txt", Body=b"x")
    assert "Expiration" not in s3.head_object(Bucket=b, Key="logs/before.txt")
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [
        {"Filter": {"Prefix": "logs/"}, "Status": "Enabled", "Expiration": {"Days": 3}},
        {"ID": "archive-2031", "Filter": {"Prefix": "archive/"}, "Status": "Enabled", "Expiration": {"Date": datetime.datetime(2031, 1, 1, tzinfo=datetime.timezone.utc)}},
        {"ID": "off", "Filter": {"Prefix": "archive/"}, "Status": "Disabled", "Expiration": {"Days": 1}},
    ]})
    # A rule put without an ID gets one, the same on every read.
    rules = s3.get_bucket_lifecycle_configuration(Bucket=b)["Rules"]
    generated = rules[0]["ID"]
    assert generated and [r["ID"] for r in s3.get_bucket_lifecycle_configuration(Bucket=b)["Rules"]] == [generated, "archive-2031", "off"]

    # Days count from the object's creation, rounded up to the next midnight UTC.
    put = s3.put_object(Bucket=b, Key="logs/today.txt", Body=b"x")
    head = s3.head_object(Bucket=b, Key="logs/today.txt")
    created = head["LastModified"]
    due = (created + datetime.timedelta(days=4)).replace(hour=0, minute=0, second=0, microsecond=0)
    expected = f'expiry-date="{due.strftime("%a, %d %b %Y %H:%M:%S GMT")}", rule-id="{generated}"'
    assert put["Expiration"] == head["Expiration"] == s3.get_object(Bucket=b, Key="logs/today.txt")["Expiration"] == expected
    assert s3.head_object(Bucket=b, Key="logs/before.txt")["Expiration"].endswith(f'rule-id="{generated}"')  # older objects too
    assert s3.put_object(Bucket=b, Key="archive/a.txt", Body=b"x")["Expiration"] == 'expiry-date="Wed, 01 Jan 2031 00:00:00 GMT", rule-id="archive-2031"'
    assert "Expiration" not in s3.put_object(Bucket=b, Key="other/a.txt", Body=b"x")
    assert "Expiration" not in s3.head_object(Bucket=b, Key="other/a.txt")
    copied = s3.copy_object(Bucket=b, Key="logs/copied.txt", CopySource={"Bucket": b, "Key": "other/a.txt"})
    assert copied["Expiration"].startswith('expiry-date="') and copied["Expiration"].endswith(f'rule-id="{generated}"')

    # Dates S3 cannot take are refused, and change nothing.
    for date in ["2031-01-01T10:00:00.000Z", "not-a-date"]:
        xml = (f'<LifecycleConfiguration><Rule><ID>bad</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status>'
               f'<Expiration><Date>{date}</Date></Expiration></Rule></LifecycleConfiguration>')
        answer = put_lifecycle_xml(server, b, xml)
        assert answer.status_code == 400 and "<Code>InvalidArgument</Code>" in answer.text, answer.text
    assert [r["ID"] for r in s3.get_bucket_lifecycle_configuration(Bucket=b)["Rules"]] == [generated, "archive-2031", "off"]
    good = ('<LifecycleConfiguration><Rule><ID>ok</ID><Filter><Prefix>x/</Prefix></Filter><Status>Enabled</Status>'
            '<Expiration><Date>2031-01-01T00:00:00.000Z</Date></Expiration></Rule></LifecycleConfiguration>')
    assert put_lifecycle_xml(server, b, good).status_code == 200


def test_noncurrent_versions_expire_after_accelerated_days(fast_lifecycle_server, unique):
    server = fast_lifecycle_server
    s3 = server.client("s3")
    b = f"lcnc-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
    for body in [b"v1", b"v2", b"v3"]:
        s3.put_object(Bucket=b, Key="templates/t.yaml", Body=body)
    s3.put_object(Bucket=b, Key="keep/other.yaml", Body=b"x1")
    s3.put_object(Bucket=b, Key="keep/other.yaml", Body=b"x2")
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [
        {"ID": "nc", "Filter": {"Prefix": "templates/"}, "Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 1}}]})

    def template_versions():
        return [v for v in s3.list_object_versions(Bucket=b, Prefix="templates/").get("Versions", [])]

    assert wait_until(lambda: len(template_versions()) == 1)
    assert template_versions()[0]["IsLatest"]
    assert s3.get_object(Bucket=b, Key="templates/t.yaml")["Body"].read() == b"v3"
    # Outside the rule's prefix nothing changed.
    assert len(s3.list_object_versions(Bucket=b, Prefix="keep/")["Versions"]) == 2


def test_current_objects_expire_and_markers_are_cleaned(fast_lifecycle_server, unique):
    server = fast_lifecycle_server
    s3 = server.client("s3")
    b = f"lcexp-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="tmp/a", Body=b"a", Tagging="temp=yes")
    s3.put_object(Bucket=b, Key="tmp/b", Body=b"b")
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [
        {"ID": "tmp", "Filter": {"And": {"Prefix": "tmp/", "Tags": [{"Key": "temp", "Value": "yes"}]}}, "Status": "Enabled", "Expiration": {"Days": 1}}]})
    assert wait_until(lambda: [o["Key"] for o in s3.list_objects_v2(Bucket=b).get("Contents", [])] == ["tmp/b"])


def test_incomplete_uploads_are_aborted(fast_lifecycle_server, unique):
    server = fast_lifecycle_server
    s3 = server.client("s3")
    b = f"lcmpu-{unique}"
    s3.create_bucket(Bucket=b)
    uid = s3.create_multipart_upload(Bucket=b, Key="abandoned")["UploadId"]
    s3.upload_part(Bucket=b, Key="abandoned", UploadId=uid, PartNumber=1, Body=b"x")
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [
        {"ID": "mpu", "Filter": {"Prefix": ""}, "Status": "Enabled", "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}]})
    assert wait_until(lambda: "Uploads" not in s3.list_multipart_uploads(Bucket=b))
