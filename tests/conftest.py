"""Fixtures that start the real `slipway` binary on a free port with a temporary data dir, on SQLite and PostgreSQL."""

import configparser
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import uuid

import boto3
import botocore.config
import pytest
import requests

BACKENDS = ["sqlite", "postgres"]

# Image profiles' environments are built once and shared by every test server (and kept between runs), through the
# same pip cache the test requirements were installed with, so a second run downloads nothing.
ENVIRONMENTS = os.environ.get("SLIPWAY_TEST_ENVIRONMENTS", os.path.expanduser("~/.cache/slipway-test/environments"))
PIP_CACHE = os.environ.get("SLIPWAY_TEST_PIP_CACHE", os.path.expanduser("~/.cache/pip"))
# The image test jobs run that need boto3 (an administrator's profile, as the profiles file declares it).
BOTO_IMAGE = "registry.slipway.test/python-boto3:3.11"
# The image of jobs that track to managed MLflow: MLflow with SageMaker's plugin and scikit-learn.
MLFLOW_IMAGE = "registry.slipway.test/mlflow-client:3.11"
PROFILES = {"Profiles": [
    {"Name": "Python 3.11 with boto3", "Python": "3.11", "Packages": ["boto3==1.35.99"], "Images": [r"registry\.slipway\.test/python-boto3:.*"]},
    {"Name": "MLflow client", "Python": "3.11", "Packages": ["mlflow==3.17.2", "sagemaker-mlflow==0.5.0", "scikit-learn==1.7.2", "boto3==1.43.11"],
     "Images": [r"registry\.slipway\.test/mlflow-client:.*"]},
]}


def slipway_binary():
    path = os.environ.get("SLIPWAY_BIN")
    if not path:
        here = os.path.dirname(os.path.abspath(__file__))
        path = os.path.join(here, "..", ".build", "debug", "slipway")
    if not os.path.exists(path):
        pytest.exit(f"slipway binary not found at {path}; run `swift build` or set SLIPWAY_BIN", returncode=2)
    return path


def create_postgres_database():
    """A fresh database on the test cluster, so every server starts empty."""
    base = os.environ.get("SLIPWAY_TEST_POSTGRES_URL")
    if not base:
        return None
    name = "slipway_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", base, "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    return base.rsplit("/", 1)[0] + "/" + name


