"""Workflows: GitHub Actions files in a forge repository run on Slipway's sandboxed runner when pushed or dispatched,
and PyGithub reads their runs, jobs and logs through the forge's Actions API."""

import datetime
import json
import os
import tempfile
import time

import pytest
import requests

from test_git import commit_file, git, git_env, slipway_as, token_url

BUILD = """\
name: build
on:
  push:
    branches: [main]
    paths-ignore: ['docs/**']
  workflow_dispatch:
    inputs:
      greeting:
        type: string
        required: true
      loud:
        type: boolean
        default: false
      level:
        type: choice
        options: [low, high]
        default: low
env:
  STAGE: test
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      version: ${{ steps.meta.outputs.version }}
    steps:
      - uses: actions/checkout@v4
      - id: meta
        run: |
          echo "version=1.2.$GITHUB_RUN_NUMBER" >> "$GITHUB_OUTPUT"
          echo "MODEL=xgb" >> "$GITHUB_ENV"
          {
            echo 'NOTES<<EOF'
            echo 'first line'
            echo 'second line'
            echo 'EOF'
          } >> "$GITHUB_ENV"
          echo "readme says: $(cat README.md)"
          pw="hun""ter2"
          echo "::add-mask::$pw"
          echo "the password is $pw"
          echo "whoami: $(id -u) home=$HOME workspace=$GITHUB_WORKSPACE"
      - name: Use what the step left
        run: |
          echo "model is $MODEL on $STAGE at ${{ github.ref_name }} for ${{ github.event_name }}"
          echo "notes: $NOTES" | tr '\\n' '|'; echo
          echo "version ${{ steps.meta.outputs.version }}"
          test ! -e /work && test ! -r /etc/shadow && echo "server files are out of reach"
      - name: Python
        shell: python
        run: |
          import os
          print("python sees", os.environ["GITHUB_REPOSITORY"], "${{ inputs.greeting }}")
  test:
    needs: build
    runs-on: ubuntu-latest
    strategy:
      matrix:
        shard: [1, 2]
    steps:
      - run: echo "shard ${{ matrix.shard }} of ${{ needs.build.outputs.version }}"
      - run: exit 3
        if: matrix.shard == 2
        continue-on-error: true
      - run: echo "still going after ${{ steps.missing.outcome }}"
  dispatched:
    needs: test
    if: github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    steps:
      - run: echo "greeting=${{ inputs.greeting }} loud=${{ inputs.loud }} level=${{ inputs.level }} typed=${{ inputs.loud == false }}"
"""


def wait_for_runs(repo, count, timeout=90):
    deadline = time.time() + timeout
    while True:
        runs = list(repo.get_workflow_runs())
        if len(runs) >= count and all(r.status == "completed" for r in runs):
            return runs
        assert time.time() < deadline, [(r.id, r.status) for r in runs]
        time.sleep(0.5)


def job_log(forge_token, job):
    answer = requests.get(f"{job.url}/logs", headers={"Authorization": f"token {forge_token}"}, timeout=10)
    assert answer.status_code == 200 and answer.history and answer.history[0].status_code == 302
    return answer.text


@pytest.fixture
def forge_repo(server, unique):
    from github import Auth, Github
    token = slipway_as(server, "git", "token", "create", "--name", "ci", "--scopes", "repo,workflow").stdout.strip()
    forge = Github(base_url=f"{server.endpoint}/api/v3", auth=Auth.Token(token), retry=None)
    repo = forge.get_user().create_repo(f"flow-{unique}")
    env = git_env(server)
    git("config", "--global", "--unset", "credential.helper", env=env)
    clone = os.path.join(tempfile.mkdtemp(prefix="slipway-wf-"), "repo")
    git("clone", "-q", token_url(repo.clone_url, token), clone, env=env)
    return forge, repo, token, clone, env


def test_a_push_runs_the_workflow_in_sandboxes_with_outputs_env_needs_and_a_matrix(server, forge_repo):
    forge, repo, token, clone, env = forge_repo
    commit_file(clone, env, "README.md", "hello from the repo", "readme")
    head = commit_file(clone, env, ".github/workflows/build.yml", BUILD, "workflow")
    git("push", "-q", "origin", "main", cwd=clone, env=env)

    [run] = wait_for_runs(repo, 1)
    assert (run.event, run.head_sha, run.head_branch, run.name, run.path) == ("push", head, "main", "build", ".github/workflows/build.yml")
    assert (run.status, run.conclusion, run.run_number) == ("completed", "success", 1)
    jobs = {job.name: job for job in run.jobs()}
    assert set(jobs) == {"build", "test (1)", "test (2)", "dispatched"}
    assert jobs["dispatched"].conclusion == "skipped"
    assert all(jobs[name].conclusion == "success" for name in ["build", "test (1)", "test (2)"])
    assert [s.name for s in jobs["build"].steps] == ["Set up job", "Run actions/checkout@v4", "Run echo \"version=1.2.$GITHUB_RUN_NUMBER\" >> \"$GITHUB_OUTPUT\"",
                                                     "Use what the step left", "Python", "Complete job"]

    build = job_log(token, jobs["build"])
    assert "readme says: hello from the repo" in build
    assert "model is xgb on test at main for push" in build
    assert "notes: first line|second line|" in build
    assert "version 1.2.1" in build
    assert "server files are out of reach" in build
    assert "python sees " + repo.full_name in build
    assert "the password is ***" in build and "hunter2" not in build
    workspace = "/".join(["/home/runner", "work", repo.name, repo.name])  # GitHub's runner layout
    assert "whoami: " in build and f"home=/home/runner workspace={workspace}\n" in build
    whoami = build.split("whoami: ")[1].split()[0]
    assert whoami != str(os.getuid()) or os.getuid() != 0  # never the server's own root

    shard2 = job_log(token, jobs["test (2)"])
    assert "shard 2 of 1.2.1" in shard2 and "Process completed with exit code 3." in shard2 and "still going" in shard2
    assert [s.conclusion for s in jobs["test (2)"].steps][1:4] == ["success", "success", "success"]
    assert [s.conclusion for s in jobs["test (1)"].steps][1:4] == ["success", "skipped", "success"]

    # A push touching only ignored paths runs nothing.
    commit_file(clone, env, "docs/guide.md", "guide", "docs only")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    time.sleep(1.5)
    assert repo.get_workflow_runs().totalCount == 1


