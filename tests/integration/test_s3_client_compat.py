"""What real clients do that S3 answers and Slipway must too: ACL reads, response header overrides, and listings of
keys with characters URL encoding changes (boto3 always asks for encoding-type=url and decodes what it gets)."""

import json

import requests

from helpers import expect_error

ODD_KEYS = ["foo+1/bar", "a b/c d", "pct%41", "line\nbreak", "ünïcødé/ключ", "semi;colon&amp=eq", "tilde~star*"]


def test_acl_reads_answer_the_owners_full_control(server, unique):
    s3 = server.client("s3")
    bucket = f"acl-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    version = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["VersionId"]
    owner = s3.list_buckets()["Owner"]["ID"]
    for acl in (s3.get_bucket_acl(Bucket=bucket), s3.get_object_acl(Bucket=bucket, Key="k")):
        assert acl["Owner"]["ID"] == owner
        assert acl["Grants"] == [{"Grantee": {"ID": owner, "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"}]
    assert s3.get_object_acl(Bucket=bucket, Key="k", VersionId=version)["ResponseMetadata"]["HTTPHeaders"]["x-amz-version-id"] == version
    expect_error("NoSuchKey", s3.get_object_acl, Bucket=bucket, Key="missing")
    expect_error("NoSuchBucket", s3.get_bucket_acl, Bucket=f"missing-{unique}")
    # The CLI reads them too.
    grants = json.loads(server.aws("s3api", "get-object-acl", "--bucket", bucket, "--key", "k").stdout)["Grants"]
    assert grants[0]["Permission"] == "FULL_CONTROL"


def test_response_header_overrides_on_signed_and_presigned_gets(server, unique):
    s3 = server.client("s3")
    bucket = f"overrides-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="report.csv", Body=b"a,b\n", ContentType="text/plain", CacheControl="max-age=60")
    got = s3.get_object(Bucket=bucket, Key="report.csv", ResponseContentType="text/csv", ResponseContentDisposition='attachment; filename="r.csv"',
                        ResponseCacheControl="no-store", ResponseContentLanguage="de", ResponseContentEncoding="identity",
                        ResponseExpires="Thu, 01 Dec 1994 16:00:00 GMT")
    headers = got["ResponseMetadata"]["HTTPHeaders"]
    assert (got["ContentType"], got["ContentDisposition"], got["CacheControl"], got["ContentLanguage"], got["ContentEncoding"]) == (
        "text/csv", 'attachment; filename="r.csv"', "no-store", "de", "identity")
    assert headers["expires"] == "Thu, 01 Dec 1994 16:00:00 GMT" and got["Body"].read() == b"a,b\n"
    # Without overrides the object's own headers come back: nothing was stored by the overridden read.
    plain = s3.get_object(Bucket=bucket, Key="report.csv")
    assert (plain["ContentType"], plain["CacheControl"]) == ("text/plain", "max-age=60")

    # A SigV4 presigned URL carries its overrides in the signed query, as browsers download with them.
    v4 = server.client("s3", signature_version="s3v4")
    url = v4.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "report.csv", "ResponseContentType": "application/octet-stream",
                                                         "ResponseContentDisposition": "attachment"})
    answer = requests.get(url, timeout=10)
    assert (answer.status_code, answer.headers["Content-Type"], answer.headers["Content-Disposition"], answer.content) == (
        200, "application/octet-stream", "attachment", b"a,b\n")

    # Anonymous readers of a public object may not override headers, as on S3.
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]}))
    assert requests.get(f"{server.endpoint}/{bucket}/report.csv", timeout=10).content == b"a,b\n"
    refused = requests.get(f"{server.endpoint}/{bucket}/report.csv", params={"response-content-type": "text/html"}, timeout=10)
    assert refused.status_code == 400 and "<Code>InvalidRequest</Code>" in refused.text
    assert "anonymous GET requests" in refused.text


