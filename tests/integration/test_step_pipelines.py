"""A pipeline of @step functions written with the SageMaker Python SDK v3 (pinned, its own interpreter), upserted,
started and waited on as a `run-pipeline` entry point does: each step runs the SDK's remote-function bootstrap in
a sandbox on the image's profile (SageMaker's base Python 3.11 image with the SDK), installs the step's requirements
through the account's pip cache, and passes its return value to the next step through S3. A good model is
registered, and approving it starts the deploy pipeline a rule names; a strict threshold ends in the Fail step."""

import json
import os
import tempfile
import time

import pytest

from conftest import Server
from helpers import allow, policy, run_sdk_script

IMAGE = "081325390199.dkr.ecr.us-east-1.amazonaws.com/sagemaker-base-python-311:1.0"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sdk", "step_pipeline.py")


def run_sdk(server, *arguments):
    return run_sdk_script(server, SCRIPT, *arguments)


@pytest.fixture(scope="module")
def server():
    """One SQLite server: these runs take minutes, and the pipeline tables' backends are covered by test_pipelines."""
    srv = Server("sqlite")
    yield srv
    srv.cleanup()


@pytest.fixture(scope="module")
def setup(server):
    prepared = prepare(server)
    yield prepared
    os.unlink(prepared["requirements"])


def prepare(server):
    """The steps' role, a bucket, a model package group and the steps' requirements file."""
    iam, s3, sm = server.client("iam"), server.client("s3"), server.client("sagemaker")
    role = iam.create_role(RoleName="step-pipelines", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName="step-pipelines", PolicyName="work", PolicyDocument=policy(
        allow(["s3:*", "sagemaker:*", "sts:GetCallerIdentity"]), allow("iam:PassRole", role)))
    s3.create_bucket(Bucket="step-pipelines")
    sm.create_model_package_group(ModelPackageGroupName="step-models")
    requirements = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    requirements.write("scikit-learn>=1.5\n")
    requirements.close()
    return {"role": role, "requirements": requirements.name}


