"""SageMaker managed MLflow through boto3 and the `sagemaker-mlflow` plugin: each tracking server is a real
`mlflow server` process Slipway runs in a sandbox and supervises; MLflow clients reach it by its ARN alone, signed
with SigV4 and authorized as `sagemaker-mlflow:*` actions before anything reaches MLflow; artifacts land in the
server's S3 artifact store; the UI opens through a presigned URL."""

import json
import os
import re
import signal
import subprocess
import time

import pytest
import requests

from helpers import allow, expect_error, make_user, policy

MLFLOW_PYTHON = os.environ.get("SLIPWAY_TEST_MLFLOW_PYTHON", os.path.expanduser("~/.cache/slipway-test/mlflow/bin/python"))
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sdk", "mlflow_tracking.py")
VERSION = "3.17.2"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def wait_status(sm, name, wanted, timeout=900):
    deadline = time.time() + timeout
    while time.time() < deadline:
        server = sm.describe_mlflow_tracking_server(TrackingServerName=name)
        if server["TrackingServerStatus"] in wanted:
            return server
        time.sleep(0.5)
    raise AssertionError(f"{name} stayed {server['TrackingServerStatus']}")


def server_log(server, name):
    """The tracking server's log stream, as CloudWatch Logs keeps it."""
    events = server.client("logs").get_log_events(
        logGroupName="/aws/sagemaker/MlflowTrackingServers", logStreamName=name, startFromHead=True, limit=10000)["events"]
    return "\n".join(event["message"] for event in events)


