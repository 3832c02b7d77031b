"""SageMaker processing jobs through boto3: each runs for real in a sandbox under SageMaker's processing contract —
inputs downloaded to their LocalPath under /opt/ml/processing, processingjobconfig.json, the role's credentials,
each output's LocalPath uploaded to its S3Uri, /opt/ml/output/message as the exit message — with its output in
/aws/sagemaker/ProcessingJobs."""

import json
import time

import pytest

from conftest import BOTO_IMAGE
from helpers import allow, expect_error, make_user, policy

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})

PREPROCESS = r'''
import json, os, sys, boto3
rows = [line.split(",") for line in open("/opt/ml/processing/input/raw/data.csv").read().split()]
config = json.load(open("/opt/ml/config/processingjobconfig.json"))
train = [r for i, r in enumerate(rows) if i % 2 == 0]
test = [r for i, r in enumerate(rows) if i % 2 == 1]
os.makedirs("/opt/ml/processing/train/part", exist_ok=True)
open("/opt/ml/processing/train/part/train.csv", "w").write("\n".join(",".join(r) for r in train))
open("/opt/ml/processing/test/test.csv", "w").write("\n".join(",".join(r) for r in test))
identity = boto3.client("sts").get_caller_identity()["Arn"]
json.dump({"job": config["ProcessingJobName"], "outputs": [o["OutputName"] for o in config["ProcessingOutputConfig"]["Outputs"]],
           "identity": identity, "args": sys.argv[1:], "env": os.environ.get("STAGE"), "uid": os.getuid()},
          open("/opt/ml/processing/test/report.json", "w"))
print(f"split {len(rows)} rows", flush=True)
open("/opt/ml/output/message", "w").write("split done")
'''


def wait(sm, name, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = sm.describe_processing_job(ProcessingJobName=name)
        if job["ProcessingJobStatus"] in ("Completed", "Failed", "Stopped"):
            return job
        time.sleep(0.25)
    raise AssertionError(f"{name} did not finish: {job['ProcessingJobStatus']}")


@pytest.fixture(scope="module")
def setup(server):
    iam = server.client("iam")
    role = iam.create_role(RoleName="processing", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName="processing", PolicyName="data", PolicyDocument=policy(allow(["s3:*", "sts:GetCallerIdentity"])))
    s3 = server.client("s3")
    bucket = "processing-data"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="raw/data.csv", Body=b"1,0\n2,1\n3,0\n4,1\n5,0\n")
    s3.put_object(Bucket=bucket, Key="code/preprocess.py", Body=PREPROCESS.encode())
    return {"role": role, "bucket": bucket}


