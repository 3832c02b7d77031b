"""Lambda through boto3 and the aws CLI: functions run their own Python code through the Runtime API, with their
role's credentials and Slipway as their endpoint; versions, aliases, permissions, tags, logs, and Lambda's refusals."""

import base64
import io
import json
import os
import signal
import time
import zipfile

import pytest
import requests

from helpers import LAMBDA_TRUST, allow, execution_role, expect_error, make_user, package, policy

def create(server, name, role, source, handler="app.handler", **extra):
    return server.client("lambda").create_function(
        FunctionName=name, Runtime="python3.11", Role=role, Handler=handler, Code={"ZipFile": package({"app.py": source})}, **extra)


ECHO = """
import os, time, uuid
WORKER = uuid.uuid4().hex  # one per process: every sandbox numbers its own processes from 1
def handler(event, context):
    return {
        "event": event, "request": context.aws_request_id, "name": context.function_name, "arn": context.invoked_function_arn,
        "memory": context.memory_limit_in_mb, "remaining": context.get_remaining_time_in_millis(), "region": os.environ["AWS_REGION"],
        "stage": os.environ.get("STAGE"), "endpoint": os.environ["AWS_ENDPOINT_URL"], "worker": WORKER,
    }
"""


def invoke(client, name, event=None, **extra):
    response = client.invoke(FunctionName=name, Payload=json.dumps(event if event is not None else {}), **extra)
    response["Body"] = json.loads(response["Payload"].read() or b"null")
    return response


def test_create_invoke_and_reuse_a_warm_worker(server, unique):
    lam = server.client("lambda")
    role = execution_role(server, f"echo-{unique}")
    name = f"echo-{unique}"
    created = create(server, name, role, ECHO, Environment={"Variables": {"STAGE": "dev"}}, Timeout=10, Tags={"team": "ml"})
    assert created["FunctionArn"] == f"arn:aws:lambda:us-east-1:{server.account_id}:function:{name}"
    assert (created["State"], created["Runtime"], created["Handler"], created["Version"]) == ("Active", "python3.11", "app.handler", "$LATEST")
    assert created["CodeSize"] > 0 and len(base64.b64decode(created["CodeSha256"])) == 32

    first = invoke(lam, name, {"model": "churn", "version": 3})
    assert first["StatusCode"] == 200 and "FunctionError" not in first and first["ExecutedVersion"] == "$LATEST"
    body = first["Body"]
    assert body["event"] == {"model": "churn", "version": 3}
    assert (body["name"], body["arn"], body["memory"], body["region"], body["stage"]) == (name, created["FunctionArn"], "128", "us-east-1", "dev")
    assert body["endpoint"] == server.endpoint and 0 < body["remaining"] <= 10_000
    second = invoke(lam, name, {"again": True})
    assert second["Body"]["worker"] == body["worker"], "the warm worker serves the next invocation"
    assert second["Body"]["request"] != body["request"]

    config = lam.get_function_configuration(FunctionName=name)
    assert config["Environment"] == {"Variables": {"STAGE": "dev"}} and config["Timeout"] == 10
    got = lam.get_function(FunctionName=created["FunctionArn"])
    assert got["Configuration"]["FunctionName"] == name and got["Tags"] == {"team": "ml"}
    downloaded = requests.get(got["Code"]["Location"], timeout=10)
    assert downloaded.status_code == 200 and zipfile.ZipFile(io.BytesIO(downloaded.content)).read("app.py").decode() == ECHO
    assert requests.get(got["Code"]["Location"].replace("X-Amz-Signature=", "X-Amz-Signature=0"), timeout=10).status_code == 403
    assert name in [f["FunctionName"] for f in lam.list_functions()["Functions"]]

    lam.update_function_configuration(FunctionName=name, Environment={"Variables": {"STAGE": "prod"}}, MemorySize=256)
    third = invoke(lam, name)
    assert (third["Body"]["stage"], third["Body"]["memory"]) == ("prod", "256")
    assert third["Body"]["worker"] != body["worker"], "a changed configuration gets a new worker"