def test_dispatch_with_inputs_is_checked_and_runs_on_the_ref(server, forge_repo):
    forge, repo, token, clone, env = forge_repo
    commit_file(clone, env, "README.md", "x", "readme")
    commit_file(clone, env, ".github/workflows/build.yml", BUILD.replace("branches: [main]", "branches: [release]"), "workflow")
    commit_file(clone, env, ".github/workflows/plain.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo plain\n", "plain")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    [plain] = wait_for_runs(repo, 1)
    assert plain.name == ".github/workflows/plain.yml"  # a workflow without a name shows its path

    workflows = {w.path: w for w in repo.get_workflows()}
    assert set(workflows) == {".github/workflows/build.yml", ".github/workflows/plain.yml"}
    build = repo.get_workflow("build.yml")
    assert build.id == workflows[".github/workflows/build.yml"].id and repo.get_workflow(build.id).name == "build"

    def dispatch(workflow, payload):
        return requests.post(f"{server.endpoint}/api/v3/repos/{repo.full_name}/actions/workflows/{workflow}/dispatches", json=payload,
                             headers={"Authorization": f"token {token}"}, timeout=10)

    for payload, message in [
        ({"ref": "main"}, "Required input 'greeting' not provided"),
        ({"ref": "main", "inputs": {"greeting": "hi", "color": "red"}}, 'Unexpected inputs provided: ["color"]'),
        ({"ref": "main", "inputs": {"greeting": "hi", "level": "extreme"}}, "Provided value 'extreme' for input 'level' not in the list of allowed values"),
        ({"ref": "main", "inputs": {"greeting": "hi", "loud": "perhaps"}}, "Provided value 'perhaps' for input 'loud' is not a valid boolean"),
        ({"ref": "nowhere", "inputs": {"greeting": "hi"}}, "No ref found for: nowhere"),
    ]:
        answer = dispatch("build.yml", payload)
        assert (answer.status_code, answer.json()["message"]) == (422, message), payload
    answer = dispatch("plain.yml", {"ref": "main"})
    assert (answer.status_code, answer.json()["message"]) == (422, "Workflow does not have 'workflow_dispatch' trigger")
    assert dispatch("missing.yml", {"ref": "main"}).status_code == 404
    assert repo.get_workflow_runs().totalCount == 1  # nothing refused started a run

    assert build.create_dispatch(ref=repo.get_branch("main"), inputs={"greeting": "hello there", "loud": True, "level": "high"})
    runs = wait_for_runs(repo, 2)
    dispatched = next(r for r in runs if r.event == "workflow_dispatch")
    assert dispatched.conclusion == "success" and dispatched.head_branch == "main"
    jobs = {job.name: job for job in dispatched.jobs()}
    assert jobs["dispatched"].conclusion == "success"
    assert "greeting=hello there loud=true level=high typed=false" in job_log(token, jobs["dispatched"])
    assert "python sees " + repo.full_name + " hello there" in job_log(token, jobs["build"])
    assert [r.id for r in build.get_runs()] == [dispatched.id]


FAILING = """\
on: push
jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - run: echo before
      - id: broken
        run: |
          echo "about to fail"
          false
          echo "never" "printed"
      - run: echo "skipped after a failure"
      - if: failure()
        run: echo "cleanup sees ${{ steps.broken.outcome }} and job ${{ job.status }}"
      - if: always()
        run: echo "always runs"
  after:
    needs: check
    runs-on: ubuntu-latest
    steps:
      - run: echo "not reached"
  report:
    needs: check
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "check was ${{ needs.check.result }}"
"""


def test_failures_skip_what_follows_and_status_functions_decide(server, forge_repo):
    forge, repo, token, clone, env = forge_repo
    commit_file(clone, env, ".github/workflows/check.yml", FAILING, "failing")
    commit_file(clone, env, ".github/workflows/bad.yml", "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: someone/else@v1\n", "bad")
    commit_file(clone, env, ".github/workflows/broken.yml", "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    needs: nothing\n    steps:\n      - run: echo\n", "broken")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    runs = {r.path: r for r in wait_for_runs(repo, 3)}
    check = runs[".github/workflows/check.yml"]
    assert check.conclusion == "failure"
    jobs = {job.name: job for job in check.jobs()}
    assert (jobs["check"].conclusion, jobs["after"].conclusion, jobs["report"].conclusion) == ("failure", "skipped", "success")
    assert [s.conclusion for s in jobs["check"].steps] == ["success", "success", "failure", "skipped", "success", "success", "success"]
    log = job_log(token, jobs["check"])
    assert "about to fail" in log and "never printed" not in log and "skipped after a failure" not in log
    assert "##[error]Process completed with exit code 1." in log
    assert "cleanup sees failure and job failure" in log and "always runs" in log
    assert "check was failure" in job_log(token, jobs["report"])

    # An action the runner does not provide fails the job at set-up, naming it.
    bad = runs[".github/workflows/bad.yml"]
    [job] = list(bad.jobs())
    assert bad.conclusion == "failure" and job.conclusion == "failure"
    assert "Unable to resolve action `someone/else@v1`" in job_log(token, job)
    # A file that is not a valid workflow gives a failed run with no jobs, saying why.
    broken = runs[".github/workflows/broken.yml"]
    assert broken.conclusion == "failure" and broken.jobs().totalCount == 0
    assert "Job 'x' depends on unknown job 'nothing'" in broken.raw_data["slipway_failure"]


DEPLOY = """\
name: deploy
on: workflow_dispatch
jobs:
  staging:
    runs-on: ubuntu-latest
    steps:
      - run: echo "repo secret ${{ secrets.API_KEY }} env secret [${{ secrets.PROD_KEY }}] region ${{ vars.REGION }}"
  production:
    needs: staging
    if: vars.REGION == 'eu-west-1'
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: echo "deploying with $PROD in ${{ vars.REGION }} to ${{ vars.TIER }}"
        env:
          PROD: ${{ secrets.PROD_KEY }}
"""


def wait_for_status(repo, run_id, status, timeout=60):
    deadline = time.time() + timeout
    while True:
        run = repo.get_workflow_run(run_id)
        if run.status == status:
            return run
        assert time.time() < deadline, (run.status, status)
        time.sleep(0.3)


def test_environments_with_reviewers_hold_jobs_until_approved_and_release_their_secrets_after(server, forge_repo, unique):
    from github.EnvironmentProtectionRuleReviewer import ReviewerParams
    from helpers import allow, make_user, policy
    forge, repo, token, clone, env = forge_repo
    me = forge.get_user()
    api = f"{server.endpoint}/api/v3/repos/{repo.full_name}"
    headers = {"Authorization": f"token {token}"}

    # Secrets are sealed with the repository's public key (PyGithub does it with PyNaCl) and never read back.
    key = repo.get_public_key()
    assert len(key.key) == 44 and key.key_id
    repo.create_secret("API_KEY", "repo-secret-value")
    repo.create_variable("REGION", "eu-west-1")
    production = repo.create_environment("production", reviewers=[ReviewerParams(type_="User", id_=me.id)])
    assert [r.reviewer.login for rule in production.protection_rules for r in rule.reviewers] == [me.login]
    production.create_secret("PROD_KEY", "prod-secret-value")
    production.create_variable("TIER", "prod")
    assert [s.name for s in repo.get_secrets()] == ["API_KEY"]
    assert requests.get(f"{api}/actions/secrets/API_KEY", headers=headers, timeout=10).json()["name"] == "API_KEY"
    assert "value" not in requests.get(f"{api}/actions/secrets/API_KEY", headers=headers, timeout=10).json()
    assert [(v.name, v.value) for v in repo.get_variables()] == [("REGION", "eu-west-1")]
    bad = requests.put(f"{api}/actions/secrets/BROKEN", json={"encrypted_value": "bm90IHNlYWxlZA==", "key_id": key.key_id}, headers=headers, timeout=10)
    assert bad.status_code == 422
    bad = requests.put(f"{api}/actions/secrets/GITHUB_TOKEN", json={"encrypted_value": "x", "key_id": key.key_id}, headers=headers, timeout=10)
    assert bad.status_code == 422
    assert [s.name for s in repo.get_secrets()] == ["API_KEY"]

    commit_file(clone, env, ".github/workflows/deploy.yml", DEPLOY, "deploy")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    workflow = repo.get_workflow("deploy.yml")

    # Run 1: staging runs, production waits for its reviewer.
    assert workflow.create_dispatch(ref="main")
    eventually(lambda: workflow.get_runs().totalCount > 0, timeout=30, interval=0.2)
    run = wait_for_status(repo, workflow.get_runs()[0].id, "waiting")
    jobs = {job.name: job for job in run.jobs()}
    assert (jobs["staging"].conclusion, jobs["production"].status) == ("success", "waiting")
    staging_log = job_log(token, jobs["staging"])
    assert "repo secret *** env secret [] region eu-west-1" in staging_log and "repo-secret-value" not in staging_log
    pending = requests.get(f"{api}/actions/runs/{run.id}/pending_deployments", headers=headers, timeout=10).json()
    assert [(p["environment"]["name"], p["current_user_can_approve"]) for p in pending] == [("production", True)]
    environment_id = pending[0]["environment"]["id"]
    assert environment_id == production.id

    # Someone who may read the repository but is not a reviewer cannot approve.
    arn = f"arn:aws:codecommit:us-east-1:{server.account_id}:{repo.name}"
    user_key, user_secret = make_user(server, f"dev{unique}", policy(
        allow("codecommit:*", arn), allow("iam:*ServiceSpecificCredential*", f"arn:aws:iam::{server.account_id}:user/dev{unique}")))
    other = slipway_as(server, "git", "token", "create", "--name", "dev", "--scopes", "repo", key=user_key, secret=user_secret).stdout.strip()
    refused = requests.post(f"{api}/actions/runs/{run.id}/pending_deployments", json={"environment_ids": [environment_id], "state": "approved", "comment": "me"},
                            headers={"Authorization": f"token {other}"}, timeout=10)
    assert refused.status_code == 422 and "not a required reviewer" in refused.json()["message"]
    assert repo.get_workflow_run(run.id).status == "waiting"

    approved = requests.post(f"{api}/actions/runs/{run.id}/pending_deployments",
                             json={"environment_ids": [environment_id], "state": "approved", "comment": "ship it"}, headers=headers, timeout=10)
    assert approved.status_code == 200 and approved.json()[0]["state"] == "approved"
    run = wait_for_status(repo, run.id, "completed")
    assert run.conclusion == "success"
    production_job = next(job for job in run.jobs() if job.name == "production")
    log = job_log(token, production_job)
    assert f"Deployment to environment 'production' approved by {me.login}: ship it" in log
    assert "deploying with *** in eu-west-1 to prod" in log and "prod-secret-value" not in log

    # Run 2: rejected, the job and the run fail and nothing is deployed.
    assert workflow.create_dispatch(ref="main")
    eventually(lambda: workflow.get_runs().totalCount >= 2, timeout=30, interval=0.2)
    second = wait_for_status(repo, workflow.get_runs()[0].id, "waiting")
    rejected = requests.post(f"{api}/actions/runs/{second.id}/pending_deployments",
                             json={"environment_ids": [environment_id], "state": "rejected", "comment": "not today"}, headers=headers, timeout=10)
    assert rejected.status_code == 200
    second = wait_for_status(repo, second.id, "completed")
    assert second.conclusion == "failure"
    job = next(job for job in second.jobs() if job.name == "production")
    assert job.conclusion == "failure" and job.raw_data["slipway_failure"] == f"The deployment to 'production' was rejected by {me.login}: not today"


