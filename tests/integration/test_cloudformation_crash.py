"""SIGKILL in the middle of a 30-resource create, of a delete and of an update: after the restart every stack reaches
a terminal status with its buckets consistent — nothing orphaned, nothing missing."""

import signal
import time

TERMINAL = {"CREATE_COMPLETE", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_COMPLETE", "DELETE_FAILED", "CREATE_FAILED",
            "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED"}
BODY = "Resources:\n" + "".join(
    f"  Bucket{i:02}: {{Type: AWS::S3::Bucket, Properties: {{VersioningConfiguration: {{Status: Enabled}}, Tags: [{{Key: n, Value: '{i}'}}]}}}}\n"
    for i in range(30)
)


def final_status(cfn, stack_id, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        status = cfn.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"]
        if status in TERMINAL:
            return status
        time.sleep(0.3)
    raise AssertionError(f"stack still {status} after {timeout}s")


def stack_buckets(s3, stack):
    return [b["Name"] for b in s3.list_buckets().get("Buckets", []) if b["Name"].startswith(stack.lower() + "-")]


def test_a_create_and_a_delete_interrupted_by_a_crash_end_consistent(fresh_server, unique):
    server = fresh_server
    cfn = server.client("cloudformation")
    stack = f"crash-{unique}"
    stack_id = cfn.create_stack(StackName=stack, TemplateBody=BODY)["StackId"]
    server.stop(signal.SIGKILL)
    server.start()
    cfn, s3 = server.client("cloudformation"), server.client("s3")
    status = final_status(cfn, stack_id)
    made = stack_buckets(s3, stack)
    assert status in {"ROLLBACK_COMPLETE", "CREATE_COMPLETE"}, status
    assert len(made) == (30 if status == "CREATE_COMPLETE" else 0), (status, made)
    if status == "ROLLBACK_COMPLETE":
        reasons = [e.get("ResourceStatusReason") for e in cfn.describe_stack_events(StackName=stack_id)["StackEvents"] if e["LogicalResourceId"] == stack]
        assert "The server stopped during the operation" in reasons

    # A delete interrupted the same way is carried on after the restart.
    second = f"crashdel-{unique}"
    second_id = cfn.create_stack(StackName=second, TemplateBody=BODY)["StackId"]
    assert final_status(cfn, second_id) == "CREATE_COMPLETE"
    assert len(stack_buckets(s3, second)) == 30
    cfn.delete_stack(StackName=second)
    time.sleep(0.1)
    server.stop(signal.SIGKILL)
    server.start()
    cfn, s3 = server.client("cloudformation"), server.client("s3")
    assert final_status(cfn, second_id) == "DELETE_COMPLETE"
    assert stack_buckets(s3, second) == []


def versioned_template(stack, generation):
    """30 buckets: 20 with generated names changed in place (their tag and versioning), 5 named ones the second
    generation replaces (a new name), 5 the second generation drops and 10 it adds."""
    status = "Enabled" if generation == 1 else "Suspended"
    lines = ["Resources:"]
    for i in range(20):
        lines.append(f"  Plain{i:02}: {{Type: AWS::S3::Bucket, Properties: {{VersioningConfiguration: {{Status: {status}}}, Tags: [{{Key: gen, Value: '{generation}'}}]}}}}")
    for i in range(5):
        lines.append(f"  Named{i}: {{Type: AWS::S3::Bucket, Properties: {{BucketName: {stack.lower()}-named{i}-v{generation}}}}}")
    if generation == 1:
        lines += [f"  Dropped{i}: {{Type: AWS::S3::Bucket}}" for i in range(5)]
    else:
        lines += [f"  Added{i}: {{Type: AWS::S3::Bucket, Properties: {{Tags: [{{Key: gen, Value: '2'}}]}}}}" for i in range(10)]
    return "\n".join(lines) + "\n"


def check_generation(server, stack, stack_id, templates, old_buckets):
    """The stack ended wholly in one generation: its template, resources, buckets, tags and versioning agree."""
    cfn, s3 = server.client("cloudformation"), server.client("s3")
    status = final_status(cfn, stack_id)
    assert status in {"UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE"}, status
    template = cfn.get_template(StackName=stack_id)["TemplateBody"]
    generation = 1 if template == templates[1] else 2
    assert template == templates[generation]
    buckets = set(stack_buckets(s3, stack))
    resources = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cfn.describe_stack_resources(StackName=stack_id)["StackResources"]}
    assert set(resources.values()) == buckets, (status, buckets ^ set(resources.values()))
    assert len(buckets) == (30 if generation == 1 else 35)
    if generation == 1:
        assert buckets == old_buckets
    for i in range(5):
        assert resources[f"Named{i}"] == f"{stack.lower()}-named{i}-v{generation}"
    for i in range(20):
        bucket = resources[f"Plain{i:02}"]
        assert {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=bucket)["TagSet"]}["gen"] == str(generation)
        assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == ("Enabled" if generation == 1 else "Suspended")
    return status, generation


def test_updates_interrupted_by_a_crash_end_all_old_or_all_new(fresh_server, unique):
    server = fresh_server
    cfn = server.client("cloudformation")
    stack = f"crashupd-{unique}"
    templates = {1: versioned_template(stack, 1), 2: versioned_template(stack, 2)}
    stack_id = cfn.create_stack(StackName=stack, TemplateBody=templates[1])["StackId"]
    assert final_status(cfn, stack_id) == "CREATE_COMPLETE"
    old_buckets = set(stack_buckets(server.client("s3"), stack))
    assert len(old_buckets) == 30
    generation, outcomes = 1, []
    # Crash at several points of an update (and of the update back), checking each time that nothing is half-done.
    for delay in (0.0, 0.005, 0.01, 0.02, 0.04):
        cfn.update_stack(StackName=stack, TemplateBody=templates[3 - generation])
        time.sleep(delay)
        server.stop(signal.SIGKILL)
        server.start()
        cfn = server.client("cloudformation")
        status, generation = check_generation(server, stack, stack_id, templates, old_buckets)
        outcomes.append(status)
    assert "UPDATE_ROLLBACK_COMPLETE" in outcomes, outcomes
    reasons = [e.get("ResourceStatusReason") for e in cfn.describe_stack_events(StackName=stack_id)["StackEvents"] if e["LogicalResourceId"] == stack]
    assert "The server stopped during the operation" in reasons
    cfn.delete_stack(StackName=stack_id)
    assert final_status(cfn, stack_id) == "DELETE_COMPLETE"
    assert stack_buckets(server.client("s3"), stack) == []
