"""Attacks from inside user code (security issue, item 1): a tenant allowed only to create and invoke a function
whose role has no permissions tries to reach the server's keys, data, processes and environment from the handler."""

import json
import os

import pytest

from helpers import allow, execution_role, make_user, package, policy

PROBE = r'''
import json, os, signal, socket

def attempt(action):
    try:
        return {"ok": True, "value": action()}
    except Exception as error:
        return {"ok": False, "error": type(error).__name__}

def read(path):
    with open(path, "rb") as handle:
        return handle.read(200).decode("latin-1")

def handler(event, context):
    data_dir = event["data_dir"]
    result = {
        "uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups(),
        "root_entries": sorted(os.listdir("/")),
        "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
        "environment": sorted(os.environ),
        "credentials": attempt(lambda: read(os.path.join(data_dir, "credentials"))),
        "data_dir": attempt(lambda: os.listdir(data_dir)),
        "keys": attempt(lambda: os.listdir(os.path.join(data_dir, "keys"))),
        "database": attempt(lambda: read(os.path.join(data_dir, "metadata.sqlite"))),
        "other_code": attempt(lambda: os.listdir(os.path.join(data_dir, "lambda", "code"))),
        "shadow": attempt(lambda: read("/etc/shadow")),
        "write_usr": attempt(lambda: open("/usr/slipway-was-here", "w").write("x")),
        "write_task": attempt(lambda: open("/var/task/app.py", "a").write("x")),
        "write_tmp": attempt(lambda: open("/tmp/scratch", "w").write("x")),
        "kill_server": attempt(lambda: os.kill(event["server_pid"], signal.SIGKILL)),
        "server_environ": attempt(lambda: read("/proc/%d/environ" % event["server_pid"])),
        "set_uid_root": attempt(lambda: os.setuid(0)),
        "no_new_privs": open("/proc/self/status").read().count("NoNewPrivs:\t1"),
    }
    result["capabilities"] = [line.split()[1] for line in open("/proc/self/status") if line.startswith("CapEff") or line.startswith("CapBnd")]
    return result
'''

OWED = {
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL",
    "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
    "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "_HANDLER", "PATH", "LANG", "TZ", "HOME", "PWD", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE",
    "STAGE", "LC_CTYPE",
    # Where the sagemaker-mlflow plugin finds managed MLflow: Slipway itself, as AWS_ENDPOINT_URL.
    "SAGEMAKER_MLFLOW_CUSTOM_ENDPOINT",
    # Where PyGithub finds the forge (Slipway's own, unless the function names another): no secret, a URL.
    "GITHUB_API_URL",
}


@pytest.fixture(scope="module")
def probe(server):
    """What a tenant's function could reach, run as a narrow user with a permission-less role."""
    role = execution_role(server, "probe-no-permissions")
    key, secret = make_user(server, "function-author", policy(
        allow(["lambda:CreateFunction", "lambda:InvokeFunction"]), allow("iam:PassRole", role)))
    lam = server.client("lambda", key=key, secret=secret)
    # A second tenant's function, whose code must stay out of sight.
    execution_role(server, "bystander")
    server.client("lambda").create_function(
        FunctionName="bystander", Runtime="python3.11", Role=f"arn:aws:iam::{server.account_id}:role/bystander", Handler="app.handler",
        Code={"ZipFile": package({"app.py": "SECRET = 'bystander'\ndef handler(e, c): return SECRET\n"})})
    assert server.client("lambda").invoke(FunctionName="bystander")["StatusCode"] == 200
    lam.create_function(FunctionName="probe", Runtime="python3.11", Role=role, Handler="app.handler",
                        Code={"ZipFile": package({"app.py": PROBE})}, Environment={"Variables": {"STAGE": "attack"}})
    answer = lam.invoke(FunctionName="probe", Payload=json.dumps({"data_dir": server.data_dir, "server_pid": server.process.pid}))
    assert "FunctionError" not in answer, answer["Payload"].read()
    return json.loads(answer["Payload"].read())


def test_the_servers_keys_and_data_are_out_of_reach(probe):
    for attempt in ("credentials", "data_dir", "keys", "database", "other_code"):
        assert probe[attempt]["ok"] is False, (attempt, probe[attempt])
        assert probe[attempt]["error"] in ("FileNotFoundError", "PermissionError"), probe[attempt]


def test_it_runs_as_an_unprivileged_user_that_cannot_become_root(probe):
    assert probe["uid"] != 0 and probe["gid"] != 0 and 0 not in probe["groups"]
    assert probe["set_uid_root"]["ok"] is False
    assert probe["no_new_privs"] == 1
    assert all(int(mask, 16) == 0 for mask in probe["capabilities"]), probe["capabilities"]
    assert probe["shadow"]["ok"] is False


def test_it_sees_a_minimal_read_only_root_and_only_its_own_processes(probe, server):
    assert "work" not in probe["root_entries"] and "home" not in probe["root_entries"] and "opt" not in probe["root_entries"]
    assert set(probe["root_entries"]) <= {"bin", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc", "root", "sbin", "tmp", "usr", "var"}
    assert max(probe["pids"]) < 10, probe["pids"]
    assert probe["write_usr"]["ok"] is False and probe["write_task"]["ok"] is False
    assert probe["write_tmp"]["ok"] is True
    # The server's process is neither visible nor reachable.
    assert probe["kill_server"]["ok"] is False and probe["server_environ"]["ok"] is False
    assert server.process.poll() is None
    assert not os.path.exists("/usr/slipway-was-here")


def test_its_environment_holds_only_what_the_function_is_owed(probe):
    assert set(probe["environment"]) <= OWED, set(probe["environment"]) - OWED


def test_it_is_told_where_managed_mlflow_is(probe):
    assert "SAGEMAKER_MLFLOW_CUSTOM_ENDPOINT" in probe["environment"]


def test_without_a_sandbox_no_user_code_runs():
    """Where no sandbox can be made, a function is refused with the reason, never run unsandboxed."""
    from conftest import Server
    server = Server("sqlite", extra_args=["--bwrap", "/nonexistent/bwrap"])
    try:
        role = execution_role(server, "unsandboxed")
        lam = server.client("lambda")
        lam.create_function(FunctionName="unsandboxed", Runtime="python3.11", Role=role, Handler="app.handler",
                            Code={"ZipFile": package({"app.py": "open('/tmp/ran', 'w')\ndef handler(e, c): return 1\n"})})
        with pytest.raises(Exception) as refused:
            lam.invoke(FunctionName="unsandboxed")
        response = refused.value.response
        assert response["Error"]["Code"] == "ResourceNotReadyException" and response["ResponseMetadata"]["HTTPStatusCode"] == 502
        assert "bubblewrap" in response["Error"]["Message"]
        assert not os.path.exists("/tmp/ran")
    finally:
        server.cleanup()
