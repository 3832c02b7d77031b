"""Multipart checksums as S3 keeps them: CreateMultipartUpload's algorithm and type, part checksums verified and
answered, composite (`-N`) and full-object checksums on completion, part reads, the rules' errors, and a repeated
completion answered the same."""

import base64
import hashlib
import os
import zlib

import botocore.exceptions
import pytest

from helpers import expect_error

MIB = 1024 * 1024


def _crc_table(polynomial, width):
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ polynomial if crc & 1 else crc >> 1
        table.append(crc & ((1 << width) - 1))
    return table


CRC32C_TABLE = _crc_table(0x82F63B78, 32)
CRC64NVME_TABLE = _crc_table(0x9A6C9329AC4BC9B5, 64)


def _reflected_crc(data, table, width):
    mask = (1 << width) - 1
    crc = mask
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ mask


def digest(algorithm, data):
    """The raw checksum S3 computes for `data`."""
    if algorithm == "CRC32":
        return zlib.crc32(data).to_bytes(4, "big")
    if algorithm == "CRC32C":
        return _reflected_crc(data, CRC32C_TABLE, 32).to_bytes(4, "big")
    if algorithm == "CRC64NVME":
        return _reflected_crc(data, CRC64NVME_TABLE, 64).to_bytes(8, "big")
    return hashlib.new(algorithm.lower(), data).digest()


def b64(algorithm, data):
    return base64.b64encode(digest(algorithm, data)).decode()


def composite(algorithm, parts):
    return base64.b64encode(digest(algorithm, b"".join(digest(algorithm, part) for part in parts))).decode() + f"-{len(parts)}"


def test_checksum_values_match_the_published_examples():
    # The check values of the CRC catalogue ("123456789"), so the test's own CRCs are right.
    assert int.from_bytes(digest("CRC32C", b"123456789"), "big") == 0xE3069283
    assert int.from_bytes(digest("CRC64NVME", b"123456789"), "big") == 0xAE8B14860A799888


@pytest.mark.parametrize("algorithm", ["CRC32", "CRC32C", "SHA1", "SHA256"])
def test_composite_checksums_are_kept_per_part_and_answered_with_their_count(server, unique, algorithm):
    s3 = server.client("s3")
    bucket = f"composite-{algorithm.lower()}-{unique}"
    s3.create_bucket(Bucket=bucket)
    created = s3.create_multipart_upload(Bucket=bucket, Key="model.bin", ChecksumAlgorithm=algorithm)
    assert (created["ChecksumAlgorithm"], created["ChecksumType"]) == (algorithm, "COMPOSITE")
    upload = created["UploadId"]
    parts = [os.urandom(5 * MIB), os.urandom(777)]
    # The part's checksum given as a value (botocore computes CRC32C only with its CRT extra).
    answered = [s3.upload_part(Bucket=bucket, Key="model.bin", UploadId=upload, PartNumber=number, Body=data, **{f"Checksum{algorithm}": b64(algorithm, data)})
                for number, data in enumerate(parts, start=1)]
    assert [a[f"Checksum{algorithm}"] for a in answered] == [b64(algorithm, p) for p in parts]
    listed = s3.list_parts(Bucket=bucket, Key="model.bin", UploadId=upload)
    assert (listed["ChecksumAlgorithm"], listed["ChecksumType"]) == (algorithm, "COMPOSITE")
    assert [p[f"Checksum{algorithm}"] for p in listed["Parts"]] == [b64(algorithm, p) for p in parts]
    uploads = s3.list_multipart_uploads(Bucket=bucket)["Uploads"]
    assert (uploads[0]["ChecksumAlgorithm"], uploads[0]["ChecksumType"]) == (algorithm, "COMPOSITE")

    done = s3.complete_multipart_upload(Bucket=bucket, Key="model.bin", UploadId=upload, MultipartUpload={"Parts": [
        {"PartNumber": n, "ETag": a["ETag"], f"Checksum{algorithm}": a[f"Checksum{algorithm}"]} for n, a in enumerate(answered, start=1)]})
    expected = composite(algorithm, parts)
    assert (done[f"Checksum{algorithm}"], done["ChecksumType"]) == (expected, "COMPOSITE")
    head = s3.head_object(Bucket=bucket, Key="model.bin", ChecksumMode="ENABLED")
    assert (head[f"Checksum{algorithm}"], head["ChecksumType"]) == (expected, "COMPOSITE")
    assert f"Checksum{algorithm}" not in s3.head_object(Bucket=bucket, Key="model.bin")
    # A part read answers the part's own checksum; a range, none.
    second = s3.get_object(Bucket=bucket, Key="model.bin", PartNumber=2, ChecksumMode="ENABLED")
    assert (second[f"Checksum{algorithm}"], second["Body"].read()) == (b64(algorithm, parts[1]), parts[1])
    assert f"Checksum{algorithm}" not in s3.get_object(Bucket=bucket, Key="model.bin", Range="bytes=0-9", ChecksumMode="ENABLED")