def test_keys_with_odd_characters_survive_listings_so_a_versioned_bucket_can_be_emptied(server, unique):
    s3 = server.client("s3")
    bucket = f"odd-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    for key in ODD_KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=b"1")
        s3.put_object(Bucket=bucket, Key=key, Body=b"2")
    s3.delete_object(Bucket=bucket, Key=ODD_KEYS[0])  # a delete marker with an odd key

    assert sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]) == sorted(ODD_KEYS[1:])
    assert sorted(o["Key"] for o in s3.list_objects(Bucket=bucket)["Contents"]) == sorted(ODD_KEYS[1:])
    listed = s3.list_object_versions(Bucket=bucket)
    assert sorted({v["Key"] for v in listed["Versions"]}) == sorted(ODD_KEYS)
    assert [m["Key"] for m in listed["DeleteMarkers"]] == [ODD_KEYS[0]]
    # Prefixes, delimiters and markers are decoded back to what was sent.
    grouped = s3.list_object_versions(Bucket=bucket, Delimiter="/", Prefix="")
    assert sorted(p["Prefix"] for p in grouped["CommonPrefixes"]) == ["a b/", "foo+1/", "ünïcødé/"]
    paged = s3.list_object_versions(Bucket=bucket, MaxKeys=1)
    assert paged["IsTruncated"] and paged["NextKeyMarker"] in ODD_KEYS
    after_key = s3.list_object_versions(Bucket=bucket, KeyMarker=paged["NextKeyMarker"])  # a key marker alone
    assert all(v["Key"] > paged["NextKeyMarker"] for v in after_key.get("Versions", []))
    expect_error("InvalidArgument", s3.list_object_versions, Bucket=bucket, EncodingType="base64")

    # Every version and marker deleted through the listing: the bucket empties and can be deleted.
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        doomed = [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
        if doomed:
            result = s3.delete_objects(Bucket=bucket, Delete={"Objects": doomed})
            assert not result.get("Errors"), result["Errors"]
    assert "Versions" not in s3.list_object_versions(Bucket=bucket)
    s3.delete_bucket(Bucket=bucket)


def test_multipart_upload_listings_encode_keys(server, unique):
    s3 = server.client("s3")
    bucket = f"mpu-{unique}"
    s3.create_bucket(Bucket=bucket)
    uploads = {key: s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"] for key in ODD_KEYS[:3]}
    listed = s3.list_multipart_uploads(Bucket=bucket)["Uploads"]
    assert sorted((u["Key"], u["UploadId"]) for u in listed) == sorted(uploads.items())
    for key, upload in uploads.items():
        s3.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload)
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)


def test_default_presigned_urls_of_boto3_and_the_cli_use_signature_version_2(server, unique):
    import subprocess
    import time
    import urllib.parse
    s3 = server.client("s3")
    bucket = f"presign-{unique}"
    s3.create_bucket(Bucket=bucket)
    for key in ODD_KEYS[:3] + ["plain.txt"]:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode(), ContentType="text/plain")

    for key in ODD_KEYS[:3] + ["plain.txt"]:
        url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key})
        assert "AWSAccessKeyId=" in url and "Signature=" in url and "X-Amz-" not in url  # boto3's default is SigV2
        answer = requests.get(url, timeout=10)
        assert (answer.status_code, answer.content) == (200, key.encode()), answer.text
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "plain.txt", "ResponseContentDisposition": "attachment"})
    assert requests.get(url, timeout=10).headers["Content-Disposition"] == "attachment"

    # The CLI's `aws s3 presign` too.
    cli_url = server.aws("s3", "presign", f"s3://{bucket}/plain.txt").stdout.strip()
    assert requests.get(cli_url, timeout=10).content == b"plain.txt"

    # Tampered, expired, or from an unknown key: refused as S3 refuses them, with nothing served.
    tampered = url.replace("Signature=", "Signature=A")
    answer = requests.get(tampered, timeout=10)
    assert answer.status_code == 403 and "<Code>SignatureDoesNotMatch</Code>" in answer.text
    other_key = url.replace("plain.txt", urllib.parse.quote(ODD_KEYS[1]))
    assert requests.get(other_key, timeout=10).status_code == 403
    short = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "plain.txt"}, ExpiresIn=1)
    time.sleep(2.1)
    answer = requests.get(short, timeout=10)
    assert answer.status_code == 403 and "<Code>AccessDenied</Code>" in answer.text and "Request has expired" in answer.text
    unknown = server.client("s3", key="AKIAIOSFODNN7EXAMPLE", secret="x" * 40).generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "plain.txt"})
    answer = requests.get(unknown, timeout=10)
    assert answer.status_code == 403 and "<Code>InvalidAccessKeyId</Code>" in answer.text

    # A presigned PUT uploads.
    put = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "uploaded.bin"})
    assert requests.put(put, data=b"via presign", timeout=10).status_code == 200
    assert s3.get_object(Bucket=bucket, Key="uploaded.bin")["Body"].read() == b"via presign"


