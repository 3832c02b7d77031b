"""Multipart uploads: create, upload parts, list, complete (ETag md5-N, order and size rules), abort; the CLI's large copies."""

import hashlib
import os

from helpers import expect_error

MIB = 1024 * 1024


def test_multipart_round_trip(server, unique):
    s3 = server.client("s3")
    b = f"mpu-{unique}"
    s3.create_bucket(Bucket=b)
    upload = s3.create_multipart_upload(Bucket=b, Key="model.tar.gz", ContentType="application/gzip", Metadata={"stage": "train"})
    uid = upload["UploadId"]
    parts_data = [os.urandom(5 * MIB), os.urandom(5 * MIB), os.urandom(1234)]
    etags = []
    for number, data in enumerate(parts_data, start=1):
        etags.append(s3.upload_part(Bucket=b, Key="model.tar.gz", UploadId=uid, PartNumber=number, Body=data)["ETag"])
    listed = s3.list_parts(Bucket=b, Key="model.tar.gz", UploadId=uid)["Parts"]
    assert [(p["PartNumber"], p["Size"]) for p in listed] == [(1, 5 * MIB), (2, 5 * MIB), (3, 1234)]
    assert [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=b)["Uploads"]] == [uid]
    done = s3.complete_multipart_upload(Bucket=b, Key="model.tar.gz", UploadId=uid, MultipartUpload={
        "Parts": [{"PartNumber": i + 1, "ETag": etag} for i, etag in enumerate(etags)]})
    expected_etag = hashlib.md5(b"".join(hashlib.md5(d).digest() for d in parts_data)).hexdigest() + "-3"
    assert done["ETag"] == f'"{expected_etag}"'
    got = s3.get_object(Bucket=b, Key="model.tar.gz")
    assert got["Body"].read() == b"".join(parts_data)
    assert got["ContentType"] == "application/gzip" and got["Metadata"] == {"stage": "train"}
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=b)
    expect_error("NoSuchUpload", s3.list_parts, Bucket=b, Key="model.tar.gz", UploadId=uid)


