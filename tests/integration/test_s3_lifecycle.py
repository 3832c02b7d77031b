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
