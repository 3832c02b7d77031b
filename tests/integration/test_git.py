"""Git hosting: CodeCommit's API through boto3, and real `git` clone, push and fetch over smart HTTP (protocol v2)
with the aws CLI's CodeCommit credential helper — authorized through IAM, every push recorded."""

import base64
import os
import subprocess
import tempfile

import pytest

from helpers import allow, expect_error, make_user, policy


def git(*args, cwd=None, env=None, check=True):
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result


def git_env(server, key=None, secret=None):
    """What a developer's shell has: AWS keys for the credential helper, no personal git configuration."""
    env = server.cli_env(key, secret)
    home = tempfile.mkdtemp(prefix="slipway-git-home-")
    env.update({"HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "GIT_AUTHOR_NAME": "Dana", "GIT_AUTHOR_EMAIL": "dana@example.com",
                "GIT_COMMITTER_NAME": "Dana", "GIT_COMMITTER_EMAIL": "dana@example.com"})
    # As CodeCommit's user guide configures it, `get` told to skip its host check (the server is not amazonaws.com).
    helper = '!f() { if [ "$1" = get ]; then aws codecommit credential-helper get --ignore-host-check; fi; }; f'
    git("config", "--global", "credential.helper", helper, env=env)
    git("config", "--global", "credential.UseHttpPath", "true", env=env)
    git("config", "--global", "init.defaultBranch", "main", env=env)
    return env


