"""CORS: configuration round trip and validation, preflights from allowed and refused origins, headers on actual responses."""

import json

import requests

from helpers import expect_error

RULES = {"CORSRules": [{
    "ID": "studio", "AllowedOrigins": ["https://*.sagemaker.aws"], "AllowedMethods": ["GET", "HEAD"],
    "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag", "x-amz-version-id"], "MaxAgeSeconds": 3000,
}]}


def cors_bucket(server, unique):
    s3 = server.client("s3")
    b = f"cors-{unique}"
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="templates/a.yaml", Body=b"Parameters: {}")
    s3.put_bucket_cors(Bucket=b, CORSConfiguration=RULES)
    return s3, b


def test_cors_round_trip(server, unique):
    s3, b = cors_bucket(server, unique)
    rules = s3.get_bucket_cors(Bucket=b)["CORSRules"]
    assert rules == RULES["CORSRules"]
    s3.delete_bucket_cors(Bucket=b)
    expect_error("NoSuchCORSConfiguration", s3.get_bucket_cors, Bucket=b)


def test_invalid_cors_changes_nothing(server, unique):
    s3, b = cors_bucket(server, unique)
    bad_method = {"CORSRules": [{"AllowedOrigins": ["*"], "AllowedMethods": ["PATCH"]}]}
    expect_error("InvalidRequest", s3.put_bucket_cors, Bucket=b, CORSConfiguration=bad_method)
    two_wildcards = {"CORSRules": [{"AllowedOrigins": ["https://*.*.aws"], "AllowedMethods": ["GET"]}]}
    expect_error("InvalidRequest", s3.put_bucket_cors, Bucket=b, CORSConfiguration=two_wildcards)
    assert s3.get_bucket_cors(Bucket=b)["CORSRules"] == RULES["CORSRules"]


def test_preflight_allowed_and_refused(server, unique):
    _, b = cors_bucket(server, unique)
    url = f"{server.endpoint}/{b}/templates/a.yaml"
    allowed = requests.options(url, headers={
        "Origin": "https://d-abc123.studio.us-east-1.sagemaker.aws", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization, x-amz-date"}, timeout=10)
    assert allowed.status_code == 200, allowed.text
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://d-abc123.studio.us-east-1.sagemaker.aws"
    assert allowed.headers["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert allowed.headers["Access-Control-Max-Age"] == "3000"
    assert "ETag" in allowed.headers["Access-Control-Expose-Headers"]
    refused_origin = requests.options(url, headers={"Origin": "https://evil.example.com", "Access-Control-Request-Method": "GET"}, timeout=10)
    assert refused_origin.status_code == 403
    assert "<Code>CORSResponse</Code>" in refused_origin.text
    refused_method = requests.options(url, headers={"Origin": "https://x.sagemaker.aws", "Access-Control-Request-Method": "PUT"}, timeout=10)
    assert refused_method.status_code == 403


def test_cors_headers_on_actual_responses(server, unique):
    s3, b = cors_bucket(server, unique)
    seen = {}
    s3.meta.events.register("before-send.s3.GetObject", lambda request, **_: request.headers.__setitem__("Origin", "https://a.sagemaker.aws"))
    s3.meta.events.register("after-call.s3.GetObject", lambda http_response, **_: seen.update(http_response.headers))
    s3.get_object(Bucket=b, Key="templates/a.yaml")["Body"].read()
    assert seen.get("Access-Control-Allow-Origin") == "https://a.sagemaker.aws"
    plain = requests.get(f"{server.endpoint}/{b}/templates/a.yaml", headers={"Origin": "https://evil.example.com"}, timeout=10)
    assert "Access-Control-Allow-Origin" not in plain.headers


def test_no_cors_configuration_refuses_preflights(server, unique):
    s3 = server.client("s3")
    b = f"nocors-{unique}"
    s3.create_bucket(Bucket=b)
    response = requests.options(f"{server.endpoint}/{b}/x", headers={"Origin": "https://a.sagemaker.aws", "Access-Control-Request-Method": "GET"}, timeout=10)
    assert response.status_code == 403
    assert "CORS is not enabled" in response.text
