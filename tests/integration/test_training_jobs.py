"""SageMaker training jobs through boto3: each runs for real in a sandbox under SageMaker's container contract —
channels downloaded to /opt/ml/input/data, the config files, the role's credentials, the model uploaded as
model.tar.gz, /opt/ml/output/failure as the failure reason, metrics from the log, MaxRuntimeInSeconds and
StopTrainingJob — with its output in /aws/sagemaker/TrainingJobs."""

import io
import os
import json
import tarfile
import time

import pytest

from conftest import BOTO_IMAGE
from helpers import allow, expect_error, make_user, policy

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})

TRAIN = r'''
import argparse, json, os, boto3
parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int)
parser.add_argument("--rate", type=float)
args = parser.parse_args()
rows = open("/opt/ml/input/data/train/data.csv").read().split()
config = json.load(open("/opt/ml/input/config/hyperparameters.json"))
channels = json.load(open("/opt/ml/input/config/inputdataconfig.json"))
for epoch in range(args.epochs):
    print(f"epoch={epoch} loss={1.0 / (epoch + 2):.4f}", flush=True)
identity = boto3.client("sts").get_caller_identity()["Arn"]
with open(os.path.join(os.environ["SM_MODEL_DIR"], "model.json"), "w") as out:
    json.dump({"rows": rows, "epochs": args.epochs, "rate": args.rate, "identity": identity, "channels": sorted(channels),
               "nested": sorted(os.listdir("/opt/ml/input/data/train/more")), "job": os.environ["TRAINING_JOB_NAME"],
               "config": config.get("epochs"), "uid": os.getuid()}, out)
open("/opt/ml/output/data/report.txt", "w").write("done")
'''


def wait(sm, name, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = sm.describe_training_job(TrainingJobName=name)
        if job["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"):
            return job
        time.sleep(0.25)
    raise AssertionError(f"{name} did not finish: {job['TrainingJobStatus']} {job['SecondaryStatus']}")


@pytest.fixture(scope="module")
def setup(server):
    iam = server.client("iam")
    role = iam.create_role(RoleName="training", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName="training", PolicyName="data", PolicyDocument=policy(allow(["s3:*", "sts:GetCallerIdentity"])))
    s3 = server.client("s3")
    bucket = "training-data"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="datasets/churn/data.csv", Body=b"1,0\n2,1\n3,0\n")
    s3.put_object(Bucket=bucket, Key="datasets/churn/more/extra.csv", Body=b"4,1\n")
    source = io.BytesIO()
    with tarfile.open(fileobj=source, mode="w:gz") as archive:
        data = TRAIN.encode()
        info = tarfile.TarInfo("train.py")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    s3.put_object(Bucket=bucket, Key="code/sourcedir.tar.gz", Body=source.getvalue())
    return {"role": role, "bucket": bucket}


def job_arguments(setup, name, **extra):
    arguments = {
        "TrainingJobName": name, "RoleArn": setup["role"],
        "AlgorithmSpecification": {"TrainingImage": BOTO_IMAGE,
                                   "TrainingInputMode": "File"},
        "OutputDataConfig": {"S3OutputPath": f"s3://{setup['bucket']}/output"},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
        "StoppingCondition": {"MaxRuntimeInSeconds": 600},
    }
    arguments.update(extra)
    return arguments


