"""SIGKILL in the middle of a 30-resource create and of a delete: after the restart every stack reaches a terminal
status with its buckets consistent — nothing orphaned, nothing missing."""

import signal
import time

TERMINAL = {"CREATE_COMPLETE", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_COMPLETE", "DELETE_FAILED", "CREATE_FAILED"}
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
