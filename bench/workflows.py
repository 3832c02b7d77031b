#!/usr/bin/env python3
"""Workflow runs on Slipway's forge: how soon a workflow's first step runs after a `git push` and after a
`workflow_dispatch` (p50, p99 over several of each, timed by the step itself printing the clock), and the wall time of
a 3-job workflow of `echo` steps chained by `needs` (dispatch until the run is completed). Everything runs on
loopback; every wait is bounded.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from caller_identity import percentile, poll, start_slipway, stop_processes  # noqa: E402

PUSHED = "on: push\njobs:\n  first:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"clock $(date +%s.%N)\"\n"
DISPATCHED = PUSHED.replace("on: push", "on: workflow_dispatch")
THREE = """on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo a
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - run: echo b
  c:
    needs: b
    runs-on: ubuntu-latest
    steps:
      - run: echo c
"""


def git(*args, cwd=None, env=None):
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=60)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slipway", default=".build/release/slipway")
    parser.add_argument("--runs", type=int, default=15, help="pushes and dispatches to time, each")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="slipway-workflow-bench-")
    slipway, port, key, secret = start_slipway(args.slipway, os.path.join(work, "data"))
    try:
        endpoint = f"http://127.0.0.1:{port}"
        env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret, AWS_DEFAULT_REGION="us-east-1",
                   HOME=work, GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0", GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
                   GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com")
        token = subprocess.run([args.slipway, "git", "token", "create", "--name", "bench"], env=env, capture_output=True, text=True, check=True).stdout.strip()
        session = requests.Session()
        session.headers["Authorization"] = f"token {token}"
        repo = session.post(f"{endpoint}/api/v3/user/repos", json={"name": "bench"}, timeout=10).json()
        api = f"{endpoint}/api/v3/repos/{repo['full_name']}"
        clone = os.path.join(work, "clone")
        git("clone", "-q", repo["clone_url"].replace("http://", f"http://git:{token}@"), clone, env=env)
        os.makedirs(os.path.join(clone, ".github/workflows"))
        for name, text in [("dispatched.yml", DISPATCHED), ("three.yml", THREE), ("pushed.yml", PUSHED)]:
            with open(os.path.join(clone, ".github/workflows", name), "w") as handle:
                handle.write(text)
        git("add", "-A", cwd=clone, env=env)
        git("commit", "-q", "-m", "workflows", cwd=clone, env=env)

        def runs():
            return session.get(f"{api}/actions/runs", params={"per_page": 100}, timeout=10).json()["workflow_runs"]

        def first_clock(count):
            """The clock the newest run's step printed, once that run (the `count`th) completed."""
            def done():
                found = runs()
                return found[0] if len(found) >= count and found[0]["status"] == "completed" else None
            run = poll(done, 60, "a run did not complete")
            jobs = session.get(f"{api}/actions/runs/{run['id']}/jobs", timeout=10).json()["jobs"]
            log = session.get(f"{api}/actions/jobs/{jobs[0]['id']}/logs", timeout=10).text
            return float(next(line.split("clock ")[1] for line in log.splitlines() if " clock " in line and "date" not in line))

        pushes, count = [], 0
        for index in range(args.runs):
            if index:
                with open(os.path.join(clone, "touch.txt"), "w") as handle:
                    handle.write(str(index))
                git("add", "-A", cwd=clone, env=env)
                git("commit", "-q", "-m", f"change {index}", cwd=clone, env=env)
            started = time.time()
            git("push", "-q", "origin", "main", cwd=clone, env=env)
            count += 1
            pushes.append(first_clock(count) - started)

        dispatches = []
        for _ in range(args.runs):
            started = time.time()
            answer = session.post(f"{api}/actions/workflows/dispatched.yml/dispatches", json={"ref": "main"}, timeout=10)
            assert answer.status_code == 204, answer.text
            count += 1
            dispatches.append(first_clock(count) - started)

        walls = []
        for _ in range(5):
            started = time.time()
            assert session.post(f"{api}/actions/workflows/three.yml/dispatches", json={"ref": "main"}, timeout=10).status_code == 204
            count += 1
            poll(lambda: len(runs()) >= count and runs()[0]["status"] == "completed", 60, "the 3-job run did not complete", interval=0.02)
            walls.append(time.time() - started)

        print(f"push -> first step running:     p50 {percentile(pushes, 0.5) * 1000:.0f} ms, p99 {percentile(pushes, 0.99) * 1000:.0f} ms ({len(pushes)} pushes)")
        print(f"dispatch -> first step running: p50 {percentile(dispatches, 0.5) * 1000:.0f} ms, p99 {percentile(dispatches, 0.99) * 1000:.0f} ms ({len(dispatches)} dispatches)")
        print(f"3-job chained workflow, dispatch -> completed: p50 {percentile(walls, 0.5):.2f} s, max {max(walls):.2f} s ({len(walls)} runs)")
    finally:
        stop_processes((slipway,))


if __name__ == "__main__":
    main()
