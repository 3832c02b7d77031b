"""S3 objects: put/get/head/delete with metadata and content headers, ranges, conditionals, Content-MD5, listing v2."""

import base64
import hashlib
import os

import requests

from helpers import allow, expect_error, make_user, policy


def bucket(server, unique, name="objects"):
    bucket_name = f"{name}-{unique}"
    server.client("s3").create_bucket(Bucket=bucket_name)
    return bucket_name


def test_put_get_head_delete(server, unique):
    s3 = server.client("s3")
    b = bucket(server, unique)
    body = os.urandom(3000)
    put = s3.put_object(Bucket=b, Key="templates/mlops.yaml", Body=body, ContentType="application/x-yaml",
                        Metadata={"Owner": "admin"}, CacheControl="no-cache", ContentDisposition="inline")
    assert put["ETag"] == '"' + hashlib.md5(body).hexdigest() + '"'
    got = s3.get_object(Bucket=b, Key="templates/mlops.yaml")
    assert got["Body"].read() == body
    assert got["ContentType"] == "application/x-yaml"
    assert got["ContentLength"] == 3000
    assert got["Metadata"] == {"owner": "admin"}
    assert got["CacheControl"] == "no-cache"
    assert got["ContentDisposition"] == "inline"
    assert got["ETag"] == put["ETag"]
    head = s3.head_object(Bucket=b, Key="templates/mlops.yaml")
    assert head["ContentLength"] == 3000 and head["ETag"] == put["ETag"]
    s3.delete_object(Bucket=b, Key="templates/mlops.yaml")
    _, _, status = expect_error("NoSuchKey", s3.get_object, Bucket=b, Key="templates/mlops.yaml")
    assert status == 404
    expect_error("404", s3.head_object, Bucket=b, Key="templates/mlops.yaml")
    s3.delete_object(Bucket=b, Key="templates/mlops.yaml")  # deleting what is gone succeeds


def test_overwrite_and_empty_objects(server, unique):
    s3 = server.client("s3")
    b = bucket(server, unique)
    s3.put_object(Bucket=b, Key="k", Body=b"first")
    s3.put_object(Bucket=b, Key="k", Body=b"second")
    assert s3.get_object(Bucket=b, Key="k")["Body"].read() == b"second"
    s3.put_object(Bucket=b, Key="empty", Body=b"")
    got = s3.get_object(Bucket=b, Key="empty")
    assert got["ContentLength"] == 0 and got["Body"].read() == b""
    assert got["ETag"] == '"d41d8cd98f00b204e9800998ecf8427e"'


