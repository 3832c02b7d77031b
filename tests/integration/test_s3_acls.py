"""Object Ownership and ACLs as S3 has them since 2023: ACLs disabled by default (`BucketOwnerEnforced`), and where a
bucket enables them (`BucketOwnerPreferred`, `ObjectWriter`) canned ACLs, grant headers and bodies that the
authorizer honours, with objects owned by the account that wrote them."""

import json

import requests

from helpers import expect_error, other_account

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"


def acl_bucket(s3, name, ownership="ObjectWriter", open_public=True):
    """A bucket with ACLs enabled; with `open_public`, its Block Public Access settings are lifted."""
    s3.create_bucket(Bucket=name, ObjectOwnership=ownership)
    if open_public:
        s3.delete_public_access_block(Bucket=name)
    return name


def grants_of(acl):
    """An ACL answer's grants as a set of (grantee id or URI, permission) pairs."""
    return {(g["Grantee"].get("ID") or g["Grantee"]["URI"], g["Permission"]) for g in acl["Grants"]}


def partner(server, unique):
    """Another account's root S3 client and its canonical user id."""
    key, secret = other_account(server, unique)
    s3 = server.client("s3", key, secret)
    return s3, s3.list_buckets()["Owner"]["ID"]


def test_ownership_controls_round_trip(server, unique):
    s3 = server.client("s3")
    b = f"own-{unique}"
    s3.create_bucket(Bucket=b)
    assert s3.get_bucket_ownership_controls(Bucket=b)["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    s3.put_bucket_ownership_controls(Bucket=b, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    assert s3.get_bucket_ownership_controls(Bucket=b)["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "ObjectWriter"}]
    _, _, status = expect_error("MalformedXML", s3.put_bucket_ownership_controls, Bucket=b, OwnershipControls={"Rules": [{"ObjectOwnership": "Nobody"}]})
    assert status == 400
    s3.delete_bucket_ownership_controls(Bucket=b)
    _, message, status = expect_error("OwnershipControlsNotFoundError", s3.get_bucket_ownership_controls, Bucket=b)
    assert (status, message) == (404, "The bucket ownership controls were not found")
    # Created with the header, the bucket starts with that setting; an unknown one is refused and makes nothing.
    s3.create_bucket(Bucket=f"own2-{unique}", ObjectOwnership="BucketOwnerPreferred")
    assert s3.get_bucket_ownership_controls(Bucket=f"own2-{unique}")["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerPreferred"}]
    expect_error("InvalidArgument", s3.create_bucket, Bucket=f"own3-{unique}", ObjectOwnership="Everyone")
    expect_error("NoSuchBucket", s3.get_bucket_location, Bucket=f"own3-{unique}")


def test_acls_disabled_refuse_every_acl_but_the_owners(server, unique):
    s3 = server.client("s3")
    b = f"enforced-{unique}"
    s3.create_bucket(Bucket=b)
    s3.delete_public_access_block(Bucket=b)
    s3.put_object(Bucket=b, Key="k", Body=b"x")
    owner = s3.list_buckets()["Owner"]["ID"]
    for call, extra in [(s3.put_bucket_acl, {"ACL": "public-read"}), (s3.put_object_acl, {"Key": "k", "ACL": "public-read"}),
                        (s3.put_object_acl, {"Key": "k", "ACL": "private"}), (s3.put_bucket_acl, {"GrantRead": f'uri="{ALL_USERS}"'})]:
        _, message, status = expect_error("AccessControlListNotSupported", call, Bucket=b, **extra)
        assert (status, message) == (400, "The bucket does not allow ACLs")
    expect_error("AccessControlListNotSupported", s3.put_object, Bucket=b, Key="k2", Body=b"x", ACL="public-read")
    expect_error("AccessControlListNotSupported", s3.put_object, Bucket=b, Key="k2", Body=b"x", GrantRead=f'uri="{ALL_USERS}"')
    expect_error("AccessControlListNotSupported", s3.create_multipart_upload, Bucket=b, Key="k2", ACL="public-read")
    expect_error("AccessControlListNotSupported", s3.copy_object, Bucket=b, Key="k2", CopySource={"Bucket": b, "Key": "k"}, ACL="public-read")
    expect_error("NoSuchKey", s3.get_object, Bucket=b, Key="k2")
    # The bucket owner's full control, canned or as a grant, is what every write may say.
    s3.put_object(Bucket=b, Key="k3", Body=b"x", ACL="bucket-owner-full-control")
    s3.put_object(Bucket=b, Key="k4", Body=b"x", GrantFullControl=f'id="{owner}"')
    for acl in (s3.get_bucket_acl(Bucket=b), s3.get_object_acl(Bucket=b, Key="k"), s3.get_object_acl(Bucket=b, Key="k4")):
        assert grants_of(acl) == {(owner, "FULL_CONTROL")}
    assert requests.get(f"{server.endpoint}/{b}/k", timeout=10).status_code == 403