class Server:
    """One running `slipway serve` process and the root credentials it created."""

    # Every server a test started, so each test can be failed for a 500 answer any of them gave meanwhile.
    instances = []

    def __init__(self, backend, account_id="111111111111", extra_args=()):
        self.errors_of_earlier_processes = 0
        self.cleaned = False
        self.backend = backend
        self.extra_args = list(extra_args)
        self.account_id = account_id
        self.data_dir = tempfile.mkdtemp(prefix="slipway-it-")
        with open(os.path.join(self.data_dir, "image-profiles.json"), "w") as profiles:
            json.dump(PROFILES, profiles)
        self.database_url = None
        if backend == "postgres":
            self.database_url = create_postgres_database()
            if self.database_url is None:
                pytest.skip("SLIPWAY_TEST_POSTGRES_URL is not set (scripts/test starts PostgreSQL)")
        self.process = None
        self.start()
        Server.instances.append(self)
        creds = self.profiles()["default"]
        self.root_key = creds["aws_access_key_id"]
        self.root_secret = creds["aws_secret_access_key"]

    def start(self):
        """Starts `slipway serve` on a free port and waits until it listens."""
        args = [slipway_binary(), "serve", "--port", "0", "--data-dir", self.data_dir,
                "--account-id", self.account_id, "--test-hooks", "--log-level", "warning",
                "--environments", ENVIRONMENTS, "--pip-cache", PIP_CACHE]
        if self.database_url:
            args += ["--database", self.database_url]
        args += self.extra_args
        self.log = open(os.path.join(self.data_dir, "server.log"), "a")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.stdout_lines = []
        self.port = None
        # With --tls-port, the HTTPS listener's port too (and the line naming its certificate authority after it).
        self.tls_port = None
        wants_tls = "--tls-port" in self.extra_args
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.stdout_lines.append(line)
            match = re.search(r"listening on (https?)://127\.0\.0\.1:(\d+)", line)
            if match and match.group(1) == "http":
                self.port = int(match.group(2))
            elif match:
                self.tls_port = int(match.group(2))
                if "--tls-certificate" not in self.extra_args:
                    self.stdout_lines.append(self.process.stdout.readline())
            if self.port is not None and (self.tls_port is not None or not wants_tls):
                break
        if self.port is None:
            self.stop()
            raise RuntimeError("server did not start:\n" + "".join(self.stdout_lines) + open(self.log.name).read())
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def restart(self):
        self.stop()
        self.start()

    def profiles(self):
        parser = configparser.ConfigParser()
        parser.read(os.path.join(self.data_dir, "credentials"))
        return {name: dict(parser[name]) for name in parser.sections()}

    def client(self, service, key=None, secret=None, token=None, region="us-east-1", **config):
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=region,
            aws_access_key_id=key or self.root_key,
            aws_secret_access_key=secret or self.root_secret,
            aws_session_token=token,
            config=botocore.config.Config(retries={"max_attempts": 1}, **config),
        )

    def advance_clock(self, seconds):
        """Moves the server's clock `seconds` ahead; returns the server's time after the move."""
        response = requests.post(f"{self.endpoint}/_slipway/test/clock", params={"advance": seconds}, timeout=10)
        response.raise_for_status()
        return datetime.datetime.fromisoformat(response.json()["now"].replace("Z", "+00:00"))

    def cli_env(self, key=None, secret=None, token=None):
        env = dict(os.environ)
        env.update({
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": key or self.root_key,
            "AWS_SECRET_ACCESS_KEY": secret or self.root_secret,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        })
        env.pop("AWS_PROFILE", None)
        if token:
            env["AWS_SESSION_TOKEN"] = token
        else:
            env.pop("AWS_SESSION_TOKEN", None)
        return env

    def aws(self, *args, key=None, secret=None, token=None, check=True):
        """Runs the aws CLI against this server; returns the completed process."""
        result = subprocess.run(["aws", *args], env=self.cli_env(key, secret, token), capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} failed: {result.stderr}")
        return result

    def slipway(self, *args):
        return subprocess.run([slipway_binary(), *args, "--data-dir", self.data_dir], capture_output=True, text=True, timeout=120)

    def internal_errors(self):
        """How many requests this server has answered 500, over every process it ran (a killed one's are lost)."""
        live = 0
        if self.process is not None and self.process.poll() is None and self.port is not None:
            try:
                live = requests.get(f"{self.endpoint}/_slipway/health", timeout=5).json().get("internalErrors", 0)
            except (requests.RequestException, ValueError):
                live = 0
        return self.errors_of_earlier_processes + live

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            self.errors_of_earlier_processes = self.internal_errors()
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def cleanup(self):
        self.stop()
        self.cleaned = True
        shutil.rmtree(self.data_dir, ignore_errors=True)


@pytest.fixture(autouse=True)
def no_internal_errors():
    """Fails a test during which any server answered a request with 500: no input a client can send may cause one."""
    before = {id(server): server.internal_errors() for server in Server.instances}
    yield
    answered = []
    for server in list(Server.instances):
        new = server.internal_errors() - before.get(id(server), 0)
        if new > 0:
            answered.append(f"{new} answer(s) 500 from the server logging to {server.log.name}")
        if server.cleaned:
            Server.instances.remove(server)
    if answered:
        pytest.fail("; ".join(answered), pytrace=False)


@pytest.fixture(scope="module", params=BACKENDS)
def server(request):
    """A server shared by the tests of one module, once per backend."""
    srv = Server(request.param)
    yield srv
    srv.cleanup()


@pytest.fixture
def fresh_server(request):
    """A server of its own for a test that stops or restarts it (SQLite)."""
    srv = Server("sqlite")
    yield srv
    srv.cleanup()


@pytest.fixture(params=BACKENDS)
def fast_lifecycle_server(request):
    """A server whose lifecycle day lasts two seconds, so rules act within a test."""
    srv = Server(request.param, extra_args=["--lifecycle-day-seconds", "2"])
    yield srv
    srv.cleanup()


@pytest.fixture
def unique():
    """A short unique suffix for names, since module-scoped servers are shared."""
    return uuid.uuid4().hex[:8]


# Browser tests drive Debian's chromium through Playwright (never a browser Playwright downloads); their screenshots
# are kept for CI under this folder.
CHROMIUM = os.environ.get("SLIPWAY_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = os.environ.get("SLIPWAY_TEST_ARTIFACTS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".ci", "artifacts"))


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole run; each test opens its own context (its own cookies)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page, 1280 px wide, closed after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page, name):
    """Keeps a full-page screenshot as a CI artefact (`.ci/artifacts/console/NAME.png`)."""
    folder = os.path.join(ARTIFACTS, "console")
    os.makedirs(folder, exist_ok=True)
    page.screenshot(path=os.path.join(folder, name + ".png"), full_page=True)
