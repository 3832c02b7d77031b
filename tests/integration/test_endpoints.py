"""SageMaker models, endpoint configurations and endpoints through boto3, served for real: a model trained by a
training job in the test, registered and approved as a model package with a sagemaker-xgboost image, deployed to an
endpoint whose model servers run sandboxed, and `sagemaker-runtime InvokeEndpoint` answering with the model's own
predictions; updates move traffic blue/green without a failed invocation; a model that does not start fails the
endpoint (or the update) with SageMaker's reason; endpoints come back after a SIGKILL of Slipway."""

import base64
import hashlib
import io
import json
import os
import random
import re
import signal
import tarfile
import threading
import time

import botocore.exceptions
import pytest

from conftest import Server
from helpers import allow, expect_error, make_user, policy, run_sdk_script

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
SKLEARN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
FAST = {"Delay": 1, "MaxAttempts": 600}

# Trains a small XGBoost regressor on the train channel and writes its own predictions for the test rows, so the
# test can compare what the endpoint answers with what the model predicts.
TRAIN_XGBOOST = r'''
import json, numpy as np, xgboost as xgb
rounds = int(json.load(open("/opt/ml/input/config/hyperparameters.json")).get("num_round", "10"))
data = np.loadtxt("/opt/ml/input/data/train/train.csv", delimiter=",")
booster = xgb.train({"objective": "reg:squarederror", "max_depth": 3, "eta": 0.3, "seed": 1},
                    xgb.DMatrix(data[:, 1:], label=data[:, 0]), num_boost_round=rounds)
booster.save_model("/opt/ml/model/xgboost-model")
test = np.loadtxt("/opt/ml/input/data/train/test.csv", delimiter=",", ndmin=2)
json.dump([float(p) for p in booster.predict(xgb.DMatrix(test))], open("/opt/ml/output/data/predictions.json", "w"))
'''

# A scikit-learn model and its inference script, as the SageMaker scikit-learn estimator packs them.
TRAIN_SKLEARN = r'''
import json, os, shutil, joblib, numpy as np
from sklearn.linear_model import LinearRegression
data = np.loadtxt("/opt/ml/input/data/train/train.csv", delimiter=",")
model = LinearRegression().fit(data[:, 1:], data[:, 0])
joblib.dump(model, "/opt/ml/model/model.joblib")
os.makedirs("/opt/ml/model/code")
shutil.copy("/opt/ml/input/data/code/inference.py", "/opt/ml/model/code/inference.py")
test = np.loadtxt("/opt/ml/input/data/train/test.csv", delimiter=",", ndmin=2)
json.dump([float(p) for p in model.predict(test)], open("/opt/ml/output/data/predictions.json", "w"))
'''

INFERENCE = r'''
import json, os, joblib, numpy as np

def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, "model.joblib"))

def input_fn(body, content_type):
    assert content_type == "application/json", content_type
    return np.array(json.loads(body)["instances"])

def predict_fn(data, model):
    return model.predict(data)

def output_fn(prediction, accept):
    import boto3
    identity = boto3.client("sts").get_caller_identity()["Arn"]
    return json.dumps({"predictions": prediction.tolist(), "accept": accept, "identity": identity}), "application/json"
'''

BROKEN = r'''
def model_fn(model_dir):
    raise RuntimeError("this model cannot be loaded")
'''


def dataset(seed, rows):
    generator = random.Random(seed)
    lines = []
    for _ in range(rows):
        x = [round(generator.uniform(-2, 2), 3) for _ in range(4)]
        y = 2 * x[0] - x[1] + 0.5 * x[2] * x[3] + generator.gauss(0, 0.05)
        lines.append(",".join(str(v) for v in [round(y, 4)] + x))
    return "\n".join(lines) + "\n"


TEST_ROWS = [[0.5, -1.0, 1.5, 0.25], [-1.2, 0.3, 0.0, 1.9], [1.9, 1.9, -1.9, -1.9]]


def tarball(files):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, body in files.items():
            data = body.encode() if isinstance(body, str) else body
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def untar(data):
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        return {member.name.lstrip("./"): archive.extractfile(member).read() for member in archive.getmembers() if member.isfile()}


def train(server, setup, name, image, script, rounds=10):
    """Runs a training job and returns (model data URL, the model's own predictions of TEST_ROWS)."""
    sm = server.client("sagemaker")
    bucket = setup["bucket"]
    channels = [{"ChannelName": "train", "DataSource": {"S3DataSource": {
        "S3DataType": "S3Prefix", "S3Uri": f"s3://{bucket}/data/", "S3DataDistributionType": "FullyReplicated"}}}]
    if "code" in script:
        channels.append({"ChannelName": "code", "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": f"s3://{bucket}/code/", "S3DataDistributionType": "FullyReplicated"}}})
    sm.create_training_job(
        TrainingJobName=name, RoleArn=setup["role"], HyperParameters={"num_round": str(rounds)},
        AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File", "ContainerEntrypoint": ["python3", "-c", script]},
        InputDataConfig=channels, OutputDataConfig={"S3OutputPath": f"s3://{bucket}/models"},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
        StoppingCondition={"MaxRuntimeInSeconds": 1800})
    deadline = time.time() + 1800
    while time.time() < deadline:
        job = sm.describe_training_job(TrainingJobName=name)
        if job["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"):
            break
        time.sleep(1)
    assert job["TrainingJobStatus"] == "Completed", job.get("FailureReason")
    output = server.client("s3").get_object(Bucket=bucket, Key=f"models/{name}/output/output.tar.gz")["Body"].read()
    return job["ModelArtifacts"]["S3ModelArtifacts"], json.loads(untar(output)["predictions.json"])


def csv_body(rows):
    return "\n".join(",".join(str(v) for v in row) for row in rows)


def numbers(text):
    return [float(v) for v in text.replace("\n", ",").split(",") if v.strip()]


def invoke(server, endpoint, body, content_type="text/csv", accept=None, **extra):
    runtime = server.client("sagemaker-runtime")
    arguments = {"EndpointName": endpoint, "Body": body, "ContentType": content_type, **extra}
    if accept:
        arguments["Accept"] = accept
    return runtime.invoke_endpoint(**arguments)


class Load:
    """Invocations of an endpoint sent without pause from four threads until stopped: every answer, every failure."""

    def __init__(self, server, endpoint):
        self.answers, self.failures, self.stop = [], [], threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(server.client("sagemaker-runtime"), endpoint)) for _ in range(4)]

    def run(self, runtime, endpoint):
        while not self.stop.is_set():
            try:
                body = runtime.invoke_endpoint(EndpointName=endpoint, Body=csv_body(TEST_ROWS), ContentType="text/csv")["Body"].read()
                self.answers.append(numbers(body.decode()))
            except Exception as error:  # noqa: BLE001 - every failure is the finding
                self.failures.append(repr(error))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()


@pytest.fixture(scope="module")
def hosting():
    srv = Server("sqlite")
    yield srv
    srv.cleanup()


@pytest.fixture(scope="module")
def setup(hosting):
    iam = hosting.client("iam")
    role = iam.create_role(RoleName="sagemaker-execution", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName="sagemaker-execution", PolicyName="data", PolicyDocument=policy(allow(["s3:*"])))
    s3 = hosting.client("s3")
    bucket = "modelops-artifacts"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="data/train.csv", Body=dataset(7, 400).encode())
    s3.put_object(Bucket=bucket, Key="data/test.csv", Body=csv_body(TEST_ROWS).encode())
    s3.put_object(Bucket=bucket, Key="code/inference.py", Body=INFERENCE.encode())
    return {"role": role, "bucket": bucket}