def test_public_acls_grant_anonymous_reads_unless_ignored_or_blocked(server, unique):
    s3 = server.client("s3")
    b = acl_bucket(s3, f"pubacl-{unique}")
    s3.put_object(Bucket=b, Key="open.txt", Body=b"hello", ACL="public-read")
    s3.put_object(Bucket=b, Key="closed.txt", Body=b"secret")
    owner = s3.list_buckets()["Owner"]["ID"]
    assert grants_of(s3.get_object_acl(Bucket=b, Key="open.txt")) == {(ALL_USERS, "READ"), (owner, "FULL_CONTROL")}
    got = requests.get(f"{server.endpoint}/{b}/open.txt", timeout=10)
    assert (got.status_code, got.content) == (200, b"hello")
    assert requests.get(f"{server.endpoint}/{b}/closed.txt", timeout=10).status_code == 403
    # READ on an object is not a listing, and not the ACL.
    assert requests.get(f"{server.endpoint}/{b}", timeout=10).status_code == 403
    assert requests.get(f"{server.endpoint}/{b}/open.txt?acl", timeout=10).status_code == 403
    # IgnorePublicAcls: the grant stays on record but counts for nothing.
    s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
    assert requests.get(f"{server.endpoint}/{b}/open.txt", timeout=10).status_code == 403
    assert grants_of(s3.get_object_acl(Bucket=b, Key="open.txt")) == {(ALL_USERS, "READ"), (owner, "FULL_CONTROL")}
    # BlockPublicAcls: a new public ACL is refused and changes nothing.
    s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
    _, _, status = expect_error("AccessDenied", s3.put_object_acl, Bucket=b, Key="closed.txt", ACL="public-read")
    assert status == 403
    expect_error("AccessDenied", s3.put_object, Bucket=b, Key="new.txt", Body=b"x", GrantRead=f'uri="{AUTHENTICATED}"')
    expect_error("AccessDenied", s3.put_bucket_acl, Bucket=b, ACL="public-read")
    assert grants_of(s3.get_object_acl(Bucket=b, Key="closed.txt")) == {(owner, "FULL_CONTROL")}
    assert requests.get(f"{server.endpoint}/{b}/closed.txt", timeout=10).status_code == 403
    # The existing public ACL counts again once nothing ignores it; making it private closes it.
    assert requests.get(f"{server.endpoint}/{b}/open.txt", timeout=10).status_code == 200
    s3.put_object_acl(Bucket=b, Key="open.txt", ACL="private")
    assert requests.get(f"{server.endpoint}/{b}/open.txt", timeout=10).status_code == 403


