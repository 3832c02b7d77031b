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

    # Every git request leaves an audit record: who, what, on which repository, and how it ended.
    reader_arn = f"arn:aws:iam::{server.account_id}:user/reader{unique}"
    records = audit_records(server, lambda r: r["service"] == "git" and r.get("resource") == arn and r["principal"] == reader_arn)
    assert {(r["operation"], r["decision"]) for r in records} >= {("GitPull", "allowed"), ("GitPush", "denied")}
    assert any(r["httpStatus"] == 403 for r in records if r["decision"] == "denied")
    anonymous = audit_records(server, lambda r: r["service"] == "git" and r["decision"] == "unauthenticated")
    assert anonymous and all(r["principal"] == "-" and r["httpStatus"] == 401 for r in anonymous)


def audit_records(server, wanted, timeout=10):
    """The audit records `wanted` picks, once at least one is written (the trail is flushed in batches)."""
    import json
    import time
    deadline = time.time() + timeout
    while True:
        result = server.slipway("audit", "--json", "--since", "1h")
        assert result.returncode == 0, result.stderr
        found = [r for r in map(json.loads, filter(None, result.stdout.splitlines())) if wanted(r)]
        if found or time.time() > deadline:
            return found
        time.sleep(0.2)


def test_signed_requests_on_git_paths_still_reach_their_service(server, unique):
    # A signed S3 request for bucket `v1` is S3's to answer (with S3's error), never git's.
    s3 = server.client("s3")
    expect_error("NoSuchBucket", s3.get_object, Bucket="v1", Key=f"repos/{unique}/info/refs")
    expect_error("InvalidBucketName", s3.create_bucket, Bucket="v1")


def slipway_as(server, *args, key=None, secret=None, token=None):
    """Runs a `slipway` client command signed as the given identity (root by default)."""
    from conftest import slipway_binary
    return subprocess.run([slipway_binary(), *args], env=server.cli_env(key, secret, token), capture_output=True, text=True, timeout=60)


def token_url(url, token):
    return url.replace("http://", f"http://git:{token}@")