GATE = """\
name: gate
on: workflow_dispatch
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo "built it"
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: echo "deployed it"
"""

LONG = """\
name: long
on: workflow_dispatch
jobs:
  wait:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "started waiting"
          sleep 300
      - run: echo "not after a cancel"
"""


def latest_run(workflow, count, timeout=30):
    deadline = time.time() + timeout
    while workflow.get_runs().totalCount < count:
        assert time.time() < deadline
        time.sleep(0.2)
    return workflow.get_runs()[0]


def eventually(check, timeout=30, interval=0.2):
    """Waits until `check()` is truthy, failing the test after `timeout` seconds; returns its answer."""
    deadline = time.time() + timeout
    while not (answer := check()):
        assert time.time() < deadline, "gave up waiting"
        time.sleep(interval)
    return answer


def push_and_dispatch(repo, clone, env, name, text, inputs=None):
    """Commits and pushes a workflow file, dispatches it on main; returns the workflow and its completed run."""
    commit_file(clone, env, f".github/workflows/{name}", text, name)
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    workflow = repo.get_workflow(name)
    assert workflow.create_dispatch(ref="main", **({"inputs": inputs} if inputs else {}))
    return workflow, wait_for_status(repo, latest_run(workflow, 1).id, "completed")


def wait_for_log(token, job_url, text, timeout=60):
    deadline = time.time() + timeout
    while True:
        answer = requests.get(f"{job_url}/logs", headers={"Authorization": f"token {token}"}, timeout=10)
        if answer.status_code == 200 and text in answer.text:
            return answer.text
        assert time.time() < deadline, answer.text
        time.sleep(0.3)


def test_slipway_runs_lists_follows_logs_approves_and_cancels(server, forge_repo):
    from github.EnvironmentProtectionRuleReviewer import ReviewerParams
    forge, repo, token, clone, env = forge_repo
    me = forge.get_user()
    repo.create_environment("production", reviewers=[ReviewerParams(type_="User", id_=me.id)])
    commit_file(clone, env, ".github/workflows/gate.yml", GATE, "gate")
    commit_file(clone, env, ".github/workflows/long.yml", LONG, "long")
    git("push", "-q", "origin", "main", cwd=clone, env=env)

    gate = repo.get_workflow("gate.yml")
    assert gate.create_dispatch(ref="main")
    run = wait_for_status(repo, latest_run(gate, 1).id, "waiting")
    listed = slipway_as(server, "runs", "list", repo.full_name)
    assert listed.returncode == 0, listed.stderr
    assert f"{run.id} #1 gate workflow_dispatch refs/heads/main waiting" in listed.stdout
    shown = slipway_as(server, "runs", "show", str(run.id)).stdout
    assert "build success" in shown and "deploy waiting [production]" in shown

    approved = slipway_as(server, "runs", "approve", str(run.id), "--comment", "looks good")
    assert approved.returncode == 0 and approved.stdout.strip() == "approved: production", approved.stderr
    again = slipway_as(server, "runs", "approve", str(run.id))
    assert again.returncode != 0 and "is not waiting for a review" in again.stderr
    followed = slipway_as(server, "runs", "logs", str(run.id), "--follow")
    assert followed.returncode == 0, followed.stderr
    assert "build | " in followed.stdout and "built it" in followed.stdout
    assert f"deploy | " in followed.stdout and f"approved by {me.login}: looks good" in followed.stdout and "deployed it" in followed.stdout
    assert repo.get_workflow_run(run.id).conclusion == "success"
    assert f"deploy success [production] (approved by {me.login}: looks good)" in slipway_as(server, "runs", "show", str(run.id)).stdout

    # Cancelling stops the running step at once and skips the rest.
    long = repo.get_workflow("long.yml")
    assert long.create_dispatch(ref="main")
    running = latest_run(long, 1)
    eventually(lambda: running.jobs().totalCount > 0, timeout=30, interval=0.2)
    [job] = list(running.jobs())
    wait_for_log(token, job.url, "started waiting")
    started = time.time()
    assert slipway_as(server, "runs", "cancel", str(running.id)).returncode == 0
    cancelled = wait_for_status(repo, running.id, "completed", timeout=30)
    assert time.time() - started < 15
    assert cancelled.conclusion == "cancelled"
    [job] = list(cancelled.jobs())
    assert job.conclusion == "cancelled"
    log = job_log(token, job)
    assert "##[error]The operation was canceled." in log and "not after a cancel" not in log
    assert requests.post(f"{server.endpoint}/api/v3/repos/{repo.full_name}/actions/runs/{running.id}/cancel", headers={"Authorization": f"token {token}"},
                         timeout=10).status_code == 409


CRASH = """\
on: push
jobs:
  slow:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "slow job started"
          sleep 300
  report:
    needs: slow
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "slow was ${{ needs.slow.result }}"
"""


