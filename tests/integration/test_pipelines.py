"""SageMaker Pipelines through boto3: definitions validated at create, executions that really run their Processing,
Training, Condition, RegisterModel and Fail steps as the pipeline's role, with property references, PropertyFiles,
parameters, stop, retry and the step cache."""

import json
import time

import pytest

from conftest import BOTO_IMAGE
from helpers import allow, expect_error, policy

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
IMAGE = BOTO_IMAGE

PREPROCESS = r'''
import os
rows = open("/opt/ml/processing/input/raw/data.csv").read().split()
os.makedirs("/opt/ml/processing/train", exist_ok=True)
os.makedirs("/opt/ml/processing/test", exist_ok=True)
open("/opt/ml/processing/train/train.csv", "w").write("\n".join(rows[::2]))
open("/opt/ml/processing/test/test.csv", "w").write("\n".join(rows[1::2]))
print("preprocessed", len(rows), flush=True)
'''

TRAIN = r'''
import json, os, sys
rows = [line.split(",") for line in open("/opt/ml/input/data/train/train.csv").read().split()]
mean = sum(float(r[0]) for r in rows) / len(rows)
json.dump({"threshold": mean}, open("/opt/ml/model/model.json", "w"))
print(f"train_loss={1 / (1 + mean):.4f}", flush=True)
'''

EVALUATE = r'''
import json, os, tarfile
with tarfile.open("/opt/ml/processing/model/model.tar.gz") as archive:
    archive.extractall("/tmp/model")
model = json.load(open("/tmp/model/model.json"))
rows = [line.split(",") for line in open("/opt/ml/processing/test/test.csv").read().split()]
correct = sum(1 for r in rows if (float(r[0]) > model["threshold"]) == (r[1] == "1"))
os.makedirs("/opt/ml/processing/evaluation", exist_ok=True)
json.dump({"metrics": {"accuracy": {"value": correct / len(rows)}}}, open("/opt/ml/processing/evaluation/evaluation.json", "w"))
'''

SLOW = "import time; time.sleep(120)"
FLAKY = r'''
import boto3, os, sys
s3 = boto3.client("s3")
try:
    s3.head_object(Bucket=os.environ["BUCKET"], Key="flags/ready")
except Exception:
    open("/opt/ml/output/failure", "w").write("not ready yet")
    sys.exit(1)
'''


def wait(sm, arn, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        execution = sm.describe_pipeline_execution(PipelineExecutionArn=arn)
        if execution["PipelineExecutionStatus"] not in ("Executing", "Stopping"):
            return execution
        time.sleep(0.25)
    raise AssertionError(f"{arn} did not finish: {execution['PipelineExecutionStatus']}")


def steps_of(sm, arn):
    return {s["StepName"]: s for s in sm.list_pipeline_execution_steps(PipelineExecutionArn=arn)["PipelineExecutionSteps"]}


@pytest.fixture(scope="module")
def setup(server):
    return prepare(server)


def prepare(server):
    """A pipeline role, a bucket with data and scripts, and a model package group."""
    iam = server.client("iam")
    role = iam.create_role(RoleName="pipeline-exec", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName="pipeline-exec", PolicyName="work", PolicyDocument=policy(
        allow(["s3:*", "sagemaker:*", "sts:GetCallerIdentity"]), allow("iam:PassRole", role)))
    s3 = server.client("s3")
    bucket = "pipeline-data"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="raw/data.csv", Body="\n".join(f"{i},{1 if i > 5 else 0}" for i in range(1, 13)).encode())
    for name, body in {"preprocess.py": PREPROCESS, "train.py": TRAIN, "evaluate.py": EVALUATE, "flaky.py": FLAKY}.items():
        s3.put_object(Bucket=bucket, Key=f"code/{name}", Body=body.encode())
    server.client("sagemaker").create_model_package_group(ModelPackageGroupName="churn-models")
    return {"role": role, "bucket": bucket}