def test_a_script_trains_on_its_channels_and_its_model_is_uploaded(server, setup, unique):
    sm = server.client("sagemaker")
    name = f"churn-{unique}"
    arguments = job_arguments(setup, name, HyperParameters={
        "epochs": "3", "rate": "0.1", "sagemaker_program": '"train.py"', "sagemaker_submit_directory": f'"s3://{setup["bucket"]}/code/sourcedir.tar.gz"'},
        InputDataConfig=[{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{setup['bucket']}/datasets/churn"}}}])
    arguments["AlgorithmSpecification"]["MetricDefinitions"] = [{"Name": "train:loss", "Regex": r"loss=([0-9.]+)"}]
    arn = sm.create_training_job(**arguments)["TrainingJobArn"]
    assert arn == f"arn:aws:sagemaker:us-east-1:{server.account_id}:training-job/{name}"
    expect_error("ResourceInUse", sm.create_training_job, **arguments)
    job = wait(sm, name)
    assert job["TrainingJobStatus"] == "Completed", job.get("FailureReason")
    assert [t["Status"] for t in job["SecondaryStatusTransitions"]] == ["Starting", "Downloading", "Training", "Uploading", "Completed"]
    assert [(m["MetricName"], m["Value"]) for m in job["FinalMetricDataList"]] == [("train:loss", 0.25)]
    artifacts = job["ModelArtifacts"]["S3ModelArtifacts"]
    assert artifacts == f"s3://{setup['bucket']}/output/{name}/output/model.tar.gz"
    s3 = server.client("s3")
    archive = tarfile.open(fileobj=io.BytesIO(s3.get_object(Bucket=setup["bucket"], Key=f"output/{name}/output/model.tar.gz")["Body"].read()))
    model = json.load(archive.extractfile("./model.json"))
    assert model["rows"] == ["1,0", "2,1", "3,0"] and model["epochs"] == 3 and model["rate"] == 0.1 and model["nested"] == ["extra.csv"]
    assert model["identity"] == f"arn:aws:sts::{server.account_id}:assumed-role/training/SageMaker" and model["uid"] != 0
    assert model["channels"] == ["train"] and model["job"] == name and model["config"] == "3"
    assert s3.head_object(Bucket=setup["bucket"], Key=f"output/{name}/output/output.tar.gz")["ContentLength"] > 0
    logs = server.client("logs")
    streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs", logStreamNamePrefix=f"{name}/algo-1-")["logStreams"]
    assert len(streams) == 1
    lines = [e["message"] for e in logs.get_log_events(logGroupName="/aws/sagemaker/TrainingJobs", logStreamName=streams[0]["logStreamName"], startFromHead=True)["events"]]
    assert lines == ["epoch=0 loss=0.5000", "epoch=1 loss=0.3333", "epoch=2 loss=0.2500"]
    listed = sm.list_training_jobs(StatusEquals="Completed", NameContains=unique)["TrainingJobSummaries"]
    assert [s["TrainingJobName"] for s in listed] == [name]


def test_a_failing_script_reports_its_failure_file(server, setup, unique):
    sm = server.client("sagemaker")
    name = f"failing-{unique}"
    arguments = job_arguments(setup, name)
    arguments["AlgorithmSpecification"]["ContainerEntrypoint"] = ["python3", "-c", "open('/opt/ml/output/failure','w').write('ValueError: column churn is missing'); raise SystemExit(3)"]
    sm.create_training_job(**arguments)
    job = wait(sm, name)
    assert (job["TrainingJobStatus"], job["SecondaryStatus"], job["FailureReason"]) == ("Failed", "Failed", "ValueError: column churn is missing")
    assert "ModelArtifacts" not in job


def test_runtime_limits_and_stopping(server, setup, unique):
    sm = server.client("sagemaker")
    slow = ["python3", "-c", "import time\nprint('working', flush=True)\ntime.sleep(60)"]
    limited = job_arguments(setup, f"limited-{unique}", StoppingCondition={"MaxRuntimeInSeconds": 2})
    limited["AlgorithmSpecification"]["ContainerEntrypoint"] = slow
    sm.create_training_job(**limited)
    stopped = job_arguments(setup, f"stopped-{unique}")
    stopped["AlgorithmSpecification"]["ContainerEntrypoint"] = slow
    sm.create_training_job(**stopped)
    deadline = time.time() + 20
    while sm.describe_training_job(TrainingJobName=f"stopped-{unique}")["SecondaryStatus"] != "Training" and time.time() < deadline:
        time.sleep(0.2)
    sm.stop_training_job(TrainingJobName=f"stopped-{unique}")
    job = wait(sm, f"stopped-{unique}", timeout=30)
    assert (job["TrainingJobStatus"], job["SecondaryStatus"]) == ("Stopped", "Stopped")
    expect_error("ValidationException", sm.stop_training_job, TrainingJobName=f"stopped-{unique}")
    job = wait(sm, f"limited-{unique}", timeout=30)
    assert (job["TrainingJobStatus"], job["SecondaryStatus"]) == ("Stopped", "MaxRuntimeExceeded")


def test_refusals(server, setup, unique):
    sm = server.client("sagemaker")
    iam = server.client("iam")
    iam.create_role(RoleName=f"untrusting-{unique}", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
    untrusting = job_arguments(setup, f"untrusting-{unique}", RoleArn=f"arn:aws:iam::{server.account_id}:role/untrusting-{unique}")
    _, message, _ = expect_error("ValidationException", sm.create_training_job, **untrusting)
    assert "sagemaker.amazonaws.com" in message
    expect_error("ValidationException", sm.create_training_job, **job_arguments(setup, "bad_name"))
    expect_error("ValidationException", sm.create_training_job, **job_arguments(setup, f"out-{unique}", OutputDataConfig={"S3OutputPath": "ftp://x"}))
    key, secret = make_user(server, f"trainer-{unique}", policy(allow("sagemaker:CreateTrainingJob")))
    narrow = server.client("sagemaker", key, secret)
    _, message, _ = expect_error("AccessDeniedException", narrow.create_training_job, **job_arguments(setup, f"nopass-{unique}"))
    assert "iam:PassRole" in message
    expect_error("ResourceNotFound", sm.describe_training_job, TrainingJobName=f"absent-{unique}")
    assert not [s for s in sm.list_training_jobs(NameContains=f"nopass-{unique}")["TrainingJobSummaries"]]


def test_a_job_whose_server_was_killed_ends_failed_with_the_reason():
    """SIGKILL of the server mid-job: the job's sandbox dies with it, and once its lease runs out the restarted server
    fails the job with the reason — nothing stays InProgress forever, and no process of the job lives on."""
    import os
    import signal
    from conftest import Server
    server = Server("sqlite", extra_args=["--job-lease-seconds", "3"])
    try:
        iam = server.client("iam")
        role = iam.create_role(RoleName="training", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        server.client("s3").create_bucket(Bucket="crash-output")
        sm = server.client("sagemaker")
        sm.create_training_job(TrainingJobName="interrupted", RoleArn=role, OutputDataConfig={"S3OutputPath": "s3://crash-output/out"},
                               AlgorithmSpecification={"TrainingImage": "python:3.11", "TrainingInputMode": "File",
                                                       "ContainerEntrypoint": ["python3", "-c", "import time\nprint('running', flush=True)\ntime.sleep(120)"]})
        deadline = time.time() + 20
        while sm.describe_training_job(TrainingJobName="interrupted")["SecondaryStatus"] != "Training" and time.time() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        def read(path):
            try:
                with open(path, "rb") as handle:
                    return handle.read().decode(errors="ignore")
            except OSError:
                return ""
        sandboxes = [p for p in os.listdir("/proc") if p.isdigit() and "time.sleep(120)" in read(f"/proc/{p}/cmdline")]
        assert sandboxes, "the job's process was not running"
        server.stop(signal.SIGKILL)
        time.sleep(0.5)
        assert not [p for p in sandboxes if read(f"/proc/{p}/status") and "State:\tZ" not in read(f"/proc/{p}/status")]
        server.start()
        sm = server.client("sagemaker")
        job = wait(sm, "interrupted", timeout=30)
        assert (job["TrainingJobStatus"], job["SecondaryStatus"]) == ("Failed", "Failed")
        assert "stopped while it ran" in job["FailureReason"]
    finally:
        server.cleanup()


def test_images_map_to_profiles_and_each_job_has_its_own_view_of_the_environment(server, setup, unique):
    """An image URI runs as its profile's environment: no profile is a refusal naming the image, a profile whose Python
    this machine lacks is a job failure naming what to install, and what one job installs stays its own while the
    shared environment stays read-only."""
    from conftest import BOTO_IMAGE
    sm = server.client("sagemaker")
    _, message, _ = expect_error("ValidationException", sm.create_training_job, **job_arguments(setup, f"noimage-{unique}", AlgorithmSpecification={
        "TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-own-image:7", "TrainingInputMode": "File"}))
    assert "my-own-image:7" in message and "image-profiles.json" in message
    expect_error("ResourceNotFound", sm.describe_training_job, TrainingJobName=f"noimage-{unique}")
    ancient = f"ancient-{unique}"
    sm.create_training_job(**job_arguments(setup, ancient, AlgorithmSpecification={
        "TrainingImage": "python:3.1", "TrainingInputMode": "File", "ContainerEntrypoint": ["python3", "-c", "print(1)"]}))
    job = wait(sm, ancient)
    assert job["TrainingJobStatus"] == "Failed" and "install python3.1" in job["FailureReason"]
    # The first job adds a module to its own site-packages and tries to change the shared environment.
    first = r'''
import os, site, sys, boto3
mine = site.getsitepackages()[0]
open(os.path.join(mine, "only_mine.py"), "w").write("VALUE = 1")
shared = os.path.dirname(boto3.__file__)
try:
    open(os.path.join(shared, "tampered.py"), "w").write("x")
    print("shared environment writable")
except OSError:
    print("shared environment read-only")
import only_mine
print("mine", only_mine.VALUE, sys.prefix)
'''
    second = r'''
try:
    import only_mine
    print("saw the other job's module")
except ImportError:
    print("clean")
import boto3, os
print("tampered" if os.path.exists(os.path.join(os.path.dirname(boto3.__file__), "tampered.py")) else "untouched")
'''
    for name, script in ((f"writer-{unique}", first), (f"reader-{unique}", second)):
        sm.create_training_job(**job_arguments(setup, name, AlgorithmSpecification={
            "TrainingImage": BOTO_IMAGE, "TrainingInputMode": "File", "ContainerEntrypoint": ["python3", "-c", script]}))
        assert wait(sm, name)["TrainingJobStatus"] == "Completed"
    logs = server.client("logs")

    def output(name):
        stream = logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs", logStreamNamePrefix=f"{name}/")["logStreams"][0]["logStreamName"]
        return [e["message"] for e in logs.get_log_events(logGroupName="/aws/sagemaker/TrainingJobs", logStreamName=stream)["events"]]

    assert output(f"writer-{unique}")[-2:] == ["shared environment read-only", "mine 1 /opt/slipway/venv"]
    assert output(f"reader-{unique}")[-2:] == ["clean", "untouched"]


def test_the_aws_cli_follows_a_running_jobs_output_and_shows_its_metrics(server, setup, unique):
    """What `aws logs tail --follow` does (a CLI v2 command; v1 is what installs here), done with v1's
    filter-log-events while the job runs: each line shows up while the job is still InProgress; then
    `aws sagemaker describe-training-job` shows the metrics its definitions picked out."""
    name = f"followed-{unique}"
    script = "import time\nfor i in range(4):\n    print(f'step {i} loss={1 / (i + 1):.3f}', flush=True)\n    time.sleep(0.7)\n"
    arguments = job_arguments(setup, name, AlgorithmSpecification={
        "TrainingImage": "python:3.11", "TrainingInputMode": "File", "ContainerEntrypoint": ["python3", "-c", script],
        "MetricDefinitions": [{"Name": "train:loss", "Regex": r"loss=([0-9.]+)"}]})
    server.client("sagemaker").create_training_job(**arguments)
    seen_while_running = set()
    deadline = time.time() + 60
    while time.time() < deadline:
        status = json.loads(server.aws("sagemaker", "describe-training-job", "--training-job-name", name).stdout)["TrainingJobStatus"]
        found = server.aws("logs", "filter-log-events", "--log-group-name", "/aws/sagemaker/TrainingJobs", "--log-stream-name-prefix", f"{name}/",
                           check=False)
        if found.returncode == 0:
            lines = {e["message"] for e in json.loads(found.stdout)["events"]}
            if status == "InProgress":
                seen_while_running |= lines
        if status != "InProgress":
            break
        time.sleep(0.2)
    assert status == "Completed"
    assert {"step 0 loss=1.000", "step 1 loss=0.500"} <= seen_while_running, seen_while_running
    described = json.loads(server.aws("sagemaker", "describe-training-job", "--training-job-name", name).stdout)
    assert [(m["MetricName"], m["Value"]) for m in described["FinalMetricDataList"]] == [("train:loss", 0.25)]


def test_jobs_are_tagged_with_sagemakers_tags(server, setup, unique):
    sm = server.client("sagemaker")
    name = f"tagged-{unique}"
    arguments = job_arguments(setup, name, Tags=[{"Key": "team", "Value": "ml"}], AlgorithmSpecification={
        "TrainingImage": "python:3.11", "TrainingInputMode": "File", "ContainerEntrypoint": ["python3", "-c", "print(1)"]})
    arn = sm.create_training_job(**arguments)["TrainingJobArn"]
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "ml"}]
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "stage", "Value": "dev"}])
    assert {t["Key"] for t in sm.list_tags(ResourceArn=arn)["Tags"]} == {"team", "stage"}
    key, secret = make_user(server, f"untagger-{unique}", policy(allow("sagemaker:CreateTrainingJob"), allow("iam:PassRole", setup["role"])))
    denied = f"denied-{unique}"
    expect_error("AccessDeniedException", server.client("sagemaker", key, secret).create_training_job, **job_arguments(setup, denied, Tags=[{"Key": "a", "Value": "b"}]))
    expect_error("ResourceNotFound", sm.describe_training_job, TrainingJobName=denied)
    expect_error("ResourceNotFound", sm.list_tags, ResourceArn=arn.replace(name, f"missing-{unique}"))
    assert wait(sm, name)["TrainingJobStatus"] == "Completed"