def run_client(server, arn, experiment, mode, key=None, secret=None, token=None):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
        "MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true",
        "SAGEMAKER_MLFLOW_CUSTOM_ENDPOINT": server.endpoint, "AWS_ENDPOINT_URL": server.endpoint,
        "AWS_ACCESS_KEY_ID": key or server.root_key, "AWS_SECRET_ACCESS_KEY": secret or server.root_secret,
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0", "NO_PROXY": "127.0.0.1,localhost",
    }
    if token:
        env["AWS_SESSION_TOKEN"] = token
    result = subprocess.run([MLFLOW_PYTHON, SCRIPT, arn, experiment, mode], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def mlflow_client():
    if not os.path.exists(MLFLOW_PYTHON):
        pytest.skip("the MLflow client interpreter is missing (scripts/setup-test-deps installs it)")
    return MLFLOW_PYTHON


@pytest.fixture(scope="module")
def setup(server, mlflow_client):
    iam = server.client("iam")
    role = iam.create_role(RoleName="mlflow-server", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName="mlflow-server", PolicyName="artifacts", PolicyDocument=policy(allow("s3:*")))
    s3 = server.client("s3")
    s3.create_bucket(Bucket="mlflow-artifacts")
    sm = server.client("sagemaker")
    name = "team-tracking"
    arn = sm.create_mlflow_tracking_server(
        TrackingServerName=name, ArtifactStoreUri="s3://mlflow-artifacts/tracking", RoleArn=role, MlflowVersion=VERSION,
        Tags=[{"Key": "team", "Value": "ml"}],
    )["TrackingServerArn"]
    described = wait_status(sm, name, {"Created", "CreateFailed"})
    assert described["TrackingServerStatus"] == "Created", server_log(server, name)[-5000:]
    return {"role": role, "name": name, "arn": arn, "bucket": "mlflow-artifacts"}


def test_a_created_server_describes_itself_and_is_listed(server, setup):
    sm = server.client("sagemaker")
    described = sm.describe_mlflow_tracking_server(TrackingServerName=setup["name"])
    assert described["TrackingServerArn"] == setup["arn"]
    assert setup["arn"] == f"arn:aws:sagemaker:us-east-1:{server.account_id}:mlflow-tracking-server/team-tracking"
    assert described["IsActive"] == "Active"
    assert described["MlflowVersion"] == VERSION
    assert described["TrackingServerSize"] == "Small"
    assert described["ArtifactStoreUri"] == "s3://mlflow-artifacts/tracking"
    assert described["RoleArn"] == setup["role"]
    assert described["TrackingServerUrl"].startswith(server.endpoint)
    listed = sm.list_mlflow_tracking_servers()["TrackingServerSummaries"]
    assert setup["arn"] in [summary["TrackingServerArn"] for summary in listed]
    assert sm.list_tags(ResourceArn=setup["arn"])["Tags"] == [{"Key": "team", "Value": "ml"}]


def test_the_plugin_tracks_runs_models_and_artifacts_by_arn(server, setup, unique):
    seen = run_client(server, setup["arn"], f"churn-{unique}", "track")
    assert seen["parent_tag"] == seen["parent"]
    assert seen["params"] == {"C": "1.0"}
    assert seen["loss"] == [0.5, 0.3, 0.2]
    assert seen["predictions"] == [0, 1]
    assert seen["matching_runs"] == [seen["child"]]
    assert "notes.txt" in seen["artifacts"]
    # Artifacts go to the server's artifact store in Slipway's S3, under the experiment's id.
    assert seen["artifact_uri"].startswith(f"s3://mlflow-artifacts/tracking/{seen['experiment_id']}/")
    keys = [item["Key"] for item in server.client("s3").list_objects_v2(Bucket="mlflow-artifacts", Prefix="tracking/")["Contents"]]
    assert any(key.endswith("/notes.txt") for key in keys)
    assert any(key.endswith("MLmodel") for key in keys)


def test_a_principal_without_sagemaker_mlflow_actions_is_denied(server, setup, unique):
    key, secret = make_user(server, f"viewer-{unique}", policy(allow("sagemaker:DescribeMlflowTrackingServer")))
    seen = run_client(server, setup["arn"], "anything", "probe", key=key, secret=secret)
    assert "sagemaker-mlflow:GetExperimentByName" in seen["error"]
    key, secret = make_user(server, f"tracker-{unique}", policy(allow("sagemaker-mlflow:*", setup["arn"])))
    assert run_client(server, setup["arn"], "anything", "probe", key=key, secret=secret) == {"error": None}
    unknown = setup["arn"].replace("team-tracking", f"no-such-{unique}")
    assert "does not exist" in run_client(server, unknown, "anything", "probe")["error"]


def test_unsigned_calls_never_reach_mlflow(server, setup):
    response = requests.get(
        f"{server.endpoint}/api/2.0/mlflow/experiments/get-by-name", params={"experiment_name": "Default"},
        headers={"x-mlflow-sm-tracking-server-arn": setup["arn"]}, timeout=30,
    )
    assert response.status_code == 403
    assert "experiment" not in response.text


def test_bad_requests_are_refused_and_create_nothing(server, setup, unique):
    sm = server.client("sagemaker")
    before = len(sm.list_mlflow_tracking_servers()["TrackingServerSummaries"])
    arguments = {"TrackingServerName": f"bad-{unique}", "ArtifactStoreUri": "s3://mlflow-artifacts/x", "RoleArn": setup["role"]}
    error = expect_error("ValidationException", sm.create_mlflow_tracking_server, **arguments, MlflowVersion="2.1.0")
    assert f"Available versions: {VERSION}" in error[1]
    error = expect_error("ValidationException", sm.create_mlflow_tracking_server, **{**arguments, "ArtifactStoreUri": "s3://no-such-bucket-here/x"})
    assert "cannot access the artifact store" in error[1]
    iam = server.client("iam")
    untrusting = iam.create_role(RoleName=f"lambda-only-{unique}", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    expect_error("ValidationException", sm.create_mlflow_tracking_server, **{**arguments, "RoleArn": untrusting})
    expect_error("ValidationException", sm.create_mlflow_tracking_server, **{**arguments, "TrackingServerName": "no_underscores"})
    expect_error("ValidationException", sm.create_mlflow_tracking_server, **arguments, TrackingServerSize="Huge")
    expect_error("ResourceInUse", sm.create_mlflow_tracking_server, **{**arguments, "TrackingServerName": setup["name"]})
    key, secret = make_user(server, f"no-pass-{unique}", policy(allow("sagemaker:CreateMlflowTrackingServer")))
    expect_error("AccessDeniedException", server.client("sagemaker", key, secret).create_mlflow_tracking_server, **arguments)
    expect_error("ResourceNotFound", sm.describe_mlflow_tracking_server, TrackingServerName=f"missing-{unique}")
    expect_error("ResourceNotFound", sm.stop_mlflow_tracking_server, TrackingServerName=f"missing-{unique}")
    expect_error("ConflictException", sm.start_mlflow_tracking_server, TrackingServerName=setup["name"])
    assert len(sm.list_mlflow_tracking_servers()["TrackingServerSummaries"]) == before


def test_the_presigned_url_opens_the_ui_once(server, setup, unique):
    seen = run_client(server, setup["arn"], f"ui-{unique}", "track")
    sm = server.client("sagemaker")
    url = sm.create_presigned_mlflow_tracking_server_url(TrackingServerName=setup["name"], ExpiresInSeconds=60)["AuthorizedUrl"]
    browser = requests.Session()
    page = browser.get(url, timeout=30)
    assert page.status_code == 200
    assert "<html" in page.text.lower()
    base = page.url.rstrip("/")
    runs = browser.post(f"{base}/ajax-api/2.0/mlflow/runs/search", json={"experiment_ids": [seen["experiment_id"]]}, timeout=30)
    assert runs.status_code == 200
    assert {run["info"]["run_id"] for run in runs.json()["runs"]} == {seen["parent"], seen["child"]}
    assert requests.get(url, timeout=30).status_code == 403
    assert requests.post(f"{base}/ajax-api/2.0/mlflow/runs/search", json={}, timeout=30).status_code == 403
    expect_error("ValidationException", sm.create_presigned_mlflow_tracking_server_url, TrackingServerName=setup["name"], ExpiresInSeconds=301)


def test_stop_and_start_keep_the_data(server, setup, unique):
    sm = server.client("sagemaker")
    experiment = f"kept-{unique}"
    run_client(server, setup["arn"], experiment, "track")
    sm.stop_mlflow_tracking_server(TrackingServerName=setup["name"])
    stopped = wait_status(sm, setup["name"], {"Stopped"}, timeout=120)
    assert stopped["IsActive"] == "Inactive"
    refused = run_client(server, setup["arn"], experiment, "probe")
    assert "is not running" in refused["error"]
    sm.start_mlflow_tracking_server(TrackingServerName=setup["name"])
    started = wait_status(sm, setup["name"], {"Started"}, timeout=300)
    assert started["IsActive"] == "Active"
    assert run_client(server, setup["arn"], experiment, "read")["runs"] == ["child", "parent"]


def mlflow_pids(server_id):
    """The PIDs of the MLflow server process serving `server_id`: the one whose sandbox mounts its state directory."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                arguments = cmdline.read().split(b"\0")
            if arguments[0].endswith(b"bwrap") or not any(b"mlflow" in argument for argument in arguments):
                continue  # the sandbox around it, or another process
            with open(f"/proc/{entry}/mountinfo") as mounts:
                if any(f"/mlflow/{server_id} /opt/mlflow/state " in line for line in mounts):
                    pids.append(int(entry))
        except OSError:
            continue
    return pids


def test_a_crashed_mlflow_process_is_restarted_and_the_crash_shows(server, setup, unique):
    sm = server.client("sagemaker")
    experiment = f"crash-{unique}"
    run_client(server, setup["arn"], experiment, "track")
    described = wait_status(sm, setup["name"], {"Created", "Started", "Updated", "MaintenanceComplete"}, timeout=300)
    server_id = described["TrackingServerUrl"].rstrip("/").rsplit("/", 1)[-1]
    pids = mlflow_pids(server_id)
    assert len(pids) == 1, pids
    os.kill(pids[0], 9)
    deadline = time.time() + 300
    while time.time() < deadline:
        described = sm.describe_mlflow_tracking_server(TrackingServerName=setup["name"])
        if described.get("TrackingServerMaintenanceStatus") == "MaintenanceComplete" and described["IsActive"] == "Active":
            break
        time.sleep(0.5)
    assert described.get("TrackingServerMaintenanceStatus") == "MaintenanceComplete", described
    assert "exited with status" in server_log(server, setup["name"])
    assert run_client(server, setup["arn"], experiment, "read")["runs"] == ["child", "parent"]


def test_an_app_is_reached_by_its_arn_signed_as_sagemaker(server, setup, unique):
    sm = server.client("sagemaker")
    arn = sm.create_mlflow_app(Name=f"app-{unique}", ArtifactStoreUri="s3://mlflow-artifacts/apps", RoleArn=setup["role"])["Arn"]
    assert arn.startswith(f"arn:aws:sagemaker:us-east-1:{server.account_id}:mlflow-app/app-")
    deadline = time.time() + 300
    while time.time() < deadline:
        app = sm.describe_mlflow_app(Arn=arn)
        if app["Status"] in ("Created", "CreateFailed"):
            break
        time.sleep(0.5)
    assert app["Status"] == "Created"
    assert app["Name"] == f"app-{unique}"
    assert app["ModelRegistrationMode"] == "AutoModelRegistrationDisabled"
    assert arn in [summary["Arn"] for summary in sm.list_mlflow_apps()["Summaries"]]
    seen = run_client(server, arn, f"app-experiment-{unique}", "track")
    assert seen["predictions"] == [0, 1]
    assert seen["artifact_uri"].startswith("s3://mlflow-artifacts/apps/")
    sm.delete_mlflow_app(Arn=arn)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            sm.describe_mlflow_app(Arn=arn)
        except sm.exceptions.ResourceNotFound:
            break
        time.sleep(0.5)
    expect_error("ResourceNotFound", sm.describe_mlflow_app, Arn=arn)


def test_deleting_a_server_stops_it_and_removes_it(server, setup, unique):
    sm = server.client("sagemaker")
    name = f"short-lived-{unique}"
    sm.create_mlflow_tracking_server(TrackingServerName=name, ArtifactStoreUri="s3://mlflow-artifacts/short", RoleArn=setup["role"])
    described = wait_status(sm, name, {"Created", "CreateFailed"})
    assert described["TrackingServerStatus"] == "Created", server_log(server, name)[-3000:]
    server_id = described["TrackingServerUrl"].rstrip("/").rsplit("/", 1)[-1]
    sm.delete_mlflow_tracking_server(TrackingServerName=name)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            sm.describe_mlflow_tracking_server(TrackingServerName=name)
        except sm.exceptions.ResourceNotFound:
            break
        time.sleep(0.5)
    expect_error("ResourceNotFound", sm.describe_mlflow_tracking_server, TrackingServerName=name)
    assert mlflow_pids(server_id) == []
    assert not os.path.exists(os.path.join(server.data_dir, "mlflow", server_id))


def test_sigkill_and_restart_keep_the_data_and_bring_the_server_back(mlflow_client):
    from conftest import Server
    own = Server("sqlite", extra_args=["--job-lease-seconds", "5"])
    try:
        iam = own.client("iam")
        role = iam.create_role(RoleName="mlflow-server", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="mlflow-server", PolicyName="artifacts", PolicyDocument=policy(allow("s3:*")))
        own.client("s3").create_bucket(Bucket="artifacts")
        sm = own.client("sagemaker")
        arn = sm.create_mlflow_tracking_server(TrackingServerName="durable", ArtifactStoreUri="s3://artifacts/t", RoleArn=role)["TrackingServerArn"]
        server_id = wait_status(sm, "durable", {"Created"})["TrackingServerUrl"].rstrip("/").rsplit("/", 1)[-1]
        run_client(own, arn, "kept", "track")
        own.stop(signal.SIGKILL)
        deadline = time.time() + 30
        while mlflow_pids(server_id) and time.time() < deadline:
            time.sleep(0.2)
        assert mlflow_pids(server_id) == []
        own.start()
        sm = own.client("sagemaker")
        # The old lease runs out, the restarted Slipway takes the server over and starts its MLflow again.
        deadline = time.time() + 300
        while time.time() < deadline and run_client(own, arn, "kept", "probe")["error"] is not None:
            time.sleep(1)
        described = sm.describe_mlflow_tracking_server(TrackingServerName="durable")
        assert described["IsActive"] == "Active", (described, server_log(own, "durable")[-3000:])
        assert described["TrackingServerStatus"] == "Created"
        assert run_client(own, arn, "kept", "read")["runs"] == ["child", "parent"]
    finally:
        own.cleanup()


PROJECT_TEMPLATE = """
Description: A team's experiment tracking
Parameters:
  SageMakerProjectName: {Type: String}
  SageMakerProjectId: {Type: String}
Resources:
  Artifacts:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "mlflow-${SageMakerProjectId}"
  ServerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: "sts:AssumeRole"}]}
      Policies:
        - PolicyName: artifacts
          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}
  Tracking:
    Type: AWS::SageMaker::MlflowTrackingServer
    Properties:
      TrackingServerName: !Sub "${SageMakerProjectName}-tracking"
      ArtifactStoreUri: !Sub "s3://${Artifacts}/mlflow"
      RoleArn: !GetAtt ServerRole.Arn
      TrackingServerSize: Small