def processing(setup, name, script, inputs, outputs, **extra):
    bucket = setup["bucket"]
    step = {"Name": name, "Type": "Processing", "Arguments": {
        "ProcessingResources": {"ClusterConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10}},
        "AppSpecification": {"ImageUri": IMAGE, "ContainerEntrypoint": ["python3", f"/opt/ml/processing/input/code/{script}"]},
        "RoleArn": setup["role"],
        "ProcessingInputs": [{"InputName": "code", "S3Input": {"S3Uri": f"s3://{bucket}/code/{script}", "LocalPath": "/opt/ml/processing/input/code",
                                                             "S3DataType": "S3Prefix", "S3InputMode": "File"}}] + [
            {"InputName": n, "S3Input": {"S3Uri": uri, "LocalPath": path, "S3DataType": "S3Prefix", "S3InputMode": "File"}} for n, uri, path in inputs],
        "ProcessingOutputConfig": {"Outputs": [
            {"OutputName": n, "S3Output": {"S3Uri": {"Std:Join": {"On": "/", "Values": [f"s3://{bucket}/runs", {"Get": "Execution.PipelineExecutionId"}, n]}},
                                           "LocalPath": path, "S3UploadMode": "EndOfJob"}} for n, path in outputs]},
        "StoppingCondition": {"MaxRuntimeInSeconds": 300},
        "Environment": {"BUCKET": bucket},
    }}
    step.update(extra)
    return step


def classic(setup):
    bucket = setup["bucket"]
    preprocess = processing(setup, "Preprocess", "preprocess.py", [("raw", {"Get": "Parameters.InputData"}, "/opt/ml/processing/input/raw")],
                            [("train", "/opt/ml/processing/train"), ("test", "/opt/ml/processing/test")])
    train = {"Name": "Train", "Type": "Training", "Arguments": {
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File",
                                   "ContainerEntrypoint": ["python3", "/opt/ml/input/data/code/train.py"],
                                   "MetricDefinitions": [{"Name": "train:loss", "Regex": "train_loss=([0-9.]+)"}]},
        "OutputDataConfig": {"S3OutputPath": f"s3://{bucket}/models"},
        "StoppingCondition": {"MaxRuntimeInSeconds": 300},
        "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 10},
        "RoleArn": setup["role"],
        "InputDataConfig": [
            {"ChannelName": "train", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3DataDistributionType": "FullyReplicated",
             "S3Uri": {"Get": "Steps.Preprocess.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"}}}},
            {"ChannelName": "code", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{bucket}/code/train.py"}}},
        ],
    }}
    evaluate = processing(setup, "Evaluate", "evaluate.py", [
        ("model", {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}, "/opt/ml/processing/model"),
        ("test", {"Get": "Steps.Preprocess.ProcessingOutputConfig.Outputs['test'].S3Output.S3Uri"}, "/opt/ml/processing/test"),
    ], [("evaluation", "/opt/ml/processing/evaluation")],
        PropertyFiles=[{"PropertyFileName": "EvaluationReport", "OutputName": "evaluation", "FilePath": "evaluation.json"}])
    accuracy = {"Std:JsonGet": {"PropertyFile": {"Get": "Steps.Evaluate.PropertyFiles.EvaluationReport"}, "Path": "metrics.accuracy.value"}}
    register = {"Name": "Register", "Type": "RegisterModel", "Arguments": {
        "ModelPackageGroupName": "churn-models", "ModelApprovalStatus": {"Get": "Parameters.ApprovalStatus"},
        "InferenceSpecification": {"Containers": [{"Image": IMAGE, "ModelDataUrl": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}}],
                                   "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]},
        "ModelMetrics": {"ModelQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": {"Std:Join": {"On": "/", "Values": [
            {"Get": "Steps.Evaluate.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri"}, "evaluation.json"]}}}}},
    }}
    fail = {"Name": "TooInaccurate", "Type": "Fail", "Arguments": {"ErrorMessage": {"Std:Join": {"On": " ", "Values": [
        "Accuracy", accuracy, "is below", {"Get": "Parameters.MinAccuracy"}]}}}}
    condition = {"Name": "CheckAccuracy", "Type": "Condition", "Arguments": {
        "Conditions": [{"Type": "GreaterThanOrEqualTo", "LeftValue": accuracy, "RightValue": {"Get": "Parameters.MinAccuracy"}}],
        "IfSteps": [register], "ElseSteps": [fail]}}
    return json.dumps({
        "Version": "2020-12-01", "Metadata": {},
        "Parameters": [{"Name": "InputData", "Type": "String", "DefaultValue": f"s3://{bucket}/raw"},
                       {"Name": "MinAccuracy", "Type": "Float", "DefaultValue": 0.5},
                       {"Name": "ApprovalStatus", "Type": "String", "DefaultValue": "PendingManualApproval"}],
        # Array order is not execution order: the DAG comes from the property references.
        "Steps": [condition, evaluate, train, preprocess],
    })


def test_a_classic_pipeline_runs_every_step_and_registers_the_model(server, setup, unique):
    sm = server.client("sagemaker")
    name = f"churn-{unique}"
    arn = sm.create_pipeline(PipelineName=name, PipelineDefinition=classic(setup), RoleArn=setup["role"], ClientRequestToken=f"create-{unique}" * 3)["PipelineArn"]
    assert arn.endswith(f":pipeline/{name}")
    described = sm.describe_pipeline(PipelineName=name)
    assert described["PipelineStatus"] == "Active" and json.loads(described["PipelineDefinition"])["Version"] == "2020-12-01"
    token = f"start-{unique}" * 3
    execution = sm.start_pipeline_execution(PipelineName=name, ClientRequestToken=token,
                                            PipelineParameters=[{"Name": "ApprovalStatus", "Value": "Approved"}])["PipelineExecutionArn"]
    # The same token is the same execution.
    assert sm.start_pipeline_execution(PipelineName=name, ClientRequestToken=token)["PipelineExecutionArn"] == execution
    done = wait(sm, execution)
    assert done["PipelineExecutionStatus"] == "Succeeded", (done, steps_of(sm, execution))
    steps = steps_of(sm, execution)
    assert sorted(steps) == ["CheckAccuracy", "Evaluate", "Preprocess", "Register", "Train"]
    assert all(s["StepStatus"] == "Succeeded" for s in steps.values())
    assert steps["CheckAccuracy"]["Metadata"]["Condition"]["Outcome"] == "True"
    job = steps["Train"]["Metadata"]["TrainingJob"]["Arn"]
    training = sm.describe_training_job(TrainingJobName=job.split("/")[-1])
    assert training["TrainingJobStatus"] == "Completed"
    assert [m["MetricName"] for m in training["FinalMetricDataList"]] == ["train:loss"]
    processing_job = sm.describe_processing_job(ProcessingJobName=steps["Preprocess"]["Metadata"]["ProcessingJob"]["Arn"].split("/")[-1])["ProcessingJobName"]
    assert processing_job.startswith("pipelines-") and processing_job.endswith(processing_job.split("-")[-1])
    package = sm.describe_model_package(ModelPackageName=steps["Register"]["Metadata"]["RegisterModel"]["Arn"])
    assert package["ModelPackageGroupName"] == "churn-models" and package["ModelApprovalStatus"] == "Approved"
    assert package["InferenceSpecification"]["Containers"][0]["ModelDataUrl"] == training["ModelArtifacts"]["S3ModelArtifacts"]
    parameters = {p["Name"]: p["Value"] for p in sm.list_pipeline_parameters_for_execution(PipelineExecutionArn=execution)["PipelineParameters"]}
    assert parameters == {"InputData": f"s3://{setup['bucket']}/raw", "MinAccuracy": "0.5", "ApprovalStatus": "Approved"}
    assert sm.describe_pipeline_definition_for_execution(PipelineExecutionArn=execution)["PipelineDefinition"] == classic(setup)
    summaries = sm.list_pipeline_executions(PipelineName=name)["PipelineExecutionSummaries"]
    assert [(s["PipelineExecutionArn"], s["PipelineExecutionStatus"]) for s in summaries] == [(execution, "Succeeded")]
    # The jobs ran as the pipeline's role, and logged where jobs log.
    streams = server.client("logs").describe_log_streams(logGroupName="/aws/sagemaker/ProcessingJobs", logStreamNamePrefix=processing_job)["logStreams"]
    assert len(streams) == 1