def test_bucket_acl_grants_another_account_listing_and_writing_and_the_writer_owns_its_objects(server, unique):
    s3 = server.client("s3")
    other, other_id = partner(server, unique)
    owner = s3.list_buckets()["Owner"]["ID"]
    b = acl_bucket(s3, f"shared-{unique}", open_public=False)
    expect_error("AccessDenied", other.put_object, Bucket=b, Key="theirs.txt", Body=b"x")
    s3.put_bucket_acl(Bucket=b, GrantFullControl=f'id="{owner}"', GrantRead=f'id="{other_id}"', GrantWrite=f'id="{other_id}"')
    assert grants_of(s3.get_bucket_acl(Bucket=b)) == {(owner, "FULL_CONTROL"), (other_id, "READ"), (other_id, "WRITE")}
    other.put_object(Bucket=b, Key="theirs.txt", Body=b"written by the partner")
    other.put_object(Bucket=b, Key="handed-over.txt", Body=b"for the owner", ACL="bucket-owner-full-control")
    listed = {o["Key"]: o["Owner"]["ID"] for o in other.list_objects(Bucket=b)["Contents"]}
    assert listed == {"theirs.txt": other_id, "handed-over.txt": other_id}
    # Under ObjectWriter the writer owns what it wrote: the bucket owner reads only what it was granted.
    acl = s3.get_object_acl(Bucket=b, Key="handed-over.txt")
    assert acl["Owner"]["ID"] == other_id and grants_of(acl) == {(other_id, "FULL_CONTROL"), (owner, "FULL_CONTROL")}
    assert s3.get_object(Bucket=b, Key="handed-over.txt")["Body"].read() == b"for the owner"
    _, _, status = expect_error("AccessDenied", s3.get_object, Bucket=b, Key="theirs.txt")
    assert status == 403
    expect_error("AccessDenied", s3.get_object_acl, Bucket=b, Key="theirs.txt")
    assert other.get_object(Bucket=b, Key="theirs.txt")["Body"].read() == b"written by the partner"
    # The owner of an object decides its ACL: the partner grants the bucket owner a read.
    other.put_object_acl(Bucket=b, Key="theirs.txt", GrantRead=f'id="{owner}"', GrantFullControl=f'id="{other_id}"')
    assert s3.get_object(Bucket=b, Key="theirs.txt")["Body"].read() == b"written by the partner"
    # A bucket owner may always delete what is in its bucket.
    s3.delete_object(Bucket=b, Key="theirs.txt")
    assert [o["Key"] for o in other.list_objects_v2(Bucket=b)["Contents"]] == ["handed-over.txt"]
    # Taking the grants away takes the access away.
    s3.put_bucket_acl(Bucket=b, ACL="private")
    expect_error("AccessDenied", other.put_object, Bucket=b, Key="again.txt", Body=b"x")
    expect_error("AccessDenied", other.list_objects, Bucket=b)