def commit_file(work, env, path, content, message):
    full = os.path.join(work, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as handle:
        handle.write(content)
    git("add", path, cwd=work, env=env)
    git("commit", "-q", "-m", message, cwd=work, env=env)
    return git("rev-parse", "HEAD", cwd=work, env=env).stdout.strip()


def test_repository_api_shapes_and_errors(server, unique):
    cc = server.client("codecommit")
    name = f"models-{unique}"
    created = cc.create_repository(repositoryName=name, repositoryDescription="ModelOps code", tags={"team": "ml"})["repositoryMetadata"]
    assert created["repositoryName"] == name and created["accountId"] == server.account_id
    assert created["Arn"] == f"arn:aws:codecommit:us-east-1:{server.account_id}:{name}"
    assert created["cloneUrlHttp"] == f"{server.endpoint}/v1/repos/{name}"
    assert "defaultBranch" not in created  # empty until the first push
    got = cc.get_repository(repositoryName=name)["repositoryMetadata"]
    assert (got["repositoryId"], got["repositoryDescription"]) == (created["repositoryId"], "ModelOps code")
    assert {"repositoryName": name, "repositoryId": created["repositoryId"]} in cc.list_repositories()["repositories"]
    assert cc.list_tags_for_resource(resourceArn=created["Arn"])["tags"] == {"team": "ml"}
    cc.tag_resource(resourceArn=created["Arn"], tags={"stage": "dev"})
    cc.untag_resource(resourceArn=created["Arn"], tagKeys=["team"])
    assert cc.list_tags_for_resource(resourceArn=created["Arn"])["tags"] == {"stage": "dev"}

    code, message, status = expect_error("RepositoryNameExistsException", cc.create_repository, repositoryName=name)
    assert (message, status) == (f"Repository named {name} already exists", 400)
    expect_error("InvalidRepositoryNameException", cc.create_repository, repositoryName="has space")
    expect_error("InvalidRepositoryNameException", cc.create_repository, repositoryName="ends.git")
    expect_error("InvalidRepositoryDescriptionException", cc.create_repository, repositoryName=f"long-{unique}", repositoryDescription="x" * 1001)
    code, message, _ = expect_error("RepositoryDoesNotExistException", cc.get_repository, repositoryName=f"missing-{unique}")
    assert message == f"missing-{unique} does not exist"
    expect_error("InvalidSortByException", cc.list_repositories, sortBy="size")
    expect_error("InvalidOrderException", cc.list_repositories, order="sideways")
    expect_error("BranchDoesNotExistException", cc.get_branch, repositoryName=name, branchName="main")
    expect_error("CommitDoesNotExistException", cc.get_file, repositoryName=name, filePath="README.md")
    # Nothing was created by the refused calls.
    names = [r["repositoryName"] for r in cc.list_repositories()["repositories"]]
    assert f"long-{unique}" not in names and "ends.git" not in names

    assert cc.delete_repository(repositoryName=name)["repositoryId"] == created["repositoryId"]
    assert "repositoryId" not in cc.delete_repository(repositoryName=name)  # deleting twice answers with no id
    expect_error("RepositoryDoesNotExistException", cc.get_repository, repositoryName=name)


def test_clone_push_fetch_over_smart_http_with_the_credential_helper(server, unique):
    cc = server.client("codecommit")
    name = f"pipeline-{unique}"
    url = cc.create_repository(repositoryName=name)["repositoryMetadata"]["cloneUrlHttp"]
    env = git_env(server)
    work = tempfile.mkdtemp(prefix="slipway-git-")

    cloned = git("clone", url, os.path.join(work, "a"), env=env)
    assert "empty repository" in cloned.stderr
    a = os.path.join(work, "a")
    first = commit_file(a, env, "README.md", "# pipeline\n", "first")
    commit_file(a, env, "scripts/run.sh", "#!/bin/sh\necho run\n", "script")
    os.chmod(os.path.join(a, "scripts/run.sh"), 0o755)
    git("add", "scripts/run.sh", cwd=a, env=env)
    git("commit", "-q", "-m", "executable", cwd=a, env=env)
    head = git("rev-parse", "HEAD", cwd=a, env=env).stdout.strip()
    git("push", "-q", "origin", "main", cwd=a, env=env)

    # What CodeCommit's API now reads from the repository.
    assert cc.get_repository(repositoryName=name)["repositoryMetadata"]["defaultBranch"] == "main"
    assert cc.get_branch(repositoryName=name, branchName="main")["branch"] == {"branchName": "main", "commitId": head}
    assert cc.list_branches(repositoryName=name)["branches"] == ["main"]
    readme = cc.get_file(repositoryName=name, filePath="README.md")
    assert (readme["fileContent"], readme["commitId"], readme["fileMode"], readme["fileSize"]) == (b"# pipeline\n", head, "NORMAL", 11)
    assert cc.get_file(repositoryName=name, filePath="/scripts/run.sh")["fileMode"] == "EXECUTABLE"
    assert cc.get_file(repositoryName=name, filePath="README.md", commitSpecifier=first)["commitId"] == first
    expect_error("FileDoesNotExistException", cc.get_file, repositoryName=name, filePath="missing.txt")
    expect_error("InvalidPathException", cc.get_file, repositoryName=name, filePath="../etc/passwd")

    # A second clone sees the pushed history, over protocol v2.
    traced = dict(env, GIT_TRACE_PACKET="1")
    b = os.path.join(work, "b")
    clone = git("clone", url, b, env=traced)
    assert "git< version 2" in clone.stderr
    assert git("rev-parse", "HEAD", cwd=b, env=env).stdout.strip() == head
    assert open(os.path.join(b, "README.md")).read() == "# pipeline\n"

    # A branch pushed from the second clone is fetched by the first.
    git("checkout", "-q", "-b", "feature", cwd=b, env=env)
    feature = commit_file(b, env, "train.py", "print('train')\n", "train")
    git("push", "-q", "origin", "feature", cwd=b, env=env)
    git("fetch", "-q", "origin", cwd=a, env=env)
    assert git("rev-parse", "origin/feature", cwd=a, env=env).stdout.strip() == feature
    assert cc.list_branches(repositoryName=name)["branches"] == ["feature", "main"]

    # Every ref each push changed is on record, with who pushed it.
    records = server_pushes(server, name)
    zero = "0" * 40
    assert [(r["ref"], r["old"], r["new"]) for r in records] == [("refs/heads/main", zero, head), ("refs/heads/feature", zero, feature)]
    assert all(r["pusher"] == f"arn:aws:iam::{server.account_id}:root" for r in records)

    # Deleting the branch is recorded too.
    git("push", "-q", "origin", "--delete", "feature", cwd=b, env=env)
    assert server_pushes(server, name)[-1]["new"] == zero
    assert cc.list_branches(repositoryName=name)["branches"] == ["main"]


def server_pushes(server, name):
    """The pushes Slipway recorded, as the audit command shows them."""
    import json
    result = server.slipway("git", "pushes", name)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_git_access_is_iam_authorized_and_unauthenticated_requests_are_challenged(server, unique):
    import requests
    cc = server.client("codecommit")
    name = f"guarded-{unique}"
    url = cc.create_repository(repositoryName=name)["repositoryMetadata"]["cloneUrlHttp"]
    arn = f"arn:aws:codecommit:us-east-1:{server.account_id}:{name}"
    work = tempfile.mkdtemp(prefix="slipway-git-")
    owner = git_env(server)
    git("clone", "-q", url, os.path.join(work, "seed"), env=owner)
    commit_file(os.path.join(work, "seed"), owner, "a.txt", "a\n", "seed")
    git("push", "-q", "origin", "main", cwd=os.path.join(work, "seed"), env=owner)

    # Anonymous: challenged for credentials, never served.
    answer = requests.get(f"{url}/info/refs", params={"service": "git-upload-pack"}, timeout=10)
    assert answer.status_code == 401 and answer.headers["WWW-Authenticate"].startswith("Basic")
    # A password that is not CodeCommit's, or signed with the wrong secret: challenged again.
    answer = requests.get(f"{url}/info/refs", params={"service": "git-upload-pack"}, auth=(server.root_key, "20260101T000000Z" + "0" * 64), timeout=10)
    assert answer.status_code == 401

    # A reader may clone and fetch but not push.
    key, secret = make_user(server, f"reader{unique}", policy(allow("codecommit:GitPull", arn)))
    reader = git_env(server, key, secret)
    clone = os.path.join(work, "reader")
    git("clone", "-q", url, clone, env=reader)
    commit_file(clone, reader, "b.txt", "b\n", "reader change")
    pushed = git("push", "origin", "main", cwd=clone, env=reader, check=False)
    assert pushed.returncode != 0 and "403" in pushed.stderr
    assert cc.get_branch(repositoryName=name, branchName="main")["branch"]["commitId"] == git("rev-parse", "HEAD~1", cwd=clone, env=reader).stdout.strip()

    # Someone with no git permission cannot even clone; nor can anyone reach a repository of another name.
    key, secret = make_user(server, f"stranger{unique}", policy(allow("codecommit:GetRepository", arn)))
    denied = git("clone", "-q", url, os.path.join(work, "stranger"), env=git_env(server, key, secret), check=False)
    assert denied.returncode != 0 and "403" in denied.stderr
    missing = git("ls-remote", url.replace(name, f"nothing-{unique}"), env=owner, check=False)
    assert missing.returncode != 0 and "not found" in missing.stderr.lower()


def test_signed_requests_on_git_paths_still_reach_their_service(server, unique):
    # A signed S3 request for bucket `v1` is S3's to answer (with S3's error), never git's.
    s3 = server.client("s3")
    expect_error("NoSuchBucket", s3.get_object, Bucket="v1", Key=f"repos/{unique}/info/refs")
    expect_error("InvalidBucketName", s3.create_bucket, Bucket="v1")