def test_a_failing_condition_ends_in_the_fail_step_with_its_message(server, setup, unique):
    sm = server.client("sagemaker")
    name = f"strict-{unique}"
    sm.create_pipeline(PipelineName=name, PipelineDefinition=classic(setup), RoleArn=setup["role"])
    execution = sm.start_pipeline_execution(PipelineName=name, PipelineParameters=[{"Name": "MinAccuracy", "Value": "1.5"}])["PipelineExecutionArn"]
    done = wait(sm, execution)
    assert done["PipelineExecutionStatus"] == "Failed"
    steps = steps_of(sm, execution)
    assert "Register" not in steps
    assert steps["CheckAccuracy"]["Metadata"]["Condition"]["Outcome"] == "False"
    fail = steps["TooInaccurate"]
    assert fail["StepStatus"] == "Failed"
    assert fail["FailureReason"].startswith("Accuracy ") and fail["FailureReason"].endswith(" is below 1.5")
    assert fail["Metadata"]["Fail"]["ErrorMessage"] == fail["FailureReason"]
    assert done["FailureReason"] == fail["FailureReason"]


def simple(setup, *steps, parameters=()):
    return json.dumps({"Version": "2020-12-01", "Parameters": list(parameters), "Steps": list(steps)})


def test_definitions_are_validated_at_create_and_nothing_is_left(server, setup, unique):
    sm = server.client("sagemaker")
    name = f"bad-{unique}"
    fail = {"Name": "F", "Type": "Fail", "Arguments": {"ErrorMessage": "x"}}
    cases = [
        ("{not json", "JSON"),
        (json.dumps({"Version": "2019-01-01", "Steps": [fail]}), "Version"),
        (simple(setup, fail, {**fail}), "F"),
        (simple(setup, {"Name": "A", "Type": "Fail", "Arguments": {"ErrorMessage": {"Get": "Steps.B.FailureReason"}}},
                {"Name": "B", "Type": "Fail", "Arguments": {"ErrorMessage": {"Get": "Steps.A.FailureReason"}}}), "cycle"),
        (simple(setup, {"Name": "A", "Type": "Fail", "Arguments": {"ErrorMessage": {"Get": "Steps.Nowhere.X"}}}), "Nowhere"),
        (simple(setup, {"Name": "A", "Type": "Fail", "Arguments": {"ErrorMessage": {"Get": "Parameters.Missing"}}}), "Missing"),
        (simple(setup, {"Name": "A", "Type": "Fail", "DependsOn": ["Ghost"], "Arguments": {}}), "Ghost"),
        (simple(setup, {"Name": "Wait", "Type": "Callback", "Arguments": {}}), "Callback"),
    ]
    for definition, text in cases:
        code, message, status = expect_error("ValidationException", sm.create_pipeline, PipelineName=name, PipelineDefinition=definition, RoleArn=setup["role"])
        assert text in message and status == 400, (definition, message)
    assert sm.list_pipelines(PipelineNamePrefix=name)["PipelineSummaries"] == []
    sm.create_pipeline(PipelineName=name, PipelineDefinition=simple(setup, fail), RoleArn=setup["role"])
    _, message, _ = expect_error("ValidationException", sm.create_pipeline, PipelineName=name, PipelineDefinition=simple(setup, fail), RoleArn=setup["role"])
    assert "already exists" in message
    expect_error("ValidationException", sm.start_pipeline_execution, PipelineName=name, PipelineParameters=[{"Name": "Nope", "Value": "1"}])
    expect_error("ValidationException", sm.start_pipeline_execution, PipelineName=name, SelectiveExecutionConfig={"SelectedSteps": [{"StepName": "F"}]})
    assert sm.list_pipeline_executions(PipelineName=name)["PipelineExecutionSummaries"] == []
    expect_error("ResourceNotFound", sm.describe_pipeline, PipelineName=f"never-{unique}")
    expect_error("ResourceNotFound", sm.describe_pipeline_execution, PipelineExecutionArn=f"arn:aws:sagemaker:us-east-1:{server.account_id}:pipeline/{name}/execution/nothing")
    # Updating the definition is checked the same way and changes nothing when refused.
    expect_error("ValidationException", sm.update_pipeline, PipelineName=name, PipelineDefinition=cases[3][0])
    assert json.loads(sm.describe_pipeline(PipelineName=name)["PipelineDefinition"])["Steps"][0]["Name"] == "F"
    assert sm.update_pipeline(PipelineName=name, PipelineDescription="now described")["PipelineArn"].endswith(name)
    assert sm.describe_pipeline(PipelineName=name)["PipelineDescription"] == "now described"
    assert sm.delete_pipeline(PipelineName=name, ClientRequestToken="d" * 32)["PipelineArn"].endswith(name)
    expect_error("ResourceNotFound", sm.describe_pipeline, PipelineName=name)