@pytest.fixture(scope="module")
def xgboost_models(hosting, setup):
    """Two versions of the XGBoost model, trained by training jobs on the sagemaker-xgboost image."""
    return [train(hosting, setup, f"xgb-v{version}", XGBOOST, TRAIN_XGBOOST, rounds=rounds) for version, rounds in ((1, 5), (2, 25))]


def register(server, group, model_url):
    """A model package of `group` with the sagemaker-xgboost image, approved; its ARN."""
    sm = server.client("sagemaker")
    try:
        sm.create_model_package_group(ModelPackageGroupName=group)
    except botocore.exceptions.ClientError:
        pass
    arn = sm.create_model_package(
        ModelPackageGroupName=group, ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={"Containers": [{"Image": XGBOOST, "ModelDataUrl": model_url}],
                                "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]})["ModelPackageArn"]
    sm.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved")
    return arn


def deploy(server, setup, name, container, variant="AllTraffic", count=1, capture=None, startup=None):
    """A model and endpoint configuration named `name`; the configuration's name."""
    sm = server.client("sagemaker")
    sm.create_model(ModelName=name, ExecutionRoleArn=setup["role"], Containers=[container])
    variant_config = {"VariantName": variant, "ModelName": name, "InitialInstanceCount": count, "InstanceType": "ml.m5.large"}
    if startup:
        variant_config["ContainerStartupHealthCheckTimeoutInSeconds"] = startup
    arguments = {"EndpointConfigName": name, "ProductionVariants": [variant_config]}
    if capture:
        arguments["DataCaptureConfig"] = capture
    sm.create_endpoint_config(**arguments)
    return name


def test_an_approved_xgboost_package_serves_the_models_own_predictions(hosting, setup, xgboost_models):
    """(a) A package of the trained model, approved, deployed through CreateModel(ModelPackageName): the endpoint goes
    Creating → InService, and CSV and JSON answers equal the model's own predictions."""
    sm = hosting.client("sagemaker")
    (model_url, expected), _ = xgboost_models
    package = register(hosting, "churn-models", model_url)
    deploy(hosting, setup, "churn-v1", {"ModelPackageName": package}, count=2)
    arn = sm.create_endpoint(EndpointName="churn", EndpointConfigName="churn-v1")["EndpointArn"]
    assert arn == "arn:aws:sagemaker:us-east-1:111111111111:endpoint/churn"
    described = sm.describe_endpoint(EndpointName="churn")
    assert described["EndpointStatus"] in ("Creating", "InService")
    _, message, _ = expect_error("ValidationException", sm.create_endpoint, EndpointName="churn", EndpointConfigName="churn-v1")
    assert message == 'Cannot create already existing endpoint "arn:aws:sagemaker:us-east-1:111111111111:endpoint/churn".'

    sm.get_waiter("endpoint_in_service").wait(EndpointName="churn", WaiterConfig=FAST)
    described = sm.describe_endpoint(EndpointName="churn")
    assert described["EndpointConfigName"] == "churn-v1" and "FailureReason" not in described
    [variant] = described["ProductionVariants"]
    assert variant["VariantName"] == "AllTraffic" and variant["CurrentInstanceCount"] == 2 and variant["CurrentWeight"] == 1.0
    assert variant["DeployedImages"][0]["SpecifiedImage"] == XGBOOST

    model = sm.describe_model(ModelName="churn-v1")
    assert model["Containers"] == [{"ModelPackageName": package}] and model["ExecutionRoleArn"] == setup["role"]

    answer = invoke(hosting, "churn", csv_body(TEST_ROWS))
    assert answer["ContentType"].startswith("text/csv") and answer["InvokedProductionVariant"] == "AllTraffic"
    assert numbers(answer["Body"].read().decode()) == pytest.approx(expected, rel=1e-6)
    answer = invoke(hosting, "churn", csv_body(TEST_ROWS), accept="application/json")
    scores = [p["score"] for p in json.loads(answer["Body"].read())["predictions"]]
    assert scores == pytest.approx(expected, rel=1e-6)
    # The same answer as an event stream of payload parts.
    stream = hosting.client("sagemaker-runtime").invoke_endpoint_with_response_stream(
        EndpointName="churn", Body=csv_body(TEST_ROWS), ContentType="text/csv")
    assert stream["InvokedProductionVariant"] == "AllTraffic"
    payload = b"".join(event["PayloadPart"]["Bytes"] for event in stream["Body"])
    assert numbers(payload.decode()) == pytest.approx(expected, rel=1e-6)
    # One row at a time, spread over both instances.
    for row, want in zip(TEST_ROWS, expected):
        assert numbers(invoke(hosting, "churn", csv_body([row]))["Body"].read().decode()) == pytest.approx([want], rel=1e-6)

    # The model servers write to the endpoint's log group, one stream per instance.
    logs = hosting.client("logs")
    streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/Endpoints/churn")["logStreams"]
    assert len([s for s in streams if s["logStreamName"].startswith("AllTraffic/i-")]) == 2

    assert [e["EndpointName"] for e in sm.list_endpoints(NameContains="chur")["Endpoints"]] == ["churn"]
    assert sm.list_endpoints(StatusEquals="Failed")["Endpoints"] == []


def test_a_newer_approved_version_moves_the_endpoint_blue_green_without_a_failed_invocation(hosting, setup, xgboost_models):
    """(b) A newer version deployed with UpdateEndpoint: Updating with a PendingDeploymentSummary, every invocation made
    meanwhile answered, then InService on the new configuration with the new model's predictions; deleting the old
    model and configuration changes nothing that serves."""
    sm = hosting.client("sagemaker")
    (old_url, old_expected), (new_url, new_expected) = xgboost_models
    assert old_expected != pytest.approx(new_expected)
    deploy(hosting, setup, "blue", {"Image": XGBOOST, "ModelDataUrl": old_url})
    sm.create_endpoint(EndpointName="bluegreen", EndpointConfigName="blue")
    sm.get_waiter("endpoint_in_service").wait(EndpointName="bluegreen", WaiterConfig=FAST)
    # A copy of the new model's data, which this test overwrites later.
    source_bucket, source_key = new_url[len("s3://"):].split("/", 1)
    hosting.client("s3").copy_object(Bucket=source_bucket, Key="copies/green/model.tar.gz", CopySource={"Bucket": source_bucket, "Key": source_key})
    new_url = f"s3://{source_bucket}/copies/green/model.tar.gz"
    package = register(hosting, "bluegreen-models", new_url)
    deploy(hosting, setup, "green", {"ModelPackageName": package})

    with Load(hosting, "bluegreen") as load:
        time.sleep(0.5)
        sm.update_endpoint(EndpointName="bluegreen", EndpointConfigName="green")
        described = sm.describe_endpoint(EndpointName="bluegreen")
        if described["EndpointStatus"] == "Updating":
            assert described["PendingDeploymentSummary"]["EndpointConfigName"] == "green"
            assert described["EndpointConfigName"] == "blue"
            _, message, _ = expect_error("ValidationException", sm.update_endpoint, EndpointName="bluegreen", EndpointConfigName="blue")
            assert message == 'Cannot update in-progress endpoint "arn:aws:sagemaker:us-east-1:111111111111:endpoint/bluegreen".'
        sm.get_waiter("endpoint_in_service").wait(EndpointName="bluegreen", WaiterConfig=FAST)
        time.sleep(0.5)
    failures, answers = load.failures, load.answers
    assert failures == []
    assert any(a == pytest.approx(old_expected, rel=1e-6) for a in answers)
    assert answers[-1] == pytest.approx(new_expected, rel=1e-6)
    assert all(a == pytest.approx(old_expected, rel=1e-6) or a == pytest.approx(new_expected, rel=1e-6) for a in answers)
    described = sm.describe_endpoint(EndpointName="bluegreen")
    assert described["EndpointConfigName"] == "green" and "PendingDeploymentSummary" not in described

    # What serves was resolved and downloaded at update time: deleting the model and configuration, or overwriting
    # the model data, changes nothing.
    sm.delete_endpoint_config(EndpointConfigName="green")
    sm.delete_model(ModelName="green")
    bucket, key = new_url[len("s3://"):].split("/", 1)
    hosting.client("s3").put_object(Bucket=bucket, Key=key, Body=b"overwritten")
    assert numbers(invoke(hosting, "bluegreen", csv_body(TEST_ROWS))["Body"].read().decode()) == pytest.approx(new_expected, rel=1e-6)
    expect_error("ValidationException", sm.describe_endpoint_config, EndpointConfigName="green")

    sm.delete_endpoint(EndpointName="bluegreen")
    sm.get_waiter("endpoint_deleted").wait(EndpointName="bluegreen", WaiterConfig=FAST)
    _, message, _ = expect_error("ValidationError", invoke, hosting, "bluegreen", csv_body(TEST_ROWS))
    assert message == "Endpoint bluegreen of account 111111111111 not found."


def test_a_scikit_learn_model_with_an_inference_script_serves_through_its_handlers(hosting, setup):
    """(c) A scikit-learn model whose model.tar.gz holds code/inference.py: model_fn, input_fn, predict_fn and
    output_fn run in the scikit-learn image's environment."""
    sm = hosting.client("sagemaker")
    model_url, expected = train(hosting, setup, "sklearn-v1", SKLEARN, TRAIN_SKLEARN)
    deploy(hosting, setup, "sklearn", {"Image": SKLEARN, "ModelDataUrl": model_url, "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}})
    sm.create_endpoint(EndpointName="sklearn", EndpointConfigName="sklearn")
    sm.get_waiter("endpoint_in_service").wait(EndpointName="sklearn", WaiterConfig=FAST)
    answer = invoke(hosting, "sklearn", json.dumps({"instances": TEST_ROWS}), content_type="application/json", accept="application/json")
    assert answer["ContentType"] == "application/json"
    body = json.loads(answer["Body"].read())
    assert body["predictions"] == pytest.approx(expected, rel=1e-9) and body["accept"] == "application/json"
    # The model server acts as the model's execution role, its credentials renewed by Slipway.
    assert body["identity"].startswith("arn:aws:sts::111111111111:assumed-role/sagemaker-execution/")
    # The script's own refusal is the model's error, as SageMaker reports it.
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        invoke(hosting, "sklearn", csv_body(TEST_ROWS), content_type="text/csv")
    error = excinfo.value.response
    assert error["Error"]["Code"] == "ModelError" and error["ResponseMetadata"]["HTTPStatusCode"] == 424
    assert error["Error"]["Message"].startswith("Received server error (500) from primary with message")
    assert int(error["OriginalStatusCode"]) == 500
    assert error["LogStreamArn"] == "arn:aws:logs:us-east-1:111111111111:log-group:/aws/sagemaker/Endpoints/sklearn"


def test_a_model_that_does_not_start_fails_the_endpoint_and_a_failing_update_keeps_the_old_one(hosting, setup, xgboost_models):
    """(f) A model whose server never answers /ping: CreateEndpoint ends Failed with SageMaker's reason; as an update
    of a serving endpoint, the endpoint stays InService on its old configuration, with the reason."""
    sm = hosting.client("sagemaker")
    s3 = hosting.client("s3")
    s3.put_object(Bucket=setup["bucket"], Key="broken/model.tar.gz", Body=tarball({"code/inference.py": BROKEN, "model.joblib": b"x"}))
    broken = {"Image": SKLEARN, "ModelDataUrl": f"s3://{setup['bucket']}/broken/model.tar.gz", "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}}
    deploy(hosting, setup, "broken", broken, startup=60)
    sm.create_endpoint(EndpointName="broken", EndpointConfigName="broken")
    with pytest.raises(botocore.exceptions.WaiterError):
        sm.get_waiter("endpoint_in_service").wait(EndpointName="broken", WaiterConfig=FAST)
    described = sm.describe_endpoint(EndpointName="broken")
    assert described["EndpointStatus"] == "Failed"
    assert described["FailureReason"].startswith("The primary container for production variant AllTraffic did not pass the ping health check.")
    _, message, _ = expect_error("ValidationError", invoke, hosting, "broken", csv_body(TEST_ROWS))
    assert message == "Endpoint broken of account 111111111111 not found."

    (model_url, expected), _ = xgboost_models
    deploy(hosting, setup, "steady", {"Image": XGBOOST, "ModelDataUrl": model_url})
    sm.create_endpoint(EndpointName="steady", EndpointConfigName="steady")
    sm.get_waiter("endpoint_in_service").wait(EndpointName="steady", WaiterConfig=FAST)
    sm.update_endpoint(EndpointName="steady", EndpointConfigName="broken")
    deadline = time.time() + 120
    while time.time() < deadline:
        described = sm.describe_endpoint(EndpointName="steady")
        if described["EndpointStatus"] != "Updating":
            break
        assert numbers(invoke(hosting, "steady", csv_body(TEST_ROWS))["Body"].read().decode()) == pytest.approx(expected, rel=1e-6)
        time.sleep(0.5)
    assert described["EndpointStatus"] == "InService" and described["EndpointConfigName"] == "steady"
    assert "did not pass the ping health check" in described["FailureReason"]
    assert numbers(invoke(hosting, "steady", csv_body(TEST_ROWS))["Body"].read().decode()) == pytest.approx(expected, rel=1e-6)
    sm.delete_endpoint(EndpointName="broken")
    sm.get_waiter("endpoint_deleted").wait(EndpointName="broken", WaiterConfig=FAST)


def test_the_control_plane_refuses_what_sagemaker_refuses_and_changes_nothing(hosting, setup, xgboost_models, unique):
    sm = hosting.client("sagemaker")
    (model_url, _), _ = xgboost_models
    account = "111111111111"
    container = {"Image": XGBOOST, "ModelDataUrl": model_url}
    _, message, status = expect_error("ValidationException", sm.describe_model, ModelName="nope")
    assert message == f'Could not find model "arn:aws:sagemaker:us-east-1:{account}:model/nope".' and status == 400
    _, message, _ = expect_error("ValidationException", sm.describe_endpoint_config, EndpointConfigName="nope")
    assert message == f'Could not find endpoint configuration "arn:aws:sagemaker:us-east-1:{account}:endpoint-config/nope".'
    _, message, _ = expect_error("ValidationException", sm.describe_endpoint, EndpointName="nope")
    assert message == f'Could not find endpoint "arn:aws:sagemaker:us-east-1:{account}:endpoint/nope".'
    expect_error("ValidationException", sm.create_model, ModelName="bad_name", ExecutionRoleArn=setup["role"], PrimaryContainer=container)

    name = f"m-{unique}"
    sm.create_model(ModelName=name, ExecutionRoleArn=setup["role"], PrimaryContainer=container, Tags=[{"Key": "team", "Value": "ml"}])
    _, message, _ = expect_error("ValidationException", sm.create_model, ModelName=name, ExecutionRoleArn=setup["role"], PrimaryContainer=container)
    assert message == f'Cannot create already existing model "arn:aws:sagemaker:us-east-1:{account}:model/{name}".'
    arn = sm.describe_model(ModelName=name)["ModelArn"]
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "ml"}]

    # Model data the role cannot read, a role SageMaker cannot assume, an image nothing serves: refused, not created.
    _, message, _ = expect_error("ValidationException", sm.create_model, ModelName=f"nodata-{unique}", ExecutionRoleArn=setup["role"],
                                 PrimaryContainer={"Image": XGBOOST, "ModelDataUrl": f"s3://{setup['bucket']}/missing/model.tar.gz"})
    assert message.startswith(f"Could not access model data at s3://{setup['bucket']}/missing/model.tar.gz.")
    _, message, _ = expect_error("ValidationException", sm.create_model, ModelName=f"norole-{unique}",
                                 ExecutionRoleArn=f"arn:aws:iam::{account}:role/absent", PrimaryContainer=container)
    assert "Could not assume role" in message
    _, message, _ = expect_error("ValidationException", sm.create_model, ModelName=f"noimage-{unique}", ExecutionRoleArn=setup["role"],
                                 PrimaryContainer={"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/mine:1", "ModelDataUrl": model_url})
    assert "mine:1" in message
    for refused in ("nodata", "norole", "noimage"):
        expect_error("ValidationException", sm.describe_model, ModelName=f"{refused}-{unique}")

    # A configuration of a model that does not exist, or with no variant: refused.
    _, message, _ = expect_error("ValidationException", sm.create_endpoint_config, EndpointConfigName=f"c-{unique}", ProductionVariants=[
        {"VariantName": "v", "ModelName": "ghost", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    assert message == f'Could not find model "arn:aws:sagemaker:us-east-1:{account}:model/ghost".'
    unchecked = hosting.client("sagemaker", parameter_validation=False)
    _, message, _ = expect_error("ValidationException", unchecked.create_endpoint_config, EndpointConfigName=f"c-{unique}", ProductionVariants=[
        {"VariantName": "v", "ModelName": name, "InitialInstanceCount": 0, "InstanceType": "ml.m5.large"}])
    assert "Member must have value greater than or equal to 1" in message
    expect_error("ValidationException", unchecked.create_endpoint_config, EndpointConfigName=f"c-{unique}", ProductionVariants=[])
    sm.create_endpoint_config(EndpointConfigName=f"c-{unique}", ProductionVariants=[
        {"VariantName": "v", "ModelName": name, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    config = sm.describe_endpoint_config(EndpointConfigName=f"c-{unique}")
    assert config["ProductionVariants"] == [{"VariantName": "v", "ModelName": name, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large",
                                             "InitialVariantWeight": 1.0}]
    assert "DataCaptureConfig" not in config and "KmsKeyId" not in config
    _, message, _ = expect_error("ValidationException", sm.create_endpoint, EndpointName=f"e-{unique}", EndpointConfigName="ghost")
    assert message == f'Could not find endpoint configuration "arn:aws:sagemaker:us-east-1:{account}:endpoint-config/ghost".'
    expect_error("ValidationException", sm.describe_endpoint, EndpointName=f"e-{unique}")

    # A user allowed to create models but not to pass the role.
    key, secret = make_user(hosting, f"ds-{unique}", policy(allow(["sagemaker:*"])))
    limited = hosting.client("sagemaker", key=key, secret=secret)
    expect_error("AccessDeniedException", limited.create_model, ModelName=f"nopass-{unique}", ExecutionRoleArn=setup["role"], PrimaryContainer=container)
    # The runtime is authorized as sagemaker:InvokeEndpoint on the endpoint.
    key, secret = make_user(hosting, f"caller-{unique}", policy(allow(["sagemaker:DescribeEndpoint"])))
    runtime = hosting.client("sagemaker-runtime", key=key, secret=secret)
    expect_error("AccessDeniedException", runtime.invoke_endpoint, EndpointName="churn", Body=b"1,2,3,4", ContentType="text/csv")
    _, message, status = expect_error("ValidationError", invoke, hosting, "ghost", b"1")
    assert message == f"Endpoint ghost of account {account} not found." and status == 400


DEPLOY_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ModelPackageArn: {Type: String}
  ExecutionRoleArn: {Type: String}
  EndpointName: {Type: String}
Resources:
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !Ref ExecutionRoleArn
      Containers:
        - ModelPackageName: !Ref ModelPackageArn
  EndpointConfig:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants:
        - VariantName: AllTraffic
          ModelName: !GetAtt Model.ModelName
          InitialInstanceCount: 1
          InitialVariantWeight: 1
          InstanceType: ml.m5.large
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointName: !Ref EndpointName
      EndpointConfigName: !GetAtt EndpointConfig.EndpointConfigName
Outputs:
  EndpointArn: {Value: !Ref Endpoint}
  ModelName: {Value: !GetAtt Model.ModelName}
"""


def wait_stack(cfn, waiter, stack):
    """Waits for a stack; a failure names the reasons its events give."""
    try:
        cfn.get_waiter(waiter).wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 600})
    except botocore.exceptions.WaiterError:
        events = cfn.describe_stack_events(StackName=stack)["StackEvents"]
        raise AssertionError([(e["LogicalResourceId"], e["ResourceStatus"], e.get("ResourceStatusReason")) for e in events if "FAILED" in e["ResourceStatus"]])


def test_a_stack_deploys_the_approved_package_and_an_update_moves_it_blue_green(hosting, setup, xgboost_models):
    """(a)+(b) The deploy stack of the ModelOps loop: create-stack serves the approved package; the same update again is
    "No updates are to be performed."; a newer approved package replaces Model and EndpointConfig and updates the
    Endpoint in place — every invocation meanwhile answered — and the old model and configuration are deleted."""
    cfn = hosting.client("cloudformation")
    sm = hosting.client("sagemaker")
    (old_url, old_expected), (new_url, new_expected) = xgboost_models
    first = register(hosting, "deploy-models", old_url)

    def parameters(package):
        return [{"ParameterKey": "ModelPackageArn", "ParameterValue": package}, {"ParameterKey": "ExecutionRoleArn", "ParameterValue": setup["role"]},
                {"ParameterKey": "EndpointName", "ParameterValue": "deploy-staging"}]

    cfn.create_stack(StackName="deploy-staging", TemplateBody=DEPLOY_TEMPLATE, Parameters=parameters(first))
    wait_stack(cfn, "stack_create_complete", "deploy-staging")
    outputs = {o["OutputKey"]: o["OutputValue"] for o in cfn.describe_stacks(StackName="deploy-staging")["Stacks"][0]["Outputs"]}
    assert outputs["EndpointArn"] == "arn:aws:sagemaker:us-east-1:111111111111:endpoint/deploy-staging"
    old_model = outputs["ModelName"]
    old_config = sm.describe_endpoint(EndpointName="deploy-staging")["EndpointConfigName"]
    assert sm.describe_endpoint(EndpointName="deploy-staging")["EndpointStatus"] == "InService"
    assert numbers(invoke(hosting, "deploy-staging", csv_body(TEST_ROWS))["Body"].read().decode()) == pytest.approx(old_expected, rel=1e-6)

    # Deployment scripts create, then update: nothing changed is AWS's ValidationError.
    _, message, _ = expect_error("ValidationError", cfn.update_stack, StackName="deploy-staging", TemplateBody=DEPLOY_TEMPLATE, Parameters=parameters(first))
    assert message == "No updates are to be performed."

    second = register(hosting, "deploy-models", new_url)
    with Load(hosting, "deploy-staging") as load:
        cfn.update_stack(StackName="deploy-staging", TemplateBody=DEPLOY_TEMPLATE, Parameters=parameters(second))
        wait_stack(cfn, "stack_update_complete", "deploy-staging")
    failures, answers = load.failures, load.answers
    assert failures == [] and len(answers) > 10
    assert answers[-1] == pytest.approx(new_expected, rel=1e-6)
    described = sm.describe_endpoint(EndpointName="deploy-staging")
    assert described["EndpointStatus"] == "InService" and described["EndpointConfigName"] != old_config
    new_model = {o["OutputKey"]: o["OutputValue"] for o in cfn.describe_stacks(StackName="deploy-staging")["Stacks"][0]["Outputs"]}["ModelName"]
    assert new_model != old_model
    expect_error("ValidationException", sm.describe_model, ModelName=old_model)
    expect_error("ValidationException", sm.describe_endpoint_config, EndpointConfigName=old_config)
    events = [e for e in cfn.describe_stack_events(StackName="deploy-staging")["StackEvents"] if e["LogicalResourceId"] == "Endpoint"]
    assert any(e["ResourceStatus"] == "UPDATE_COMPLETE" for e in events)

    cfn.delete_stack(StackName="deploy-staging")
    wait_stack(cfn, "stack_delete_complete", "deploy-staging")
    expect_error("ValidationException", sm.describe_endpoint, EndpointName="deploy-staging")
    expect_error("ValidationException", sm.describe_model, ModelName=new_model)


def test_after_a_sigkill_every_in_service_endpoint_serves_again():
    """(g) Slipway killed with SIGKILL: its model servers die with it; once the lease runs out the restarted server brings
    every InService endpoint back from the model data it had downloaded, and it answers as before."""
    own = Server("sqlite", extra_args=["--job-lease-seconds", "5"])
    try:
        iam = own.client("iam")
        role = iam.create_role(RoleName="sagemaker-execution", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="sagemaker-execution", PolicyName="data", PolicyDocument=policy(allow(["s3:*"])))
        s3 = own.client("s3")
        s3.create_bucket(Bucket="crash-artifacts")
        s3.put_object(Bucket="crash-artifacts", Key="data/train.csv", Body=dataset(11, 200).encode())
        s3.put_object(Bucket="crash-artifacts", Key="data/test.csv", Body=csv_body(TEST_ROWS).encode())
        setup = {"role": role, "bucket": "crash-artifacts"}
        model_url, expected = train(own, setup, "durable", XGBOOST, TRAIN_XGBOOST)
        sm = own.client("sagemaker")
        capture = {"InitialSamplingPercentage": 100, "DestinationS3Uri": "s3://crash-artifacts/capture", "CaptureOptions": [{"CaptureMode": "Input"}],
                   "CaptureContentTypeHeader": {"CsvContentTypes": ["text/csv"]}}
        for name in ("durable-a", "durable-b"):
            deploy(own, setup, name, {"Image": XGBOOST, "ModelDataUrl": model_url}, capture=capture if name == "durable-a" else None)
            sm.create_endpoint(EndpointName=name, EndpointConfigName=name)
        for name in ("durable-a", "durable-b"):
            sm.get_waiter("endpoint_in_service").wait(EndpointName=name, WaiterConfig=FAST)
            assert numbers(invoke(own, name, csv_body(TEST_ROWS))["Body"].read().decode()) == pytest.approx(expected, rel=1e-6)
        # Captured invocations are on disk within a second: the crash loses none of them.
        invoke(own, "durable-a", csv_body(TEST_ROWS[:1]), InferenceId="before-the-crash")
        time.sleep(1.5)
        # An update the crash interrupts: the endpoint comes back on what it served, then the update goes on.
        bucket, key = model_url[len("s3://"):].split("/", 1)
        s3.copy_object(Bucket=bucket, Key="copies/b2/model.tar.gz", CopySource={"Bucket": bucket, "Key": key})
        deploy(own, setup, "durable-b2", {"Image": XGBOOST, "ModelDataUrl": f"s3://{bucket}/copies/b2/model.tar.gz"})
        sm.update_endpoint(EndpointName="durable-b", EndpointConfigName="durable-b2")
        # The model data may change in S3 meanwhile: what serves after the restart is what was downloaded.
        bucket, key = model_url[len("s3://"):].split("/", 1)
        s3.put_object(Bucket=bucket, Key=key, Body=b"not a model")
        own.stop(signal.SIGKILL)
        own.start()
        for name in ("durable-a", "durable-b"):
            deadline = time.time() + 120
            while True:
                try:
                    answer = invoke(own, name, csv_body(TEST_ROWS))
                    break
                except botocore.exceptions.ClientError as error:
                    assert time.time() < deadline, error.response
                    time.sleep(0.5)
            assert numbers(answer["Body"].read().decode()) == pytest.approx(expected, rel=1e-6)
            # durable-b serves what it served while its interrupted update goes on.
            assert own.client("sagemaker").describe_endpoint(EndpointName=name)["EndpointStatus"] in (
                ("InService", "Updating") if name == "durable-b" else ("InService",))
        sm = own.client("sagemaker")
        sm.get_waiter("endpoint_in_service").wait(EndpointName="durable-b", WaiterConfig=FAST)
        assert sm.describe_endpoint(EndpointName="durable-b")["EndpointConfigName"] == "durable-b2"
        captured = own.client("s3").list_objects_v2(Bucket="crash-artifacts", Prefix="capture/durable-a/AllTraffic/")["Contents"]
        records = [json.loads(line) for item in captured
                   for line in own.client("s3").get_object(Bucket="crash-artifacts", Key=item["Key"])["Body"].read().decode().splitlines()]
        assert [r["eventMetadata"].get("inferenceId") for r in records] == [None, "before-the-crash"]
    finally:
        own.cleanup()


def test_data_capture_writes_sagemakers_records_in_sagemakers_layout(hosting, setup, xgboost_models):
    """(d) With DataCaptureConfig at 100 %, every invocation's input and output land as JSON Lines under
    {DestinationS3Uri}/{endpoint}/{variant}/yyyy/mm/dd/hh/{mm}-{ss}-{mmm}-{uuid}.jsonl, CSV text for the CSV content
    types, base64 for the others, with the inference id; the files are uploaded once the endpoint stops serving."""
    sm = hosting.client("sagemaker")
    s3 = hosting.client("s3")
    (model_url, expected), _ = xgboost_models
    capture = {"EnableCapture": True, "InitialSamplingPercentage": 100, "DestinationS3Uri": f"s3://{setup['bucket']}/capture",
               "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
               "CaptureContentTypeHeader": {"CsvContentTypes": ["text/csv"]}}
    deploy(hosting, setup, "captured", {"Image": XGBOOST, "ModelDataUrl": model_url}, capture=capture)
    assert sm.describe_endpoint_config(EndpointConfigName="captured")["DataCaptureConfig"] == capture
    sm.create_endpoint(EndpointName="captured", EndpointConfigName="captured")
    sm.get_waiter("endpoint_in_service").wait(EndpointName="captured", WaiterConfig=FAST)
    summary = sm.describe_endpoint(EndpointName="captured")["DataCaptureConfig"]
    assert summary == {"EnableCapture": True, "CaptureStatus": "Started", "CurrentSamplingPercentage": 100,
                       "DestinationS3Uri": f"s3://{setup['bucket']}/capture", "KmsKeyId": ""}
    started = time.gmtime()
    invoke(hosting, "captured", csv_body(TEST_ROWS[:1]), InferenceId="first")
    invoke(hosting, "captured", csv_body(TEST_ROWS[1:2]), InferenceId="second")
    invoke(hosting, "captured", csv_body(TEST_ROWS[2:]), accept="application/json")
    sm.delete_endpoint(EndpointName="captured")
    sm.get_waiter("endpoint_deleted").wait(EndpointName="captured", WaiterConfig=FAST)

    objects = s3.list_objects_v2(Bucket=setup["bucket"], Prefix="capture/")["Contents"]
    assert len(objects) == 1
    key = objects[0]["Key"]
    hour = time.strftime("%Y/%m/%d/%H", started)
    assert re_full(rf"capture/captured/AllTraffic/{hour}/\d\d-\d\d-\d\d\d-[0-9a-f-]{{36}}\.jsonl", key), key
    lines = s3.get_object(Bucket=setup["bucket"], Key=key)["Body"].read().decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 3
    first = records[0]
    assert first["eventVersion"] == "0"
    assert first["captureData"]["endpointInput"] == {"observedContentType": "text/csv", "mode": "INPUT", "data": csv_body(TEST_ROWS[:1]), "encoding": "CSV"}
    output = first["captureData"]["endpointOutput"]
    assert output["mode"] == "OUTPUT" and output["encoding"] == "CSV" and numbers(output["data"]) == pytest.approx(expected[:1], rel=1e-6)
    assert first["eventMetadata"]["inferenceId"] == "first" and re_full(r"[0-9a-f-]{36}", first["eventMetadata"]["eventId"])
    assert re_full(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", first["eventMetadata"]["inferenceTime"])
    assert records[1]["eventMetadata"]["inferenceId"] == "second" and "inferenceId" not in records[2]["eventMetadata"]
    # JSON is not among the configured CSV types: it is captured as base64.
    third = records[2]["captureData"]["endpointOutput"]
    assert third["encoding"] == "BASE64" and third["observedContentType"].startswith("application/json")
    assert json.loads(base64.b64decode(third["data"]))["predictions"][0]["score"] == pytest.approx(expected[2], rel=1e-6)


def re_full(pattern, text):
    return re.fullmatch(pattern, text) is not None


def wait_transform(sm, name, timeout=300):
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = sm.describe_transform_job(TransformJobName=name)
        if job["TransformJobStatus"] in ("Completed", "Failed", "Stopped"):
            return job
        time.sleep(0.5)
    raise AssertionError(f"{name} did not finish")


def test_a_transform_job_scores_every_input_object_with_the_models_server(hosting, setup, xgboost_models):
    """(e) CreateTransformJob over an S3 prefix: each object split into lines, batched, scored by the model's serving
    profile, the answers assembled line by line into <S3OutputPath>/<key>.out; a model that refuses the input fails
    the job with the reason."""
    sm = hosting.client("sagemaker")
    s3 = hosting.client("s3")
    (model_url, expected), _ = xgboost_models
    sm.create_model(ModelName="batch", ExecutionRoleArn=setup["role"], PrimaryContainer={"Image": XGBOOST, "ModelDataUrl": model_url})
    s3.put_object(Bucket=setup["bucket"], Key="batch/in/part-1.csv", Body=(csv_body(TEST_ROWS[:2]) + "\n").encode())
    s3.put_object(Bucket=setup["bucket"], Key="batch/in/nested/part-2.csv", Body=csv_body(TEST_ROWS[2:]).encode())
    for name, strategy in (("batch-multi", "MultiRecord"), ("batch-single", "SingleRecord")):
        arn = sm.create_transform_job(
            TransformJobName=name, ModelName="batch", BatchStrategy=strategy, MaxPayloadInMB=1,
            TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{setup['bucket']}/batch/in/"}},
                            "ContentType": "text/csv", "SplitType": "Line"},
            TransformOutput={"S3OutputPath": f"s3://{setup['bucket']}/batch/{name}", "Accept": "text/csv", "AssembleWith": "Line"},
            TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1})["TransformJobArn"]
        assert arn == f"arn:aws:sagemaker:us-east-1:111111111111:transform-job/{name}"
        job = wait_transform(sm, name)
        assert job["TransformJobStatus"] == "Completed", job.get("FailureReason")
        assert job["BatchStrategy"] == strategy and job["TransformInput"]["SplitType"] == "Line" and "TransformEndTime" in job
        first = s3.get_object(Bucket=setup["bucket"], Key=f"batch/{name}/part-1.csv.out")["Body"].read().decode()
        second = s3.get_object(Bucket=setup["bucket"], Key=f"batch/{name}/nested/part-2.csv.out")["Body"].read().decode()
        assert first.endswith("\n") and numbers(first) == pytest.approx(expected[:2], rel=1e-6)
        assert numbers(second) == pytest.approx(expected[2:], rel=1e-6)
    summaries = sm.list_transform_jobs(NameContains="batch-", SortBy="Name", SortOrder="Ascending")["TransformJobSummaries"]
    assert [(s["TransformJobName"], s["TransformJobStatus"]) for s in summaries] == [("batch-multi", "Completed"), ("batch-single", "Completed")]

    s3.put_object(Bucket=setup["bucket"], Key="batch/bad/garbage.csv", Body=b"not,numbers,at,all\n")
    sm.create_transform_job(
        TransformJobName="batch-bad", ModelName="batch",
        TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{setup['bucket']}/batch/bad/"}},
                        "ContentType": "text/csv", "SplitType": "Line"},
        TransformOutput={"S3OutputPath": f"s3://{setup['bucket']}/batch/bad-out"}, TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1})
    job = wait_transform(sm, "batch-bad")
    assert job["TransformJobStatus"] == "Failed" and "garbage.csv" in job["FailureReason"]
    expect_error("ResourceInUse", sm.create_transform_job, TransformJobName="batch-bad", ModelName="batch",
                 TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{setup['bucket']}/batch/bad/"}}},
                 TransformOutput={"S3OutputPath": f"s3://{setup['bucket']}/x"}, TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1})
    expect_error("ResourceNotFound", sm.describe_transform_job, TransformJobName="nope")
    expect_error("ResourceNotFound", sm.create_transform_job, TransformJobName="no-model", ModelName="ghost",
                 TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{setup['bucket']}/batch/in/"}}},
                 TransformOutput={"S3OutputPath": f"s3://{setup['bucket']}/x"}, TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1})


def test_pipeline_model_and_transform_steps_create_the_model_and_score_with_it(hosting, setup, xgboost_models):
    """A pipeline's Model step creates a model (its properties are DescribeModel's) and a Transform step scores S3
    input with it through a transform job, as the pipeline's role."""
    sm = hosting.client("sagemaker")
    s3 = hosting.client("s3")
    iam = hosting.client("iam")
    (model_url, expected), _ = xgboost_models
    role = iam.create_role(RoleName="pipeline-hosting", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName="pipeline-hosting", PolicyName="all", PolicyDocument=policy(allow(["sagemaker:*", "s3:*", "iam:PassRole"])))
    s3.put_object(Bucket=setup["bucket"], Key="pipeline/in/rows.csv", Body=csv_body(TEST_ROWS).encode())
    definition = {"Version": "2020-12-01", "Parameters": [{"Name": "ModelData", "Type": "String", "DefaultValue": model_url}], "Steps": [
        {"Name": "CreateModel", "Type": "Model", "Arguments": {
            "ExecutionRoleArn": setup["role"], "PrimaryContainer": {"Image": XGBOOST, "ModelDataUrl": {"Get": "Parameters.ModelData"}}}},
        {"Name": "Score", "Type": "Transform", "Arguments": {
            "ModelName": {"Get": "Steps.CreateModel.ModelName"},
            "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{setup['bucket']}/pipeline/in/"}},
                               "ContentType": "text/csv", "SplitType": "Line"},
            "TransformOutput": {"S3OutputPath": f"s3://{setup['bucket']}/pipeline/out", "AssembleWith": "Line"},
            "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 1}}},
    ]}
    sm.create_pipeline(PipelineName="batch-scoring", PipelineDefinition=json.dumps(definition), RoleArn=role)
    execution = sm.start_pipeline_execution(PipelineName="batch-scoring")["PipelineExecutionArn"]
    deadline = time.time() + 300
    while time.time() < deadline:
        status = sm.describe_pipeline_execution(PipelineExecutionArn=execution)["PipelineExecutionStatus"]
        if status in ("Succeeded", "Failed", "Stopped"):
            break
        time.sleep(0.5)
    steps = {s["StepName"]: s for s in sm.list_pipeline_execution_steps(PipelineExecutionArn=execution)["PipelineExecutionSteps"]}
    assert status == "Succeeded", {name: step.get("FailureReason") for name, step in steps.items()}
    model_arn = steps["CreateModel"]["Metadata"]["Model"]["Arn"]
    assert sm.describe_model(ModelName=model_arn.rsplit("/", 1)[1])["PrimaryContainer"]["ModelDataUrl"] == model_url
    job_arn = steps["Score"]["Metadata"]["TransformJob"]["Arn"]
    assert sm.describe_transform_job(TransformJobName=job_arn.rsplit("/", 1)[1])["TransformJobStatus"] == "Completed"
    output = s3.get_object(Bucket=setup["bucket"], Key="pipeline/out/rows.csv.out")["Body"].read().decode()
    assert numbers(output) == pytest.approx(expected, rel=1e-6)


def test_the_sagemaker_sdk_deploys_waits_for_and_invokes_an_endpoint(hosting, setup, xgboost_models):
    """The SageMaker Python SDK v3 (its own interpreter): Model, EndpointConfig and Endpoint created with its resource
    classes, `Endpoint.wait_for_status("InService")`, and `invoke` answering the model's predictions."""
    (model_url, expected), _ = xgboost_models
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sdk", "deploy_endpoint.py")
    outcome = run_sdk_script(hosting, script, "sdk-deployed", XGBOOST, model_url, setup["role"], csv_body(TEST_ROWS))
    assert outcome["status"] == "InService" and outcome["variant"] == "AllTraffic"
    assert [p["score"] for p in outcome["body"]["predictions"]] == pytest.approx(expected, rel=1e-6)


def wait_object(s3, uri, timeout=60):
    bucket, key = uri[len("s3://"):].split("/", 1)
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            return s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        except botocore.exceptions.ClientError:
            time.sleep(0.25)
    raise AssertionError(f"{uri} was not written")


def test_asynchronous_invocations_read_their_input_from_s3_and_write_the_answer_there(hosting, setup, xgboost_models):
    """InvokeEndpointAsync on an endpoint whose configuration has AsyncInferenceConfig: 202 with the inference id and the
    output location; the answer appears there; a model error goes to the failure path; a synchronous endpoint refuses."""
    sm = hosting.client("sagemaker")
    s3 = hosting.client("s3")
    runtime = hosting.client("sagemaker-runtime")
    (model_url, expected), _ = xgboost_models
    sm.create_model(ModelName="async", ExecutionRoleArn=setup["role"], PrimaryContainer={"Image": XGBOOST, "ModelDataUrl": model_url})
    sm.create_endpoint_config(EndpointConfigName="async", ProductionVariants=[
        {"VariantName": "AllTraffic", "ModelName": "async", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}],
        AsyncInferenceConfig={"OutputConfig": {"S3OutputPath": f"s3://{setup['bucket']}/async/out",
                                               "S3FailurePath": f"s3://{setup['bucket']}/async/failed"}})
    assert sm.describe_endpoint_config(EndpointConfigName="async")["AsyncInferenceConfig"]["OutputConfig"]["S3OutputPath"] == f"s3://{setup['bucket']}/async/out"
    sm.create_endpoint(EndpointName="async", EndpointConfigName="async")
    sm.get_waiter("endpoint_in_service").wait(EndpointName="async", WaiterConfig=FAST)
    s3.put_object(Bucket=setup["bucket"], Key="async/in/rows.csv", Body=csv_body(TEST_ROWS).encode())
    answer = runtime.invoke_endpoint_async(EndpointName="async", InputLocation=f"s3://{setup['bucket']}/async/in/rows.csv",
                                           ContentType="text/csv", InferenceId="batch-42")
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 202 and answer["InferenceId"] == "batch-42"
    assert answer["OutputLocation"].startswith(f"s3://{setup['bucket']}/async/out/") and answer["OutputLocation"].endswith(".out")
    assert numbers(wait_object(s3, answer["OutputLocation"]).decode()) == pytest.approx(expected, rel=1e-6)

    s3.put_object(Bucket=setup["bucket"], Key="async/in/bad.csv", Body=b"not,numbers\n")
    failed = runtime.invoke_endpoint_async(EndpointName="async", InputLocation=f"s3://{setup['bucket']}/async/in/bad.csv", ContentType="text/csv")
    assert failed["FailureLocation"].startswith(f"s3://{setup['bucket']}/async/failed/")
    assert b"error (415) from primary" in wait_object(s3, failed["FailureLocation"])

    _, message, _ = expect_error("ValidationError", runtime.invoke_endpoint_async, EndpointName="churn", InputLocation=f"s3://{setup['bucket']}/async/in/rows.csv")
    assert "not configured for asynchronous inference" in message


def test_variant_weights_split_traffic_and_a_target_variant_is_honoured(hosting, setup, xgboost_models):
    """Two variants weighted 1:0 send everything to the first; UpdateEndpointWeightsAndCapacities turns that around
    (and adds an instance) without a new deployment; TargetVariant reaches either; custom attributes reach the model."""
    sm = hosting.client("sagemaker")
    (old_url, old_expected), (new_url, new_expected) = xgboost_models
    for name, url in (("split-a", old_url), ("split-b", new_url)):
        sm.create_model(ModelName=name, ExecutionRoleArn=setup["role"], PrimaryContainer={"Image": XGBOOST, "ModelDataUrl": url})
    sm.create_endpoint_config(EndpointConfigName="split", ProductionVariants=[
        {"VariantName": "A", "ModelName": "split-a", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large", "InitialVariantWeight": 1},
        {"VariantName": "B", "ModelName": "split-b", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large", "InitialVariantWeight": 0}])
    sm.create_endpoint(EndpointName="split", EndpointConfigName="split")
    sm.get_waiter("endpoint_in_service").wait(EndpointName="split", WaiterConfig=FAST)
    assert {invoke(hosting, "split", csv_body(TEST_ROWS))["InvokedProductionVariant"] for _ in range(20)} == {"A"}
    targeted = invoke(hosting, "split", csv_body(TEST_ROWS), TargetVariant="B")
    assert targeted["InvokedProductionVariant"] == "B" and numbers(targeted["Body"].read().decode()) == pytest.approx(new_expected, rel=1e-6)
    _, message, _ = expect_error("ValidationError", invoke, hosting, "split", csv_body(TEST_ROWS), TargetVariant="C")
    assert "C" in message

    sm.update_endpoint_weights_and_capacities(EndpointName="split", DesiredWeightsAndCapacities=[
        {"VariantName": "A", "DesiredWeight": 0}, {"VariantName": "B", "DesiredWeight": 1, "DesiredInstanceCount": 2}])
    sm.get_waiter("endpoint_in_service").wait(EndpointName="split", WaiterConfig=FAST)
    variants = {v["VariantName"]: v for v in sm.describe_endpoint(EndpointName="split")["ProductionVariants"]}
    assert variants["A"]["CurrentWeight"] == 0 and variants["B"]["CurrentWeight"] == 1 and variants["B"]["CurrentInstanceCount"] == 2
    answers = [invoke(hosting, "split", csv_body(TEST_ROWS)) for _ in range(20)]
    assert {a["InvokedProductionVariant"] for a in answers} == {"B"}
    assert numbers(answers[0]["Body"].read().decode()) == pytest.approx(new_expected, rel=1e-6)
    streams = hosting.client("logs").describe_log_streams(logGroupName="/aws/sagemaker/Endpoints/split")["logStreams"]
    assert len([s for s in streams if s["logStreamName"].startswith("B/i-")]) == 2
    _, message, _ = expect_error("ValidationException", sm.update_endpoint_weights_and_capacities, EndpointName="split",
                                 DesiredWeightsAndCapacities=[{"VariantName": "Z", "DesiredWeight": 1}])
    assert "Z" in message


def model_server_pids(server, endpoint_arn):
    """The host PIDs of an endpoint's model servers: their sandboxes mount its model data from
    <data-dir>/endpoints/<the first 8 bytes of the SHA-256 of its ARN, in hex>/."""
    directory = os.path.join(server.data_dir, "endpoints", hashlib.sha256(endpoint_arn.encode()).hexdigest()[:16]) + "/"
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            mounts = open(f"/proc/{entry}/mountinfo").read()
            command = open(f"/proc/{entry}/cmdline").read()
        except OSError:
            continue
        if directory in mounts and "model_server.py" in command:
            found.append(int(entry))
    return found


def test_a_model_server_that_dies_is_restarted_and_the_endpoint_serves_on(hosting, setup, xgboost_models):
    """Every process of an endpoint's model server killed: the supervisor starts it again, says so in the endpoint's
    log, and the endpoint stays InService and answers as before."""
    sm = hosting.client("sagemaker")
    (model_url, expected), _ = xgboost_models
    deploy(hosting, setup, "phoenix", {"Image": XGBOOST, "ModelDataUrl": model_url})
    sm.create_endpoint(EndpointName="phoenix", EndpointConfigName="phoenix")
    sm.get_waiter("endpoint_in_service").wait(EndpointName="phoenix", WaiterConfig=FAST)
    before = model_server_pids(hosting, "arn:aws:sagemaker:us-east-1:111111111111:endpoint/phoenix")
    assert before
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    logs = hosting.client("logs")
    deadline = time.time() + 60
    while True:
        try:
            answer = invoke(hosting, "phoenix", csv_body(TEST_ROWS))
            if numbers(answer["Body"].read().decode()) == pytest.approx(expected, rel=1e-6):
                break
        except botocore.exceptions.ClientError:
            pass
        assert time.time() < deadline, "the endpoint did not serve again"
        time.sleep(0.5)
    messages = [e["message"] for s in logs.describe_log_streams(logGroupName="/aws/sagemaker/Endpoints/phoenix")["logStreams"]
                for e in logs.get_log_events(logGroupName="/aws/sagemaker/Endpoints/phoenix", logStreamName=s["logStreamName"])["events"]]
    assert any("exited with status" in m and "Slipway restarts it" in m for m in messages)
    assert sm.describe_endpoint(EndpointName="phoenix")["EndpointStatus"] == "InService"


def test_a_stack_update_whose_endpoint_cannot_start_rolls_back_and_keeps_serving(hosting, setup, xgboost_models):
    """A newer package whose model cannot be loaded: the endpoint update fails, the stack rolls back to
    UPDATE_ROLLBACK_COMPLETE, the endpoint stays InService on its configuration, and the replacement model and
    configuration are removed again."""
    cfn = hosting.client("cloudformation")
    sm = hosting.client("sagemaker")
    (model_url, expected), _ = xgboost_models
    good = register(hosting, "rollback-models", model_url)
    hosting.client("s3").put_object(Bucket=setup["bucket"], Key="broken-xgb/model.tar.gz", Body=tarball({"xgboost-model": b"not a model"}))
    bad = register(hosting, "rollback-models", f"s3://{setup['bucket']}/broken-xgb/model.tar.gz")

    def parameters(package):
        return [{"ParameterKey": "ModelPackageArn", "ParameterValue": package}, {"ParameterKey": "ExecutionRoleArn", "ParameterValue": setup["role"]},
                {"ParameterKey": "EndpointName", "ParameterValue": "deploy-rollback"}]

    cfn.create_stack(StackName="deploy-rollback", TemplateBody=DEPLOY_TEMPLATE, Parameters=parameters(good))
    wait_stack(cfn, "stack_create_complete", "deploy-rollback")
    config = sm.describe_endpoint(EndpointName="deploy-rollback")["EndpointConfigName"]
    models = {m["ModelName"] for m in sm.list_models(NameContains="deploy-rollback", MaxResults=100)["Models"]}
    cfn.update_stack(StackName="deploy-rollback", TemplateBody=DEPLOY_TEMPLATE, Parameters=parameters(bad))
    with pytest.raises(AssertionError) as failure:
        wait_stack(cfn, "stack_update_complete", "deploy-rollback")
    assert any(name == "Endpoint" and "did not pass the ping health check" in (reason or "") for name, _, reason in failure.value.args[0])
    assert cfn.describe_stacks(StackName="deploy-rollback")["Stacks"][0]["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    described = sm.describe_endpoint(EndpointName="deploy-rollback")
    assert described["EndpointStatus"] == "InService" and described["EndpointConfigName"] == config
    assert numbers(invoke(hosting, "deploy-rollback", csv_body(TEST_ROWS))["Body"].read().decode()) == pytest.approx(expected, rel=1e-6)
    assert {m["ModelName"] for m in sm.list_models(NameContains="deploy-rollback", MaxResults=100)["Models"]} == models
    cfn.delete_stack(StackName="deploy-rollback")
    wait_stack(cfn, "stack_delete_complete", "deploy-rollback")


def test_the_console_shows_a_projects_endpoint_and_test_invokes_it(hosting, setup, xgboost_models, browser, unique):
    """The console's Endpoints tab: the project's endpoint with its variant, and a request sent from the page answered
    with the model's own prediction."""
    from test_console import FORM_TEMPLATE, launched_project, organization, sign_in
    from conftest import screenshot
    from playwright.sync_api import expect
    sm = hosting.client("sagemaker")
    (model_url, expected), _ = xgboost_models
    project = launched_project(hosting, organization(hosting, unique, {"churn.yaml": FORM_TEMPLATE}), f"served-{unique}")
    deploy(hosting, setup, f"console-{unique}", {"Image": XGBOOST, "ModelDataUrl": model_url})
    sm.create_endpoint(EndpointName=f"console-{unique}", EndpointConfigName=f"console-{unique}",
                       Tags=[{"Key": "sagemaker:project-id", "Value": project["ProjectId"]}])
    sm.get_waiter("endpoint_in_service").wait(EndpointName=f"console-{unique}", WaiterConfig=FAST)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        sign_in(page, hosting, hosting.root_key, hosting.root_secret)
        page.goto(f"{hosting.endpoint}/console/projects/served-{unique}/endpoints")
        section = page.get_by_role("region", name=f"console-{unique} InService")
        expect(section.get_by_role("row").filter(has_text="AllTraffic")).to_contain_text("1")
        section.get_by_label("Request body").fill(csv_body(TEST_ROWS[:1]))
        section.get_by_role("button", name="Send request").click()
        response = page.get_by_role("status", name="Response")
        expect(response).to_contain_text("Answered by variant AllTraffic")
        assert float(page.get_by_label("Response body").inner_text().strip()) == pytest.approx(expected[0], rel=1e-6)
        screenshot(page, "endpoints-sqlite")
        # A malformed request is the model's error, as SageMaker words it, on the page.
        section = page.get_by_role("region", name=f"console-{unique} InService")
        section.get_by_label("Content type").select_option("application/json")
        section.get_by_label("Request body").fill("{not json")
        section.get_by_role("button", name="Send request").click()
        expect(page.get_by_role("status", name="Response")).to_contain_text("ModelError")
    finally:
        context.close()