def job_arguments(setup, name, entrypoint=None, **extra):
    bucket = setup["bucket"]
    arguments = {
        "ProcessingJobName": name, "RoleArn": setup["role"],
        "AppSpecification": {"ImageUri": BOTO_IMAGE,
                             "ContainerEntrypoint": entrypoint or ["python3", "/opt/ml/processing/input/code/preprocess.py"],
                             "ContainerArguments": ["--split", "0.5"]},
        "ProcessingResources": {"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 10}},
        "ProcessingInputs": [
            {"InputName": "raw", "S3Input": {"S3Uri": f"s3://{bucket}/raw", "LocalPath": "/opt/ml/processing/input/raw",
                                             "S3DataType": "S3Prefix", "S3InputMode": "File"}},
            {"InputName": "code", "S3Input": {"S3Uri": f"s3://{bucket}/code/preprocess.py", "LocalPath": "/opt/ml/processing/input/code",
                                              "S3DataType": "S3Prefix", "S3InputMode": "File"}},
        ],
        "ProcessingOutputConfig": {"Outputs": [
            {"OutputName": "train", "S3Output": {"S3Uri": f"s3://{bucket}/{name}/train", "LocalPath": "/opt/ml/processing/train", "S3UploadMode": "EndOfJob"}},
            {"OutputName": "test", "S3Output": {"S3Uri": f"s3://{bucket}/{name}/test", "LocalPath": "/opt/ml/processing/test", "S3UploadMode": "EndOfJob"}},
        ]},
        "StoppingCondition": {"MaxRuntimeInSeconds": 600},
        "Environment": {"STAGE": "dev"},
    }
    arguments.update(extra)
    return arguments


def test_a_script_processes_its_inputs_and_its_outputs_are_uploaded(server, setup, unique):
    sm, s3 = server.client("sagemaker"), server.client("s3")
    name = f"split-{unique}"
    arn = sm.create_processing_job(**job_arguments(setup, name))["ProcessingJobArn"]
    assert arn.endswith(f":processing-job/{name}")
    job = wait(sm, name)
    assert job["ProcessingJobStatus"] == "Completed", job.get("FailureReason")
    assert job["ExitMessage"] == "split done"
    assert job["ProcessingStartTime"] <= job["ProcessingEndTime"]
    assert job["Environment"] == {"STAGE": "dev"}
    bucket = setup["bucket"]
    train = s3.get_object(Bucket=bucket, Key=f"{name}/train/part/train.csv")["Body"].read().decode()
    assert train.split() == ["1,0", "3,0", "5,0"]
    assert s3.get_object(Bucket=bucket, Key=f"{name}/test/test.csv")["Body"].read().decode().split() == ["2,1", "4,1"]
    report = json.loads(s3.get_object(Bucket=bucket, Key=f"{name}/test/report.json")["Body"].read())
    assert report["job"] == name and report["outputs"] == ["train", "test"] and report["args"] == ["--split", "0.5"]
    assert report["env"] == "dev" and report["uid"] != 0
    assert ":assumed-role/processing/" in report["identity"]
    logs = server.client("logs")
    streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/ProcessingJobs", logStreamNamePrefix=f"{name}/")["logStreams"]
    assert len(streams) == 1 and streams[0]["logStreamName"].startswith(f"{name}/algo-1-")
    events = logs.get_log_events(logGroupName="/aws/sagemaker/ProcessingJobs", logStreamName=streams[0]["logStreamName"])["events"]
    assert "split 5 rows" in [e["message"] for e in events]
    summaries = sm.list_processing_jobs(NameContains=name)["ProcessingJobSummaries"]
    assert [(s["ProcessingJobName"], s["ProcessingJobStatus"]) for s in summaries] == [(name, "Completed")]


def test_a_failing_script_fails_the_job_and_uploads_nothing(server, setup, unique):
    sm, s3 = server.client("sagemaker"), server.client("s3")
    name = f"broken-{unique}"
    script = "open('/opt/ml/output/failure','w').write('ValueError: no rows'); raise SystemExit(3)"
    sm.create_processing_job(**job_arguments(setup, name, entrypoint=["python3", "-c", script]))
    job = wait(sm, name)
    assert job["ProcessingJobStatus"] == "Failed"
    assert job["FailureReason"] == "ValueError: no rows"
    assert s3.list_objects_v2(Bucket=setup["bucket"], Prefix=f"{name}/")["KeyCount"] == 0


def test_stopping_and_the_runtime_limit(server, setup, unique):
    sm = server.client("sagemaker")
    slow = ["python3", "-c", "import time; time.sleep(120)"]
    name = f"stopped-{unique}"
    sm.create_processing_job(**job_arguments(setup, name, entrypoint=slow))
    deadline = time.time() + 30
    while time.time() < deadline and "ProcessingStartTime" not in sm.describe_processing_job(ProcessingJobName=name):
        time.sleep(0.1)
    sm.stop_processing_job(ProcessingJobName=name)
    assert wait(sm, name)["ProcessingJobStatus"] == "Stopped"
    assert "status Stopped" in expect_error("ValidationException", lambda: sm.stop_processing_job(ProcessingJobName=name))[1]
    limited = f"limited-{unique}"
    sm.create_processing_job(**job_arguments(setup, limited, entrypoint=slow, StoppingCondition={"MaxRuntimeInSeconds": 1}))
    job = wait(sm, limited)
    assert job["ProcessingJobStatus"] == "Stopped"
    assert "MaxRuntimeInSeconds" in job["FailureReason"]


def test_refusals(server, setup, unique):
    sm = server.client("sagemaker")
    name = f"refused-{unique}"
    bad_path = job_arguments(setup, name)
    bad_path["ProcessingInputs"][0]["S3Input"]["LocalPath"] = "/etc/raw"
    assert "/opt/ml/processing" in expect_error("ValidationException", lambda: sm.create_processing_job(**bad_path))[1]
    escape = job_arguments(setup, name)
    escape["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["LocalPath"] = "/opt/ml/processing/../../../etc"
    assert "/opt/ml/processing" in expect_error("ValidationException", lambda: sm.create_processing_job(**escape))[1]
    duplicate = job_arguments(setup, name)
    duplicate["ProcessingInputs"][1]["InputName"] = "raw"
    assert "unique" in expect_error("ValidationException", lambda: sm.create_processing_job(**duplicate))[1]
    overlap = job_arguments(setup, name)
    overlap["ProcessingOutputConfig"]["Outputs"][1]["S3Output"]["LocalPath"] = "/opt/ml/processing/train/inner"
    assert "overlap" in expect_error("ValidationException", lambda: sm.create_processing_job(**overlap))[1]
    nope = job_arguments(setup, name, RoleArn=setup["role"].replace("role/processing", "role/nope"))
    assert "Could not assume role" in expect_error("ValidationException", lambda: sm.create_processing_job(**nope))[1]
    assert "never-made" in expect_error("ResourceNotFound", lambda: sm.describe_processing_job(ProcessingJobName="never-made"))[1]
    assert sm.list_processing_jobs(NameContains=name)["ProcessingJobSummaries"] == []
    sm.create_processing_job(**job_arguments(setup, name))
    assert name in expect_error("ResourceInUse", lambda: sm.create_processing_job(**job_arguments(setup, name)))[1]
    assert wait(sm, name)["ProcessingJobStatus"] == "Completed"


def test_a_user_without_pass_role_cannot_start_a_job(server, setup, unique):
    key, secret = make_user(server, f"scientist-{unique}", policy(allow(["sagemaker:CreateProcessingJob"])))
    sm = server.client("sagemaker", key, secret)
    assert "iam:PassRole" in expect_error("AccessDeniedException", lambda: sm.create_processing_job(**job_arguments(setup, f"denied-{unique}")))[1]