def test_stop_then_retry_runs_only_what_did_not_succeed(server, setup, unique):
    sm, s3 = server.client("sagemaker"), server.client("s3")
    first = processing(setup, "First", "preprocess.py", [("raw", f"s3://{setup['bucket']}/raw", "/opt/ml/processing/input/raw")],
                       [("train", "/opt/ml/processing/train"), ("test", "/opt/ml/processing/test")])
    flaky = processing(setup, "Flaky", "flaky.py", [], [], DependsOn=["First"])
    name = f"retry-{unique}"
    sm.create_pipeline(PipelineName=name, PipelineDefinition=simple(setup, first, flaky), RoleArn=setup["role"])
    s3.delete_object(Bucket=setup["bucket"], Key="flags/ready")
    execution = sm.start_pipeline_execution(PipelineName=name)["PipelineExecutionArn"]
    done = wait(sm, execution)
    assert done["PipelineExecutionStatus"] == "Failed"
    steps = steps_of(sm, execution)
    assert steps["Flaky"]["StepStatus"] == "Failed" and "not ready yet" in steps["Flaky"]["FailureReason"]
    first_job = steps["First"]["Metadata"]["ProcessingJob"]["Arn"]
    s3.put_object(Bucket=setup["bucket"], Key="flags/ready", Body=b"")
    assert sm.retry_pipeline_execution(PipelineExecutionArn=execution, ClientRequestToken="r" * 32)["PipelineExecutionArn"] == execution
    done = wait(sm, execution)
    assert done["PipelineExecutionStatus"] == "Succeeded"
    steps = steps_of(sm, execution)
    assert steps["First"]["Metadata"]["ProcessingJob"]["Arn"] == first_job
    assert steps["Flaky"]["StepStatus"] == "Succeeded" and steps["Flaky"]["AttemptCount"] == 2
    expect_error("ConflictException", sm.retry_pipeline_execution, PipelineExecutionArn=execution, ClientRequestToken="s" * 32)

    slow = processing(setup, "Slow", "preprocess.py", [], [])
    slow["Arguments"]["AppSpecification"]["ContainerEntrypoint"] = ["python3", "-c", SLOW]
    after = {"Name": "After", "Type": "Fail", "DependsOn": ["Slow"], "Arguments": {"ErrorMessage": "never"}}
    stopping = f"stop-{unique}"
    sm.create_pipeline(PipelineName=stopping, PipelineDefinition=simple(setup, slow, after), RoleArn=setup["role"])
    execution = sm.start_pipeline_execution(PipelineName=stopping)["PipelineExecutionArn"]
    deadline = time.time() + 30
    while time.time() < deadline and steps_of(sm, execution).get("Slow", {}).get("StepStatus") != "Executing":
        time.sleep(0.1)
    sm.stop_pipeline_execution(PipelineExecutionArn=execution, ClientRequestToken="t" * 32)
    done = wait(sm, execution)
    assert done["PipelineExecutionStatus"] == "Stopped"
    steps = steps_of(sm, execution)
    assert steps["Slow"]["StepStatus"] == "Stopped" and "After" not in steps
    job = steps["Slow"]["Metadata"]["ProcessingJob"]["Arn"].split("/")[-1]
    assert sm.describe_processing_job(ProcessingJobName=job)["ProcessingJobStatus"] == "Stopped"
    expect_error("ConflictException", sm.stop_pipeline_execution, PipelineExecutionArn=execution, ClientRequestToken="u" * 32)


def test_cached_steps_are_reused_and_not_run_again(server, setup, unique):
    sm = server.client("sagemaker")
    step = processing(setup, "Split", "preprocess.py", [("raw", f"s3://{setup['bucket']}/raw", "/opt/ml/processing/input/raw")],
                      [("train", "/opt/ml/processing/train"), ("test", "/opt/ml/processing/test")],
                      CacheConfig={"Enabled": True, "ExpireAfter": "PT1H"})
    # A fixed output location, so the resolved arguments are the same in each execution.
    for output in step["Arguments"]["ProcessingOutputConfig"]["Outputs"]:
        output["S3Output"]["S3Uri"] = f"s3://{setup['bucket']}/cached-{unique}/{output['OutputName']}"
    name = f"cached-{unique}"
    sm.create_pipeline(PipelineName=name, PipelineDefinition=simple(setup, step), RoleArn=setup["role"])
    first = sm.start_pipeline_execution(PipelineName=name)["PipelineExecutionArn"]
    assert wait(sm, first)["PipelineExecutionStatus"] == "Succeeded"
    second = sm.start_pipeline_execution(PipelineName=name)["PipelineExecutionArn"]
    assert wait(sm, second)["PipelineExecutionStatus"] == "Succeeded"
    one, two = steps_of(sm, first)["Split"], steps_of(sm, second)["Split"]
    assert "CacheHitResult" not in one
    assert two["CacheHitResult"]["SourcePipelineExecutionArn"] == first
    assert two["Metadata"] == one["Metadata"]
    jobs = sm.list_processing_jobs(NameContains="split")["ProcessingJobSummaries"]
    assert len([j for j in jobs if first.split("/")[-1] in j["ProcessingJobName"] or second.split("/")[-1] in j["ProcessingJobName"]]) == 1


