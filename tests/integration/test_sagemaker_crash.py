"""SIGKILL while projects are being launched: after the restart every project reaches a terminal status, each linked
to exactly one stack whose resources exist (or none, rolled back) — no project stuck Pending, no stack without one."""

import concurrent.futures
import json
import signal
import time

TEMPLATE = """
Parameters:
  SageMakerProjectId: {Type: String}
Resources:
""" + "".join(f"  Bucket{i}: {{Type: AWS::S3::Bucket, Properties: {{BucketName: !Sub 'crash-${{SageMakerProjectId}}-{i}'}}}}\n" for i in range(5))

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def test_launches_interrupted_by_a_crash_end_consistent(fresh_server, unique):
    server = fresh_server
    s3, iam, sm = server.client("s3"), server.client("iam"), server.client("sagemaker")
    s3.create_bucket(Bucket=f"crash-templates-{unique}")
    s3.put_object(Bucket=f"crash-templates-{unique}", Key="t.yaml", Body=TEMPLATE.encode())
    role = iam.create_role(RoleName="AmazonSageMakerProjectsLaunchRole", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName="AmazonSageMakerProjectsLaunchRole", PolicyName="p",
                        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
    url = f"https://crash-templates-{unique}.s3.amazonaws.com/t.yaml"

    def launch(i):
        try:
            sm.create_project(ProjectName=f"crash-{i}", TemplateProviders=[{"CfnTemplateProvider": {"TemplateName": "t", "TemplateURL": url, "RoleARN": role}}])
            return f"crash-{i}"
        except Exception:  # the server died under it
            return None

    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        futures = [pool.submit(launch, i) for i in range(12)]
        time.sleep(0.05)
        server.stop(signal.SIGKILL)
        accepted = [f.result() for f in futures]
    server.start()
    sm, s3, cfn = server.client("sagemaker"), server.client("s3"), server.client("cloudformation")
    deadline = time.time() + 60
    projects = []
    while time.time() < deadline:
        projects = sm.list_projects(MaxResults=100)["ProjectSummaryList"]
        if all(p["ProjectStatus"] in ("CreateCompleted", "CreateFailed") for p in projects):
            break
        time.sleep(0.3)
    assert all(p["ProjectStatus"] in ("CreateCompleted", "CreateFailed") for p in projects), projects
    assert {name for name in accepted if name} <= {p["ProjectName"] for p in projects}
    stacks = {s["StackName"]: s for s in cfn.list_stacks()["StackSummaries"] if s["StackName"].startswith("SageMaker-crash-") and s["StackStatus"] != "DELETE_COMPLETE"}
    buckets = {b["Name"] for b in s3.list_buckets()["Buckets"] if b["Name"].startswith("crash-p-")}
    for summary in projects:
        project = sm.describe_project(ProjectName=summary["ProjectName"])
        detail = project["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]["StackDetail"]
        made = {f"crash-{project['ProjectId']}-{i}" for i in range(5)}
        if summary["ProjectStatus"] == "CreateCompleted":
            assert detail["Id"] and made <= buckets
        else:
            assert not (made & buckets), (summary, made & buckets)
        stacks.pop(detail.get("Name"), None)
    assert stacks == {}, f"stacks without a project: {list(stacks)}"
