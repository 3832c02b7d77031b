"""CloudWatch Logs through boto3 and the aws CLI: groups with retention, streams, PutLogEvents with CloudWatch's
refusals, GetLogEvents paging both ways, FilterLogEvents with patterns across streams; and Lambda functions logging to
/aws/lambda/<name> the way Lambda does."""

import json
import time

import pytest

from helpers import allow, execution_role, expect_error, make_user, package, policy


def now_ms():
    return int(time.time() * 1000)


def test_groups_streams_and_events(server, unique):
    logs = server.client("logs")
    group = f"/slipway/test/{unique}"
    logs.create_log_group(logGroupName=group, tags={"team": "ml"})
    expect_error("ResourceAlreadyExistsException", logs.create_log_group, logGroupName=group)
    expect_error("InvalidParameterException", logs.create_log_group, logGroupName="bad name!")
    expect_error("InvalidParameterException", logs.put_retention_policy, logGroupName=group, retentionInDays=2)
    logs.put_retention_policy(logGroupName=group, retentionInDays=7)
    described = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
    assert [(g["logGroupName"], g["retentionInDays"]) for g in described] == [(group, 7)]
    assert described[0]["arn"] == f"arn:aws:logs:us-east-1:{server.account_id}:log-group:{group}:*"

    expect_error("ResourceNotFoundException", logs.put_log_events, logGroupName=group, logStreamName="absent",
                 logEvents=[{"timestamp": now_ms(), "message": "x"}])
    logs.create_log_stream(logGroupName=group, logStreamName="algo-1")
    expect_error("ResourceAlreadyExistsException", logs.create_log_stream, logGroupName=group, logStreamName="algo-1")
    start = now_ms() - 10_000
    expect_error("InvalidParameterException", logs.put_log_events, logGroupName=group, logStreamName="algo-1",
                 logEvents=[{"timestamp": start + 5, "message": "b"}, {"timestamp": start, "message": "a"}])
    expect_error("InvalidParameterException", logs.put_log_events, logGroupName=group, logStreamName="algo-1",
                 logEvents=[{"timestamp": start - 2 * 86_400_000, "message": "a"}, {"timestamp": start, "message": "b"}])
    expired = logs.put_log_events(logGroupName=group, logStreamName="algo-1", logEvents=[{"timestamp": start - 30 * 86_400_000, "message": "too old"}])
    assert expired["rejectedLogEventsInfo"] == {"expiredLogEventEndIndex": 1}
    answer = logs.put_log_events(logGroupName=group, logStreamName="algo-1", logEvents=[
        *[{"timestamp": start + i, "message": f"epoch {i} loss {1.0 / (i + 1):.3f}"} for i in range(25)],
        {"timestamp": now_ms() + 3 * 3_600_000, "message": "too new"},
    ])
    assert answer["rejectedLogEventsInfo"] == {"tooNewLogEventStartIndex": 25}

    head = logs.get_log_events(logGroupName=group, logStreamName="algo-1", startFromHead=True, limit=10)
    assert [e["message"] for e in head["events"]] == [f"epoch {i} loss {1.0 / (i + 1):.3f}" for i in range(10)]
    following = logs.get_log_events(logGroupName=group, logStreamName="algo-1", nextToken=head["nextForwardToken"], limit=20)
    assert len(following["events"]) == 15 and following["events"][-1]["message"].startswith("epoch 24")
    end = logs.get_log_events(logGroupName=group, logStreamName="algo-1", nextToken=following["nextForwardToken"])
    assert end["events"] == [] and end["nextForwardToken"] == following["nextForwardToken"]
    tail = logs.get_log_events(logGroupName=group, logStreamName="algo-1", limit=5)
    assert [e["message"][:8] for e in tail["events"]] == ["epoch 20", "epoch 21", "epoch 22", "epoch 23", "epoch 24"]
    earlier = logs.get_log_events(logGroupName=group, logStreamName="algo-1", nextToken=tail["nextBackwardToken"], limit=5)
    assert [e["message"][:8] for e in earlier["events"]] == ["epoch 15", "epoch 16", "epoch 17", "epoch 18", "epoch 19"]

    logs.create_log_stream(logGroupName=group, logStreamName="algo-2")
    logs.put_log_events(logGroupName=group, logStreamName="algo-2", logEvents=[{"timestamp": start + 7, "message": "epoch 7 on the second host"}])
    found = logs.filter_log_events(logGroupName=group, filterPattern='"epoch 7 "')["events"]
    assert [(e["logStreamName"], e["message"]) for e in found] == [("algo-1", "epoch 7 loss 0.125"), ("algo-2", "epoch 7 on the second host")]
    assert len({e["eventId"] for e in found}) == 2
    paged = logs.filter_log_events(logGroupName=group, logStreamNames=["algo-1"], limit=10)
    rest = logs.filter_log_events(logGroupName=group, logStreamNames=["algo-1"], nextToken=paged["nextToken"])
    assert len(paged["events"]) + len(rest["events"]) == 25 and "nextToken" not in rest
    expect_error("InvalidParameterException", logs.filter_log_events, logGroupName=group, filterPattern='{ $.loss > 1 }')
    streams = logs.describe_log_streams(logGroupName=group, orderBy="LastEventTime", descending=True)["logStreams"]
    assert [s["logStreamName"] for s in streams] == ["algo-1", "algo-2"]
    assert streams[0]["firstEventTimestamp"] == start and streams[0]["lastEventTimestamp"] == start + 24

    logs.delete_log_group(logGroupName=group)
    expect_error("ResourceNotFoundException", logs.describe_log_streams, logGroupName=group)
    expect_error("ResourceNotFoundException", logs.delete_log_group, logGroupName=group)