def test_a_run_in_flight_when_its_server_dies_ends_with_the_reason_after_a_restart(unique):
    from conftest import Server
    from github import Auth, Github
    server = Server("sqlite", extra_args=["--job-lease-seconds", "5"])
    try:
        token = slipway_as(server, "git", "token", "create", "--name", "ci").stdout.strip()
        forge = Github(base_url=f"{server.endpoint}/api/v3", auth=Auth.Token(token), retry=None)
        repo = forge.get_user().create_repo(f"crash-{unique}")
        env = git_env(server)
        git("config", "--global", "--unset", "credential.helper", env=env)
        clone = os.path.join(tempfile.mkdtemp(prefix="slipway-wf-"), "repo")
        git("clone", "-q", token_url(repo.clone_url, token), clone, env=env)
        commit_file(clone, env, ".github/workflows/crash.yml", CRASH, "crash")
        git("push", "-q", "origin", "main", cwd=clone, env=env)
        eventually(lambda: repo.get_workflow_runs().totalCount > 0 and repo.get_workflow_runs()[0].jobs().totalCount > 0, timeout=30, interval=0.2)
        run = repo.get_workflow_runs()[0]
        [job] = list(run.jobs())
        wait_for_log(token, job.url, "slow job started")

        server.stop(__import__("signal").SIGKILL)
        server.start()
        forge = Github(base_url=f"{server.endpoint}/api/v3", auth=Auth.Token(token), retry=None)
        repo = forge.get_repo(repo.full_name)
        run = wait_for_status(repo, run.id, "completed", timeout=60)
        assert run.conclusion == "failure"
        jobs = {job.name: job for job in run.jobs()}
        assert jobs["slow"].conclusion == "failure"
        assert jobs["slow"].raw_data["slipway_failure"] == "The runner of this job stopped (Slipway restarted) before the job finished."
        log = job_log(token, jobs["slow"])
        assert "slow job started" in log and "The runner of this job stopped" in log
        assert "slow was failure" in job_log(token, jobs["report"])
    finally:
        server.cleanup()


AWS = """\
on: workflow_dispatch
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - id: creds
        uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: us-east-1
          role-to-assume: ${{ vars.DEPLOY_ROLE }}
          role-session-name: deploy-session
      - run: |
          echo "account ${{ steps.creds.outputs.aws-account-id }} region $AWS_REGION"
          test -n "$AWS_SESSION_TOKEN" && echo "has a session token"
      - name: The session's credentials, as the job's environment now holds them
        uses: aws-actions/configure-aws-credentials@v3
        with:
          aws-region: eu-west-1
      - uses: aws-actions/configure-aws-credentials@v2
        with:
          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: wrong-secret
          aws-region: us-east-1
"""


def test_configure_aws_credentials_assumes_a_role_through_slipways_sts(server, forge_repo, unique):
    import json
    from helpers import allow, make_user, policy
    forge, repo, token, clone, env = forge_repo
    user = f"deployer{unique}"
    key, secret = make_user(server, user, policy(allow("sts:AssumeRole", "*"), allow("sts:TagSession", "*")))
    role = f"deploy-{unique}"
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:user/{user}"},
                                                     "Action": ["sts:AssumeRole", "sts:TagSession"]}]}
    server.client("iam").create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(trust))
    repo.create_secret("AWS_ACCESS_KEY_ID", key)
    repo.create_secret("AWS_SECRET_ACCESS_KEY", secret)
    repo.create_variable("DEPLOY_ROLE", role)
    workflow, run = push_and_dispatch(repo, clone, env, "aws.yml", AWS)
    [job] = list(run.jobs())
    log = job_log(token, job)
    assert f"account {server.account_id} region us-east-1" in log
    session = f"arn:aws:sts::{server.account_id}:assumed-role/{role}/deploy-session"
    assert f"Assumed role arn:aws:iam::{server.account_id}:role/{role}" in log
    assert f"Configured AWS credentials for account {server.account_id} in us-east-1 as {session}" in log
    assert "has a session token" in log
    assert f"Configured AWS credentials for account {server.account_id} in eu-west-1 as {session}" in log
    assert secret not in log and key not in log  # secrets, and the session's secret key, stay masked
    # The wrong secret is refused by STS, and the step says so.
    assert [s.conclusion for s in job.steps][1:5] == ["success", "success", "success", "failure"]
    assert "##[error]SignatureDoesNotMatch" in log
    assert run.conclusion == "failure"


TOKEN = """\
on: workflow_dispatch
jobs:
  use-token:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          curl -sf -H "Authorization: token $GITHUB_TOKEN" "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY" | python3 -c 'import json, sys; print("api sees", json.load(sys.stdin)["full_name"])'
          echo "user endpoint $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: token ${{ secrets.GITHUB_TOKEN }}" "$GITHUB_API_URL/user")"
          echo "other repository $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: token ${{ github.token }}" "$GITHUB_API_URL/repos/${{ inputs.other }}")"
          git -c user.name=bot -c user.email=bot@example.com commit -q --allow-empty -m "from the job"
          git push -q origin HEAD:refs/heads/from-job && echo "pushed from the job"
          echo "reversed $(echo "$GITHUB_TOKEN" | rev)"
    """


def test_each_job_gets_a_github_token_for_its_own_repository_that_ends_with_it(server, forge_repo, unique):
    forge, repo, token, clone, env = forge_repo
    other = forge.get_user().create_repo(f"other-{unique}")
    commit_file(clone, env, ".github/workflows/token.yml",
                TOKEN.replace("on: workflow_dispatch", "on:\n  workflow_dispatch:\n    inputs:\n      other: {type: string}").replace("\n    \"\"\"", ""), "token")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    workflow = repo.get_workflow("token.yml")
    assert workflow.create_dispatch(ref="main", inputs={"other": other.full_name})
    run = wait_for_status(repo, latest_run(workflow, 1).id, "completed")
    [job] = list(run.jobs())
    log = job_log(token, job)
    assert run.conclusion == "success", log
    assert f"api sees {repo.full_name}" in log
    assert "user endpoint 403" in log and "other repository 404" in log
    assert "pushed from the job" in log
    assert repo.get_branch("from-job").commit.sha != repo.get_branch("main").commit.sha
    job_token = next(line.split("reversed ")[1] for line in log.splitlines() if "reversed " in line and "rev)" not in line)[::-1]
    assert job_token.startswith("slp_")
    # The token ended with its job, and personal token listings never show it.
    eventually(lambda: requests.get(f"{server.endpoint}/api/v3/repos/{repo.full_name}", headers={"Authorization": f"token {job_token}"}, timeout=10).status_code == 401, timeout=10, interval=0.2)
    assert "GITHUB_TOKEN" not in slipway_as(server, "git", "token", "list").stdout


ESCAPE = """\
on: workflow_dispatch
jobs:
  escape:
    runs-on: ubuntu-latest
    steps:
      - run: |
          rm -rf "$RUNNER_TEMP"
          ln -s "${{ inputs.target }}" "$RUNNER_TEMP"
          echo "planted a link"
      - run: echo "this script would be written through the link"
"""


def test_a_step_cannot_make_the_runner_write_outside_the_jobs_home(server, forge_repo):
    forge, repo, token, clone, env = forge_repo
    target = tempfile.mkdtemp(prefix="slipway-escape-target-")
    commit_file(clone, env, ".github/workflows/escape.yml", ESCAPE.replace("on: workflow_dispatch", "on:\n  workflow_dispatch:\n    inputs:\n      target: {type: string}"),
                "escape")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    workflow = repo.get_workflow("escape.yml")
    assert workflow.create_dispatch(ref="main", inputs={"target": target})
    run = wait_for_status(repo, latest_run(workflow, 1).id, "completed")
    [job] = list(run.jobs())
    log = job_log(token, job)
    assert "planted a link" in log and run.conclusion == "failure"
    assert "is not usable" in log
    assert os.listdir(target) == []  # nothing of the job's reached the server's directory