def test_signature_version_2_headers_are_authenticated_and_authorized_like_sigv4(server, unique):
    from helpers import allow, make_user, policy
    v2 = server.client("s3", signature_version="s3")  # Authorization: AWS <key>:<signature>
    bucket = f"sigv2-{unique}"
    v2.create_bucket(Bucket=bucket)
    for key in ODD_KEYS:
        v2.put_object(Bucket=bucket, Key=key, Body=b"v2", Metadata={"owner": "dana"})
        got = v2.get_object(Bucket=bucket, Key=key)
        assert (got["Body"].read(), got["Metadata"]) == (b"v2", {"owner": "dana"})
    assert sorted(o["Key"] for o in v2.list_objects_v2(Bucket=bucket)["Contents"]) == sorted(ODD_KEYS)
    v2.put_object_tagging(Bucket=bucket, Key=ODD_KEYS[0], Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})
    assert v2.get_object_tagging(Bucket=bucket, Key=ODD_KEYS[0])["TagSet"] == [{"Key": "a", "Value": "b"}]

    # The same IAM decisions as SigV4: a user who may only read.
    key, secret = make_user(server, f"v2reader{unique}", policy(allow("s3:GetObject", f"arn:aws:s3:::{bucket}/*")))
    reader = server.client("s3", key=key, secret=secret, signature_version="s3")
    assert reader.get_object(Bucket=bucket, Key=ODD_KEYS[1])["Body"].read() == b"v2"
    expect_error("AccessDenied", reader.put_object, Bucket=bucket, Key="x", Body=b"no")
    wrong = secret[:-1] + ("y" if secret.endswith("x") else "x")  # never the secret itself
    expect_error("SignatureDoesNotMatch", server.client("s3", key=key, secret=wrong, signature_version="s3").get_object, Bucket=bucket, Key=ODD_KEYS[1])

    # Temporary credentials sign with their session token.
    session = server.client("sts", key=key, secret=secret).get_session_token()["Credentials"]
    temporary = server.client("s3", key=session["AccessKeyId"], secret=session["SecretAccessKey"], token=session["SessionToken"], signature_version="s3")
    assert temporary.get_object(Bucket=bucket, Key=ODD_KEYS[1])["Body"].read() == b"v2"
    without_token = server.client("s3", key=session["AccessKeyId"], secret=session["SecretAccessKey"], signature_version="s3")
    expect_error("InvalidAccessKeyId", without_token.get_object, Bucket=bucket, Key=ODD_KEYS[1])