def test_handler_errors_timeouts_and_log_tail(server, unique):
    lam = server.client("lambda")
    role = execution_role(server, f"fail-{unique}")
    source = """
import time
def handler(event, context):
    print("handling", event["mode"])
    if event["mode"] == "raise":
        raise ValueError("model metrics missing")
    if event["mode"] == "sleep":
        time.sleep(5)
    if event["mode"] == "unserializable":
        return {1, 2}
    return "ok"
"""
    create(server, f"fail-{unique}", role, source, Timeout=1)
    failed = invoke(lam, f"fail-{unique}", {"mode": "raise"}, LogType="Tail")
    assert failed["StatusCode"] == 200 and failed["FunctionError"] == "Unhandled"
    assert failed["Body"]["errorType"] == "ValueError" and failed["Body"]["errorMessage"] == "model metrics missing"
    assert any("raise ValueError" in line for line in failed["Body"]["stackTrace"])
    log = base64.b64decode(failed["LogResult"]).decode()
    assert "START RequestId:" in log and "handling raise" in log and "END RequestId:" in log and "REPORT RequestId:" in log

    timed_out = invoke(lam, f"fail-{unique}", {"mode": "sleep"})
    assert timed_out["FunctionError"] == "Unhandled" and "Task timed out after 1.00 seconds" in timed_out["Body"]["errorMessage"]
    assert invoke(lam, f"fail-{unique}", {"mode": "fine"})["Body"] == "ok", "a new worker replaces the one that timed out"
    marshal = invoke(lam, f"fail-{unique}", {"mode": "unserializable"})
    assert marshal["FunctionError"] == "Unhandled" and marshal["Body"]["errorType"] == "Runtime.MarshalError"

    create(server, f"hungry-{unique}", role, "def handler(e, c):\n    return len(bytearray(400 * 1024 * 1024))\n", MemorySize=128)
    hungry = invoke(lam, f"hungry-{unique}")
    assert hungry["FunctionError"] == "Unhandled" and hungry["Body"]["errorType"] == "MemoryError", "memory is enforced"

    create(server, f"noimport-{unique}", role, "import not_a_module\ndef handler(e, c): return 1\n")
    broken = invoke(lam, f"noimport-{unique}")
    assert broken["FunctionError"] == "Unhandled" and broken["Body"]["errorType"] == "Runtime.ImportModuleError"
    assert "not_a_module" in broken["Body"]["errorMessage"]
    missing = lam.create_function(FunctionName=f"nohandler-{unique}", Runtime="python3.11", Role=role, Handler="app.absent",
                                  Code={"ZipFile": package({"app.py": "def handler(e, c): return 1\n"})})
    assert missing["Handler"] == "app.absent"
    absent = invoke(lam, f"nohandler-{unique}")
    assert absent["Body"]["errorType"] == "Runtime.HandlerNotFound"

    logs = server.slipway("logs", "function", f"fail-{unique}", "--endpoint-url", server.endpoint)
    assert logs.returncode == 0, logs.stderr
    assert "handling raise" in logs.stdout and "Task timed out after 1.00 seconds" in logs.stdout and "REPORT RequestId:" in logs.stdout


def test_functions_act_with_their_roles_credentials(server, unique):
    lam, s3 = server.client("lambda"), server.client("s3")
    bucket = f"fn-out-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.create_bucket(Bucket=f"fn-other-{unique}")
    role = execution_role(server, f"writer-{unique}", allow("s3:PutObject", f"arn:aws:s3:::{bucket}/*"))
    source = """
import boto3, botocore
def handler(event, context):
    s3 = boto3.client("s3")
    s3.put_object(Bucket=event["bucket"], Key="out.txt", Body=b"written by " + context.function_name.encode())
    identity = boto3.client("sts").get_caller_identity()["Arn"]
    try:
        s3.put_object(Bucket=event["other"], Key="x", Body=b"x")
        other = "allowed"
    except botocore.exceptions.ClientError as error:
        other = error.response["Error"]["Code"]
    return {"identity": identity, "other": other}
"""
    create(server, f"writer-{unique}", role, source, Timeout=30, MemorySize=256)
    result = invoke(lam, f"writer-{unique}", {"bucket": bucket, "other": f"fn-other-{unique}"})
    assert "FunctionError" not in result, result["Body"]
    assert result["Body"]["identity"] == f"arn:aws:sts::{server.account_id}:assumed-role/writer-{unique}/writer-{unique}"
    assert result["Body"]["other"] == "AccessDenied"
    assert s3.get_object(Bucket=bucket, Key="out.txt")["Body"].read() == f"written by writer-{unique}".encode()