def test_an_execution_whose_server_was_killed_is_carried_on_after_restart():
    """SIGKILL of the server mid-execution: after restart the execution's lease runs out and the new server carries it
    on — the interrupted job is failed with the reason, the step's retry policy for internal errors starts it again,
    the steps after it run, and the execution succeeds; one without a retry policy fails cleanly."""
    import signal
    from conftest import Server
    server = Server("sqlite", extra_args=["--job-lease-seconds", "3"])
    try:
        iam = server.client("iam")
        role = iam.create_role(RoleName="pipeline-exec", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="pipeline-exec", PolicyName="work", PolicyDocument=policy(allow(["s3:*", "sagemaker:*"]), allow("iam:PassRole", role)))
        server.client("s3").create_bucket(Bucket="pipeline-data")
        server.client("s3").put_object(Bucket="pipeline-data", Key="code/preprocess.py", Body=b"")
        config = {"role": role, "bucket": "pipeline-data"}
        slow = processing(config, "Slow", "preprocess.py", [], [])
        slow["Arguments"]["AppSpecification"]["ContainerEntrypoint"] = ["python3", "-c", "import time; print('working', flush=True); time.sleep(3)"]
        after = processing(config, "After", "preprocess.py", [], [], DependsOn=["Slow"])
        after["Arguments"]["AppSpecification"]["ContainerEntrypoint"] = ["python3", "-c", "print('after')"]
        sm = server.client("sagemaker")
        retried = dict(slow, RetryPolicies=[{"ExceptionType": ["SageMaker.JOB_INTERNAL_ERROR"], "IntervalSeconds": 1, "BackoffRate": 1.0, "MaxAttempts": 2}])
        sm.create_pipeline(PipelineName="resilient", PipelineDefinition=simple(config, retried, after), RoleArn=role)
        sm.create_pipeline(PipelineName="fragile", PipelineDefinition=simple(config, slow, after), RoleArn=role)
        resilient = sm.start_pipeline_execution(PipelineName="resilient")["PipelineExecutionArn"]
        fragile = sm.start_pipeline_execution(PipelineName="fragile")["PipelineExecutionArn"]
        deadline = time.time() + 30
        while time.time() < deadline and not all(steps_of(sm, e).get("Slow", {}).get("StepStatus") == "Executing" for e in (resilient, fragile)):
            time.sleep(0.1)
        time.sleep(0.5)
        server.stop(signal.SIGKILL)
        server.start()
        sm = server.client("sagemaker")
        done = wait(sm, resilient, timeout=90)
        assert done["PipelineExecutionStatus"] == "Succeeded", steps_of(sm, resilient)
        steps = steps_of(sm, resilient)
        assert steps["Slow"]["AttemptCount"] == 2 and steps["After"]["StepStatus"] == "Succeeded"
        failed = wait(sm, fragile, timeout=90)
        assert failed["PipelineExecutionStatus"] == "Failed"
        steps = steps_of(sm, fragile)
        assert steps["Slow"]["StepStatus"] == "Failed" and "stopped while it ran" in steps["Slow"]["FailureReason"]
        assert "After" not in steps
    finally:
        server.cleanup()


def test_status_change_events_start_a_pipeline_through_an_eventbridge_target(server, setup, unique):
    """Each execution announces its status changes on the default bus; a rule on A's success whose target is pipeline B
    starts B as the target's role with the target's parameters — once, with the delivery kept as a record of it."""
    sm, events, iam = server.client("sagemaker"), server.client("events"), server.client("iam")
    check = {"Name": "Check", "Type": "Condition", "Arguments": {
        "Conditions": [{"Type": "Equals", "LeftValue": {"Get": "Parameters.Message"}, "RightValue": "from-first"}], "IfSteps": [], "ElseSteps": [
            {"Name": "WrongMessage", "Type": "Fail", "Arguments": {"ErrorMessage": {"Get": "Parameters.Message"}}}]}}
    message = [{"Name": "Message", "Type": "String", "DefaultValue": "none"}]
    first = sm.create_pipeline(PipelineName=f"first-{unique}", PipelineDefinition=simple(setup, check, parameters=message), RoleArn=setup["role"])["PipelineArn"]
    second = sm.create_pipeline(PipelineName=f"second-{unique}", PipelineDefinition=simple(setup, check, parameters=message), RoleArn=setup["role"])["PipelineArn"]
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    starter = iam.create_role(RoleName=f"starter-{unique}", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"starter-{unique}", PolicyName="start", PolicyDocument=policy(allow("sagemaker:StartPipelineExecution", second)))
    events.put_rule(Name=f"chain-{unique}", EventPattern=json.dumps({
        "source": ["aws.sagemaker"], "detail-type": ["SageMaker Model Building Pipeline Execution Status Change"],
        "detail": {"currentPipelineExecutionStatus": ["Succeeded"], "pipelineArn": [first]}}))
    events.put_targets(Rule=f"chain-{unique}", Targets=[{"Id": "next", "Arn": second, "RoleArn": starter,
                                                         "SageMakerPipelineParameters": {"PipelineParameterList": [{"Name": "Message", "Value": "from-first"}]}}])
    started = sm.start_pipeline_execution(PipelineName=f"first-{unique}", PipelineParameters=[{"Name": "Message", "Value": "from-first"}])["PipelineExecutionArn"]
    assert wait(sm, started)["PipelineExecutionStatus"] == "Succeeded"
    deadline = time.time() + 20
    runs = []
    while time.time() < deadline and not runs:
        runs = sm.list_pipeline_executions(PipelineName=f"second-{unique}")["PipelineExecutionSummaries"]
        time.sleep(0.1)
    assert len(runs) == 1, "the rule did not start the second pipeline"
    assert wait(sm, runs[0]["PipelineExecutionArn"])["PipelineExecutionStatus"] == "Succeeded"
    parameters = sm.list_pipeline_parameters_for_execution(PipelineExecutionArn=runs[0]["PipelineExecutionArn"])["PipelineParameters"]
    assert parameters == [{"Name": "Message", "Value": "from-first"}]
    recorded = json.loads(server.slipway("events", "recorded", "--json", "--endpoint-url", server.endpoint).stdout)["Deliveries"]
    assert [d["Result"] for d in recorded if d["TargetArn"] == second] == [runs[0]["PipelineExecutionArn"]]
    time.sleep(1)
    assert len(sm.list_pipeline_executions(PipelineName=f"second-{unique}")["PipelineExecutionSummaries"]) == 1