ARTIFACTS = """\
on: workflow_dispatch
jobs:
  train:
    runs-on: ubuntu-latest
    outputs:
      id: ${{ steps.up.outputs.artifact-id }}
    steps:
      - run: |
          mkdir -p out/model/nested out/logs
          echo "weights" > out/model/model.bin
          echo "deep" > out/model/nested/deep.txt
          echo "noise" > out/logs/train.log
          echo "hidden" > out/model/.secret
      - id: up
        uses: actions/upload-artifact@v4
        with:
          name: model
          path: |
            out/model
            !out/model/nested/deep.txt
      - uses: actions/upload-artifact@v4
        continue-on-error: true
        with:
          name: model
          path: out/logs
      - uses: actions/upload-artifact@v3
        with:
          name: nothing
          path: does/not/exist
  evaluate:
    needs: train
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: model
          path: fetched
      - run: |
          echo "got $(cat fetched/model.bin) id ${{ needs.train.outputs.id }}"
          test ! -e fetched/nested/deep.txt && test ! -e fetched/.secret && echo "exclusions held"
"""


def test_artifacts_pass_files_between_jobs_and_through_the_api(server, forge_repo):
    import io
    import zipfile
    forge, repo, token, clone, env = forge_repo
    workflow, run = push_and_dispatch(repo, clone, env, "artifacts.yml", ARTIFACTS)
    jobs = {job.name: job for job in run.jobs()}
    train = job_log(token, jobs["train"])
    # v4 keeps one artifact of a name per run; nothing found is a warning by default.
    assert [s.conclusion for s in jobs["train"].steps][1:5] == ["success", "success", "success", "success"]
    assert "an artifact with this name already exists on the workflow run" in train
    assert "##[warning]No files were found with the provided path: does/not/exist. No artifacts will be uploaded." in train
    evaluate = job_log(token, jobs["evaluate"])
    assert run.conclusion == "success" and "exclusions held" in evaluate
    assert "got weights id " in evaluate

    artifacts = list(run.get_artifacts())
    assert [(a.name, a.expired) for a in artifacts] == [("model", False)]
    assert f"got weights id {artifacts[0].id}" in evaluate
    answer = requests.get(artifacts[0].archive_download_url, headers={"Authorization": f"token {token}"}, timeout=10)
    assert answer.status_code == 200 and answer.history[0].status_code == 302
    names = sorted(zipfile.ZipFile(io.BytesIO(answer.content)).namelist())
    assert names == ["model.bin"]
    assert artifacts[0].size_in_bytes == len(answer.content)
    assert [a.id for a in repo.get_artifacts()] == [artifacts[0].id]
    assert artifacts[0].delete()
    assert list(run.get_artifacts()) == []


GREET = """\
name: greet
inputs:
  who:
    required: true
  punctuation:
    default: "!"
outputs:
  greeting:
    value: ${{ steps.say.outputs.text }}
runs:
  using: composite
  steps:
    - id: say
      shell: bash
      run: |
        echo "text=hello ${{ inputs.who }}${{ inputs.punctuation }}" >> "$GITHUB_OUTPUT"
        echo "FROM_ACTION=yes" >> "$GITHUB_ENV"
    - shell: bash
      run: echo "inside the action at ${{ github.action_path }}"
"""

COMPOSITE = """\
on: workflow_dispatch
jobs:
  use:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: greet
        uses: ./.github/actions/greet
        with:
          who: world
      - run: echo "said '${{ steps.greet.outputs.greeting }}' env $FROM_ACTION"
      - uses: ./.github/actions/node
        continue-on-error: true
      - uses: ./.github/actions/missing
        continue-on-error: true
"""


def test_local_composite_actions_run_their_steps_with_inputs_and_outputs(server, forge_repo):
    forge, repo, token, clone, env = forge_repo
    commit_file(clone, env, ".github/actions/greet/action.yml", GREET, "greet")
    commit_file(clone, env, ".github/actions/node/action.yml", "name: n\nruns:\n  using: node20\n  main: index.js\n", "node")
    workflow, run = push_and_dispatch(repo, clone, env, "composite.yml", COMPOSITE)
    [job] = list(run.jobs())
    log = job_log(token, job)
    assert run.conclusion == "success", log
    assert "said 'hello world!' env yes" in log
    printed = [line for line in log.splitlines() if "inside the action at " in line and "echo" not in line]
    assert printed and printed[0].endswith(f"/{repo.name}/{repo.name}/.github/actions/greet")
    assert "runs with 'node20'; this runner runs only composite actions" in log
    assert "Can't find 'action.yml', 'action.yaml' or 'Dockerfile'" in log


QUEUED = """\
name: queued
on:
  workflow_dispatch:
    inputs:
      nap: {type: number, default: 0}
concurrency: deploy-${{ github.ref_name }}
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "deploying"
          sleep ${{ inputs.nap }}
"""

PREEMPT = """\
name: preempt
on: workflow_dispatch
concurrency:
  group: preview
  cancel-in-progress: true
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "previewing"
          sleep 300
"""


def test_concurrency_groups_queue_one_run_and_cancel_as_asked(server, forge_repo):
    forge, repo, token, clone, env = forge_repo
    commit_file(clone, env, ".github/workflows/queued.yml", QUEUED, "queued")
    commit_file(clone, env, ".github/workflows/preempt.yml", PREEMPT, "preempt")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    queued = repo.get_workflow("queued.yml")

    # One runs; of those that wait, only the newest is kept.
    assert queued.create_dispatch(ref="main", inputs={"nap": "10"})
    first = latest_run(queued, 1)
    eventually(lambda: repo.get_workflow_run(first.id).status == "in_progress", timeout=20, interval=0.1)
    assert queued.create_dispatch(ref="main")
    second = latest_run(queued, 2)
    assert queued.create_dispatch(ref="main")
    third = latest_run(queued, 3)
    assert repo.get_workflow_run(third.id).status == "queued"
    assert wait_for_status(repo, second.id, "completed", timeout=20).conclusion == "cancelled"
    first = wait_for_status(repo, first.id, "completed", timeout=30)
    third = wait_for_status(repo, third.id, "completed", timeout=30)
    assert (first.conclusion, third.conclusion) == ("success", "success")  # the running one was left alone
    [job] = list(third.jobs())
    assert job.started_at >= first.updated_at  # the waiting run started only once the first ended

    # cancel-in-progress: a new run cancels the running one at once.
    preempt = repo.get_workflow("preempt.yml")
    assert preempt.create_dispatch(ref="main")
    old = latest_run(preempt, 1)
    eventually(lambda: old.jobs().totalCount > 0, timeout=30, interval=0.2)
    wait_for_log(token, list(old.jobs())[0].url, "previewing")
    assert preempt.create_dispatch(ref="main")
    new = latest_run(preempt, 2)
    assert wait_for_status(repo, old.id, "completed", timeout=20).conclusion == "cancelled"
    assert requests.post(f"{server.endpoint}/api/v3/repos/{repo.full_name}/actions/runs/{new.id}/cancel", headers={"Authorization": f"token {token}"},
                         timeout=10).status_code == 202
    assert wait_for_status(repo, new.id, "completed", timeout=20).conclusion == "cancelled"


CACHE = """\
on: workflow_dispatch
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: cache
        uses: actions/cache@v4
        with:
          path: |
            ~/.cache/deps
            build-out
          key: deps-${{ hashFiles('**/requirements.txt') }}
          restore-keys: |
            deps-
      - run: |
          echo "hit=${{ steps.cache.outputs.cache-hit }} matched=${{ steps.cache.outputs.cache-matched-key }} key=${{ steps.cache.outputs.cache-primary-key }}"
          if [ -f ~/.cache/deps/installed ]; then echo "found" "$(cat ~/.cache/deps/installed)"; fi
          mkdir -p ~/.cache/deps build-out
          echo "run ${{ github.run_number }}" > ~/.cache/deps/installed
"""


