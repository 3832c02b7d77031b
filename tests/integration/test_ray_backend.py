"""The Ray backend: `slipway serve --compute ray --ray-address URL` submits each job's sandbox to a Ray cluster
through the Ray Jobs REST API. A local Ray head is started by this module (`ray start --head --block` as a child on
loopback, stopped by its process group — never `ray stop`), and the classic Processing + Training pipeline and the
@step pipeline run on it, every job a Ray job."""

import json
import os
import signal
import socket
import subprocess
import tempfile
import time

import pytest
import requests

from conftest import Server
import test_pipelines
import test_step_pipelines

RAY = os.environ.get("SLIPWAY_TEST_RAY", os.path.expanduser("~/.cache/slipway-test/ray/bin/ray"))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def ray_head():
    assert os.path.exists(RAY), f"Ray is missing at {RAY}: scripts/setup-test-deps installs it"
    dashboard, gcs = free_port(), free_port()
    temp = tempfile.mkdtemp(prefix="ray-", dir="/tmp")
    environment = dict(os.environ, RAY_USAGE_STATS_ENABLED="0")
    head = subprocess.Popen(
        [RAY, "start", "--head", "--block", "--node-ip-address", "127.0.0.1", "--port", str(gcs), "--dashboard-host", "127.0.0.1",
         "--dashboard-port", str(dashboard), "--include-dashboard", "true", "--num-cpus", "4", "--temp-dir", temp, "--disable-usage-stats"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=environment)
    address = f"http://127.0.0.1:{dashboard}"
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            if requests.get(f"{address}/api/jobs/", timeout=2).ok:
                break
        except requests.RequestException:
            pass
        assert head.poll() is None, "the Ray head exited"
        time.sleep(1)
    else:
        pytest.fail("the Ray head's job API did not come up")
    yield address
    # The head and everything it started share its process group.
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(head.pid, sig)
        except ProcessLookupError:
            break
        try:
            head.wait(timeout=30)
            break
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def server(ray_head):
    srv = Server("sqlite", extra_args=["--compute", "ray", "--ray-address", ray_head])
    yield srv
    srv.cleanup()


@pytest.fixture(scope="module")
def setup(server):
    return test_pipelines.prepare(server)


def ray_jobs(address):
    """Slipway's jobs on the cluster: job name → Ray status."""
    return {job["metadata"]["slipway-job"]: job["status"] for job in requests.get(f"{address}/api/jobs/", timeout=10).json()
            if "slipway-job" in (job.get("metadata") or {})}


def test_the_classic_pipeline_runs_its_jobs_on_ray(server, ray_head, setup, unique):
    sm = server.client("sagemaker")
    name = f"ray-classic-{unique}"
    sm.create_pipeline(PipelineName=name, PipelineDefinition=test_pipelines.classic(setup), RoleArn=setup["role"])
    execution = sm.start_pipeline_execution(PipelineName=name)["PipelineExecutionArn"]
    done = test_pipelines.wait(sm, execution, timeout=300)
    steps = test_pipelines.steps_of(sm, execution)
    assert done["PipelineExecutionStatus"] == "Succeeded", steps
    assert steps["CheckAccuracy"]["Metadata"]["Condition"]["Outcome"] == "True" and steps["Register"]["StepStatus"] == "Succeeded"
    on_ray = ray_jobs(ray_head)
    for step, kind in (("Preprocess", "ProcessingJob"), ("Train", "TrainingJob"), ("Evaluate", "ProcessingJob")):
        job = steps[step]["Metadata"][kind]["Arn"].split("/")[-1]
        assert on_ray.get(job) == "SUCCEEDED", (job, on_ray)
    # Its output still reaches the job's log stream.
    train = sm.describe_training_job(TrainingJobName=steps["Train"]["Metadata"]["TrainingJob"]["Arn"].split("/")[-1])
    assert [m["MetricName"] for m in train["FinalMetricDataList"]] == ["train:loss"]


def test_a_job_stopped_on_ray_stops(server, ray_head, setup, unique):
    sm = server.client("sagemaker")
    role = setup["role"]
    name = f"ray-stopped-{unique}"
    sm.create_training_job(TrainingJobName=name, RoleArn=role, OutputDataConfig={"S3OutputPath": "s3://pipeline-data/stopped"},
                           AlgorithmSpecification={"TrainingImage": "python:3.11", "TrainingInputMode": "File",
                                                   "ContainerEntrypoint": ["python3", "-c", "import time; print('up', flush=True); time.sleep(300)"]})
    deadline = time.time() + 60
    while time.time() < deadline and ray_jobs(ray_head).get(name) != "RUNNING":
        time.sleep(0.2)
    sm.stop_training_job(TrainingJobName=name)
    deadline = time.time() + 60
    while time.time() < deadline and sm.describe_training_job(TrainingJobName=name)["TrainingJobStatus"] not in ("Stopped", "Failed", "Completed"):
        time.sleep(0.2)
    assert sm.describe_training_job(TrainingJobName=name)["TrainingJobStatus"] == "Stopped"
    assert ray_jobs(ray_head)[name] == "STOPPED"


def test_the_step_pipeline_runs_on_ray(server, ray_head, unique):
    setup = test_step_pipelines.prepare(server)
    try:
        outcome = test_step_pipelines.run_sdk(server, f"ray-steps-{unique}", setup["role"], test_step_pipelines.IMAGE, "step-pipelines", "step-models",
                                              setup["requirements"], "0.7")
    finally:
        os.unlink(setup["requirements"])
    assert outcome["status"] == "Succeeded", outcome
    assert outcome["registered"].startswith("arn:aws:sagemaker:")
    sm = server.client("sagemaker")
    on_ray = ray_jobs(ray_head)
    for step in sm.list_pipeline_execution_steps(PipelineExecutionArn=outcome["arn"])["PipelineExecutionSteps"]:
        if "TrainingJob" in step.get("Metadata", {}):
            job = sm.describe_training_job(TrainingJobName=step["Metadata"]["TrainingJob"]["Arn"].split("/")[-1])["TrainingJobName"]
            assert on_ray.get(job.lower()) == "SUCCEEDED" or on_ray.get(job) == "SUCCEEDED", (job, on_ray)