def test_completion_rules(server, unique):
    s3 = server.client("s3")
    b = f"mpurules-{unique}"
    s3.create_bucket(Bucket=b)
    uid = s3.create_multipart_upload(Bucket=b, Key="k")["UploadId"]
    small = s3.upload_part(Bucket=b, Key="k", UploadId=uid, PartNumber=1, Body=b"tiny")["ETag"]
    last = s3.upload_part(Bucket=b, Key="k", UploadId=uid, PartNumber=2, Body=b"end")["ETag"]
    expect_error("EntityTooSmall", s3.complete_multipart_upload, Bucket=b, Key="k", UploadId=uid,
                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": small}, {"PartNumber": 2, "ETag": last}]})
    expect_error("InvalidPartOrder", s3.complete_multipart_upload, Bucket=b, Key="k", UploadId=uid,
                 MultipartUpload={"Parts": [{"PartNumber": 2, "ETag": last}, {"PartNumber": 1, "ETag": small}]})
    expect_error("InvalidPart", s3.complete_multipart_upload, Bucket=b, Key="k", UploadId=uid,
                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": '"00000000000000000000000000000000"'}]})
    expect_error("NoSuchKey", s3.get_object, Bucket=b, Key="k")
    # A single small part is a valid (last) part.
    s3.complete_multipart_upload(Bucket=b, Key="k", UploadId=uid, MultipartUpload={"Parts": [{"PartNumber": 2, "ETag": last}]})
    assert s3.get_object(Bucket=b, Key="k")["Body"].read() == b"end"


def test_abort(server, unique):
    s3 = server.client("s3")
    b = f"mpuabort-{unique}"
    s3.create_bucket(Bucket=b)
    uid = s3.create_multipart_upload(Bucket=b, Key="k")["UploadId"]
    s3.upload_part(Bucket=b, Key="k", UploadId=uid, PartNumber=1, Body=b"x")
    s3.abort_multipart_upload(Bucket=b, Key="k", UploadId=uid)
    expect_error("NoSuchUpload", s3.upload_part, Bucket=b, Key="k", UploadId=uid, PartNumber=2, Body=b"y")
    expect_error("NoSuchUpload", s3.abort_multipart_upload, Bucket=b, Key="k", UploadId=uid)


def test_cli_copies_large_files_in_parts(server, unique, tmp_path):
    b = f"mpucli-{unique}"
    server.client("s3").create_bucket(Bucket=b)
    source = tmp_path / "big.bin"
    data = os.urandom(20 * MIB)
    source.write_bytes(data)
    server.aws("s3", "cp", str(source), f"s3://{b}/big.bin")
    head = server.client("s3").head_object(Bucket=b, Key="big.bin")
    assert head["ContentLength"] == len(data)
    assert head["ETag"].endswith('-3"')  # the CLI's 8 MiB parts
    target = tmp_path / "back.bin"
    server.aws("s3", "cp", f"s3://{b}/big.bin", str(target))
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(data).digest()


def test_upload_part_copy(server, unique):
    s3 = server.client("s3")
    b = f"mpucopy-{unique}"
    s3.create_bucket(Bucket=b)
    source = os.urandom(6 * MIB)
    s3.put_object(Bucket=b, Key="source", Body=source)
    uid = s3.create_multipart_upload(Bucket=b, Key="assembled")["UploadId"]
    first = s3.upload_part_copy(Bucket=b, Key="assembled", UploadId=uid, PartNumber=1,
                                CopySource={"Bucket": b, "Key": "source"}, CopySourceRange=f"bytes=0-{5 * MIB - 1}")
    second = s3.upload_part_copy(Bucket=b, Key="assembled", UploadId=uid, PartNumber=2,
                                 CopySource={"Bucket": b, "Key": "source"}, CopySourceRange=f"bytes={5 * MIB}-{6 * MIB - 1}")
    s3.complete_multipart_upload(Bucket=b, Key="assembled", UploadId=uid, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": first["CopyPartResult"]["ETag"]}, {"PartNumber": 2, "ETag": second["CopyPartResult"]["ETag"]}]})
    assert s3.get_object(Bucket=b, Key="assembled")["Body"].read() == source


def test_cli_copies_large_objects_between_buckets(server, unique, tmp_path):
    b = f"mpucli2-{unique}"
    server.client("s3").create_bucket(Bucket=b)
    data = os.urandom(18 * MIB)
    server.client("s3").put_object(Bucket=b, Key="big", Body=data)
    server.aws("s3", "cp", f"s3://{b}/big", f"s3://{b}/copy")
    assert hashlib.sha256(server.client("s3").get_object(Bucket=b, Key="copy")["Body"].read()).digest() == hashlib.sha256(data).digest()


def test_a_part_uploaded_twice_is_its_last_upload(server, unique):
    s3 = server.client("s3")
    b = f"mpuagain-{unique}"
    s3.create_bucket(Bucket=b)
    uid = s3.create_multipart_upload(Bucket=b, Key="k")["UploadId"]
    first = s3.upload_part(Bucket=b, Key="k", UploadId=uid, PartNumber=1, Body=b"first try")["ETag"]
    second = s3.upload_part(Bucket=b, Key="k", UploadId=uid, PartNumber=1, Body=b"second try")["ETag"]
    assert [(p["PartNumber"], p["ETag"], p["Size"]) for p in s3.list_parts(Bucket=b, Key="k", UploadId=uid)["Parts"]] == [(1, second, 10)]
    expect_error("InvalidPart", s3.complete_multipart_upload, Bucket=b, Key="k", UploadId=uid,
                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": first}]})
    s3.complete_multipart_upload(Bucket=b, Key="k", UploadId=uid, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": second}]})
    assert s3.get_object(Bucket=b, Key="k")["Body"].read() == b"second try"