def test_caches_restore_by_key_or_prefix_and_save_after_a_successful_job(server, forge_repo):
    import hashlib
    forge, repo, token, clone, env = forge_repo
    commit_file(clone, env, "requirements.txt", "xgboost==2.1.1\n", "deps")
    commit_file(clone, env, ".github/workflows/cache.yml", CACHE, "cache")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    workflow = repo.get_workflow("cache.yml")

    def run_once(count):
        assert workflow.create_dispatch(ref="main")
        run = wait_for_status(repo, latest_run(workflow, count).id, "completed")
        [job] = list(run.jobs())
        log = job_log(token, job)
        assert run.conclusion == "success", log
        return job, log

    digest = hashlib.sha256(hashlib.sha256(b"xgboost==2.1.1\n").digest()).hexdigest()
    job, log = run_once(1)
    assert f"hit=false matched= key=deps-{digest}" in log and "found run" not in log
    assert [s.name for s in job.steps][-2:] == ["Post Run actions/cache@v4", "Complete job"] and f"Cache saved with key: deps-{digest}" in log

    job, log = run_once(2)
    assert f"hit=true matched=deps-{digest}" in log and "found run 1" in log
    assert "Post Run actions/cache@v4" not in [s.name for s in job.steps]  # an exact hit saves nothing

    commit_file(clone, env, "requirements.txt", "xgboost==2.1.2\n", "bump")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    job, log = run_once(3)
    new = hashlib.sha256(hashlib.sha256(b"xgboost==2.1.2\n").digest()).hexdigest()
    assert f"hit=false matched=deps-{digest} key=deps-{new}" in log and "found run 1" in log
    assert f"Cache saved with key: deps-{new}" in log


DISPATCHER = """
import os
from github import Auth, Github

def handler(event, context):
    forge = Github(base_url=os.environ["GITHUB_API_URL"], auth=Auth.Token(event["token"]), retry=None)
    repo = forge.get_repo(event["repository"])
    workflow = repo.get_workflow(event["workflow"])
    branch = repo.get_branch("main")
    return {"dispatched": workflow.create_dispatch(ref=branch, inputs={"greeting": event["greeting"]}), "api": os.environ["GITHUB_API_URL"]}
"""


def test_a_function_dispatches_a_workflow_through_pygithub_at_github_api_url(server, forge_repo, unique):
    import json
    from helpers import execution_role
    from test_lambda_functions import create
    forge, repo, token, clone, env = forge_repo
    commit_file(clone, env, "README.md", "x", "readme")
    commit_file(clone, env, ".github/workflows/build.yml", BUILD.replace("branches: [main]", "branches: [nothing]"), "workflow")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    name = f"dispatcher-{unique}"
    create(server, name, execution_role(server, name), DISPATCHER, Timeout=30)
    answer = server.client("lambda").invoke(FunctionName=name, Payload=json.dumps(
        {"token": token, "repository": repo.full_name, "workflow": "build.yml", "greeting": "from a function"}))
    body = json.loads(answer["Payload"].read())
    assert body == {"dispatched": True, "api": f"{server.endpoint}/api/v3"}, body
    [run] = wait_for_runs(repo, 1)
    assert run.event == "workflow_dispatch" and run.conclusion == "success"
    jobs = {job.name: job for job in run.jobs()}
    assert "greeting=from a function" in job_log(token, jobs["dispatched"])


SHAPES = """\
on: workflow_dispatch
defaults:
  run:
    shell: sh
    working-directory: sub
env:
  LEVEL: workflow
jobs:
  shapes:
    runs-on: [self-hosted, linux]
    timeout-minutes: 1
    env:
      LEVEL: job
      JOB_ONLY: yes
    steps:
      - run: mkdir -p sub/inner
        working-directory: .
      - run: |
          echo "shell is $( [ -n "$BASH_VERSION" ] && echo bash || echo posix-sh ) in $(basename "$PWD") level $LEVEL job-only $JOB_ONLY step $STEP"
          echo "## Summary from a step" >> "$GITHUB_STEP_SUMMARY"
          echo "$PWD/bin-extra" >> "$GITHUB_PATH"
          mkdir -p bin-extra && printf '#!/bin/sh\\necho tool on path\\n' > bin-extra/tool && chmod +x bin-extra/tool
          echo "::group::Grouped output"
          echo "inside the group"
          echo "::endgroup::"
          echo "::error file=a.py,line=3::something looked wrong"
          echo "::warning::careful"
        env:
          LEVEL: step
          STEP: here
      - run: tool
        working-directory: sub/inner
      - run: echo "json ${{ toJSON(fromJSON('{"a":[1,2]}').a) }} format ${{ format('{0}-{1}', 'x', 2) }} join ${{ join(fromJSON('["p","q"]'), '+') }}"
      - run: echo "contains ${{ contains('Hello', 'ELL') }} starts ${{ startsWith(github.ref, 'refs/heads/') }} ends ${{ endsWith('abc', 'bc') }} loose ${{ 1 == '1' }}"
      - run: |
          import sys
          print("python step", sys.version_info[0])
        shell: python
        working-directory: .
      - run: sleep 120
        timeout-minutes: 0.05
        continue-on-error: true
      - run: echo "after the timeout"
"""


def test_defaults_env_levels_shells_paths_summaries_commands_functions_and_step_timeouts(server, forge_repo):
    import json
    forge, repo, token, clone, env = forge_repo
    workflow, run = push_and_dispatch(repo, clone, env, "shapes.yml", SHAPES)
    [job] = list(run.jobs())
    log = job_log(token, job)
    assert run.conclusion == "success", log
    assert "shell is posix-sh in sub level step job-only yes step here" in log
    assert "tool on path" in log
    assert "##[group]Grouped output" in log and "inside the group" in log and "##[endgroup]" in log
    assert "##[error]something looked wrong" in log and "##[warning]careful" in log
    printed = [line.split("Z ", 1)[1] for line in log.splitlines() if "Z " in line and "36;1m" not in line]
    assert printed[printed.index("json [") + 1: printed.index("json [") + 4] == ["  1,", "  2", "] format x-2 join p+q"]
    assert "contains true starts true ends true loose true" in log
    assert "python step 3" in log
    assert "has timed out after" in log and "after the timeout" in log
    show = slipway_as(server, "runs", "show", str(run.id), "--json")
    assert show.returncode == 0, show.stderr
    assert json.loads(show.stdout)["Jobs"][0]["Summary"] == "## Summary from a step\n"


SCHEDULED = """\
name: nightly
on:
  schedule:
    - cron: '0 0 * * *'
jobs:
  tick:
    runs-on: ubuntu-latest
    steps:
      - run: echo "scheduled by '${{ github.event.schedule }}' on ${{ github.ref }} for ${{ github.actor }}"
"""


def test_schedules_of_the_default_branch_start_runs_when_their_minute_comes(server, forge_repo):
    forge, repo, token, clone, env = forge_repo
    # A daily schedule for two minutes from the server's now: the clock is then moved just past it, and the next
    # minute it matches is a day away, however long the test takes.
    due = (server.advance_clock(0) + datetime.timedelta(minutes=2)).replace(second=0, microsecond=0)
    cron = f"{due.minute} {due.hour} * * *"
    scheduled = SCHEDULED.replace("'0 0 * * *'", f"'{cron}'")
    commit_file(clone, env, ".github/workflows/nightly.yml", scheduled, "nightly")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    # The same schedule on another branch is not the default branch's, and never fires.
    git("checkout", "-q", "-b", "side", cwd=clone, env=env)
    commit_file(clone, env, ".github/workflows/side.yml", scheduled.replace("nightly", "side"), "side")
    git("push", "-q", "origin", "side", cwd=clone, env=env)
    assert repo.get_workflow_runs().totalCount == 0
    server.advance_clock((due - server.advance_clock(0)).total_seconds() + 20)
    eventually(lambda: repo.get_workflow_runs().totalCount > 0, timeout=20, interval=0.3)
    run = wait_for_status(repo, repo.get_workflow_runs()[0].id, "completed")
    assert (run.event, run.name, run.head_branch, run.conclusion) == ("schedule", "nightly", "main", "success")
    assert f"scheduled by '{cron}' on refs/heads/main for {forge.get_user().login}" in job_log(token, list(run.jobs())[0])
    time.sleep(6)
    assert repo.get_workflow_runs().totalCount == 1  # one run per minute that matched, and none for the side branch