def test_full_object_checksums_are_the_crc_of_the_whole_object(server, unique):
    s3 = server.client("s3")
    bare = server.client("s3", request_checksum_calculation="when_required")  # sends no checksum of its own
    bucket = f"fullobject-{unique}"
    s3.create_bucket(Bucket=bucket)
    parts = [os.urandom(5 * MIB), os.urandom(5 * MIB), b"tail"]
    whole = b"".join(parts)

    created = s3.create_multipart_upload(Bucket=bucket, Key="crc32", ChecksumAlgorithm="CRC32", ChecksumType="FULL_OBJECT")
    assert (created["ChecksumAlgorithm"], created["ChecksumType"]) == ("CRC32", "FULL_OBJECT")
    etags = [s3.upload_part(Bucket=bucket, Key="crc32", UploadId=created["UploadId"], PartNumber=n, Body=p)["ETag"] for n, p in enumerate(parts, 1)]
    listing = {"Parts": [{"PartNumber": n, "ETag": e} for n, e in enumerate(etags, 1)]}
    # The whole object's checksum, if sent, must be right.
    expect_error("BadDigest", s3.complete_multipart_upload, Bucket=bucket, Key="crc32", UploadId=created["UploadId"], MultipartUpload=listing,
                 ChecksumCRC32=b64("CRC32", b"other"), ChecksumType="FULL_OBJECT")
    done = s3.complete_multipart_upload(Bucket=bucket, Key="crc32", UploadId=created["UploadId"], MultipartUpload=listing,
                                        ChecksumCRC32=b64("CRC32", whole), ChecksumType="FULL_OBJECT")
    assert (done["ChecksumCRC32"], done["ChecksumType"]) == (b64("CRC32", whole), "FULL_OBJECT")
    assert s3.head_object(Bucket=bucket, Key="crc32", ChecksumMode="ENABLED")["ChecksumCRC32"] == b64("CRC32", whole)
    assert "ChecksumCRC32" not in s3.get_object(Bucket=bucket, Key="crc32", PartNumber=1, ChecksumMode="ENABLED")

    # CRC64NVME is full-object by default, and its parts may come without a checksum: S3 computes theirs.
    created = bare.create_multipart_upload(Bucket=bucket, Key="nvme", ChecksumAlgorithm="CRC64NVME")
    assert created["ChecksumType"] == "FULL_OBJECT"
    answered = [bare.upload_part(Bucket=bucket, Key="nvme", UploadId=created["UploadId"], PartNumber=n, Body=p) for n, p in enumerate(parts, 1)]
    assert [a["ChecksumCRC64NVME"] for a in answered] == [b64("CRC64NVME", p) for p in parts]
    done = bare.complete_multipart_upload(Bucket=bucket, Key="nvme", UploadId=created["UploadId"],
                                          MultipartUpload={"Parts": [{"PartNumber": n, "ETag": a["ETag"]} for n, a in enumerate(answered, 1)]})
    assert (done["ChecksumCRC64NVME"], done["ChecksumType"]) == (b64("CRC64NVME", whole), "FULL_OBJECT")


def test_an_upload_without_a_checksum_gets_a_crc64nvme_of_the_whole_object(server, unique):
    s3 = server.client("s3")
    bucket = f"plainmpu-{unique}"
    s3.create_bucket(Bucket=bucket)
    created = s3.create_multipart_upload(Bucket=bucket, Key="k")
    assert "ChecksumAlgorithm" not in created and "ChecksumType" not in created
    parts = [os.urandom(5 * MIB), b"end"]
    answered = [s3.upload_part(Bucket=bucket, Key="k", UploadId=created["UploadId"], PartNumber=n, Body=p) for n, p in enumerate(parts, 1)]
    # boto3 sends CRC32 on every part by default: checked and answered, but not kept for the upload.
    assert [a["ChecksumCRC32"] for a in answered] == [b64("CRC32", p) for p in parts]
    assert all("ChecksumCRC32" not in p for p in s3.list_parts(Bucket=bucket, Key="k", UploadId=created["UploadId"])["Parts"])
    with_checksums = {"Parts": [{"PartNumber": n, "ETag": a["ETag"], "ChecksumCRC32": a["ChecksumCRC32"]} for n, a in enumerate(answered, 1)]}
    expect_error("InvalidPart", s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=created["UploadId"], MultipartUpload=with_checksums)
    done = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=created["UploadId"],
                                        MultipartUpload={"Parts": [{"PartNumber": n, "ETag": a["ETag"]} for n, a in enumerate(answered, 1)]})
    assert (done["ChecksumCRC64NVME"], done["ChecksumType"]) == (b64("CRC64NVME", b"".join(parts)), "FULL_OBJECT")


