"""Attacks on request signing (security issue, items 4, 8 and 11): unsigned `x-amz-*` headers added to a presigned
URL, a captured request replayed with another body under UNSIGNED-PAYLOAD, and credential scopes naming no region."""

import datetime

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import requests

from helpers import allow, make_user, policy


def signed_request(server, service, method, url, body, headers, region="us-east-1", key=None, secret=None):
    """A request signed by botocore's own SigV4 signer, as boto3 would send it."""
    request = botocore.awsrequest.AWSRequest(method=method, url=url, data=body, headers=headers)
    credentials = botocore.credentials.Credentials(key or server.root_key, secret or server.root_secret)
    botocore.auth.SigV4Auth(credentials, service, region).add_auth(request)
    return request


def test_a_presigned_put_cannot_be_turned_into_a_copy_or_retagged(server, unique):
    s3 = server.client("s3", signature_version="s3v4")
    s3.create_bucket(Bucket=f"vault-{unique}")
    s3.put_object(Bucket=f"vault-{unique}", Key="secret.txt", Body=b"the crown jewels")
    s3.create_bucket(Bucket=f"uploads-{unique}")
    url = s3.generate_presigned_url("put_object", Params={"Bucket": f"uploads-{unique}", "Key": "drop.txt"}, ExpiresIn=300)
    for extra in ({"x-amz-copy-source": f"vault-{unique}/secret.txt"}, {"x-amz-tagging": "public=yes"},
                  {"x-amz-meta-owner": "attacker"}, {"X-Amz-Server-Side-Encryption": "AES256"}):
        answer = requests.put(url, data=b"upload", headers=extra, timeout=10)
        assert answer.status_code == 403, (extra, answer.text)
        assert "<Code>AccessDenied</Code>" in answer.text
        assert "There were headers present in the request which were not signed" in answer.text
    assert "Contents" not in s3.list_objects_v2(Bucket=f"uploads-{unique}")
    # As signed, the URL does what its signer allowed.
    assert requests.put(url, data=b"upload", timeout=10).status_code == 200
    assert s3.get_object(Bucket=f"uploads-{unique}", Key="drop.txt")["Body"].read() == b"upload"


def test_a_header_signed_request_with_an_unsigned_amz_header_is_refused(server, unique):
    s3 = server.client("s3")
    s3.create_bucket(Bucket=f"headers-{unique}")
    url = f"{server.endpoint}/headers-{unique}/object.txt"
    request = signed_request(server, "s3", "PUT", url, b"data", {"x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
    headers = dict(request.headers)
    headers["x-amz-tagging"] = "injected=1"
    answer = requests.put(url, data=b"data", headers=headers, timeout=10)
    assert answer.status_code == 403 and "There were headers present in the request which were not signed" in answer.text
    assert "Contents" not in s3.list_objects_v2(Bucket=f"headers-{unique}")


def test_only_s3_accepts_an_unsigned_payload(server, unique):
    """A request signed with UNSIGNED-PAYLOAD leaves its body out of the signature: replayed with another body it would
    do something else. IAM, STS, Secrets Manager and Lambda sign the body they receive, so the replay fails."""
    url = server.endpoint + "/"
    signed_body = f"Action=CreateUser&UserName=harmless-{unique}&Version=2010-05-08"
    request = signed_request(server, "iam", "POST", url, signed_body, {
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"})
    replayed = f"Action=CreateUser&UserName=evil-{unique}&Version=2010-05-08"
    answer = requests.post(url, data=replayed, headers=dict(request.headers), timeout=10)
    assert answer.status_code == 403 and "<Code>SignatureDoesNotMatch</Code>" in answer.text, answer.text
    users = [u["UserName"] for u in server.client("iam").list_users()["Users"]]
    assert f"evil-{unique}" not in users and f"harmless-{unique}" not in users

    secrets_url = server.endpoint + "/"
    body = '{"Name": "s-%s", "SecretString": "v"}' % unique
    request = signed_request(server, "secretsmanager", "POST", secrets_url, body, {
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "secretsmanager.CreateSecret", "X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"})
    answer = requests.post(secrets_url, data='{"Name": "evil-%s", "SecretString": "v"}' % unique, headers=dict(request.headers), timeout=10)
    assert answer.status_code in (400, 403) and "Signature" in answer.text, answer.text
    assert not server.client("secretsmanager").list_secrets()["SecretList"] or all(
        not s["Name"].endswith(unique) for s in server.client("secretsmanager").list_secrets()["SecretList"])

    # S3 allows it, as AWS does.
    server.client("s3").create_bucket(Bucket=f"unsigned-{unique}")
    object_url = f"{server.endpoint}/unsigned-{unique}/k"
    request = signed_request(server, "s3", "PUT", object_url, b"body", {"X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"})
    assert requests.put(object_url, data=b"body", headers=dict(request.headers), timeout=10).status_code == 200


def test_a_credential_scope_must_name_a_region(server, unique):
    key, secret = make_user(server, f"scoped-{unique}", policy(allow("iam:ListUsers")))
    url = server.endpoint + "/"
    for region in ("*", "anywhere", "us-east-1 "):
        request = signed_request(server, "iam", "POST", url, "Action=ListUsers&Version=2010-05-08",
                                 {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, region=region, key=key, secret=secret)
        answer = requests.post(url, data="Action=ListUsers&Version=2010-05-08", headers=dict(request.headers), timeout=10)
        assert answer.status_code == 403, (region, answer.text)
        assert "Credential should be scoped to a valid region" in answer.text
    request = signed_request(server, "iam", "POST", url, "Action=ListUsers&Version=2010-05-08",
                             {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, key=key, secret=secret)
    assert requests.post(url, data="Action=ListUsers&Version=2010-05-08", headers=dict(request.headers), timeout=10).status_code == 200
