"""Bucket tags, multi-object delete (with its 1,000-key limit and Quiet mode) and ListObjects v1."""

from helpers import allow, expect_error, make_user, policy


def test_bucket_tags(server, unique):
    s3 = server.client("s3")
    b = f"btags-{unique}"
    s3.create_bucket(Bucket=b)
    expect_error("NoSuchTagSet", s3.get_bucket_tagging, Bucket=b)
    s3.put_bucket_tagging(Bucket=b, Tagging={"TagSet": [{"Key": "team", "Value": "ml"}, {"Key": "env", "Value": "prod"}]})
    assert s3.get_bucket_tagging(Bucket=b)["TagSet"] == [{"Key": "team", "Value": "ml"}, {"Key": "env", "Value": "prod"}]
    expect_error("InvalidTag", s3.put_bucket_tagging, Bucket=b, Tagging={"TagSet": [{"Key": "aws:x", "Value": "1"}]})
    assert len(s3.get_bucket_tagging(Bucket=b)["TagSet"]) == 2
    s3.delete_bucket_tagging(Bucket=b)
    expect_error("NoSuchTagSet", s3.get_bucket_tagging, Bucket=b)


def test_delete_objects(server, unique):
    s3 = server.client("s3")
    b = f"multidel-{unique}"
    s3.create_bucket(Bucket=b)
    for i in range(5):
        s3.put_object(Bucket=b, Key=f"k{i}", Body=b"x")
    result = s3.delete_objects(Bucket=b, Delete={"Objects": [{"Key": "k0"}, {"Key": "k1"}, {"Key": "missing"}]})
    assert sorted(d["Key"] for d in result["Deleted"]) == ["k0", "k1", "missing"]
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=b)["Contents"]] == ["k2", "k3", "k4"]
    quiet = s3.delete_objects(Bucket=b, Delete={"Objects": [{"Key": "k2"}], "Quiet": True})
    assert "Deleted" not in quiet
    too_many = {"Objects": [{"Key": f"x{i}"} for i in range(1001)]}
    expect_error("MalformedXML", server.client("s3", parameter_validation=False).delete_objects, Bucket=b, Delete=too_many)
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=b)["Contents"]] == ["k3", "k4"]


def test_delete_objects_answers_access_denied_per_key(server, unique):
    s3 = server.client("s3")
    b = f"multideny-{unique}"
    s3.create_bucket(Bucket=b)
    for key in ["tmp/a", "tmp/b", "keep/c"]:
        s3.put_object(Bucket=b, Key=key, Body=b"x")
    key, secret = make_user(server, f"cleaner-{unique}", policy(allow("s3:DeleteObject", f"arn:aws:s3:::{b}/tmp/*")))
    cleaner = server.client("s3", key, secret)
    result = cleaner.delete_objects(Bucket=b, Delete={"Objects": [{"Key": "tmp/a"}, {"Key": "keep/c"}, {"Key": "tmp/b"}]})
    assert sorted(d["Key"] for d in result["Deleted"]) == ["tmp/a", "tmp/b"]
    assert [(e["Key"], e["Code"]) for e in result["Errors"]] == [("keep/c", "AccessDenied")]
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=b)["Contents"]] == ["keep/c"]
    expect_error("AccessDenied", cleaner.delete_objects, Bucket=f"absent-{unique}", Delete={"Objects": [{"Key": "x"}]})
    expect_error("NoSuchBucket", s3.delete_objects, Bucket=f"absent-{unique}", Delete={"Objects": [{"Key": "x"}]})


def test_list_objects_v1(server, unique):
    s3 = server.client("s3")
    b = f"listv1-{unique}"
    s3.create_bucket(Bucket=b)
    keys = ["a", "dir/x", "dir/y", "z"]
    for key in keys:
        s3.put_object(Bucket=b, Key=key, Body=b"x")
    assert [o["Key"] for o in s3.list_objects(Bucket=b)["Contents"]] == keys
    grouped = s3.list_objects(Bucket=b, Delimiter="/")
    assert [o["Key"] for o in grouped["Contents"]] == ["a", "z"]
    assert [p["Prefix"] for p in grouped["CommonPrefixes"]] == ["dir/"]
    seen = []
    for page in s3.get_paginator("list_objects").paginate(Bucket=b, PaginationConfig={"PageSize": 1}):
        seen += [o["Key"] for o in page.get("Contents", [])]
    assert seen == keys
    paged = []
    for page in s3.get_paginator("list_objects").paginate(Bucket=b, Delimiter="/", PaginationConfig={"PageSize": 1}):
        paged += [o["Key"] for o in page.get("Contents", [])] + [p["Prefix"] for p in page.get("CommonPrefixes", [])]
    assert paged == ["a", "dir/", "z"]
    assert [o["Key"] for o in s3.list_objects(Bucket=b, Marker="dir/x")["Contents"]] == ["dir/y", "z"]