def test_code_from_s3_versions_aliases_and_async_invocation(server, unique):
    lam, s3 = server.client("lambda"), server.client("s3")
    bucket = f"code-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    v1 = s3.put_object(Bucket=bucket, Key="fn.zip", Body=package({"app.py": "def handler(e, c): return 'v1'\n"}))["VersionId"]
    s3.put_object(Bucket=bucket, Key="fn.zip", Body=package({"app.py": "def handler(e, c): return 'v2'\n"}))
    role = execution_role(server, f"ver-{unique}")
    name = f"ver-{unique}"
    published = lam.create_function(FunctionName=name, Runtime="python3.11", Role=role, Handler="app.handler", Publish=True,
                                    Code={"S3Bucket": bucket, "S3Key": "fn.zip", "S3ObjectVersion": v1})
    assert published["Version"] == "1"
    assert invoke(lam, name)["Body"] == "v1"
    lam.update_function_code(FunctionName=name, S3Bucket=bucket, S3Key="fn.zip")
    assert invoke(lam, name)["Body"] == "v2"
    assert invoke(lam, name, Qualifier="1")["Body"] == "v1"
    second = lam.publish_version(FunctionName=name, Description="second")
    assert second["Version"] == "2" and lam.publish_version(FunctionName=name)["Version"] == "2", "nothing changed, no new version"
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName=name)["Versions"]] == ["$LATEST", "1", "2"]

    alias = lam.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    assert alias["AliasArn"] == f"arn:aws:lambda:us-east-1:{server.account_id}:function:{name}:live"
    assert invoke(lam, f"{name}:live")["Body"] == "v1"
    lam.update_alias(FunctionName=name, Name="live", FunctionVersion="2")
    live = invoke(lam, name, Qualifier="live")
    assert (live["Body"], live["ExecutedVersion"]) == ("v2", "2")
    assert [a["Name"] for a in lam.list_aliases(FunctionName=name)["Aliases"]] == ["live"]
    lam.update_alias(FunctionName=name, Name="live", FunctionVersion="1", RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}})
    served = {invoke(lam, name, Qualifier="live")["ExecutedVersion"] for _ in range(40)}
    assert served == {"1", "2"}, "a weighted alias sends invocations to both versions"
    lam.update_alias(FunctionName=name, Name="live", FunctionVersion="2", RoutingConfig={"AdditionalVersionWeights": {}})
    expect_error("ResourceConflictException", lam.delete_function, FunctionName=name, Qualifier="2")
    lam.delete_alias(FunctionName=name, Name="live")
    lam.delete_function(FunctionName=name, Qualifier="2")
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName=name)["Versions"]] == ["$LATEST", "1"]

    # An Event invocation answers at once and runs in the background: the function writes what it got.
    out = f"async-{unique}"
    s3.create_bucket(Bucket=out)
    writer = execution_role(server, f"async-{unique}", allow("s3:PutObject", f"arn:aws:s3:::{out}/*"))
    create(server, f"async-{unique}", writer, "import boto3, json\ndef handler(e, c):\n    boto3.client('s3').put_object(Bucket=e['bucket'], Key='event.json', Body=json.dumps(e))\n")
    accepted = lam.invoke(FunctionName=f"async-{unique}", InvocationType="Event", Payload=json.dumps({"bucket": out, "n": 7}))
    assert accepted["StatusCode"] == 202
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            assert json.loads(s3.get_object(Bucket=out, Key="event.json")["Body"].read())["n"] == 7
            break
        except s3.exceptions.NoSuchKey:
            time.sleep(0.05)
    else:
        pytest.fail("the Event invocation never ran")
    assert lam.invoke(FunctionName=f"async-{unique}", InvocationType="DryRun")["StatusCode"] == 204