FLAKY = """\
on: workflow_dispatch
jobs:
  steady:
    runs-on: ubuntu-latest
    steps:
      - run: echo "steady attempt $GITHUB_RUN_ATTEMPT"
  flaky:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "flaky attempt ${{ github.run_attempt }}"
          [ "$GITHUB_RUN_ATTEMPT" -gt 1 ]
  after:
    needs: flaky
    runs-on: ubuntu-latest
    steps:
      - run: echo "after attempt $GITHUB_RUN_ATTEMPT"
"""


def test_reruns_run_failed_jobs_and_their_dependants_or_everything_as_a_new_attempt(server, forge_repo):
    forge, repo, token, clone, env = forge_repo
    workflow, run = push_and_dispatch(repo, clone, env, "flaky.yml", FLAKY)
    assert run.conclusion == "failure"
    assert {job.name: job.conclusion for job in run.jobs()} == {"steady": "success", "flaky": "failure", "after": "skipped"}
    headers = {"Authorization": f"token {token}"}
    api = f"{server.endpoint}/api/v3/repos/{repo.full_name}/actions/runs/{run.id}"

    assert run.rerun_failed_jobs()
    run = wait_for_status(repo, run.id, "completed")
    assert (run.conclusion, run.run_attempt) == ("success", 2)
    jobs = {job.name: job for job in run.jobs()}
    assert {name: job.conclusion for name, job in jobs.items()} == {"steady": "success", "flaky": "success", "after": "success"}
    assert "flaky attempt 2" in job_log(token, jobs["flaky"]) and "after attempt 2" in job_log(token, jobs["after"])
    assert requests.get(f"{api}/jobs", params={"filter": "all"}, headers=headers, timeout=10).json()["total_count"] == 6
    first = requests.get(f"{api}/attempts/1/jobs", headers=headers, timeout=10).json()["jobs"]
    assert {job["name"]: job["conclusion"] for job in first} == {"steady": "success", "flaky": "failure", "after": "skipped"}

    assert run.rerun()
    run = wait_for_status(repo, run.id, "completed")
    assert (run.conclusion, run.run_attempt) == ("success", 3)
    assert "steady attempt 3" in job_log(token, next(job for job in run.jobs() if job.name == "steady"))
    # A run still going cannot be re-run.
    commit_file(clone, env, ".github/workflows/long.yml", LONG, "long")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    long = repo.get_workflow("long.yml")
    assert long.create_dispatch(ref="main")
    busy = wait_for_status(repo, latest_run(long, 1).id, "in_progress")
    answer = requests.post(f"{server.endpoint}/api/v3/repos/{repo.full_name}/actions/runs/{busy.id}/rerun", headers=headers, timeout=10)
    assert (answer.status_code, answer.json()["message"]) == (403, "This workflow is already running")
    assert busy.cancel()
    assert wait_for_status(repo, busy.id, "completed").conclusion == "cancelled"


LOADER = """\
on: workflow_dispatch
jobs:
  loader:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "LD_PRELOAD=/nonexistent/preload.so" >> "$GITHUB_ENV"
          echo "LD_LIBRARY_PATH=/opt/extra" >> "$GITHUB_ENV"
      - run: echo "library path $LD_LIBRARY_PATH"
"""


def test_loader_variables_a_step_sets_reach_only_the_next_steps_own_processes(server, forge_repo):
    forge, repo, token, clone, env = forge_repo
    workflow, run = push_and_dispatch(repo, clone, env, "loader.yml", LOADER)
    [job] = list(run.jobs())
    log = job_log(token, job)
    assert "library path /opt/extra" in log
    # The loader names the library once, for the step's shell: not for bubblewrap or setpriv, which run as root.
    assert log.count("cannot be preloaded") == 1, log


CONTAINERS = """\
on: workflow_dispatch
jobs:
  profiled:
    runs-on: ubuntu-latest
    container:
      image: registry.slipway.test/python-boto3:${{ vars.PYTHON_TAG || '3.11' }}
      env:
        FROM_CONTAINER: container-env
    steps:
      - run: python -c "import boto3, sys; print('boto3', boto3.__version__, 'on', sys.version_info[:2], '$FROM_CONTAINER')"
  plain:
    runs-on: ubuntu-latest
    container: python:3.11
    steps:
      - run: python -c "import sys; print('plain', sys.version_info[:2])"
  unknown:
    runs-on: ubuntu-latest
    container: node:20
    steps:
      - run: echo never
  engine-only:
    runs-on: ubuntu-latest
    container:
      image: python:3.11
      ports: [80]
    steps:
      - run: echo never
"""


def test_a_jobs_container_image_runs_on_its_image_profile_and_other_images_are_refused_by_name(server, forge_repo):
    forge, repo, token, clone, env = forge_repo
    _, run = push_and_dispatch(repo, clone, env, "containers.yml", CONTAINERS)
    jobs = {job.name: job for job in run.jobs()}
    profiled, plain = job_log(token, jobs["profiled"]), job_log(token, jobs["plain"])
    assert jobs["profiled"].conclusion == "success", profiled
    assert "Preparing container registry.slipway.test/python-boto3:3.11 (image profile 'Python 3.11 with boto3')" in profiled
    assert "boto3 1.35.99 on (3, 11) container-env" in profiled
    assert jobs["plain"].conclusion == "success" and "plain (3, 11)" in plain
    unknown, engine = job_log(token, jobs["unknown"]), job_log(token, jobs["engine-only"])
    assert jobs["unknown"].conclusion == "failure" and "No image profile stands for image node:20" in unknown and "never" not in unknown.split("Set up job")[-1]
    assert jobs["engine-only"].conclusion == "failure" and "does not support 'container.ports'" in engine


SETTINGS_STACK = """
Parameters:
  Reviewer: {Type: String}
  Name: {Type: String}
Resources:
  Repo:
    Type: AWS::CodeCommit::Repository
    Properties: {RepositoryName: !Ref Name}
  Bot:
    Type: AWS::IAM::User
    Properties:
      UserName: !Sub "${Name}-bot"
      Policies:
        - PolicyName: repo
          PolicyDocument:
            Version: "2012-10-17"
            Statement: [{Effect: Allow, Action: ["codecommit:GitPull", "codecommit:GitPush", "codecommit:Get*"], Resource: !GetAtt Repo.Arn}]
  Token:
    Type: Slipway::Git::AccessToken
    Properties: {UserName: !Ref Bot, Scopes: [repo, workflow]}
  ApiKey:
    Type: Slipway::Workflows::Secret
    Properties: {Repository: !GetAtt Repo.Arn, Name: api_key, Value: s3cr3t-from-the-stack}
  Stage:
    Type: Slipway::Workflows::Variable
    Properties: {Repository: !GetAtt Repo.Arn, Name: STAGE, Value: dev}
  Production:
    Type: Slipway::Workflows::Environment
    Properties: {Repository: !GetAtt Repo.Arn, Name: production, Reviewers: [!Ref Reviewer]}
  DeployKey:
    Type: Slipway::Workflows::Secret
    DependsOn: Production
    Properties: {Repository: !GetAtt Repo.Arn, EnvironmentName: production, Name: DEPLOY_KEY, Value: only-after-approval}
Outputs:
  Token: {Value: !GetAtt Token.Token}
  Owner: {Value: !GetAtt Token.Owner}
  Repository: {Value: !Sub "${AWS::AccountId}/${Repo.Name}"}
"""