def test_bucket_owner_preferred_and_enforcing_ownership_later(server, unique):
    s3 = server.client("s3")
    other, other_id = partner(server, unique)
    owner = s3.list_buckets()["Owner"]["ID"]
    b = acl_bucket(s3, f"preferred-{unique}", ownership="BucketOwnerPreferred", open_public=False)
    s3.put_bucket_acl(Bucket=b, GrantFullControl=f'id="{owner}"', GrantWrite=f'id="{other_id}"')
    other.put_object(Bucket=b, Key="given.txt", Body=b"given", ACL="bucket-owner-full-control")
    other.put_object(Bucket=b, Key="kept.txt", Body=b"kept")
    assert s3.get_object_acl(Bucket=b, Key="given.txt")["Owner"]["ID"] == owner
    assert s3.get_object(Bucket=b, Key="given.txt")["Body"].read() == b"given"
    expect_error("AccessDenied", s3.get_object, Bucket=b, Key="kept.txt")
    # Ownership cannot be enforced while the bucket ACL grants someone else; once it is private it can, and then
    # the bucket owner owns everything in the bucket.
    _, message, status = expect_error(
        "InvalidBucketAclWithObjectOwnership", s3.put_bucket_ownership_controls, Bucket=b,
        OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    assert (status, message) == (400, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting")
    assert s3.get_bucket_ownership_controls(Bucket=b)["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerPreferred"}]
    s3.put_bucket_acl(Bucket=b, ACL="private")
    s3.put_bucket_ownership_controls(Bucket=b, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    assert s3.get_object(Bucket=b, Key="kept.txt")["Body"].read() == b"kept"
    assert grants_of(s3.get_object_acl(Bucket=b, Key="kept.txt")) == {(owner, "FULL_CONTROL")}
    assert {o["Owner"]["ID"] for o in s3.list_objects_v2(Bucket=b, FetchOwner=True)["Contents"]} == {owner}


def test_anonymous_writes_where_the_bucket_acl_lets_everyone_write_belong_to_the_bucket_owner(server, unique):
    s3 = server.client("s3")
    owner = s3.list_buckets()["Owner"]["ID"]
    b = acl_bucket(s3, f"dropbox-{unique}")
    assert requests.put(f"{server.endpoint}/{b}/drop.txt", data=b"left here", timeout=10).status_code == 403
    s3.put_bucket_acl(Bucket=b, ACL="public-read-write")
    assert requests.put(f"{server.endpoint}/{b}/drop.txt", data=b"left here", timeout=10).status_code == 200
    assert s3.get_object_acl(Bucket=b, Key="drop.txt")["Owner"]["ID"] == owner
    assert s3.get_object(Bucket=b, Key="drop.txt")["Body"].read() == b"left here"
    # WRITE lets everyone list nothing and read nothing they were not granted.
    assert requests.get(f"{server.endpoint}/{b}/drop.txt", timeout=10).status_code == 403


def test_authenticated_read_lets_any_signed_in_account_read(server, unique):
    s3 = server.client("s3")
    other, _ = partner(server, unique)
    b = acl_bucket(s3, f"authread-{unique}")
    s3.put_object(Bucket=b, Key="k", Body=b"for members", ACL="authenticated-read")
    assert other.get_object(Bucket=b, Key="k")["Body"].read() == b"for members"
    assert requests.get(f"{server.endpoint}/{b}/k", timeout=10).status_code == 403


def test_acl_bodies_and_bad_acl_requests(server, unique):
    s3 = server.client("s3")
    _, other_id = partner(server, unique)
    owner = s3.list_buckets()["Owner"]["ID"]
    b = acl_bucket(s3, f"aclbody-{unique}")
    s3.put_object(Bucket=b, Key="k", Body=b"x")
    policy = {"Owner": {"ID": owner}, "Grants": [
        {"Grantee": {"Type": "CanonicalUser", "ID": owner}, "Permission": "FULL_CONTROL"},
        {"Grantee": {"Type": "CanonicalUser", "ID": other_id}, "Permission": "READ_ACP"},
        {"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"}]}
    s3.put_object_acl(Bucket=b, Key="k", AccessControlPolicy=policy)
    assert grants_of(s3.get_object_acl(Bucket=b, Key="k")) == {(owner, "FULL_CONTROL"), (other_id, "READ_ACP"), (ALL_USERS, "READ")}
    before = s3.get_object_acl(Bucket=b, Key="k")["Grants"]
    bad = [
        ("InvalidRequest", 400, {"ACL": "private", "GrantRead": f'uri="{ALL_USERS}"'}),
        ("MissingSecurityHeader", 400, {}),
        ("UnexpectedContent", 400, {"ACL": "private", "AccessControlPolicy": policy}),
        ("InvalidArgument", 400, {"GrantRead": "nobody"}),
        ("InvalidArgument", 400, {"GrantRead": 'id="0123456789abcdef"'}),
        ("InvalidArgument", 400, {"GrantRead": 'uri="http://acs.amazonaws.com/groups/global/Nobody"'}),
        ("UnresolvableGrantByEmailAddress", 400, {"GrantRead": 'emailAddress="someone@example.com"'}),
        ("AccessDenied", 403, {"AccessControlPolicy": {**policy, "Owner": {"ID": other_id}}}),
        ("MalformedACLError", 400, {"AccessControlPolicy": {"Owner": {"ID": owner}, "Grants": [
            {"Grantee": {"Type": "CanonicalUser"}, "Permission": "READ"}]}}),
    ]
    for code, status, extra in bad:
        got = expect_error(code, s3.put_object_acl, Bucket=b, Key="k", **extra)
        assert got[2] == status, (extra, got)
    assert s3.get_object_acl(Bucket=b, Key="k")["Grants"] == before
    expect_error("InvalidArgument", s3.put_bucket_acl, Bucket=b, ACL="everyone-may-write")
    expect_error("NoSuchKey", s3.put_object_acl, Bucket=b, Key="missing", ACL="private")


def test_acls_at_creation_copy_multipart_and_by_version(server, unique):
    s3 = server.client("s3")
    other, other_id = partner(server, unique)
    owner = s3.list_buckets()["Owner"]["ID"]
    # A bucket made with grants keeps them; a public ACL at creation is refused, as new buckets block public access.
    b = f"made-{unique}"
    s3.create_bucket(Bucket=b, ObjectOwnership="ObjectWriter", GrantRead=f'id="{other_id}"', GrantFullControl=f'id="{owner}"')
    assert grants_of(s3.get_bucket_acl(Bucket=b)) == {(owner, "FULL_CONTROL"), (other_id, "READ")}
    assert [o["Key"] for o in other.list_objects_v2(Bucket=b).get("Contents", [])] == []
    _, message, _ = expect_error("InvalidBucketAclWithBlockPublicAccessError", s3.create_bucket, Bucket=f"made2-{unique}", ObjectOwnership="ObjectWriter", ACL="public-read")
    assert message == "Bucket cannot have public ACLs set with BlockPublicAccess enabled"
    expect_error("InvalidBucketAclWithObjectOwnership", s3.create_bucket, Bucket=f"made2-{unique}", GrantRead=f'id="{other_id}"')
    expect_error("NoSuchBucket", s3.get_bucket_location, Bucket=f"made2-{unique}")
    s3.delete_public_access_block(Bucket=b)
    s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=b, Key="src", Body=b"source")
    s3.copy_object(Bucket=b, Key="copy", CopySource={"Bucket": b, "Key": "src"}, ACL="public-read")
    assert requests.get(f"{server.endpoint}/{b}/copy", timeout=10).content == b"source"
    upload = s3.create_multipart_upload(Bucket=b, Key="big", ACL="public-read")["UploadId"]
    etag = s3.upload_part(Bucket=b, Key="big", UploadId=upload, PartNumber=1, Body=b"multi")["ETag"]
    s3.complete_multipart_upload(Bucket=b, Key="big", UploadId=upload, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert requests.get(f"{server.endpoint}/{b}/big", timeout=10).content == b"multi"
    # Each version has its own ACL.
    first = s3.put_object(Bucket=b, Key="v", Body=b"one", ACL="public-read")["VersionId"]
    second = s3.put_object(Bucket=b, Key="v", Body=b"two")["VersionId"]
    assert requests.get(f"{server.endpoint}/{b}/v", timeout=10).status_code == 403
    assert requests.get(f"{server.endpoint}/{b}/v?versionId={first}", timeout=10).content == b"one"  # READ covers its version
    answer = s3.put_object_acl(Bucket=b, Key="v", VersionId=second, ACL="public-read")
    assert answer["ResponseMetadata"]["HTTPHeaders"]["x-amz-version-id"] == second
    assert requests.get(f"{server.endpoint}/{b}/v", timeout=10).content == b"two"
    assert grants_of(s3.get_object_acl(Bucket=b, Key="v", VersionId=first)) == {(ALL_USERS, "READ"), (owner, "FULL_CONTROL")}


def test_cli_canned_acls_and_grants(server, unique, tmp_path):
    s3 = server.client("s3")
    b = acl_bucket(s3, f"cliacl-{unique}")
    page = tmp_path / "page.html"
    page.write_text("<p>hi</p>")
    server.aws("s3", "cp", str(page), f"s3://{b}/page.html", "--acl", "public-read")
    server.aws("s3", "cp", str(page), f"s3://{b}/private.html")
    assert requests.get(f"{server.endpoint}/{b}/page.html", timeout=10).text == "<p>hi</p>"
    assert requests.get(f"{server.endpoint}/{b}/private.html", timeout=10).status_code == 403
    server.aws("s3api", "put-object-acl", "--bucket", b, "--key", "private.html", "--grant-read", f"uri={ALL_USERS}")
    assert requests.get(f"{server.endpoint}/{b}/private.html", timeout=10).status_code == 200
    grants = json.loads(server.aws("s3api", "get-object-acl", "--bucket", b, "--key", "private.html").stdout)["Grants"]
    assert grants == [{"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"}]
    failed = server.aws("s3api", "put-bucket-acl", "--bucket", b, "--acl", "private", "--grant-read", f"uri={ALL_USERS}", check=False)
    assert failed.returncode != 0 and "Specifying both Canned ACLs and Header Grants is not allowed" in failed.stderr
