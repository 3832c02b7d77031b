"""SigV4 failures with their real codes: tampered signature, skewed clock, expired and tampered presigned URLs."""

import datetime
import time
import xml.etree.ElementTree as ET

import botocore.auth
import requests

from helpers import expect_error


def xml_error(text):
    root = ET.fromstring(text)
    ns = {"a": root.tag.split("}")[0].strip("{")} if root.tag.startswith("{") else {}
    find = (lambda path: root.find(f".//a:{path}", ns)) if ns else (lambda path: root.find(f".//{path}"))
    return find("Code").text, find("Message").text


def test_tampered_signature(server):
    sts = server.client("sts")

    def tamper(request, **_):
        header = request.headers["Authorization"]
        header = header.decode() if isinstance(header, bytes) else header
        last = header[-1]
        request.headers["Authorization"] = header[:-1] + ("0" if last != "0" else "1")

    sts.meta.events.register("before-send.sts.GetCallerIdentity", tamper)
    _, message, status = expect_error("SignatureDoesNotMatch", sts.get_caller_identity)
    assert status == 403
    assert message.startswith("The request signature we calculated does not match the signature you provided.")


def test_tampered_body(server):
    iam = server.client("iam")

    def tamper(request, **_):
        body = request.body.encode() if isinstance(request.body, str) else request.body
        request.body = body.replace(b"MaxItems=5", b"MaxItems=6")

    iam.meta.events.register("before-send.iam.ListUsers", tamper)
    expect_error("SignatureDoesNotMatch", iam.list_users, MaxItems=5)


def test_skewed_clock(server, monkeypatch):
    skewed = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=20)
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda *a, **k: skewed.replace(tzinfo=None) if skewed.tzinfo is None else skewed)
    _, message, status = expect_error("RequestTimeTooSkewed", server.client("sts").get_caller_identity)
    assert status in (400, 403)
    assert "15 min" in message


def test_presigned_url_works_then_expires(server):
    url = server.client("sts").generate_presigned_url("get_caller_identity", ExpiresIn=2, HttpMethod="GET")
    ok = requests.get(url, timeout=10)
    assert ok.status_code == 200, ok.text
    assert f"arn:aws:iam::{server.account_id}:root" in ok.text
    time.sleep(3)
    expired = requests.get(url, timeout=10)
    assert expired.status_code == 403
    code, message = xml_error(expired.text)
    assert code == "AccessDenied"
    assert "expired" in message.lower()


def test_tampered_presigned_url(server):
    url = server.client("sts").generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
    bad = requests.get(url.replace("X-Amz-Expires=60", "X-Amz-Expires=61"), timeout=10)
    assert bad.status_code == 403
    assert xml_error(bad.text)[0] == "SignatureDoesNotMatch"


def test_unsigned_request_needs_authentication(server):
    response = requests.post(server.endpoint + "/", data={"Action": "GetCallerIdentity", "Version": "2011-06-15"}, timeout=10)
    assert response.status_code == 403
    assert xml_error(response.text)[0] == "MissingAuthenticationToken"
    assert response.headers.get("x-amzn-RequestId")


def test_signature_scoped_to_another_service(server):
    # Signed for IAM, sent as an STS Action: the scope decides the service, and IAM has no such operation.
    iam_signed = server.client("iam")

    def retarget(request, **_):
        request.data = {"Action": "GetCallerIdentity", "Version": "2011-06-15"}

    iam_signed.meta.events.register("before-sign.iam.ListUsers", retarget)
    code, _, status = expect_error("InvalidAction", iam_signed.list_users)
    assert status == 400