def test_conditional_answers_name_the_object_and_copies_honour_source_conditions(server, unique):
    import datetime
    import botocore.exceptions
    import pytest
    s3 = server.client("s3")
    bucket = f"cond-{unique}"
    s3.create_bucket(Bucket=bucket)
    etag = s3.put_object(Bucket=bucket, Key="src", Body=b"source")["ETag"]
    head = s3.head_object(Bucket=bucket, Key="src")
    modified = head["ResponseMetadata"]["HTTPHeaders"]["last-modified"]

    for conditions, status in (({"IfNoneMatch": etag}, 304), ({"IfMatch": '"0000"'}, 412)):
        for call in (s3.get_object, s3.head_object):
            with pytest.raises(botocore.exceptions.ClientError) as failed:
                call(Bucket=bucket, Key="src", **conditions)
            headers = failed.value.response["ResponseMetadata"]["HTTPHeaders"]
            assert failed.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
            assert (headers["etag"], headers["last-modified"]) == (etag, modified)

    later = head["LastModified"] + datetime.timedelta(days=1)
    earlier = head["LastModified"] - datetime.timedelta(days=1)
    refused = (
        {"CopySourceIfMatch": '"0000"'}, {"CopySourceIfNoneMatch": etag}, {"CopySourceIfModifiedSince": later},
        {"CopySourceIfUnmodifiedSince": earlier},
    )
    for conditions in refused:
        code, _, status = expect_error("PreconditionFailed", s3.copy_object, Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"}, **conditions)
        assert status == 412, conditions
    expect_error("NoSuchKey", s3.get_object, Bucket=bucket, Key="dst")  # nothing was copied
    for conditions in ({"CopySourceIfMatch": etag}, {"CopySourceIfNoneMatch": '"0000"'}, {"CopySourceIfModifiedSince": earlier},
                       {"CopySourceIfUnmodifiedSince": later}):
        s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"}, **conditions)
        assert s3.get_object(Bucket=bucket, Key="dst")["Body"].read() == b"source"


def test_multipart_objects_are_read_part_by_part_and_part_copies_check_their_range(server, unique):
    s3 = server.client("s3")
    bucket = f"parts-{unique}"
    s3.create_bucket(Bucket=bucket)
    mib5 = 5 * 1024 * 1024
    upload = s3.create_multipart_upload(Bucket=bucket, Key="big")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="big", UploadId=upload, PartNumber=1, Body=b"x" * mib5)
    first = s3.upload_part(Bucket=bucket, Key="big", UploadId=upload, PartNumber=1, Body=b"a" * mib5)["ETag"]  # the last upload counts
    second = s3.upload_part(Bucket=bucket, Key="big", UploadId=upload, PartNumber=2, Body=b"b" * 100)["ETag"]
    s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=upload,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": first}, {"PartNumber": 2, "ETag": second}]})

    part2 = s3.get_object(Bucket=bucket, Key="big", PartNumber=2)
    assert (part2["PartsCount"], part2["ContentLength"], part2["ContentRange"], part2["Body"].read()) == (2, 100, f"bytes {mib5}-{mib5 + 99}/{mib5 + 100}", b"b" * 100)
    assert part2["ResponseMetadata"]["HTTPStatusCode"] == 206
    head1 = s3.head_object(Bucket=bucket, Key="big", PartNumber=1)
    assert (head1["PartsCount"], head1["ContentLength"]) == (2, mib5)
    code, message, status = expect_error("InvalidPartNumber", s3.get_object, Bucket=bucket, Key="big", PartNumber=3)
    assert status == 416
    expect_error("InvalidRequest", s3.get_object, Bucket=bucket, Key="big", PartNumber=1, Range="bytes=0-1")
    # An object put whole is one part; a copy of a multipart object too.
    s3.put_object(Bucket=bucket, Key="whole", Body=b"whole")
    whole = s3.get_object(Bucket=bucket, Key="whole", PartNumber=1)
    assert whole["Body"].read() == b"whole" and "PartsCount" not in whole
    expect_error("InvalidPartNumber", s3.get_object, Bucket=bucket, Key="whole", PartNumber=2)
    s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "big"})
    assert "PartsCount" not in s3.head_object(Bucket=bucket, Key="copy", PartNumber=1)

    # UploadPartCopy: the range must be first-last inside the source.
    target = s3.create_multipart_upload(Bucket=bucket, Key="assembled")["UploadId"]
    for bad in ("bytes=10-5", "bytes=-5", "bytes=5-", "items=0-1"):
        expect_error("InvalidArgument", s3.upload_part_copy, Bucket=bucket, Key="assembled", UploadId=target, PartNumber=1,
                     CopySource={"Bucket": bucket, "Key": "big"}, CopySourceRange=bad)
    code, message, _ = expect_error("InvalidArgument", s3.upload_part_copy, Bucket=bucket, Key="assembled", UploadId=target, PartNumber=1,
                                    CopySource={"Bucket": bucket, "Key": "big"}, CopySourceRange=f"bytes=0-{mib5 + 100}")
    assert message == f"Range specified is not valid for source object of size: {mib5 + 100}"
    copied = s3.upload_part_copy(Bucket=bucket, Key="assembled", UploadId=target, PartNumber=1, CopySource={"Bucket": bucket, "Key": "big"},
                                 CopySourceRange=f"bytes={mib5}-{mib5 + 99}")
    assert not s3.list_parts(Bucket=bucket, Key="assembled", UploadId=target)["Parts"][1:] and copied["CopyPartResult"]["ETag"]
    assert s3.list_parts(Bucket=bucket, Key="assembled", UploadId=target)["Parts"][0]["Size"] == 100


