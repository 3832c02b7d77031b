"""SSE-S3: every object is sealed at rest under the data dir's key; bucket default-encryption configuration."""

import glob
import os

import requests
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from helpers import expect_error

TEMPLATE = b"AWSTemplateFormatVersion: '2010-09-09'\nDescription: sealed template marker 7f3a\n" * 50


def blob_files(server):
    return [f for f in glob.glob(os.path.join(server.data_dir, "objects", "blobs", "*", "*")) if os.path.isfile(f)]


def raw_put(server, path, body):
    request = AWSRequest(method="PUT", url=server.endpoint + path, data=body)
    S3SigV4Auth(Credentials(server.root_key, server.root_secret), "s3", "us-east-1").add_auth(request)
    return requests.put(server.endpoint + path, data=body, headers=dict(request.headers), timeout=10)


def test_objects_are_encrypted_at_rest_and_say_so(fresh_server, unique):
    server = fresh_server
    s3 = server.client("s3")
    b = f"sse-{unique}"
    s3.create_bucket(Bucket=b)
    put = s3.put_object(Bucket=b, Key="templates/a.yaml", Body=TEMPLATE)
    assert put["ServerSideEncryption"] == "AES256"
    got = s3.get_object(Bucket=b, Key="templates/a.yaml")
    assert got["ServerSideEncryption"] == "AES256"
    assert got["Body"].read() == TEMPLATE
    assert s3.head_object(Bucket=b, Key="templates/a.yaml")["ServerSideEncryption"] == "AES256"
    assert s3.get_object(Bucket=b, Key="templates/a.yaml", Range="bytes=100-199")["Body"].read() == TEMPLATE[100:200]
    # A large object lives in a file, a small one in the metadata database: neither holds the bytes in the clear.
    large = TEMPLATE * 30
    assert s3.put_object(Bucket=b, Key="templates/large.yaml", Body=large)["ServerSideEncryption"] == "AES256"
    assert s3.get_object(Bucket=b, Key="templates/large.yaml")["Body"].read() == large

    files = blob_files(server) + glob.glob(os.path.join(server.data_dir, "metadata.sqlite*"))
    assert len(files) >= 2
    for path in files:
        with open(path, "rb") as handle:
            assert b"sealed template marker" not in handle.read()
    key_file = os.path.join(server.data_dir, "keys", "blob-sealing.key")
    assert os.stat(key_file).st_mode & 0o777 == 0o600
    with open(key_file, "rb") as handle:
        key_before = handle.read()

    # The key survives a restart, so sealed objects stay readable.
    server.restart()
    s3 = server.client("s3")
    assert s3.get_object(Bucket=b, Key="templates/a.yaml")["Body"].read() == TEMPLATE
    with open(key_file, "rb") as handle:
        assert handle.read() == key_before


def test_copy_and_multipart_are_encrypted(server, unique):
    s3 = server.client("s3")
    b = f"ssemp-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="src", Body=b"source bytes")
    copy = s3.copy_object(Bucket=b, Key="dst", CopySource={"Bucket": b, "Key": "src"})
    assert copy["ServerSideEncryption"] == "AES256"
    # Copying an object onto itself is allowed when it asks for encryption (how S3 users re-encrypt).
    again = s3.copy_object(Bucket=b, Key="src", CopySource={"Bucket": b, "Key": "src"}, ServerSideEncryption="AES256")
    assert again["ServerSideEncryption"] == "AES256"
    upload = s3.create_multipart_upload(Bucket=b, Key="big", ServerSideEncryption="AES256")
    assert upload["ServerSideEncryption"] == "AES256"
    part1 = b"a" * (5 * 1024 * 1024)
    p1 = s3.upload_part(Bucket=b, Key="big", UploadId=upload["UploadId"], PartNumber=1, Body=part1)
    assert p1["ServerSideEncryption"] == "AES256"
    p2 = s3.upload_part(Bucket=b, Key="big", UploadId=upload["UploadId"], PartNumber=2, Body=b"tail")
    done = s3.complete_multipart_upload(Bucket=b, Key="big", UploadId=upload["UploadId"], MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": p1["ETag"]}, {"PartNumber": 2, "ETag": p2["ETag"]}]})
    assert done["ServerSideEncryption"] == "AES256"
    got = s3.get_object(Bucket=b, Key="big")
    assert got["ServerSideEncryption"] == "AES256"
    assert got["Body"].read() == part1 + b"tail"
    ranged = s3.get_object(Bucket=b, Key="big", Range=f"bytes={len(part1) - 2}-{len(part1) + 1}")["Body"].read()
    assert ranged == b"aata"


def test_unavailable_encryption_is_refused_and_writes_nothing(server, unique):
    s3 = server.client("s3")
    b = f"ssebad-{unique}"
    s3.create_bucket(Bucket=b)
    err = expect_error("NotImplemented", s3.put_object, Bucket=b, Key="k", Body=b"x", ServerSideEncryption="aws:kms")
    assert err[2] == 501
    expect_error("NotImplemented", s3.put_object, Bucket=b, Key="k", Body=b"x",
                 SSECustomerAlgorithm="AES256", SSECustomerKey="k" * 32)
    expect_error("InvalidArgument", s3.put_object, Bucket=b, Key="k", Body=b"x", ServerSideEncryption="AES256", SSEKMSKeyId="alias/x")
    expect_error("NotImplemented", s3.create_multipart_upload, Bucket=b, Key="k", ServerSideEncryption="aws:kms")
    unvalidated = server.client("s3", parameter_validation=False)
    expect_error("InvalidArgument", unvalidated.put_object, Bucket=b, Key="k", Body=b"x", ServerSideEncryption="ROT13")
    assert s3.list_objects_v2(Bucket=b)["KeyCount"] == 0
    assert s3.list_multipart_uploads(Bucket=b).get("Uploads", []) == []


def test_bucket_default_encryption_configuration(server, unique):
    s3 = server.client("s3")
    b = f"ssecfg-{unique}"
    s3.create_bucket(Bucket=b)
    default = s3.get_bucket_encryption(Bucket=b)["ServerSideEncryptionConfiguration"]["Rules"]
    assert default == [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": False}]

    s3.put_bucket_encryption(Bucket=b, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]})
    configured = s3.get_bucket_encryption(Bucket=b)["ServerSideEncryptionConfiguration"]["Rules"]
    assert configured == [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]

    # Refused configurations leave the stored one as it was.
    expect_error("NotImplemented", s3.put_bucket_encryption, Bucket=b, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]})
    expect_error("InvalidArgument", s3.put_bucket_encryption, Bucket=b, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256", "KMSMasterKeyID": "alias/x"}}]})
    unvalidated = server.client("s3", parameter_validation=False)
    expect_error("MalformedXML", unvalidated.put_bucket_encryption, Bucket=b, ServerSideEncryptionConfiguration={"Rules": []})
    expect_error("MalformedXML", unvalidated.put_bucket_encryption, Bucket=b, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "ROT13"}}]})
    garbage = raw_put(server, f"/{b}?encryption", b"<ServerSideEncryptionConfiguration><Rule>")
    assert garbage.status_code == 400 and b"<Code>MalformedXML</Code>" in garbage.content
    assert s3.get_bucket_encryption(Bucket=b)["ServerSideEncryptionConfiguration"]["Rules"] == configured

    s3.delete_bucket_encryption(Bucket=b)
    assert s3.get_bucket_encryption(Bucket=b)["ServerSideEncryptionConfiguration"]["Rules"] == default
    expect_error("NoSuchBucket", s3.get_bucket_encryption, Bucket=f"nope-{unique}")