Outputs:
  TrackingServerArn: {Value: !GetAtt Tracking.TrackingServerArn}
  TrackingServerName: {Value: !Ref Tracking}
"""


def test_a_project_makes_a_tracking_server_and_deleting_it_removes_it(server, setup, unique):
    s3, iam, sm = server.client("s3"), server.client("iam"), server.client("sagemaker")
    bucket = f"mlflow-templates-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="tracking.yaml", Body=PROJECT_TEMPLATE.encode())
    launch = iam.create_role(RoleName=f"launch-mlflow-{unique}", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"launch-mlflow-{unique}", PolicyName="provision",
                        PolicyDocument=policy(allow(["s3:*", "iam:*", "sagemaker:*"])))
    name = f"track-{unique}"
    project_id = sm.create_project(ProjectName=name, TemplateProviders=[{"CfnTemplateProvider": {
        "TemplateName": "tracking", "TemplateURL": f"https://{bucket}.s3.us-east-1.amazonaws.com/tracking.yaml", "RoleARN": launch}}])["ProjectId"]
    deadline = time.time() + 900
    while time.time() < deadline:
        project = sm.describe_project(ProjectName=name)
        if project["ProjectStatus"] in ("CreateCompleted", "CreateFailed"):
            break
        time.sleep(0.5)
    assert project["ProjectStatus"] == "CreateCompleted", project
    described = sm.describe_mlflow_tracking_server(TrackingServerName=f"{name}-tracking")
    assert described["TrackingServerStatus"] == "Created"
    assert described["ArtifactStoreUri"] == f"s3://mlflow-{project_id}/mlflow"
    tagging = server.client("resourcegroupstaggingapi")
    found = tagging.get_resources(TagFilters=[{"Key": "sagemaker:project-id", "Values": [project_id]}])["ResourceTagMappingList"]
    assert described["TrackingServerArn"] in {item["ResourceARN"] for item in found}
    seen = run_client(server, described["TrackingServerArn"], "project-experiment", "track")
    assert seen["artifact_uri"].startswith(f"s3://mlflow-{project_id}/mlflow/")

    sm.delete_project(ProjectName=name)
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            if sm.describe_project(ProjectName=name)["ProjectStatus"] in ("DeleteCompleted", "DeleteFailed"):
                break
        except sm.exceptions.ClientError:
            break
        time.sleep(0.5)
    expect_error("ResourceNotFound", sm.describe_mlflow_tracking_server, TrackingServerName=f"{name}-tracking")


def sm_status(server, name):
    return server.client("sagemaker").describe_mlflow_tracking_server(TrackingServerName=name)["TrackingServerStatus"]


def test_the_consoles_experiments_tab_opens_the_tracking_servers_ui(server, setup, browser, unique):
    """The console's Experiments tab lists the tracking server and opens MLflow's UI through a presigned link."""
    from conftest import screenshot
    from playwright.sync_api import expect
    from test_console import FORM_TEMPLATE, launched_project, organization, sign_in
    launched_project(server, organization(server, unique, {"churn.yaml": FORM_TEMPLATE}), f"tracked-{unique}")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        sign_in(page, server, server.root_key, server.root_secret)
        page.goto(f"{server.endpoint}/console/projects/tracked-{unique}/experiments")
        row = page.get_by_role("row").filter(has_text=setup["name"])
        # Created, or Started again after the module's stop-and-start test: running either way.
        expect(row).to_contain_text(sm_status(server, setup["name"]))
        screenshot(page, f"experiments-{server.backend}")
        row.get_by_role("button", name=f"Open {setup['name']} in MLflow").click()
        page.wait_for_url(f"**/_slipway/mlflow/**")
        # MLflow's UI is titled "MLflow" until its own script names the page ("Home - MLflow").
        expect(page).to_have_title(re.compile(r"(^|- )MLflow\s*$"), timeout=30_000)
    finally:
        context.close()