def test_a_step_pipeline_registers_a_model_whose_approval_starts_deployment(server, setup, unique):
    sm, events, iam = server.client("sagemaker"), server.client("events"), server.client("iam")
    # The deploy side: approving a version of the group starts a pipeline, as a project's rule does.
    deploy = {"Name": "Deploy", "Type": "Condition", "Arguments": {"Conditions": [
        {"Type": "Equals", "LeftValue": {"Get": "Parameters.Stage"}, "RightValue": "staging"}], "IfSteps": [], "ElseSteps": []}}
    deploy_arn = sm.create_pipeline(PipelineName=f"deploy-{unique}", RoleArn=setup["role"], PipelineDefinition=json.dumps({
        "Version": "2020-12-01", "Parameters": [{"Name": "Stage", "Type": "String", "DefaultValue": "none"}], "Steps": [deploy]}))["PipelineArn"]
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    starter = iam.create_role(RoleName=f"deployer-{unique}", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"deployer-{unique}", PolicyName="start", PolicyDocument=policy(allow("sagemaker:StartPipelineExecution", deploy_arn)))
    events.put_rule(Name=f"approved-{unique}", EventPattern=json.dumps({
        "source": ["aws.sagemaker"], "detail-type": ["SageMaker Model Package State Change"],
        "detail": {"ModelPackageGroupName": ["step-models"], "ModelApprovalStatus": ["Approved"]}}))
    events.put_targets(Rule=f"approved-{unique}", Targets=[{"Id": "deploy", "Arn": deploy_arn, "RoleArn": starter,
                                                            "SageMakerPipelineParameters": {"PipelineParameterList": [{"Name": "Stage", "Value": "staging"}]}}])

    name = f"steps-{unique}"
    started = time.time()
    outcome = run_sdk(server, name, setup["role"], IMAGE, "step-pipelines", "step-models", setup["requirements"], "0.7")
    first_run = time.time() - started
    assert outcome["status"] == "Succeeded", outcome
    assert 0.7 <= outcome["accuracy"] <= 1.0
    steps = {s["StepName"]: s for s in sm.list_pipeline_execution_steps(PipelineExecutionArn=outcome["arn"])["PipelineExecutionSteps"]}
    assert sorted(steps) == ["check-accuracy", "evaluate", "preprocess", "register", "train"]
    assert steps["check-accuracy"]["Metadata"]["Condition"]["Outcome"] == "True"
    for job_step in ("preprocess", "train", "evaluate", "register"):
        job = sm.describe_training_job(TrainingJobName=steps[job_step]["Metadata"]["TrainingJob"]["Arn"].split("/")[-1])
        assert job["TrainingJobStatus"] == "Completed"
        assert job["AlgorithmSpecification"]["TrainingImage"] == IMAGE
    package = sm.describe_model_package(ModelPackageName=outcome["registered"])
    assert package["ModelPackageGroupName"] == "step-models" and package["ModelApprovalStatus"] == "PendingManualApproval"
    assert float(package["CustomerMetadataProperties"]["accuracy"]) == outcome["accuracy"]
    assert sm.list_pipeline_executions(PipelineName=f"deploy-{unique}")["PipelineExecutionSummaries"] == []
    sm.update_model_package(ModelPackageArn=outcome["registered"], ModelApprovalStatus="Approved")
    deadline = time.time() + 30
    runs = []
    while time.time() < deadline and not runs:
        runs = sm.list_pipeline_executions(PipelineName=f"deploy-{unique}")["PipelineExecutionSummaries"]
        time.sleep(0.2)
    assert len(runs) == 1, "approval did not start the deploy pipeline"

    # A second run installs the steps' requirements from the account's pip cache: nothing is downloaded again.
    started = time.time()
    again = run_sdk(server, name, setup["role"], IMAGE, "step-pipelines", "step-models", setup["requirements"], "0.7")
    second_run = time.time() - started
    assert again["status"] == "Succeeded", again
    logs = server.client("logs")
    for step in sm.list_pipeline_execution_steps(PipelineExecutionArn=again["arn"])["PipelineExecutionSteps"]:
        if "TrainingJob" not in step.get("Metadata", {}):
            continue
        job = sm.describe_training_job(TrainingJobName=step["Metadata"]["TrainingJob"]["Arn"].split("/")[-1])
        stream = logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs", logStreamNamePrefix=job["TrainingJobName"] + "/")["logStreams"][0]
        lines = [e["message"] for e in logs.get_log_events(logGroupName="/aws/sagemaker/TrainingJobs", logStreamName=stream["logStreamName"])["events"]]
        assert any("scikit-learn" in line for line in lines), lines  # the step's requirements were looked at
        assert not [line for line in lines if line.strip().startswith("Downloading ")], lines
    print(f"\n@step pipeline: first run {first_run:.1f} s, second run {second_run:.1f} s")


def test_a_strict_threshold_ends_in_the_fail_step_with_its_message(server, setup, unique):
    sm = server.client("sagemaker")
    outcome = run_sdk(server, f"strict-{unique}", setup["role"], IMAGE, "step-pipelines", "step-models", setup["requirements"], "1.01")
    assert outcome["status"] == "Failed"
    steps = {s["StepName"]: s for s in sm.list_pipeline_execution_steps(PipelineExecutionArn=outcome["arn"])["PipelineExecutionSteps"]}
    assert "register" not in steps
    assert steps["check-accuracy"]["Metadata"]["Condition"]["Outcome"] == "False"
    assert steps["too-inaccurate"]["StepStatus"] == "Failed"
    assert steps["too-inaccurate"]["FailureReason"] == "Accuracy is below 1.01"
    assert sm.describe_pipeline_execution(PipelineExecutionArn=outcome["arn"])["FailureReason"] == "Accuracy is below 1.01"
