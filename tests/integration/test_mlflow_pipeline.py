"""A SageMaker pipeline whose steps track to a managed MLflow server: the training step logs its parameters, metrics
and a scikit-learn model to the server by its ARN (Slipway gives every job SAGEMAKER_MLFLOW_CUSTOM_ENDPOINT), the
evaluation step loads that model back by its runs:/ URI and logs its score; the runs are then read through the
server's presigned UI URL with a plain HTTP client."""

import json
import time

import pytest
import requests

from conftest import MLFLOW_IMAGE
from helpers import allow, policy

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})

TRAIN = r'''
import os
import mlflow
import numpy as np
from sklearn.linear_model import LogisticRegression

mlflow.set_tracking_uri(os.environ["TRACKING_ARN"])
mlflow.set_experiment("churn-pipeline")
features = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
labels = np.array([0, 0, 0, 1, 1, 1])
with mlflow.start_run(run_name="train") as run:
    model = LogisticRegression(C=0.5).fit(features, labels)
    mlflow.log_param("C", 0.5)
    mlflow.log_metric("train_accuracy", float(model.score(features, labels)))
    mlflow.sklearn.log_model(model, name="model")
    open("/opt/ml/model/run_id", "w").write(run.info.run_id)
print("tracked run", run.info.run_id, flush=True)
'''

EVALUATE = r'''
import json, os, tarfile
import mlflow
import numpy as np

with tarfile.open("/opt/ml/processing/model/model.tar.gz") as archive:
    archive.extractall("/tmp/model")
run_id = open("/tmp/model/run_id").read().strip()
mlflow.set_tracking_uri(os.environ["TRACKING_ARN"])
mlflow.set_experiment("churn-pipeline")
model = mlflow.sklearn.load_model(f"runs:/{run_id}/model")
accuracy = float((model.predict(np.array([[0.5], [4.5], [1.0], [5.0]])) == np.array([0, 1, 0, 1])).mean())
with mlflow.start_run(run_name="evaluate"):
    mlflow.log_param("trained_run", run_id)
    mlflow.log_metric("accuracy", accuracy)
os.makedirs("/opt/ml/processing/evaluation", exist_ok=True)
json.dump({"accuracy": accuracy}, open("/opt/ml/processing/evaluation/evaluation.json", "w"))
'''


@pytest.fixture
def tracked(fresh_server):
    server = fresh_server
    iam, s3, sm = server.client("iam"), server.client("s3"), server.client("sagemaker")
    role = iam.create_role(RoleName="pipeline", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName="pipeline", PolicyName="work", PolicyDocument=policy(
        allow(["s3:*", "sagemaker:Create*Job", "sagemaker:Describe*Job", "sagemaker:Stop*Job", "sagemaker:AddTags", "iam:PassRole"]),
        allow("sagemaker-mlflow:*", f"arn:aws:sagemaker:us-east-1:{server.account_id}:mlflow-tracking-server/team")))
    s3.create_bucket(Bucket="pipeline-work")
    s3.put_object(Bucket="pipeline-work", Key="code/train.py", Body=TRAIN.encode())
    s3.put_object(Bucket="pipeline-work", Key="code/evaluate.py", Body=EVALUATE.encode())
    arn = sm.create_mlflow_tracking_server(TrackingServerName="team", ArtifactStoreUri="s3://pipeline-work/mlflow", RoleArn=role)["TrackingServerArn"]
    deadline = time.time() + 900
    while time.time() < deadline and sm.describe_mlflow_tracking_server(TrackingServerName="team")["TrackingServerStatus"] == "Creating":
        time.sleep(0.5)
    assert sm.describe_mlflow_tracking_server(TrackingServerName="team")["TrackingServerStatus"] == "Created"
    return server, role, arn


