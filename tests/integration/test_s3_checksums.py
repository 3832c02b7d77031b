"""Checksums: the x-amz-checksum-* botocore sends are verified, stored, and returned with ChecksumMode."""

import base64
import hashlib
import zlib

from helpers import expect_error


def crc32_b64(data):
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def test_checksums_stored_and_returned(server, unique):
    s3 = server.client("s3")
    b = f"sums-{unique}"
    s3.create_bucket(Bucket=b)
    data = b"template body"
    put = s3.put_object(Bucket=b, Key="crc", Body=data, ChecksumAlgorithm="CRC32")
    assert put["ChecksumCRC32"] == crc32_b64(data)
    got = s3.get_object(Bucket=b, Key="crc", ChecksumMode="ENABLED")
    assert got["ChecksumCRC32"] == crc32_b64(data)
    assert got["Body"].read() == data
    sha = s3.put_object(Bucket=b, Key="sha", Body=data, ChecksumAlgorithm="SHA256")
    assert sha["ChecksumSHA256"] == base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert s3.head_object(Bucket=b, Key="sha", ChecksumMode="ENABLED")["ChecksumSHA256"] == sha["ChecksumSHA256"]
    assert "ChecksumSHA256" not in s3.head_object(Bucket=b, Key="sha")


def test_wrong_checksum_is_bad_digest_and_changes_nothing(server, unique):
    s3 = server.client("s3")
    b = f"badsum-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="k", Body=b"original")
    wrong = crc32_b64(b"something else")
    _, message, status = expect_error("BadDigest", s3.put_object, Bucket=b, Key="k", Body=b"changed", ChecksumCRC32=wrong)
    assert status == 400 and "CRC32" in message
    assert s3.get_object(Bucket=b, Key="k")["Body"].read() == b"original"