def test_personal_access_tokens_clone_and_push_within_their_owners_permissions_and_scopes(server, unique):
    import json
    import re
    import requests
    cc = server.client("codecommit")
    name = f"tokens-{unique}"
    url = cc.create_repository(repositoryName=name)["repositoryMetadata"]["cloneUrlHttp"]
    arn = f"arn:aws:codecommit:us-east-1:{server.account_id}:{name}"
    work = tempfile.mkdtemp(prefix="slipway-git-")
    plain = git_env(server)
    plain.pop("AWS_ACCESS_KEY_ID")  # no credential helper: the token in the URL is all git has
    git("config", "--global", "--unset", "credential.helper", env=plain)

    created = slipway_as(server, "git", "token", "create", "--name", "laptop")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    assert re.fullmatch(r"slp_[A-Za-z0-9]{40}", token)  # no ':', '"', '}' or space: any client can send it
    seed = os.path.join(work, "seed")
    git("clone", "-q", token_url(url, token), seed, env=plain)
    head = commit_file(seed, plain, "a.txt", "a\n", "with a token")
    git("push", "-q", "origin", "main", cwd=seed, env=plain)
    assert cc.get_branch(repositoryName=name, branchName="main")["branch"]["commitId"] == head
    assert server_pushes(server, name)[-1]["pusher"] == f"arn:aws:iam::{server.account_id}:root"
    # GitHub's header forms work too.
    for header in (f"token {token}", f"Bearer {token}"):
        answer = requests.get(f"{url}/info/refs", params={"service": "git-upload-pack"}, headers={"Authorization": header}, timeout=10)
        assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/x-git-upload-pack-advertisement"

    # Listing shows the token's prefix, never the token; revoking it ends it.
    listed = json.loads(slipway_as(server, "git", "token", "list", "--json").stdout)["Tokens"]
    mine = [t for t in listed if t["Name"] == "laptop"]
    assert len(mine) == 1 and mine[0]["Prefix"] == token[:8] and token not in json.dumps(listed) and mine[0]["Scopes"] == ["repo", "workflow"]
    assert slipway_as(server, "git", "token", "delete", mine[0]["TokenId"]).returncode == 0
    refused = git("ls-remote", token_url(url, token), env=plain, check=False)
    assert refused.returncode != 0 and ("401" in refused.stderr or "Authentication failed" in refused.stderr)
    assert "does not exist" in slipway_as(server, "git", "token", "delete", mine[0]["TokenId"]).stderr

    # A user's token does what the user may: this one may pull, not push.
    key, secret = make_user(server, f"tok{unique}", policy(allow("codecommit:GitPull", arn), allow("iam:*ServiceSpecificCredential*", f"arn:aws:iam::{server.account_id}:user/tok{unique}")))
    reader_token = slipway_as(server, "git", "token", "create", "--name", "ci", "--scopes", "repo", key=key, secret=secret).stdout.strip()
    clone = os.path.join(work, "reader")
    git("clone", "-q", token_url(url, reader_token), clone, env=plain)
    commit_file(clone, plain, "b.txt", "b\n", "reader")
    pushed = git("push", "origin", "main", cwd=clone, env=plain, check=False)
    assert pushed.returncode != 0 and "403" in pushed.stderr
    # The user's other tokens are its own: root's listing does not show them.
    assert all(t["Name"] != "ci" for t in json.loads(slipway_as(server, "git", "token", "list", "--json").stdout)["Tokens"])

    # A token without the repo scope cannot reach git; one that expired neither.
    org_only = slipway_as(server, "git", "token", "create", "--name", "org", "--scopes", "read:org").stdout.strip()
    assert git("ls-remote", token_url(url, org_only), env=plain, check=False).returncode != 0
    short = slipway_as(server, "git", "token", "create", "--name", "short", "--expires-in-days", "1").stdout.strip()
    assert git("ls-remote", token_url(url, short), env=plain).returncode == 0
    server.advance_clock(2 * 86400)
    assert git("ls-remote", token_url(url, short), env=plain, check=False).returncode != 0

    # Refused requests, with the reason and nothing made.
    before = len(json.loads(slipway_as(server, "git", "token", "list", "--json").stdout)["Tokens"])
    assert "Unknown scopes: admin:everything" in slipway_as(server, "git", "token", "create", "--name", "x", "--scopes", "admin:everything").stderr
    assert "between 1 and 366" in slipway_as(server, "git", "token", "create", "--name", "x", "--expires-in-days", "0").stderr
    sts = server.client("sts", key=key, secret=secret)
    session = sts.get_session_token()["Credentials"]
    temporary = slipway_as(server, "git", "token", "create", "--name", "x", key=session["AccessKeyId"], secret=session["SecretAccessKey"], token=session["SessionToken"])
    assert temporary.returncode != 0 and "long-term identities" in temporary.stderr
    nobody_key, nobody_secret = make_user(server, f"none{unique}")
    denied = slipway_as(server, "git", "token", "create", "--name", "x", key=nobody_key, secret=nobody_secret)
    assert denied.returncode != 0 and "iam:CreateServiceSpecificCredential" in denied.stderr
    assert len(json.loads(slipway_as(server, "git", "token", "list", "--json").stdout)["Tokens"]) == before


REPOSITORY_TEMPLATE = """
Parameters:
  Description: {Type: String, Default: first}
  Key: {Type: String}
Resources:
  Repo:
    Type: AWS::CodeCommit::Repository
    Properties:
      RepositoryName: %s
      RepositoryDescription: !Ref Description
      Code:
        BranchName: main
        S3: {Bucket: %s, Key: !Ref Key}
      Tags: [{Key: team, Value: ml}]
Outputs:
  Id: {Value: !Ref Repo}
  Arn: {Value: !GetAtt Repo.Arn}
  Url: {Value: !GetAtt Repo.CloneUrlHttp}
  Name: {Value: !GetAtt Repo.Name}
"""