def definition(role, arn):
    environment = {"TRACKING_ARN": arn, "MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"}
    train = {"Name": "Train", "Type": "Training", "Arguments": {
        "AlgorithmSpecification": {"TrainingImage": MLFLOW_IMAGE, "TrainingInputMode": "File",
                                   "ContainerEntrypoint": ["python3", "/opt/ml/input/data/code/train.py"]},
        "OutputDataConfig": {"S3OutputPath": "s3://pipeline-work/models"}, "RoleArn": role, "Environment": environment,
        "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 1}, "StoppingCondition": {"MaxRuntimeInSeconds": 900},
        "InputDataConfig": [{"ChannelName": "code", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://pipeline-work/code/train.py"}}}]}}
    evaluate = {"Name": "Evaluate", "Type": "Processing", "Arguments": {
        "ProcessingResources": {"ClusterConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1}},
        "AppSpecification": {"ImageUri": MLFLOW_IMAGE, "ContainerEntrypoint": ["python3", "/opt/ml/processing/code/evaluate.py"]},
        "RoleArn": role, "Environment": environment,
        "ProcessingInputs": [
            {"InputName": "code", "S3Input": {"S3Uri": "s3://pipeline-work/code/evaluate.py", "LocalPath": "/opt/ml/processing/code", "S3DataType": "S3Prefix"}},
            {"InputName": "model", "S3Input": {"S3Uri": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"},
                                               "LocalPath": "/opt/ml/processing/model", "S3DataType": "S3Prefix"}}],
        "ProcessingOutputConfig": {"Outputs": [{"OutputName": "evaluation", "S3Output": {
            "S3Uri": "s3://pipeline-work/evaluation", "LocalPath": "/opt/ml/processing/evaluation", "S3UploadMode": "EndOfJob"}}]}}}
    return json.dumps({"Version": "2020-12-01", "Steps": [train, evaluate]})


def test_a_pipeline_tracks_to_mlflow_and_its_runs_show_in_the_ui(tracked):
    server, role, arn = tracked
    sm = server.client("sagemaker")
    sm.create_pipeline(PipelineName="churn", PipelineDefinition=definition(role, arn), RoleArn=role)
    execution = sm.start_pipeline_execution(PipelineName="churn")["PipelineExecutionArn"]
    deadline = time.time() + 1500
    while time.time() < deadline:
        status = sm.describe_pipeline_execution(PipelineExecutionArn=execution)["PipelineExecutionStatus"]
        if status not in ("Executing", "Stopping"):
            break
        time.sleep(1)
    steps = sm.list_pipeline_execution_steps(PipelineExecutionArn=execution)["PipelineExecutionSteps"]
    assert status == "Succeeded", steps
    evaluation = json.loads(server.client("s3").get_object(Bucket="pipeline-work", Key="evaluation/evaluation.json")["Body"].read())
    assert evaluation == {"accuracy": 1.0}

    url = sm.create_presigned_mlflow_tracking_server_url(TrackingServerName="team")["AuthorizedUrl"]
    browser = requests.Session()
    page = browser.get(url, timeout=30)
    assert page.status_code == 200
    base = page.url.rstrip("/")
    experiment = browser.get(f"{base}/ajax-api/2.0/mlflow/experiments/get-by-name", params={"experiment_name": "churn-pipeline"}, timeout=30)
    assert experiment.status_code == 200, experiment.text
    experiment_id = experiment.json()["experiment"]["experiment_id"]
    runs = browser.post(f"{base}/ajax-api/2.0/mlflow/runs/search", json={"experiment_ids": [experiment_id]}, timeout=30).json()["runs"]
    by_name = {run["info"]["run_name"]: run for run in runs}
    assert set(by_name) == {"train", "evaluate"}
    metrics = {metric["key"]: metric["value"] for metric in by_name["evaluate"]["data"]["metrics"]}
    assert metrics == {"accuracy": 1.0}
    params = {param["key"]: param["value"] for param in by_name["evaluate"]["data"]["params"]}
    assert params["trained_run"] == by_name["train"]["info"]["run_id"]