def raw_exchange(server, request: bytes, timeout=5.0):
    """Sends `request` on a new connection; the bytes answered and whether the server then closed the connection."""
    import socket
    import urllib.parse
    address = urllib.parse.urlparse(server.endpoint)
    with socket.create_connection((address.hostname, address.port), timeout=timeout) as connection:
        connection.sendall(request)
        answer = b""
        try:
            while chunk := connection.recv(65536):
                answer += chunk
        except TimeoutError:
            return answer, False
        return answer, True


def test_http_1_0_clients_are_answered_in_kind_and_their_connections_closed(server, unique):
    s3 = server.client("s3")
    bucket = f"http10-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="page.txt", Body=b"hello 1.0")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "page.txt"})
    target = url[len(server.endpoint):].encode()

    # ApacheBench's way: HTTP/1.0 and no keep-alive — the answer, then the close that ends it.
    answer, closed = raw_exchange(server, b"GET " + target + b" HTTP/1.0\r\nHost: x\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert closed, head
    assert head.startswith(b"HTTP/1.0 200") and b"connection: close" in head.lower() and body == b"hello 1.0"
    head_url = s3.generate_presigned_url("head_object", Params={"Bucket": bucket, "Key": "page.txt"})
    answer, closed = raw_exchange(server, b"HEAD " + head_url[len(server.endpoint):].encode() + b" HTTP/1.0\r\n\r\n")
    assert closed and answer.startswith(b"HTTP/1.0 200") and b"content-length: 9" in answer.lower()
    # An error answer, and a streamed one with no length, close too.
    answer, closed = raw_exchange(server, b"GET /" + bucket.encode() + b"/page.txt HTTP/1.0\r\n\r\n")
    assert closed and answer.startswith(b"HTTP/1.0 403") and b"<Code>AccessDenied</Code>" in answer

    # HTTP/1.0 with keep-alive keeps the connection for a second request.
    answer, closed = raw_exchange(server, (b"GET " + target + b" HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") * 2, timeout=1.5)
    assert not closed and answer.count(b"hello 1.0") == 2 and answer.count(b"HTTP/1.0 200") == 2
    assert b"connection: keep-alive" in answer.lower()
    # HTTP/1.1 stays open unless the client asks otherwise.
    answer, closed = raw_exchange(server, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n\r\n", timeout=1.5)
    assert not closed and answer.startswith(b"HTTP/1.1 200")
    answer, closed = raw_exchange(server, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert closed and answer.startswith(b"HTTP/1.1 200")


def test_aws_chunked_says_how_a_body_was_sent_and_is_not_kept_as_its_encoding(server, unique):
    import base64
    import gzip
    import zlib
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    s3 = server.client("s3")
    bucket = f"chunked-{unique}"
    s3.create_bucket(Bucket=bucket)
    content = gzip.compress(b"a gzipped page")
    checksum = base64.b64encode(zlib.crc32(content).to_bytes(4, "big")).decode()
    body = b"%x\r\n" % len(content) + content + b"\r\n0\r\nx-amz-checksum-crc32:" + checksum.encode() + b"\r\n\r\n"

    def put(key, encoding):
        headers = {"X-Amz-Content-SHA256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "Content-Encoding": encoding, "X-Amz-Trailer": "x-amz-checksum-crc32",
                   "X-Amz-Decoded-Content-Length": str(len(content)), "Content-Type": "text/plain"}
        request = AWSRequest(method="PUT", url=f"{server.endpoint}/{bucket}/{key}", data=body, headers=headers)
        SigV4Auth(Credentials(server.root_key, server.root_secret), "s3", "us-east-1").add_auth(request)
        answer = requests.put(request.url, data=body, headers=dict(request.headers.items()), timeout=10)
        assert answer.status_code == 200, answer.text

    put("gzipped", "gzip, aws-chunked")
    got = s3.get_object(Bucket=bucket, Key="gzipped")
    assert got["ContentEncoding"] == "gzip" and got["Body"].read() == content
    put("plain", "aws-chunked")
    assert "ContentEncoding" not in s3.head_object(Bucket=bucket, Key="plain")
    # A multipart upload and a copy keep the encoding the same way.
    upload = s3.create_multipart_upload(Bucket=bucket, Key="parts", ContentEncoding="gzip,aws-chunked")
    s3.upload_part(Bucket=bucket, Key="parts", UploadId=upload["UploadId"], PartNumber=1, Body=content)
    s3.complete_multipart_upload(Bucket=bucket, Key="parts", UploadId=upload["UploadId"],
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": s3.list_parts(Bucket=bucket, Key="parts", UploadId=upload["UploadId"])["Parts"][0]["ETag"]}]})
    assert s3.head_object(Bucket=bucket, Key="parts")["ContentEncoding"] == "gzip"
    s3.copy_object(Bucket=bucket, Key="copied", CopySource={"Bucket": bucket, "Key": "plain"}, MetadataDirective="REPLACE", ContentEncoding="br, aws-chunked")
    assert s3.head_object(Bucket=bucket, Key="copied")["ContentEncoding"] == "br"


def thousand_odd_keys():
    """1,000 keys covering what URL and XML encoding change: `+`, space, `%`, `&`, `<`, newline, tab, non-ASCII and
    keys of the full 1,024 bytes."""
    odd = ["+", " ", "%", "&", "<", "\n", "\t", "ü", "ключ", "💡", ">", "'", '"', "=", "?", "#", "~", "*", "%2B", "a+b c"]
    keys = [f"dir{i % 7}/{odd[i % len(odd)]}{i:04d}{odd[(i * 7) % len(odd)]}" for i in range(997)]
    keys += ["long/" + "k" * 1019, "long/ü" + "k" * 1017, "💡" * 256]
    assert len(set(keys)) == 1000 and all(len(k.encode()) <= 1024 for k in keys) and max(len(k.encode()) for k in keys) == 1024
    return keys


def test_a_thousand_odd_keys_are_listed_every_way_and_emptied_by_the_cli_and_boto3(server, unique):
    import concurrent.futures
    import urllib.parse
    import xml.etree.ElementTree as ElementTree
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    s3 = server.client("s3")
    bucket = f"thousand-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    keys = thousand_odd_keys()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda key: s3.put_object(Bucket=bucket, Key=key, Body=b"x"), keys))
    in_order = sorted(keys, key=lambda k: k.encode())  # S3 lists in UTF-8 byte order

    # boto3 asks for URL encoding and decodes: v2, v1 and versions, page by page.
    def listed(operation, field, **extra):
        return [item["Key"] for page in s3.get_paginator(operation).paginate(Bucket=bucket, PaginationConfig={"PageSize": 170}, **extra)
                for item in page.get(field, [])]
    assert listed("list_objects_v2", "Contents") == in_order
    assert listed("list_objects", "Contents") == in_order
    assert listed("list_object_versions", "Versions") == in_order
    grouped = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [p["Prefix"] for p in grouped["CommonPrefixes"]] == [f"dir{i}/" for i in range(7)] + ["long/"]
    assert [o["Key"] for o in grouped["Contents"]] == ["💡" * 256]

    # Without EncodingType the keys come back as they are, in XML.
    def raw_listing(query):
        url = f"{server.endpoint}/{bucket}?{query}"
        request = AWSRequest(method="GET", url=url)
        S3SigV4Auth(Credentials(server.root_key, server.root_secret), "s3", "us-east-1").add_auth(request)
        answer = requests.get(url, headers=dict(request.headers.items()), timeout=30)
        assert answer.status_code == 200, answer.text
        namespace = {"s3": "http://s3.amazonaws.com/doc/2006-03-01/"}
        return [element.text for element in ElementTree.fromstring(answer.content).findall(".//s3:Key", namespace)]
    assert raw_listing("list-type=2&max-keys=1000") == in_order
    assert raw_listing("max-keys=1000") == in_order
    assert raw_listing("versions&max-keys=1000") == in_order
    assert raw_listing("list-type=2&encoding-type=url&max-keys=1000") == [urllib.parse.quote(k, safe="/~-_.") for k in in_order]
    # An empty continuation token is no token S3 gave out.
    expect_error("InvalidArgument", s3.list_objects_v2, Bucket=bucket, ContinuationToken="")

    # The CLI removes every key (a delete marker each, the bucket being versioned)...
    server.aws("s3", "rm", f"s3://{bucket}", "--recursive", "--quiet")
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)
    # ...and boto3 removes every version and marker through the listing, so the bucket can go.
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        doomed = [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
        if doomed:
            result = s3.delete_objects(Bucket=bucket, Delete={"Objects": doomed})
            assert not result.get("Errors"), result["Errors"][:3]
    s3.delete_bucket(Bucket=bucket)


def test_operations_slipway_does_not_serve_are_501_naming_them_and_change_nothing(server, unique):
    s3 = server.client("s3")
    bucket = f"unserved-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="kept.txt", Body=b"kept")
    calls = [
        ("PutObjectLegalHold", s3.put_object_legal_hold, {"Key": "kept.txt", "LegalHold": {"Status": "ON"}}),  # a PutObject's route
        ("PutBucketWebsite", s3.put_bucket_website, {"WebsiteConfiguration": {"IndexDocument": {"Suffix": "index.html"}}}),
        ("GetBucketWebsite", s3.get_bucket_website, {}),  # once mistaken for a listing
        ("GetObjectAttributes", s3.get_object_attributes, {"Key": "kept.txt", "ObjectAttributes": ["ETag"]}),
        ("RestoreObject", s3.restore_object, {"Key": "kept.txt", "RestoreRequest": {"Days": 1}}),
        ("GetBucketMetricsConfiguration", s3.get_bucket_metrics_configuration, {"Id": "m"}),
        ("ListBucketMetricsConfigurations", s3.list_bucket_metrics_configurations, {}),
    ]
    for name, call, extra in calls:
        code, message, status = expect_error("NotImplemented", call, Bucket=bucket, **extra)
        assert (status, message) == (501, f"Slipway does not implement {name}.")
    got = s3.get_object(Bucket=bucket, Key="kept.txt")
    assert got["Body"].read() == b"kept"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["kept.txt"]
    failed = server.aws("s3api", "get-bucket-website", "--bucket", bucket, check=False)
    assert failed.returncode != 0 and "NotImplemented" in failed.stderr