def test_a_stack_makes_updates_and_deletes_a_pipeline(server, setup, unique):
    cfn, sm = server.client("cloudformation"), server.client("sagemaker")
    fail = {"Name": "Stop", "Type": "Fail", "Arguments": {"ErrorMessage": "stopped"}}

    def template(description, definition):
        return json.dumps({"Resources": {"Pipeline": {"Type": "AWS::SageMaker::Pipeline", "Properties": {
            "PipelineName": f"stacked-{unique}", "PipelineDescription": description, "RoleArn": setup["role"],
            "PipelineDefinition": {"PipelineDefinitionBody": definition}, "ParallelismConfiguration": {"MaxParallelExecutionSteps": 2},
            "Tags": [{"Key": "team", "Value": "ml"}]}}},
            "Outputs": {"Name": {"Value": {"Ref": "Pipeline"}}}})

    stack = f"pipeline-stack-{unique}"
    cfn.create_stack(StackName=stack, TemplateBody=template("first", simple(setup, fail)))
    cfn.get_waiter("stack_create_complete").wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    outputs = {o["OutputKey"]: o["OutputValue"] for o in cfn.describe_stacks(StackName=stack)["Stacks"][0]["Outputs"]}
    assert outputs["Name"] == f"stacked-{unique}"
    described = sm.describe_pipeline(PipelineName=f"stacked-{unique}")
    assert described["PipelineDescription"] == "first" and described["ParallelismConfiguration"] == {"MaxParallelExecutionSteps": 2}
    tags = {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=described["PipelineArn"])["Tags"]}
    assert tags["team"] == "ml"
    renamed = dict(fail, Name="Halt")
    cfn.update_stack(StackName=stack, TemplateBody=template("second", simple(setup, renamed)))
    cfn.get_waiter("stack_update_complete").wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    described = sm.describe_pipeline(PipelineName=f"stacked-{unique}")
    assert described["PipelineDescription"] == "second" and json.loads(described["PipelineDefinition"])["Steps"][0]["Name"] == "Halt"
    # A definition the stack cannot create fails the update and leaves the pipeline as it was.
    cfn.update_stack(StackName=stack, TemplateBody=template("third", "{broken"))
    with pytest.raises(Exception):
        cfn.get_waiter("stack_update_complete").wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    assert sm.describe_pipeline(PipelineName=f"stacked-{unique}")["PipelineDescription"] == "second"
    cfn.delete_stack(StackName=stack)
    cfn.get_waiter("stack_delete_complete").wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    expect_error("ResourceNotFound", sm.describe_pipeline, PipelineName=f"stacked-{unique}")


def test_pipeline_tags_and_who_may_set_them(server, setup, unique):
    from helpers import make_user
    sm = server.client("sagemaker")
    fail = {"Name": "Stop", "Type": "Fail", "Arguments": {"ErrorMessage": "stopped"}}
    arn = sm.create_pipeline(PipelineName=f"tagged-{unique}", PipelineDefinition=simple(setup, fail), RoleArn=setup["role"],
                             Tags=[{"Key": "stage", "Value": "dev"}])["PipelineArn"]
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "stage", "Value": "dev"}]
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "owner", "Value": "ana"}])
    assert {t["Key"] for t in sm.list_tags(ResourceArn=arn)["Tags"]} == {"stage", "owner"}
    key, secret = make_user(server, f"creator-{unique}", policy(allow(["sagemaker:CreatePipeline", "sagemaker:DescribePipeline"]), allow("iam:PassRole", setup["role"])))
    user = server.client("sagemaker", key, secret)
    expect_error("AccessDeniedException", user.create_pipeline, PipelineName=f"untagged-{unique}", PipelineDefinition=simple(setup, fail),
                 RoleArn=setup["role"], Tags=[{"Key": "stage", "Value": "dev"}])
    expect_error("ResourceNotFound", user.describe_pipeline, PipelineName=f"untagged-{unique}")
    assert user.create_pipeline(PipelineName=f"untagged-{unique}", PipelineDefinition=simple(setup, fail), RoleArn=setup["role"])["PipelineArn"]
    expect_error("ResourceNotFound", sm.list_tags, ResourceArn=arn.replace(f"tagged-{unique}", f"missing-{unique}"))


