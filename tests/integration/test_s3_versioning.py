"""S3 versioning: enable and suspend, version ids, get/head/delete by version, delete markers, ListObjectVersions, null versions."""

import botocore.exceptions
import pytest

from helpers import expect_error


def versioned_bucket(server, unique, name="versioned"):
    s3 = server.client("s3")
    bucket = f"{name}-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return s3, bucket


def test_versions_and_delete_markers(server, unique):
    s3, b = versioned_bucket(server, unique)
    assert s3.get_bucket_versioning(Bucket=b)["Status"] == "Enabled"
    v1 = s3.put_object(Bucket=b, Key="t.yaml", Body=b"v1")["VersionId"]
    v2 = s3.put_object(Bucket=b, Key="t.yaml", Body=b"v2")["VersionId"]
    assert v1 != v2 and len(v1) == 32
    assert s3.get_object(Bucket=b, Key="t.yaml")["Body"].read() == b"v2"
    assert s3.get_object(Bucket=b, Key="t.yaml", VersionId=v1)["Body"].read() == b"v1"
    assert s3.head_object(Bucket=b, Key="t.yaml", VersionId=v1)["VersionId"] == v1

    deleted = s3.delete_object(Bucket=b, Key="t.yaml")
    assert deleted["DeleteMarker"] is True
    marker = deleted["VersionId"]
    expect_error("NoSuchKey", s3.get_object, Bucket=b, Key="t.yaml")
    assert s3.get_object(Bucket=b, Key="t.yaml", VersionId=v2)["Body"].read() == b"v2"
    expect_error("MethodNotAllowed", s3.get_object, Bucket=b, Key="t.yaml", VersionId=marker)
    # The answers that meet the marker say so, as S3's do.
    for call, extra, status in [(s3.get_object, {}, 404), (s3.head_object, {}, 404), (s3.get_object, {"VersionId": marker}, 405),
                                (s3.head_object, {"VersionId": marker}, 405)]:
        with pytest.raises(botocore.exceptions.ClientError) as raised:
            call(Bucket=b, Key="t.yaml", **extra)
        metadata = raised.value.response["ResponseMetadata"]
        headers = metadata["HTTPHeaders"]
        assert metadata["HTTPStatusCode"] == status
        assert (headers["x-amz-delete-marker"], headers["x-amz-version-id"]) == ("true", marker) and "last-modified" in headers

    listing = s3.list_object_versions(Bucket=b)
    assert [(v["VersionId"], v["IsLatest"]) for v in listing["Versions"]] == [(v2, False), (v1, False)]
    assert [(m["VersionId"], m["IsLatest"]) for m in listing["DeleteMarkers"]] == [(marker, True)]

    # Removing the marker brings the object back.
    s3.delete_object(Bucket=b, Key="t.yaml", VersionId=marker)
    assert s3.get_object(Bucket=b, Key="t.yaml")["Body"].read() == b"v2"
    # Removing a version for good.
    s3.delete_object(Bucket=b, Key="t.yaml", VersionId=v2)
    assert s3.get_object(Bucket=b, Key="t.yaml")["Body"].read() == b"v1"
    expect_error("NoSuchVersion", s3.get_object, Bucket=b, Key="t.yaml", VersionId=v2)
    expect_error("InvalidArgument", s3.get_object, Bucket=b, Key="t.yaml", VersionId="not-a-version")


def test_suspended_buckets_use_the_null_version(server, unique):
    s3, b = versioned_bucket(server, unique, "suspended")
    kept = s3.put_object(Bucket=b, Key="k", Body=b"kept")["VersionId"]
    s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Suspended"})
    assert s3.get_bucket_versioning(Bucket=b)["Status"] == "Suspended"
    assert s3.put_object(Bucket=b, Key="k", Body=b"n1")["VersionId"] == "null"
    assert s3.put_object(Bucket=b, Key="k", Body=b"n2")["VersionId"] == "null"
    versions = s3.list_object_versions(Bucket=b)["Versions"]
    assert [(v["VersionId"], v["IsLatest"]) for v in versions] == [("null", True), (kept, False)]
    assert s3.get_object(Bucket=b, Key="k", VersionId="null")["Body"].read() == b"n2"
    assert s3.get_object(Bucket=b, Key="k", VersionId=kept)["Body"].read() == b"kept"


def test_unversioned_bucket_has_no_versioning_status(server, unique):
    s3 = server.client("s3")
    b = f"plain-{unique}"
    s3.create_bucket(Bucket=b)
    assert "Status" not in s3.get_bucket_versioning(Bucket=b)
    assert "VersionId" not in s3.put_object(Bucket=b, Key="k", Body=b"x")
    unvalidated = server.client("s3", parameter_validation=False)
    expect_error("MalformedXML", unvalidated.put_bucket_versioning, Bucket=b, VersioningConfiguration={"Status": "Sometimes"})
    assert "Status" not in s3.get_bucket_versioning(Bucket=b)


def test_list_versions_pagination(server, unique):
    s3, b = versioned_bucket(server, unique, "pages")
    expected = []
    for key in ["a", "b"]:
        ids = [s3.put_object(Bucket=b, Key=key, Body=str(i).encode())["VersionId"] for i in range(3)]
        expected += [(key, v) for v in reversed(ids)]
    seen = []
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=b, PaginationConfig={"PageSize": 2}):
        seen += [(v["Key"], v["VersionId"]) for v in page.get("Versions", [])]
    assert seen == expected


def test_cli_versioning(server, unique):
    import json
    b = f"cliver-{unique}"
    server.aws("s3api", "create-bucket", "--bucket", b)
    server.aws("s3api", "put-bucket-versioning", "--bucket", b, "--versioning-configuration", "Status=Enabled")
    status = json.loads(server.aws("s3api", "get-bucket-versioning", "--bucket", b, "--output", "json").stdout)
    assert status["Status"] == "Enabled"