def error_message(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        call(**kwargs)
    error = raised.value.response["Error"]
    return error["Code"], error["Message"]


def test_checksum_rules_refuse_what_s3_refuses_and_change_nothing(server, unique):
    s3 = server.client("s3")
    bare = server.client("s3", request_checksum_calculation="when_required")
    bucket = f"mpurules-{unique}"
    s3.create_bucket(Bucket=bucket)
    assert error_message(s3.create_multipart_upload, Bucket=bucket, Key="k", ChecksumAlgorithm="CRC64NVME", ChecksumType="COMPOSITE") == (
        "InvalidRequest", "The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.")
    assert error_message(s3.create_multipart_upload, Bucket=bucket, Key="k", ChecksumAlgorithm="SHA256", ChecksumType="FULL_OBJECT") == (
        "InvalidRequest", "The FULL_OBJECT checksum type cannot be used with the sha256 checksum algorithm.")
    assert error_message(s3.create_multipart_upload, Bucket=bucket, Key="k", ChecksumType="FULL_OBJECT") == (
        "InvalidRequest", "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.")
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)

    upload = s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm="SHA256")["UploadId"]
    # boto3's own CRC32 on a SHA256 upload, and no checksum at all on a composite one, are refused.
    assert error_message(s3.upload_part, Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=b"x") == (
        "InvalidRequest", "Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: crc32")
    assert error_message(bare.upload_part, Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=b"x") == (
        "InvalidRequest", "Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: null")
    assert error_message(s3.upload_part, Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=b"x",
                         ChecksumSHA256=b64("SHA256", b"y"))[0] == "BadDigest"
    assert "Parts" not in s3.list_parts(Bucket=bucket, Key="k", UploadId=upload)
    part = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=b"x", ChecksumAlgorithm="SHA256")
    assert error_message(s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload,
                         MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]}) == (
        "InvalidRequest",
        "The upload was created using a sha256 checksum. The complete request must include the checksum for each part. It was missing for part 1 in the request.")
    expect_error("InvalidPart", s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload,
                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"], "ChecksumSHA256": b64("SHA256", b"y")}]})
    good = {"Parts": [{"PartNumber": 1, "ETag": part["ETag"], "ChecksumSHA256": part["ChecksumSHA256"]}]}
    assert error_message(s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=good, ChecksumType="FULL_OBJECT") == (
        "InvalidRequest", "The upload was created using the COMPOSITE checksum mode. The complete request must use the same checksum mode.")
    expect_error("BadDigest", s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=good,
                 ChecksumSHA256=b64("SHA256", b"not the composite"))
    expect_error("NoSuchKey", s3.get_object, Bucket=bucket, Key="k")
    done = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=good,
                                        ChecksumSHA256=composite("SHA256", [b"x"]).split("-")[0])
    assert done["ChecksumSHA256"] == composite("SHA256", [b"x"])


def test_a_repeated_completion_is_answered_the_same_while_its_object_is_there(server, unique):
    s3 = server.client("s3")
    bucket = f"mpuagain-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm="CRC32")["UploadId"]
    part = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=b"only part")
    listing = {"Parts": [{"PartNumber": 1, "ETag": part["ETag"], "ChecksumCRC32": part["ChecksumCRC32"]}]}
    first = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=listing)
    again = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=listing)
    fields = ["ETag", "VersionId", "ChecksumCRC32", "ChecksumType", "Key", "Bucket"]
    assert [again[f] for f in fields] == [first[f] for f in fields]
    assert len(s3.list_object_versions(Bucket=bucket)["Versions"]) == 1  # nothing written twice
    s3.delete_object(Bucket=bucket, Key="k", VersionId=first["VersionId"])
    expect_error("NoSuchUpload", s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=listing)


def test_the_cli_uploads_large_files_with_composite_crc32(server, unique, tmp_path):
    s3 = server.client("s3")
    bucket = f"clisums-{unique}"
    s3.create_bucket(Bucket=bucket)
    data = os.urandom(20 * MIB)
    source = tmp_path / "big.bin"
    source.write_bytes(data)
    server.aws("s3", "cp", str(source), f"s3://{bucket}/big.bin")
    parts = [data[:8 * MIB], data[8 * MIB:16 * MIB], data[16 * MIB:]]
    head = s3.head_object(Bucket=bucket, Key="big.bin", ChecksumMode="ENABLED")
    assert (head["ChecksumCRC32"], head["ChecksumType"], head["ContentLength"]) == (composite("CRC32", parts), "COMPOSITE", len(data))