SCORER = '''
def handler(event, context):
    if event.get("explode"):
        raise ValueError("cannot score " + event["model"])
    return {"score": len(event["model"]) / 100, "verdict": "ok-" + event["stage"]}
'''


def test_a_lambda_step_runs_as_the_pipelines_role_and_its_outputs_feed_later_steps(server, setup, unique):
    """A Lambda step invokes its function as the pipeline's role (which needs lambda:InvokeFunction), with the step's
    resolved arguments as the event; the declared outputs become OutputParameters later steps read. A function error
    fails the step with the function's message; a role that may not invoke fails it with the denial."""
    from test_lambda_functions import create, execution_role
    sm, iam = server.client("sagemaker"), server.client("iam")
    function = create(server, f"scorer-{unique}", execution_role(server, f"scorer-{unique}"), SCORER)["FunctionArn"]
    iam.put_role_policy(RoleName="pipeline-exec", PolicyName=f"invoke-{unique}", PolicyDocument=policy(allow("lambda:InvokeFunction", function)))
    score = {"Name": "Score", "Type": "Lambda", "FunctionArn": function,
             "OutputParameters": [{"OutputName": "score", "OutputType": "Float"}, {"OutputName": "verdict", "OutputType": "String"}],
             "Arguments": {"model": {"Get": "Parameters.Model"}, "stage": "prod", "explode": {"Get": "Parameters.Explode"}}}
    check = {"Name": "Check", "Type": "Condition", "Arguments": {
        "Conditions": [{"Type": "Equals", "LeftValue": {"Get": "Steps.Score.OutputParameters['verdict']"}, "RightValue": "ok-prod"}],
        "IfSteps": [], "ElseSteps": [{"Name": "Odd", "Type": "Fail", "Arguments": {"ErrorMessage": {"Get": "Steps.Score.OutputParameters['verdict']"}}}]}}
    parameters = [{"Name": "Model", "Type": "String", "DefaultValue": "churn-model"}, {"Name": "Explode", "Type": "Boolean", "DefaultValue": False}]
    name = f"scored-{unique}"
    sm.create_pipeline(PipelineName=name, PipelineDefinition=simple(setup, score, check, parameters=parameters), RoleArn=setup["role"])
    execution = sm.start_pipeline_execution(PipelineName=name)["PipelineExecutionArn"]
    assert wait(sm, execution)["PipelineExecutionStatus"] == "Succeeded", steps_of(sm, execution)
    lambda_step = steps_of(sm, execution)["Score"]
    assert lambda_step["Metadata"]["Lambda"]["Arn"] == function
    assert {p["Name"]: p["Value"] for p in lambda_step["Metadata"]["Lambda"]["OutputParameters"]} == {"score": "0.11", "verdict": "ok-prod"}

    failing = sm.start_pipeline_execution(PipelineName=name, PipelineParameters=[{"Name": "Explode", "Value": "true"}])["PipelineExecutionArn"]
    assert wait(sm, failing)["PipelineExecutionStatus"] == "Failed"
    assert "cannot score churn-model" in steps_of(sm, failing)["Score"]["FailureReason"]

    iam.delete_role_policy(RoleName="pipeline-exec", PolicyName=f"invoke-{unique}")
    denied = sm.start_pipeline_execution(PipelineName=name)["PipelineExecutionArn"]
    assert wait(sm, denied)["PipelineExecutionStatus"] == "Failed"
    assert "lambda:InvokeFunction" in steps_of(sm, denied)["Score"]["FailureReason"]


def test_parallelism_bounds_how_many_steps_run_at_once(server, setup, unique):
    sm = server.client("sagemaker")
    steps = []
    for index in range(3):
        step = processing(setup, f"Part{index}", "preprocess.py", [], [])
        step["Arguments"]["AppSpecification"]["ContainerEntrypoint"] = ["python3", "-c", "import time; time.sleep(1)"]
        steps.append(step)
    name = f"serial-{unique}"
    sm.create_pipeline(PipelineName=name, PipelineDefinition=simple(setup, *steps), RoleArn=setup["role"],
                       ParallelismConfiguration={"MaxParallelExecutionSteps": 1})
    assert sm.describe_pipeline(PipelineName=name)["ParallelismConfiguration"] == {"MaxParallelExecutionSteps": 1}

    def spans(execution):
        listed = steps_of(sm, execution)
        return sorted((s["StartTime"], s["EndTime"]) for s in listed.values())

    serial = sm.start_pipeline_execution(PipelineName=name)["PipelineExecutionArn"]
    assert wait(sm, serial)["PipelineExecutionStatus"] == "Succeeded"
    ordered = spans(serial)
    assert all(earlier[1] <= later[0] for earlier, later in zip(ordered, ordered[1:])), ordered
    # An execution's own configuration overrides the pipeline's.
    parallel = sm.start_pipeline_execution(PipelineName=name, ParallelismConfiguration={"MaxParallelExecutionSteps": 3})["PipelineExecutionArn"]
    assert wait(sm, parallel)["PipelineExecutionStatus"] == "Succeeded"
    ordered = spans(parallel)
    assert any(earlier[1] > later[0] for earlier, later in zip(ordered, ordered[1:])), ordered