AWS2 = os.environ.get("SLIPWAY_TEST_AWS2", os.path.expanduser("~/.cache/slipway-test/awscli-v2/bin/aws2"))


def test_aws_logs_tail_follows_a_running_job(server, setup, unique):
    """`aws logs tail /aws/sagemaker/TrainingJobs --follow` (AWS CLI v2) prints a running job's lines while it runs."""
    import subprocess
    import threading
    assert os.path.exists(AWS2), f"the AWS CLI v2 is missing at {AWS2}: scripts/setup-test-deps installs it"
    sm = server.client("sagemaker")
    name = f"tailed-{unique}"
    script = "import time\nfor i in range(12):\n    print(f'tick {i}', flush=True)\n    time.sleep(1)\n"
    sm.create_training_job(**job_arguments(setup, name, AlgorithmSpecification={
        "TrainingImage": "python:3.11", "TrainingInputMode": "File", "ContainerEntrypoint": ["python3", "-c", script]}))
    logs = server.client("logs")
    deadline = time.time() + 30
    while time.time() < deadline:  # the job has started logging
        try:
            if logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs", logStreamNamePrefix=f"{name}/")["logStreams"]:
                break
        except logs.exceptions.ResourceNotFoundException:
            pass
        time.sleep(0.1)
    # This CLI predates AWS_ENDPOINT_URL: the endpoint is given, and a refusing proxy keeps anything else on loopback.
    environment = dict(server.cli_env(), HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9", NO_PROXY="127.0.0.1,localhost")
    tail = subprocess.Popen([AWS2, "logs", "tail", "/aws/sagemaker/TrainingJobs", "--follow", "--log-stream-name-prefix", f"{name}/", "--format", "short",
                             "--endpoint-url", server.endpoint], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []

    def read():
        for line in tail.stdout:
            seen.append((line.strip(), sm.describe_training_job(TrainingJobName=name)["TrainingJobStatus"]))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        wait(sm, name, timeout=60)
        time.sleep(6)  # the CLI polls every few seconds
    finally:
        tail.terminate()
        tail.wait(timeout=10)
    reader.join(timeout=5)
    while_running = [line for line, status in seen if status == "InProgress"]
    assert any(line.endswith("tick 0") for line in while_running), (seen, tail.stderr.read())
    assert any(line.endswith("tick 11") for line, _ in seen), seen
