"""A data scientist's pipeline of @step functions, as a `run-pipeline` entry point drives it with the SageMaker Python
SDK v3: definition → upsert → start → wait. Run by tests with the SDK's interpreter; prints one JSON line of results.

Arguments: pipeline name, role ARN, image URI, bucket, model package group, requirements file, minimum accuracy.
"""

import json
import sys

import boto3
from sagemaker.core.helper.session_helper import Session
from sagemaker.core.workflow.conditions import ConditionGreaterThanOrEqualTo
from sagemaker.core.workflow.functions import Join
from sagemaker.core.workflow.parameters import ParameterFloat, ParameterInteger
from sagemaker.mlops.workflow.condition_step import ConditionStep
from sagemaker.mlops.workflow.fail_step import FailStep
from sagemaker.mlops.workflow.function_step import step
from sagemaker.mlops.workflow.pipeline import Pipeline

NAME, ROLE, IMAGE, BUCKET, GROUP, REQUIREMENTS, MIN_ACCURACY = sys.argv[1:8]

session = Session(boto_session=boto3.Session(), default_bucket=BUCKET)
session._default_bucket = BUCKET  # the bucket exists; the SDK need not look for it
settings = {"role": ROLE, "image_uri": IMAGE, "instance_type": "ml.m5.large", "dependencies": REQUIREMENTS}

rows = ParameterInteger(name="Rows", default_value=400)
minimum = ParameterFloat(name="MinAccuracy", default_value=0.7)


@step(name="preprocess", **settings)
def preprocess(count: int) -> dict:
    from sklearn.datasets import make_classification
    features, labels = make_classification(n_samples=count, n_features=6, n_informative=4, random_state=7)
    split = int(count * 0.75)
    return {"train": (features[:split].tolist(), labels[:split].tolist()), "test": (features[split:].tolist(), labels[split:].tolist())}


@step(name="train", **settings)
def train(data: dict):
    from sklearn.linear_model import LogisticRegression
    features, labels = data["train"]
    return LogisticRegression(max_iter=500).fit(features, labels)


@step(name="evaluate", **settings)
def evaluate(model, data: dict) -> dict:
    features, labels = data["test"]
    return {"accuracy": float(model.score(features, labels))}


@step(name="register", **settings)
def register(model, metrics: dict, bucket: str, group: str) -> str:
    import io
    import os
    import pickle
    import tarfile
    import boto3
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        body = pickle.dumps(model)
        info = tarfile.TarInfo("model.pkl")
        info.size = len(body)
        tar.addfile(info, io.BytesIO(body))
    key = f"models/{os.environ['TRAINING_JOB_NAME']}/model.tar.gz"
    boto3.client("s3").put_object(Bucket=bucket, Key=key, Body=archive.getvalue())
    package = boto3.client("sagemaker").create_model_package(
        ModelPackageGroupName=group, ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={"Containers": [{"Image": "sagemaker-scikit-learn:1.2-1", "ModelDataUrl": f"s3://{bucket}/{key}"}],
                                "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]},
        CustomerMetadataProperties={"accuracy": str(metrics["accuracy"])})
    return package["ModelPackageArn"]


data = preprocess(rows)
model = train(data)
metrics = evaluate(model, data)
registered = register(model, metrics, BUCKET, GROUP)
check = ConditionStep(
    name="check-accuracy", conditions=[ConditionGreaterThanOrEqualTo(left=metrics["accuracy"], right=minimum)],
    if_steps=[registered], else_steps=[FailStep(name="too-inaccurate", error_message=Join(on=" ", values=["Accuracy is below", minimum]))])
pipeline = Pipeline(name=NAME, parameters=[rows, minimum], steps=[check], sagemaker_session=session)

pipeline.upsert(role_arn=ROLE, description="@step pipeline")
execution = pipeline.start(parameters={"MinAccuracy": float(MIN_ACCURACY)})
outcome = {"arn": execution.arn}
try:
    execution.wait(delay=2, max_attempts=300)
    outcome["accuracy"] = execution.result(step_name="evaluate")["accuracy"]
    outcome["registered"] = execution.result(step_name="register")
except Exception as error:  # the failing case ends here: the test reads the steps
    outcome["error"] = f"{type(error).__name__}: {error}"
outcome["status"] = execution.describe()["PipelineExecutionStatus"]
print(json.dumps(outcome, default=str))