def test_a_role_that_does_not_trust_sagemaker_or_cannot_be_passed_is_refused(server, setup, unique):
    from helpers import make_user
    sm, iam = server.client("sagemaker"), server.client("iam")
    fail = {"Name": "Stop", "Type": "Fail", "Arguments": {"ErrorMessage": "stopped"}}
    lambda_only = iam.create_role(RoleName=f"lambda-only-{unique}", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    _, message, _ = expect_error("ValidationException", sm.create_pipeline, PipelineName=f"untrusting-{unique}", PipelineDefinition=simple(setup, fail),
                                 RoleArn=lambda_only)
    assert "Could not assume role" in message
    expect_error("ResourceNotFound", sm.describe_pipeline, PipelineName=f"untrusting-{unique}")
    sm.create_pipeline(PipelineName=f"trusting-{unique}", PipelineDefinition=simple(setup, fail), RoleArn=setup["role"])
    expect_error("ValidationException", sm.update_pipeline, PipelineName=f"trusting-{unique}", RoleArn=lambda_only)
    assert sm.describe_pipeline(PipelineName=f"trusting-{unique}")["RoleArn"] == setup["role"]
    key, secret = make_user(server, f"no-pass-{unique}", policy(allow("sagemaker:*")))
    _, message, _ = expect_error("AccessDeniedException", server.client("sagemaker", key, secret).create_pipeline, PipelineName=f"unpassed-{unique}",
                                 PipelineDefinition=simple(setup, fail), RoleArn=setup["role"])
    assert "iam:PassRole" in message


def test_a_definition_kept_in_s3_is_read_as_the_caller(server, setup, unique):
    sm, s3 = server.client("sagemaker"), server.client("s3")
    fail = {"Name": "FromS3", "Type": "Fail", "Arguments": {"ErrorMessage": "from s3"}}
    s3.put_object(Bucket=setup["bucket"], Key=f"definitions/{unique}.json", Body=simple(setup, fail).encode())
    sm.create_pipeline(PipelineName=f"s3-{unique}", RoleArn=setup["role"],
                       PipelineDefinitionS3Location={"Bucket": setup["bucket"], "ObjectKey": f"definitions/{unique}.json"})
    assert json.loads(sm.describe_pipeline(PipelineName=f"s3-{unique}")["PipelineDefinition"])["Steps"][0]["Name"] == "FromS3"
    expect_error("ValidationException", sm.create_pipeline, PipelineName=f"both-{unique}", RoleArn=setup["role"], PipelineDefinition=simple(setup, fail),
                 PipelineDefinitionS3Location={"Bucket": setup["bucket"], "ObjectKey": f"definitions/{unique}.json"})
    expect_error("ValidationException", sm.create_pipeline, PipelineName=f"missing-{unique}", RoleArn=setup["role"],
                 PipelineDefinitionS3Location={"Bucket": setup["bucket"], "ObjectKey": f"definitions/none-{unique}.json"})


def test_the_console_links_a_steps_job_to_its_metrics_and_log(server, setup, browser, unique):
    """The console's Pipelines tab: a training step links to its job's page, which shows the metric the job's log
    printed and the log itself, from CloudWatch Logs."""
    from conftest import screenshot
    from playwright.sync_api import expect
    from test_console import FORM_TEMPLATE, launched_project, organization, sign_in
    project = launched_project(server, organization(server, unique, {"churn.yaml": FORM_TEMPLATE}), f"steps-{unique}")
    bucket = setup["bucket"]
    server.client("s3").put_object(Bucket=bucket, Key=f"code/quick-{unique}.py", Body=b"print('epoch 1 train_loss=0.25')\n")
    train = {"Name": "QuickTrain", "Type": "Training", "Arguments": {
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File",
                                   "ContainerEntrypoint": ["python3", f"/opt/ml/input/data/code/quick-{unique}.py"],
                                   "MetricDefinitions": [{"Name": "train:loss", "Regex": "train_loss=([0-9.]+)"}]},
        "OutputDataConfig": {"S3OutputPath": f"s3://{bucket}/models"},
        "StoppingCondition": {"MaxRuntimeInSeconds": 300},
        "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 10},
        "RoleArn": setup["role"],
        "InputDataConfig": [{"ChannelName": "code", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{bucket}/code/quick-{unique}.py"}}}],
    }}
    sm = server.client("sagemaker")
    name = f"quick-{unique}"
    sm.create_pipeline(PipelineName=name, PipelineDefinition=json.dumps({"Version": "2020-12-01", "Steps": [train]}), RoleArn=setup["role"],
                       Tags=[{"Key": "sagemaker:project-id", "Value": project["ProjectId"]}])
    done = wait(sm, sm.start_pipeline_execution(PipelineName=name)["PipelineExecutionArn"])
    assert done["PipelineExecutionStatus"] == "Succeeded", done
    # CloudWatch Logs takes the job's lines a moment after the job ends, here as on AWS.
    logs = server.client("logs")
    deadline = time.time() + 30
    while not logs.filter_log_events(logGroupName="/aws/sagemaker/TrainingJobs", logStreamNamePrefix="pipelines-")["events"]:
        assert time.time() < deadline, "the job's log never arrived"
        time.sleep(0.3)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        sign_in(page, server, server.root_key, server.root_secret)
        page.goto(f"{server.endpoint}/console/projects/steps-{unique}/pipelines")
        expect(page.get_by_role("img", name=f"Steps of {name}")).to_contain_text("Training · Succeeded")
        page.get_by_role("link", name="Logs and metrics of").click()
        expect(page.get_by_role("heading", name="Training job")).to_contain_text("Completed")
        expect(page.get_by_role("row").filter(has_text="train:loss")).to_contain_text("0.25")
        expect(page.get_by_label("Log of")).to_contain_text("epoch 1 train_loss=0.25")
        screenshot(page, f"training-job-{server.backend}")
    finally:
        context.close()
