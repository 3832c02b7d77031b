"""Object tags (per version, x-amz-tagging on put, limits, separate IAM actions) and CopyObject (directives, from a version)."""

from helpers import allow, expect_error, make_user, policy


def test_object_tags(server, unique):
    s3 = server.client("s3")
    b = f"tags-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="t.yaml", Body=b"x", Tagging="sagemaker%3Astudio-visibility=true&team=ml")
    tags = s3.get_object_tagging(Bucket=b, Key="t.yaml")["TagSet"]
    assert {t["Key"]: t["Value"] for t in tags} == {"sagemaker:studio-visibility": "true", "team": "ml"}
    assert s3.head_object(Bucket=b, Key="t.yaml")["ResponseMetadata"]["HTTPHeaders"]["x-amz-tagging-count"] == "2"
    s3.put_object_tagging(Bucket=b, Key="t.yaml", Tagging={"TagSet": [{"Key": "only", "Value": "one"}]})
    assert s3.get_object_tagging(Bucket=b, Key="t.yaml")["TagSet"] == [{"Key": "only", "Value": "one"}]
    s3.delete_object_tagging(Bucket=b, Key="t.yaml")
    assert s3.get_object_tagging(Bucket=b, Key="t.yaml")["TagSet"] == []
    expect_error("NoSuchKey", s3.get_object_tagging, Bucket=b, Key="missing")


def test_tag_limits_change_nothing(server, unique):
    s3 = server.client("s3")
    b = f"taglimits-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="k", Body=b"x", Tagging="keep=me")
    too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(11)]
    expect_error("InvalidTag", s3.put_object_tagging, Bucket=b, Key="k", Tagging={"TagSet": too_many})
    expect_error("InvalidTag", s3.put_object_tagging, Bucket=b, Key="k", Tagging={"TagSet": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]})
    expect_error("InvalidTag", s3.put_object_tagging, Bucket=b, Key="k", Tagging={"TagSet": [{"Key": "k" * 129, "Value": "v"}]})
    expect_error("InvalidTag", s3.put_object_tagging, Bucket=b, Key="k", Tagging={"TagSet": [{"Key": "aws:reserved", "Value": "v"}]})
    assert s3.get_object_tagging(Bucket=b, Key="k")["TagSet"] == [{"Key": "keep", "Value": "me"}]


def test_tags_per_version(server, unique):
    s3 = server.client("s3")
    b = f"tagver-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
    v1 = s3.put_object(Bucket=b, Key="k", Body=b"1", Tagging="v=1")["VersionId"]
    s3.put_object(Bucket=b, Key="k", Body=b"2", Tagging="v=2")
    assert s3.get_object_tagging(Bucket=b, Key="k")["TagSet"] == [{"Key": "v", "Value": "2"}]
    assert s3.get_object_tagging(Bucket=b, Key="k", VersionId=v1)["TagSet"] == [{"Key": "v", "Value": "1"}]


def test_get_object_tagging_is_its_own_permission(server, unique):
    b = f"tagperm-{unique}"
    server.client("s3").create_bucket(Bucket=b)
    server.client("s3").put_object(Bucket=b, Key="template.yaml", Body=b"Resources: {}", Tagging="sagemaker%3Astudio-visibility=true")
    key, secret = make_user(server, f"scientist-{unique}", policy(allow(["s3:GetObject", "s3:ListBucket"], [f"arn:aws:s3:::{b}", f"arn:aws:s3:::{b}/*"])))
    s3 = server.client("s3", key, secret)
    assert s3.get_object(Bucket=b, Key="template.yaml")["Body"].read() == b"Resources: {}"
    _, message, status = expect_error("AccessDenied", s3.get_object_tagging, Bucket=b, Key="template.yaml")
    assert status == 403
    assert "s3:GetObjectTagging" in message


def test_copy_object_and_directives(server, unique):
    s3 = server.client("s3")
    b = f"copy-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="src", Body=b"payload", ContentType="text/plain", Metadata={"a": "1"}, Tagging="t=1")
    result = s3.copy_object(Bucket=b, Key="dst", CopySource={"Bucket": b, "Key": "src"})
    assert result["CopyObjectResult"]["ETag"] == s3.head_object(Bucket=b, Key="src")["ETag"]
    copied = s3.get_object(Bucket=b, Key="dst")
    assert copied["Body"].read() == b"payload"
    assert copied["ContentType"] == "text/plain" and copied["Metadata"] == {"a": "1"}
    assert s3.get_object_tagging(Bucket=b, Key="dst")["TagSet"] == [{"Key": "t", "Value": "1"}]
    s3.copy_object(Bucket=b, Key="dst2", CopySource={"Bucket": b, "Key": "src"}, MetadataDirective="REPLACE",
                   Metadata={"b": "2"}, ContentType="application/json", TaggingDirective="REPLACE", Tagging="t=2")
    replaced = s3.head_object(Bucket=b, Key="dst2")
    assert replaced["Metadata"] == {"b": "2"} and replaced["ContentType"] == "application/json"
    assert s3.get_object_tagging(Bucket=b, Key="dst2")["TagSet"] == [{"Key": "t", "Value": "2"}]
    expect_error("InvalidRequest", s3.copy_object, Bucket=b, Key="src", CopySource={"Bucket": b, "Key": "src"})
    expect_error("NoSuchKey", s3.copy_object, Bucket=b, Key="x", CopySource={"Bucket": b, "Key": "missing"})


def test_roll_back_by_copying_an_old_version(server, unique):
    s3 = server.client("s3")
    b = f"rollback-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
    good = s3.put_object(Bucket=b, Key="templates/mlops.yaml", Body=b"good", Tagging="sagemaker%3Astudio-visibility=true")["VersionId"]
    s3.put_object(Bucket=b, Key="templates/mlops.yaml", Body=b"broken")
    restored = s3.copy_object(Bucket=b, Key="templates/mlops.yaml", CopySource={"Bucket": b, "Key": "templates/mlops.yaml", "VersionId": good})
    assert restored["CopySourceVersionId"] == good
    assert restored["VersionId"] not in (good, None)
    assert s3.get_object(Bucket=b, Key="templates/mlops.yaml")["Body"].read() == b"good"
    assert s3.get_object_tagging(Bucket=b, Key="templates/mlops.yaml")["TagSet"] == [{"Key": "sagemaker:studio-visibility", "Value": "true"}]
    assert len(s3.list_object_versions(Bucket=b)["Versions"]) == 3


def test_copy_needs_read_on_the_source(server, unique):
    b = f"copyperm-{unique}"
    server.client("s3").create_bucket(Bucket=b)
    server.client("s3").put_object(Bucket=b, Key="secret", Body=b"x")
    key, secret = make_user(server, f"copier-{unique}", policy(allow("s3:PutObject", f"arn:aws:s3:::{b}/*")))
    s3 = server.client("s3", key, secret)
    _, message, _ = expect_error("AccessDenied", s3.copy_object, Bucket=b, Key="stolen", CopySource={"Bucket": b, "Key": "secret"})
    assert f"s3:GetObject on resource: arn:aws:s3:::{b}/secret" in message