def test_permissions_policy_and_tags(server, unique):
    lam = server.client("lambda")
    role = execution_role(server, f"perm-{unique}")
    name = f"perm-{unique}"
    arn = create(server, name, role, ECHO + f"# {unique}\n")["FunctionArn"]
    expect_error("ResourceNotFoundException", lam.get_policy, FunctionName=name)
    rule = f"arn:aws:events:us-east-1:{server.account_id}:rule/approved-{unique}"
    added = lam.add_permission(FunctionName=name, StatementId="events", Action="lambda:InvokeFunction", Principal="events.amazonaws.com", SourceArn=rule)
    statement = json.loads(added["Statement"])
    assert statement == {"Sid": "events", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "lambda:InvokeFunction",
                         "Resource": arn, "Condition": {"ArnLike": {"AWS:SourceArn": rule}}}
    document = json.loads(lam.get_policy(FunctionName=name)["Policy"])
    assert document["Statement"] == [statement]
    expect_error("ResourceConflictException", lam.add_permission, FunctionName=name, StatementId="events", Action="lambda:InvokeFunction", Principal="events.amazonaws.com")
    lam.add_permission(FunctionName=name, StatementId="account", Action="lambda:InvokeFunction", Principal="222222222222")
    assert [s["Sid"] for s in json.loads(lam.get_policy(FunctionName=name)["Policy"])["Statement"]] == ["events", "account"]
    lam.remove_permission(FunctionName=name, StatementId="events")
    assert [s["Sid"] for s in json.loads(lam.get_policy(FunctionName=name)["Policy"])["Statement"]] == ["account"]
    expect_error("ResourceNotFoundException", lam.remove_permission, FunctionName=name, StatementId="events")

    lam.tag_resource(Resource=arn, Tags={"project": "churn", "stage": "dev"})
    lam.untag_resource(Resource=arn, TagKeys=["stage"])
    assert lam.list_tags(Resource=arn)["Tags"] == {"project": "churn"}

    # A user may invoke only what their policy allows.
    key, secret = make_user(server, f"invoker-{unique}", policy(allow("lambda:InvokeFunction", arn)))
    as_user = server.client("lambda", key=key, secret=secret)
    assert invoke(as_user, name)["StatusCode"] == 200
    code, message, status = expect_error("AccessDeniedException", as_user.delete_function, FunctionName=name)
    assert status == 403 and "lambda:DeleteFunction" in message

    code_dir = os.path.join(server.data_dir, "lambda", "code")
    unpacked = set(os.listdir(code_dir))
    lam.delete_function(FunctionName=name)
    expect_error("ResourceNotFoundException", lam.get_function, FunctionName=name)
    expect_error("ResourceNotFoundException", lam.invoke, FunctionName=name)
    assert len(unpacked - set(os.listdir(code_dir))) == 1, "the unpacked package goes with the last version using it"