def test_ranges(server, unique):
    s3 = server.client("s3")
    b = bucket(server, unique)
    body = bytes(range(256)) * 4
    s3.put_object(Bucket=b, Key="r", Body=body)
    part = s3.get_object(Bucket=b, Key="r", Range="bytes=10-19")
    assert part["Body"].read() == body[10:20]
    assert part["ContentRange"] == "bytes 10-19/1024"
    assert part["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert s3.get_object(Bucket=b, Key="r", Range="bytes=-5")["Body"].read() == body[-5:]
    assert s3.get_object(Bucket=b, Key="r", Range="bytes=1000-")["Body"].read() == body[1000:]
    _, _, status = expect_error("InvalidRange", s3.get_object, Bucket=b, Key="r", Range="bytes=5000-")
    assert status == 416


def test_conditional_requests(server, unique):
    s3 = server.client("s3")
    b = bucket(server, unique)
    etag = s3.put_object(Bucket=b, Key="c", Body=b"data")["ETag"]
    assert s3.get_object(Bucket=b, Key="c", IfMatch=etag)["Body"].read() == b"data"
    _, _, status = expect_error("PreconditionFailed", s3.get_object, Bucket=b, Key="c", IfMatch='"0000"')
    assert status == 412
    expect_error("304", s3.get_object, Bucket=b, Key="c", IfNoneMatch=etag)
    # A conditional write: If-None-Match: * refuses to overwrite.
    _, _, status = expect_error("PreconditionFailed", s3.put_object, Bucket=b, Key="c", Body=b"other", IfNoneMatch="*")
    assert status == 412
    assert s3.get_object(Bucket=b, Key="c")["Body"].read() == b"data"
    s3.put_object(Bucket=b, Key="new", Body=b"x", IfNoneMatch="*")


def test_content_md5(server, unique):
    s3 = server.client("s3")
    b = bucket(server, unique)
    good = base64.b64encode(hashlib.md5(b"hello").digest()).decode()
    s3.put_object(Bucket=b, Key="m", Body=b"hello", ContentMD5=good)
    bad = base64.b64encode(hashlib.md5(b"other").digest()).decode()
    expect_error("BadDigest", s3.put_object, Bucket=b, Key="m", Body=b"changed", ContentMD5=bad)
    assert s3.get_object(Bucket=b, Key="m")["Body"].read() == b"hello"


def test_keys_are_names_not_paths(server, unique):
    s3 = server.client("s3")
    b = bucket(server, unique)
    for key in ["../../etc/passwd", "/absolute/key", "dir/../x", "spaces and +plus", "ünïcode/ключ"]:
        s3.put_object(Bucket=b, Key=key, Body=key.encode())
        assert s3.get_object(Bucket=b, Key=key)["Body"].read() == key.encode()
    unvalidated = server.client("s3", parameter_validation=False)
    expect_error("KeyTooLongError", unvalidated.put_object, Bucket=b, Key="k" * 1025, Body=b"x")
    assert not any(name.startswith("etc") for name in os.listdir(server.data_dir))


def test_list_objects_v2(server, unique):
    s3 = server.client("s3")
    b = bucket(server, unique)
    keys = ["a.yaml", "templates/one.yaml", "templates/two.yaml", "templates/old/zero.yaml", "z.txt"]
    for key in keys:
        s3.put_object(Bucket=b, Key=key, Body=b"x")
    listed = s3.list_objects_v2(Bucket=b)
    assert [o["Key"] for o in listed["Contents"]] == sorted(keys)
    assert listed["KeyCount"] == 5
    grouped = s3.list_objects_v2(Bucket=b, Delimiter="/")
    assert [o["Key"] for o in grouped["Contents"]] == ["a.yaml", "z.txt"]
    assert [p["Prefix"] for p in grouped["CommonPrefixes"]] == ["templates/"]
    nested = s3.list_objects_v2(Bucket=b, Prefix="templates/", Delimiter="/")
    assert [o["Key"] for o in nested["Contents"]] == ["templates/one.yaml", "templates/two.yaml"]
    assert [p["Prefix"] for p in nested["CommonPrefixes"]] == ["templates/old/"]
    after = s3.list_objects_v2(Bucket=b, StartAfter="templates/one.yaml")
    assert [o["Key"] for o in after["Contents"]] == ["templates/two.yaml", "z.txt"]
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=b, PaginationConfig={"PageSize": 2}))
    assert [o["Key"] for page in pages for o in page.get("Contents", [])] == sorted(keys)
    assert pages[0]["IsTruncated"] and "NextContinuationToken" in pages[0]
    expect_error("BucketNotEmpty", s3.delete_bucket, Bucket=b)


def test_list_with_url_encoding(server, unique):
    s3 = server.client("s3")
    b = bucket(server, unique)
    s3.put_object(Bucket=b, Key="a b/c+d", Body=b"x")
    listed = s3.list_objects_v2(Bucket=b, EncodingType="url")
    # botocore decodes keys only when it chose the encoding itself; asked for explicitly, they stay encoded.
    assert [o["Key"] for o in listed["Contents"]] == ["a%20b/c%2Bd"]


def test_object_permissions(server, unique):
    b = bucket(server, unique)
    server.client("s3").put_object(Bucket=b, Key="read/me", Body=b"ok")
    key, secret = make_user(server, f"reader-{unique}", policy(allow("s3:GetObject", f"arn:aws:s3:::{b}/read/*")))
    s3 = server.client("s3", key, secret)
    assert s3.get_object(Bucket=b, Key="read/me")["Body"].read() == b"ok"
    _, message, status = expect_error("AccessDenied", s3.put_object, Bucket=b, Key="read/me", Body=b"no")
    assert status == 403
    assert f"s3:PutObject on resource: arn:aws:s3:::{b}/read/me" in message
    expect_error("AccessDenied", s3.list_objects_v2, Bucket=b)
    assert server.client("s3").get_object(Bucket=b, Key="read/me")["Body"].read() == b"ok"


def test_large_object_streams(server, unique):
    s3 = server.client("s3")
    b = bucket(server, unique)
    body = os.urandom(12 * 1024 * 1024)
    s3.put_object(Bucket=b, Key="big", Body=body)
    assert hashlib.sha256(s3.get_object(Bucket=b, Key="big")["Body"].read()).digest() == hashlib.sha256(body).digest()


def test_cli_copy_up_and_down(server, unique, tmp_path):
    b = bucket(server, unique)
    source = tmp_path / "template.yaml"
    source.write_text("Parameters: {}\n")
    server.aws("s3", "cp", str(source), f"s3://{b}/templates/template.yaml")
    listed = server.aws("s3", "ls", f"s3://{b}/templates/").stdout
    assert "template.yaml" in listed
    target = tmp_path / "back.yaml"
    server.aws("s3", "cp", f"s3://{b}/templates/template.yaml", str(target))
    assert target.read_text() == "Parameters: {}\n"