def test_reading_logs_takes_permission(server, unique):
    logs = server.client("logs")
    group = f"/private/{unique}"
    logs.create_log_group(logGroupName=group)
    key, secret = make_user(server, f"log-reader-{unique}", policy(allow("logs:DescribeLogGroups")))
    reader = server.client("logs", key, secret)
    assert [g["logGroupName"] for g in reader.describe_log_groups(logGroupNamePrefix=group)["logGroups"]] == [group]
    _, message, status = expect_error("AccessDeniedException", reader.filter_log_events, logGroupName=group)
    assert status == 400 or status == 403
    assert f"logs:FilterLogEvents on resource: arn:aws:logs:us-east-1:{server.account_id}:log-group:{group}:*" in message


def test_functions_log_to_their_lambda_group(server, unique):
    role = execution_role(server, f"logger-{unique}")
    lam = server.client("lambda")
    name = f"logger-{unique}"
    lam.create_function(FunctionName=name, Runtime="python3.11", Role=role, Handler="app.handler",
                        Code={"ZipFile": package({"app.py": "def handler(event, context):\n    print('scored', event['rows'], 'rows')\n    return 'ok'\n"})})
    for rows in (3, 5):
        assert json.loads(lam.invoke(FunctionName=name, Payload=json.dumps({"rows": rows}))["Payload"].read()) == "ok"
    logs = server.client("logs")
    group = f"/aws/lambda/{name}"
    deadline = time.time() + 10
    while time.time() < deadline:
        messages = [e["message"] for e in logs.filter_log_events(logGroupName=group)["events"]] if logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"] else []
        if sum(m.startswith("REPORT") for m in messages) == 2:
            break
        time.sleep(0.2)
    assert "scored 3 rows" in messages and "scored 5 rows" in messages
    assert sum(m.startswith("START RequestId:") for m in messages) == 2 and sum(m.startswith("END RequestId:") for m in messages) == 2
    streams = logs.describe_log_streams(logGroupName=group)["logStreams"]
    assert len(streams) == 1 and streams[0]["logStreamName"].startswith(time.strftime("%Y/%m/%d/[$LATEST]", time.gmtime()))
    # The aws CLI reads the same events.
    listed = json.loads(server.aws("logs", "filter-log-events", "--log-group-name", group, "--filter-pattern", "scored").stdout)
    assert [e["message"] for e in listed["events"]] == ["scored 3 rows", "scored 5 rows"]
    # slipway logs function still shows the whole log.
    shown = server.slipway("logs", "function", name, "--endpoint-url", server.endpoint)
    assert shown.returncode == 0 and "scored 5 rows" in shown.stdout, shown.stderr