SETTINGS_WORKFLOW = """\
on: workflow_dispatch
jobs:
  show:
    runs-on: ubuntu-latest
    steps:
      - run: echo "stage ${{ vars.STAGE }} key ${{ secrets.API_KEY }} length ${{ secrets.API_KEY != '' }}"
"""


def test_stacks_set_secrets_variables_environments_and_a_ci_users_forge_token(server, unique):
    from github import Auth, Github, GithubException
    from helpers import make_user, policy, allow
    cfn, iam = server.client("cloudformation"), server.client("iam")
    make_user(server, f"reviewer-{unique}")
    reviewer = iam.get_user(UserName=f"reviewer-{unique}")["User"]["Arn"]
    name = f"settings-{unique}"
    cfn.create_stack(StackName=name, TemplateBody=SETTINGS_STACK, Capabilities=["CAPABILITY_NAMED_IAM"], Parameters=[
        {"ParameterKey": "Reviewer", "ParameterValue": reviewer}, {"ParameterKey": "Name", "ParameterValue": name}])
    cfn.get_waiter("stack_create_complete").wait(StackName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    outputs = {o["OutputKey"]: o["OutputValue"] for o in cfn.describe_stacks(StackName=name)["Stacks"][0]["Outputs"]}
    assert outputs["Owner"] == f"{name}-bot"

    # The bot's token reaches the repository with the bot's permissions; the stack set its settings.
    forge = Github(base_url=f"{server.endpoint}/api/v3", auth=Auth.Token(outputs["Token"]), retry=None)
    repo = forge.get_repo(outputs["Repository"])
    assert forge.get_user().login == f"{name}-bot"
    root_token = slipway_as(server, "git", "token", "create", "--name", "admin").stdout.strip()
    admin = Github(base_url=f"{server.endpoint}/api/v3", auth=Auth.Token(root_token), retry=None).get_repo(outputs["Repository"])
    assert [s.name for s in admin.get_secrets()] == ["API_KEY"]
    assert [(v.name, v.value) for v in admin.get_variables()] == [("STAGE", "dev")]
    production = admin.get_environment("production")
    assert [r.reviewer.login for r in production.protection_rules[0].reviewers] == [f"reviewer-{unique}"]
    assert [s.name for s in production.get_secrets()] == ["DEPLOY_KEY"]

    # A job sees them, the secret masked.
    env = git_env(server)
    git("config", "--global", "--unset", "credential.helper", env=env)
    clone = os.path.join(tempfile.mkdtemp(prefix="slipway-wf-"), "repo")
    git("clone", "-q", token_url(repo.clone_url, outputs["Token"]), clone, env=env)
    _, run = push_and_dispatch(repo, clone, env, "settings.yml", SETTINGS_WORKFLOW)
    [job] = list(run.jobs())
    text = job_log(outputs["Token"], job)
    assert run.conclusion == "success" and "stage dev key *** length true" in text and "s3cr3t" not in text

    # A reviewer that is not a user, or a stack identity that may not make the user's credentials, creates nothing.
    role = iam.create_role(RoleName=f"deployer-{unique}", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "cloudformation.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"deployer-{unique}", PolicyName="most", PolicyDocument=policy(allow(["codecommit:*", "iam:CreateUser", "iam:PutUserPolicy",
                                                                                                       "iam:DeleteUser", "iam:DeleteUserPolicy", "iam:GetUser"])))
    for suffix, reviewer_arn, stack_role in [("role", role, None), ("denied", reviewer, role)]:
        failing = f"{name}-{suffix}"
        cfn.create_stack(StackName=failing, TemplateBody=SETTINGS_STACK, OnFailure="DELETE", Capabilities=["CAPABILITY_NAMED_IAM"], **({"RoleARN": stack_role} if stack_role else {}), Parameters=[
            {"ParameterKey": "Reviewer", "ParameterValue": reviewer_arn}, {"ParameterKey": "Name", "ParameterValue": failing}])
        cfn.get_waiter("stack_delete_complete").wait(StackName=failing, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    failed_reasons = []
    for summary in cfn.list_stacks(StackStatusFilter=["DELETE_COMPLETE"])["StackSummaries"]:
        if summary["StackName"].startswith(f"{name}-"):
            failed_reasons += [e.get("ResourceStatusReason", "") for e in cfn.describe_stack_events(StackName=summary["StackId"])["StackEvents"]
                               if e["ResourceStatus"] == "CREATE_FAILED"]
    assert any(f"Reviewer {role} is not an IAM user or the root user" in r for r in failed_reasons), failed_reasons
    assert any("iam:CreateServiceSpecificCredential" in r for r in failed_reasons), failed_reasons

    # Deleting the stack takes the token with it.
    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    with pytest.raises(GithubException) as gone:
        forge.get_user().login
    assert gone.value.status == 401


JOB_GROUPS = """\
on:
  workflow_dispatch:
    inputs:
      hold: {type: string, default: "0"}
      cancel: {type: boolean, default: false}
jobs:
  deploy:
    runs-on: ubuntu-latest
    concurrency:
      group: deploy-${{ github.ref_name }}
      cancel-in-progress: ${{ inputs.cancel }}
    steps:
      - run: echo "start $(date +%s.%N)"; sleep ${{ inputs.hold }}; echo "end $(date +%s.%N)"
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: echo lint
"""


def test_job_concurrency_groups_run_one_job_at_a_time_keep_the_newest_pending_and_cancel_in_progress(server, forge_repo):
    forge, repo, token, clone, env = forge_repo
    commit_file(clone, env, ".github/workflows/groups.yml", JOB_GROUPS, "groups")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    workflow = repo.get_workflow("groups.yml")

    def deploy_job(run):
        return next(job for job in repo.get_workflow_run(run.id).jobs() if job.name == "deploy")

    # The first run holds the group; a second run's deploy job waits as pending (its lint job runs at once); a
    # third supersedes the second's pending job, which is cancelled.
    assert workflow.create_dispatch(ref="main", inputs={"hold": "10"})
    first = latest_run(workflow, 1)
    eventually(lambda: deploy_job(first).status == "in_progress", timeout=30)
    assert workflow.create_dispatch(ref="main", inputs={"hold": "0"})
    second = latest_run(workflow, 2)
    eventually(lambda: deploy_job(second).status == "pending", timeout=30)
    eventually(lambda: next(job for job in repo.get_workflow_run(second.id).jobs() if job.name == "lint").conclusion == "success", timeout=30)
    assert deploy_job(second).status == "pending"
    assert workflow.create_dispatch(ref="main", inputs={"hold": "0"})
    third = latest_run(workflow, 3)
    second_done = wait_for_status(repo, second.id, "completed")
    assert deploy_job(second_done).conclusion == "cancelled" and second_done.conclusion == "cancelled"
    first_done, third_done = wait_for_status(repo, first.id, "completed"), wait_for_status(repo, third.id, "completed", timeout=90)
    assert first_done.conclusion == "success" and third_done.conclusion == "success"
    held, after = job_log(token, deploy_job(first_done)), job_log(token, deploy_job(third_done))
    import re
    started, ended = re.search(r"start (\d+\.\d+)", after).group(1), re.search(r"end (\d+\.\d+)", held).group(1)
    assert float(started) >= float(ended)  # one at a time

    # With cancel-in-progress, a new job of the group stops the running one.
    assert workflow.create_dispatch(ref="main", inputs={"hold": "120"})
    long = latest_run(workflow, 4)
    eventually(lambda: deploy_job(long).status == "in_progress", timeout=30)
    assert workflow.create_dispatch(ref="main", inputs={"hold": "0", "cancel": True})
    newest = latest_run(workflow, 5)
    long_done = wait_for_status(repo, long.id, "completed", timeout=60)
    assert deploy_job(long_done).conclusion == "cancelled"
    assert wait_for_status(repo, newest.id, "completed", timeout=60).conclusion == "success"