def test_a_stack_makes_a_repository_seeded_with_its_code_and_the_tagging_api_finds_it(server, unique):
    import io
    import zipfile
    s3, cfn, cc = server.client("s3"), server.client("cloudformation"), server.client("codecommit")
    bucket, name = f"seed-{unique}", f"seeded-{unique}"
    s3.create_bucket(Bucket=bucket)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("README.md", "# seeded\n")
        z.writestr(".github/workflows/build.yml", "on: push\n")
        z.writestr("pipelines/train.py", "print('train')\n")
    s3.put_object(Bucket=bucket, Key="seed.zip", Body=archive.getvalue())
    template = REPOSITORY_TEMPLATE % (name, bucket)

    cfn.create_stack(StackName=f"repo-{unique}", TemplateBody=template, Parameters=[{"ParameterKey": "Key", "ParameterValue": "seed.zip"}])
    cfn.get_waiter("stack_create_complete").wait(StackName=f"repo-{unique}", WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    outputs = {o["OutputKey"]: o["OutputValue"] for o in cfn.describe_stacks(StackName=f"repo-{unique}")["Stacks"][0]["Outputs"]}
    metadata = cc.get_repository(repositoryName=name)["repositoryMetadata"]
    assert outputs == {"Id": metadata["repositoryId"], "Arn": metadata["Arn"], "Url": f"{server.endpoint}/v1/repos/{name}", "Name": name}
    assert metadata["repositoryDescription"] == "first" and metadata["defaultBranch"] == "main"
    assert cc.get_file(repositoryName=name, filePath=".github/workflows/build.yml")["fileContent"] == b"on: push\n"

    # The seeded commit is what a clone gets.
    work = tempfile.mkdtemp(prefix="slipway-git-")
    env = git_env(server)
    git("clone", "-q", outputs["Url"], os.path.join(work, "c"), env=env)
    assert sorted(os.listdir(os.path.join(work, "c"))) == [".git", ".github", "README.md", "pipelines"]
    assert git("log", "--format=%an|%s", cwd=os.path.join(work, "c"), env=env).stdout.strip() == "AWS CloudFormation|Initial commit by AWS CloudFormation"

    # The tagging API lists it; a stack update changes the description in place.
    tagging = server.client("resourcegroupstaggingapi")
    found = tagging.get_resources(ResourceTypeFilters=["codecommit"], TagFilters=[{"Key": "team", "Values": ["ml"]}])["ResourceTagMappingList"]
    assert metadata["Arn"] in [r["ResourceARN"] for r in found]
    cfn.update_stack(StackName=f"repo-{unique}", TemplateBody=template, Parameters=[
        {"ParameterKey": "Key", "ParameterValue": "seed.zip"}, {"ParameterKey": "Description", "ParameterValue": "second"}])
    cfn.get_waiter("stack_update_complete").wait(StackName=f"repo-{unique}", WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    updated = cc.get_repository(repositoryName=name)["repositoryMetadata"]
    assert (updated["repositoryDescription"], updated["repositoryId"]) == ("second", metadata["repositoryId"])

    # Deleting the stack deletes the repository.
    cfn.delete_stack(StackName=f"repo-{unique}")
    cfn.get_waiter("stack_delete_complete").wait(StackName=f"repo-{unique}", WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    expect_error("RepositoryDoesNotExistException", cc.get_repository, repositoryName=name)

    # Code that cannot be read fails the stack and leaves no repository behind.
    cfn.create_stack(StackName=f"bad-{unique}", TemplateBody=template, Parameters=[{"ParameterKey": "Key", "ParameterValue": "missing.zip"}])
    try:
        cfn.get_waiter("stack_create_complete").wait(StackName=f"bad-{unique}", WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    except Exception:
        pass
    stack = cfn.describe_stacks(StackName=f"bad-{unique}")["Stacks"][0]
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    failed = [e for e in cfn.describe_stack_events(StackName=f"bad-{unique}")["StackEvents"] if e["ResourceStatus"] == "CREATE_FAILED"]
    assert failed, stack
    assert "NoSuchKey" in failed[-1]["ResourceStatusReason"]
    expect_error("RepositoryDoesNotExistException", cc.get_repository, repositoryName=name)


def test_pygithub_manages_repositories_branches_and_contents_through_the_forge_api(server, unique):
    import github
    import requests
    from github import Auth, Github
    cc = server.client("codecommit")
    token = slipway_as(server, "git", "token", "create", "--name", "forge", "--scopes", "repo,workflow,delete_repo,admin:org").stdout.strip()
    forge = Github(base_url=f"{server.endpoint}/api/v3", auth=Auth.Token(token), retry=None)

    # The root user's login is the account's own namespace, where CodeCommit's repositories live too.
    me = forge.get_user()
    assert (me.login, me.type) == (server.account_id, "User")
    created = me.create_repo(f"svc-{unique}", description="service code")
    assert created.full_name == f"{server.account_id}/svc-{unique}" and created.private
    assert cc.get_repository(repositoryName=f"svc-{unique}")["repositoryMetadata"]["repositoryDescription"] == "service code"
    repo = forge.get_repo(f"{server.account_id}/svc-{unique}")
    assert (repo.name, repo.description, repo.clone_url) == (f"svc-{unique}", "service code", f"{server.endpoint}/{server.account_id}/svc-{unique}.git")

    # Push over GitHub's layout with the token, then read it back through the API.
    work = tempfile.mkdtemp(prefix="slipway-git-")
    env = git_env(server)
    git("config", "--global", "--unset", "credential.helper", env=env)
    clone = os.path.join(work, "svc")
    git("clone", "-q", token_url(repo.clone_url, token), clone, env=env)
    commit_file(clone, env, "README.md", "# svc\n", "readme")
    head = commit_file(clone, env, ".github/workflows/build.yml", "on: push\n", "workflow")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    assert repo.get_branch("main").commit.sha == head
    assert [b.name for b in repo.get_branches()] == ["main"]
    readme = repo.get_contents("README.md")
    assert (readme.decoded_content, readme.path, readme.type) == (b"# svc\n", "README.md", "file")
    assert sorted(c.path for c in repo.get_contents("")) == [".github", "README.md"]
    assert repo.get_contents(".github/workflows/build.yml", ref=head).decoded_content == b"on: push\n"
    assert forge.get_repo(f"{server.account_id}/svc-{unique}").default_branch == "main"
    repo.edit(description="renamed purpose")
    assert cc.get_repository(repositoryName=f"svc-{unique}")["repositoryMetadata"]["repositoryDescription"] == "renamed purpose"

    # Organizations: created through the admin API, holding repositories of the same account.
    made = requests.post(f"{server.endpoint}/api/v3/admin/organizations", json={"login": f"mlops-{unique}", "admin": me.login},
                         headers={"Authorization": f"token {token}"}, timeout=10)
    assert made.status_code == 201 and made.json()["type"] == "Organization"
    org = forge.get_organization(f"mlops-{unique}")
    org_repo = org.create_repo(f"models-{unique}")
    assert org_repo.full_name == f"mlops-{unique}/models-{unique}" and org_repo.owner.login == f"mlops-{unique}"
    assert forge.get_repo(f"mlops-{unique}/models-{unique}").id == org_repo.id
    git("ls-remote", token_url(f"{server.endpoint}/mlops-{unique}/models-{unique}.git", token), env=env)
    # The same name under another owner is another (missing) repository.
    with pytest.raises(github.UnknownObjectException):
        forge.get_repo(f"{server.account_id}/models-{unique}")

    # GitHub's errors: unknown things 404, a name taken 422, bad credentials 401.
    with pytest.raises(github.UnknownObjectException):
        forge.get_repo(f"nobody-{unique}/nothing")
    with pytest.raises(github.UnknownObjectException):
        repo.get_contents("missing.txt")
    with pytest.raises(github.GithubException) as taken:
        me.create_repo(f"svc-{unique}")
    assert taken.value.status == 422 and "already exists" in str(taken.value.data)
    with pytest.raises(github.BadCredentialsException):
        Github(base_url=f"{server.endpoint}/api/v3", auth=Auth.Token("slp_" + "x" * 40), retry=None).get_user().login
    answer = requests.get(f"{server.endpoint}/api/v3/user", timeout=10)
    assert answer.status_code == 401 and answer.json()["message"] == "Requires authentication" and "documentation_url" in answer.json()
    # Bodies that are too large or not JSON are the client's error, never the server's.
    headers = {"Authorization": f"token {token}"}
    answer = requests.post(f"{server.endpoint}/api/v3/user/repos", data=b"x" * (1024 * 1024 + 1), headers=headers, timeout=30)
    assert answer.status_code == 413 and "message" in answer.json()
    answer = requests.post(f"{server.endpoint}/api/v3/user/repos", data=b"{not json", headers=headers, timeout=10)
    assert answer.status_code == 400 and answer.json()["message"] == "Problems parsing JSON"

    # A user's token sees only what the user's policies allow: this user may not read the repository.
    key, secret = make_user(server, f"gh{unique}", policy(allow("iam:*ServiceSpecificCredential*", f"arn:aws:iam::{server.account_id}:user/gh{unique}")))
    user_token = slipway_as(server, "git", "token", "create", "--name", "x", key=key, secret=secret).stdout.strip()
    as_user = Github(base_url=f"{server.endpoint}/api/v3", auth=Auth.Token(user_token), retry=None)
    assert as_user.get_user().login == f"gh{unique}"
    with pytest.raises(github.UnknownObjectException):
        as_user.get_repo(f"{server.account_id}/svc-{unique}")
    hidden = audit_records(server, lambda r: r.get("service") == "forge" and r.get("principal", "").endswith(f":user/gh{unique}") and r["decision"] == "denied")
    assert hidden and hidden[-1]["operation"] == f"GET /api/v3/repos/{server.account_id}/svc-{unique}" and hidden[-1]["httpStatus"] == 404

    # Deleting needs the delete_repo scope, then the repository is gone everywhere.
    repo.delete()
    with pytest.raises(github.UnknownObjectException):
        forge.get_repo(f"{server.account_id}/svc-{unique}")
    expect_error("RepositoryDoesNotExistException", cc.get_repository, repositoryName=f"svc-{unique}")


def test_git_remote_codecommit_clones_and_pushes_over_the_https_listener(unique):
    """git-remote-codecommit signs a CodeCommit URL with the caller's IAM keys and only speaks HTTPS: Slipway's HTTPS
    listener (its certificate signed by an authority of its own, which git is told to trust) serves it, with the same
    IAM decisions as plain HTTP."""
    import boto3
    from conftest import Server
    from helpers import allow, make_user, policy
    server = Server("sqlite", extra_args=("--tls-port", "0"))
    try:
        authority = os.path.join(server.data_dir, "tls", "ca.pem")
        assert any(authority in line for line in server.stdout_lines), server.stdout_lines
        name = f"grc-{unique}"
        server.client("codecommit").create_repository(repositoryName=name)
        arn = f"arn:aws:codecommit:us-east-1:{server.account_id}:{name}"
        key, secret = make_user(server, f"dev-{unique}", policy(allow(["codecommit:GitPull", "codecommit:GitPush", "codecommit:GetBranch"], arn)))
        env = git_env(server, key, secret)
        git("config", "--global", "--unset", "credential.helper", env=env)
        env.update({"CODE_COMMIT_ENDPOINT": f"127.0.0.1:{server.tls_port}", "GIT_SSL_CAINFO": authority})
        work = tempfile.mkdtemp(prefix="slipway-grc-")
        first = os.path.join(work, "first")
        git("clone", "-q", f"codecommit::us-east-1://{name}", first, env=env)
        head = commit_file(first, env, "README.md", "pushed over https", "first")
        git("push", "-q", "origin", "HEAD:main", cwd=first, env=env)
        cc = server.client("codecommit", key=key, secret=secret)
        assert cc.get_branch(repositoryName=name, branchName="main")["branch"]["commitId"] == head

        second = os.path.join(work, "second")
        git("clone", "-q", f"codecommit::us-east-1://{name}", second, env=env)
        assert open(os.path.join(second, "README.md")).read() == "pushed over https"

        # git refuses a certificate it was not told to trust; a user without GitPush is refused the push.
        untrusted = git("clone", "-q", f"codecommit::us-east-1://{name}", os.path.join(work, "untrusted"),
                        env={**env, "GIT_SSL_CAINFO": os.path.join(work, "nothing.pem")}, check=False)
        assert untrusted.returncode != 0
        reader_key, reader_secret = make_user(server, f"reader-{unique}", policy(allow("codecommit:GitPull", arn)))
        reader = {**env, "AWS_ACCESS_KEY_ID": reader_key, "AWS_SECRET_ACCESS_KEY": reader_secret}
        commit_file(second, reader, "notes.md", "x", "second")
        refused = git("push", "-q", "origin", "HEAD:main", cwd=second, env=reader, check=False)
        assert refused.returncode != 0 and "403" in refused.stderr

        # Every AWS API answers there too, for clients that want HTTPS.
        sts = boto3.client("sts", endpoint_url=f"https://127.0.0.1:{server.tls_port}", verify=authority, region_name="us-east-1",
                           aws_access_key_id=key, aws_secret_access_key=secret)
        assert sts.get_caller_identity()["Arn"].endswith(f":user/dev-{unique}")
    finally:
        server.cleanup()