def test_bad_input_is_refused_and_changes_nothing(server, unique):
    lam = server.client("lambda")
    role = execution_role(server, f"bad-{unique}")
    good = {"app.py": "def handler(e, c): return 1\n"}

    def refused(code, **overrides):
        arguments = {"FunctionName": f"bad-{unique}", "Runtime": "python3.11", "Role": role, "Handler": "app.handler", "Code": {"ZipFile": package(good)}}
        arguments.update(overrides)
        return expect_error(code, lam.create_function, **arguments)

    assert "unzip" in refused("InvalidParameterValueException", Code={"ZipFile": b"this is not a zip file at all"})[1]
    huge = io.BytesIO()
    with zipfile.ZipFile(huge, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("app.py", "def handler(e, c): return 1\n")
        archive.writestr("weights.bin", b"\0" * 270_000_000)
    assert "Unzipped size must be smaller than 262144000 bytes" in refused("InvalidParameterValueException", Code={"ZipFile": huge.getvalue()})[1]
    assert "mandatory" in expect_error("InvalidParameterValueException", lam.create_function, FunctionName=f"bad-{unique}", Runtime="python3.11", Role=role,
                                       Code={"ZipFile": package(good)})[1]
    assert "python9.9" in refused("InvalidParameterValueException", Runtime="python9.9")[1]
    assert "no longer supported" in refused("InvalidParameterValueException", Runtime="python2.7")[1]
    refused("InvalidParameterValueException", Runtime="nodejs20.x")
    refused("InvalidParameterValueException", Environment={"Variables": {"AWS_REGION": "eu-west-1"}})
    refused("InvalidParameterValueException", Timeout=901)
    refused("ValidationException", MemorySize=20_000)
    refused("ValidationException", Role="not-a-role")
    no_trust = server.client("iam").create_role(RoleName=f"notrust-{unique}", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    assert "cannot be assumed by Lambda" in refused("InvalidParameterValueException", Role=no_trust)[1]
    refused("InvalidParameterValueException", Code={"S3Bucket": f"missing-{unique}", "S3Key": "fn.zip"})

    key, secret = make_user(server, f"nopass-{unique}", policy(allow("lambda:*")))
    denied = expect_error("AccessDeniedException", server.client("lambda", key=key, secret=secret).create_function,
                          FunctionName=f"bad-{unique}", Runtime="python3.11", Role=role, Handler="app.handler", Code={"ZipFile": package(good)})
    assert denied[2] == 403 and "iam:PassRole" in denied[1]
    assert f"bad-{unique}" not in [f["FunctionName"] for f in lam.list_functions()["Functions"]]

    lam.create_function(FunctionName=f"bad-{unique}", Runtime="python3.11", Role=role, Handler="app.handler", Code={"ZipFile": package(good)})
    expect_error("ResourceConflictException", lam.create_function, FunctionName=f"bad-{unique}", Runtime="python3.11", Role=role,
                 Handler="app.handler", Code={"ZipFile": package(good)})
    before = lam.get_function_configuration(FunctionName=f"bad-{unique}")
    expect_error("InvalidParameterValueException", lam.update_function_code, FunctionName=f"bad-{unique}", ZipFile=b"PK\x05\x06broken")
    expect_error("PreconditionFailedException", lam.update_function_configuration, FunctionName=f"bad-{unique}", Timeout=30, RevisionId="stale")
    after = lam.get_function_configuration(FunctionName=f"bad-{unique}")
    assert (after["CodeSha256"], after["RevisionId"], after["Timeout"]) == (before["CodeSha256"], before["RevisionId"], before["Timeout"])
    expect_error("InvalidRequestContentException", lam.invoke, FunctionName=f"bad-{unique}", Payload=b"{not json")
    expect_error("ResourceNotFoundException", lam.invoke, FunctionName=f"bad-{unique}", Qualifier="nosuchalias")


def test_unavailable_runtime_falls_back_and_says_so(server, unique):
    lam = server.client("lambda")
    role = execution_role(server, f"fallback-{unique}")
    created = lam.create_function(FunctionName=f"fallback-{unique}", Runtime="python3.14", Role=role, Handler="app.handler",
                                  Code={"ZipFile": package({"app.py": "import sys\ndef handler(e, c): return list(sys.version_info[:2])\n"})})
    ran = invoke(lam, f"fallback-{unique}")["Body"]
    if ran == [3, 14]:
        assert "StateReason" not in created
    else:
        assert created["State"] == "Active" and "python3.14 is not installed" in created["StateReason"]
        assert f"Python 3.{ran[1]}" in created["StateReason"]


def test_aws_cli_invokes_a_function(server, unique, tmp_path):
    role = execution_role(server, f"cli-{unique}")
    create(server, f"cli-{unique}", role, "def handler(e, c): return {'doubled': e['n'] * 2}\n")
    out = tmp_path / "out.json"
    result = server.aws("lambda", "invoke", "--function-name", f"cli-{unique}", "--payload", '{"n": 21}', str(out))
    assert json.loads(result.stdout)["StatusCode"] == 200
    assert json.loads(out.read_text()) == {"doubled": 42}


def test_accepted_event_invocations_survive_a_crash(fresh_server, unique):
    server = fresh_server
    lam, s3 = server.client("lambda"), server.client("s3")
    bucket = f"later-{unique}"
    s3.create_bucket(Bucket=bucket)
    role = execution_role(server, f"later-{unique}", allow("s3:PutObject", f"arn:aws:s3:::{bucket}/*"))
    create(server, f"later-{unique}", role, "import boto3, json\ndef handler(e, c):\n    boto3.client('s3').put_object(Bucket=e['bucket'], Key='ran', Body=json.dumps(e))\n")
    lam.put_function_concurrency(FunctionName=f"later-{unique}", ReservedConcurrentExecutions=0)
    assert lam.invoke(FunctionName=f"later-{unique}", InvocationType="Event", Payload=json.dumps({"bucket": bucket, "n": 1}))["StatusCode"] == 202
    expect_error("TooManyRequestsException", lam.invoke, FunctionName=f"later-{unique}", Payload=b"{}")
    time.sleep(0.5)
    server.stop(signal.SIGKILL)
    server.start()
    lam, s3 = server.client("lambda"), server.client("s3")
    lam.delete_function_concurrency(FunctionName=f"later-{unique}")
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            assert json.loads(s3.get_object(Bucket=bucket, Key="ran")["Body"].read()) == {"bucket": bucket, "n": 1}
            return
        except s3.exceptions.NoSuchKey:
            time.sleep(0.1)
    pytest.fail("the accepted invocation was lost")
