"""A NUL character (U+0000) is refused wherever a request can carry one, with the protocol's 400, and nothing changes:
S3 keys, bucket names and listing parameters; Query, JSON and REST-JSON input; the unsigned fronts. PostgreSQL cannot
store U+0000 in text, so before this a request holding one was answered 500 on that backend, and its audit record
stalled the audit trail for every request after it. The same answers on both backends keep their data the same."""

import json
import time

import requests
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from helpers import execution_role, expect_error, package


def signed_s3(server, method, path, body=b"", headers=None):
    request = AWSRequest(method=method, url=server.endpoint + path, data=body, headers=headers or {})
    S3SigV4Auth(Credentials(server.root_key, server.root_secret), "s3", "us-east-1").add_auth(request)
    prepared = request.prepare()
    return requests.request(method, prepared.url, headers=dict(prepared.headers), data=body, timeout=30)


def test_s3_refuses_nul_in_keys_names_and_parameters(server, unique):
    s3 = server.client("s3")
    bucket = f"nul-{unique}"
    s3.create_bucket(Bucket=bucket)
    expect_error("InvalidURI", s3.put_object, Bucket=bucket, Key="a\x00b", Body=b"x")
    expect_error("InvalidURI", s3.get_object, Bucket=bucket, Key="a\x00b")
    expect_error("InvalidURI", s3.list_objects_v2, Bucket=bucket, Prefix="\x00")
    expect_error("InvalidURI", s3.list_objects_v2, Bucket=bucket, StartAfter="a\x00")
    expect_error("InvalidURI", s3.list_object_versions, Bucket=bucket, KeyMarker="\x00")
    for method, path in [("PUT", f"/nul%00{unique}"), ("GET", f"/{bucket}/%00"), ("DELETE", f"/{bucket}/k%00")]:
        answer = signed_s3(server, method, path)
        assert answer.status_code == 400, (path, answer.status_code, answer.text)
        assert "<Code>InvalidURI</Code>" in answer.text
    # Headers that carry names: the copy source, the object's tags.
    s3.put_object(Bucket=bucket, Key="source", Body=b"x")
    for copy_source in [f"{bucket}/source%00", f"{bucket}%00/source"]:
        answer = signed_s3(server, "PUT", f"/{bucket}/copy", headers={"x-amz-copy-source": copy_source})
        assert answer.status_code == 400 and "<Code>InvalidArgument</Code>" in answer.text, (copy_source, answer.text)
    for tagging in ["k=%00", "k%00=v"]:
        answer = signed_s3(server, "PUT", f"/{bucket}/tagged", body=b"x", headers={"x-amz-tagging": tagging})
        assert answer.status_code == 400 and "<Code>InvalidArgument</Code>" in answer.text, (tagging, answer.text)
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["source"]
    assert not any(b["Name"].startswith("nul\x00") for b in s3.list_buckets()["Buckets"])


def test_query_json_and_rest_json_services_refuse_nul(server, unique):
    iam, secrets, lam, logs = (server.client(name) for name in ("iam", "secretsmanager", "lambda", "logs"))
    # Query: the form body, and the query string.
    expect_error("MalformedQueryString", iam.create_user, UserName=f"nul\x00{unique}")
    request = AWSRequest(method="GET", url=server.endpoint + "/?Action=GetUser&Version=2010-05-08&UserName=a%00")
    SigV4Auth(Credentials(server.root_key, server.root_secret), "iam", "us-east-1").add_auth(request)
    answer = requests.get(request.url, headers=dict(request.headers), timeout=30)
    assert answer.status_code == 400 and "<Code>MalformedQueryString</Code>" in answer.text, answer.text
    assert not any(user["UserName"].startswith("nul") for user in iam.list_users()["Users"])
    # JSON: a string member.
    expect_error("SerializationException", secrets.create_secret, Name=f"nul-{unique}", SecretString="a\x00b")
    expect_error("ResourceNotFoundException", secrets.describe_secret, SecretId=f"nul-{unique}")
    group = f"/nul/{unique}"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="s")
    expect_error("SerializationException", logs.put_log_events, logGroupName=group, logStreamName="s",
                 logEvents=[{"timestamp": int(time.time() * 1000), "message": "a\x00b"}])
    assert logs.get_log_events(logGroupName=group, logStreamName="s")["events"] == []
    # REST-JSON: a name in the path.
    code, _, status = expect_error("ValidationException", lam.get_function, FunctionName="f\x00")
    assert status == 400


def test_unsigned_fronts_refuse_nul(server):
    for path in ["/api/v3/repos/a%00/b", "/a%00.git/info/refs?service=git-upload-pack", "/console/projects?x=%00"]:
        answer = requests.get(server.endpoint + path, timeout=30)
        assert answer.status_code in (400, 401, 404), (path, answer.status_code)


def test_requests_with_nul_are_audited_and_the_trail_goes_on(fresh_server, unique):
    server = fresh_server
    s3 = server.client("s3")
    expect_error("InvalidURI", s3.get_object, Bucket=f"audit-{unique}", Key="a\x00b")
    expect_error("MalformedQueryString", server.client("iam").get_user, UserName="u\x00")
    server.client("iam").create_user(UserName=f"after-{unique}")
    deadline = time.time() + 15
    while True:
        result = server.slipway("audit", "--since", "10m", "--json")
        assert result.returncode == 0, result.stderr
        records = [json.loads(line) for line in result.stdout.splitlines()]
        operations = [(r["service"], r["operation"], r["httpStatus"]) for r in records]
        if ("iam", "CreateUser", 200) in operations or time.time() > deadline:
            break
        time.sleep(0.2)
    assert ("iam", "CreateUser", 200) in operations, operations
    refused = [r for r in records if r["httpStatus"] == 400 and r["service"] in ("s3", "iam")]
    assert len(refused) >= 2, records


def test_a_process_printing_nul_keeps_its_log(server, unique):
    """A function's output is kept whatever bytes it prints: a NUL becomes U+FFFD, and the lines around it are there."""
    name = f"nulprint-{unique}"
    role = execution_role(server, name)
    source = 'def handler(event, context):\n    print("before")\n    print("a\\x00b")\n    print("after")\n    return "ok"\n'
    server.client("lambda").create_function(
        FunctionName=name, Runtime="python3.11", Role=role, Handler="app.handler", Code={"ZipFile": package({"app.py": source})})
    answer = server.client("lambda").invoke(FunctionName=name, Payload=b"{}")
    assert answer["StatusCode"] == 200 and "FunctionError" not in answer, answer
    logs = server.client("logs")
    group = f"/aws/lambda/{name}"
    deadline = time.time() + 20
    messages = []
    while time.time() < deadline:
        messages = [event["message"] for event in logs.filter_log_events(logGroupName=group).get("events", [])]
        if any("after" in message for message in messages):
            break
        time.sleep(0.3)
    assert any(message.rstrip("\n") == "before" for message in messages), messages
    assert any(message.rstrip("\n") == "a\ufffdb" for message in messages), messages
    assert any(message.rstrip("\n") == "after" for message in messages), messages
