"""EventBridge through boto3: buses, rules and targets; PutEvents matched and delivered to Lambda functions (only
with the function's permission), to other buses and to pipelines; input transformations; retries given up on kept
and shown by `slipway events failed`; schedules; and SageMaker's model package state changes on the default bus."""

import json
import signal
import time

import pytest

from helpers import allow, expect_error, policy
from test_lambda_functions import create, execution_role

RECORDER = """
import boto3, json, os
def handler(event, context):
    boto3.client("s3").put_object(Bucket=os.environ["BUCKET"], Key="events/" + context.aws_request_id + ".json", Body=json.dumps(event))
    return "ok"
"""


def recorder(server, unique, name):
    """A function that writes every event it gets to a bucket; returns (function ARN, bucket)."""
    bucket = f"{name}-{unique}"
    server.client("s3").create_bucket(Bucket=bucket)
    role = execution_role(server, f"{name}-{unique}", allow("s3:PutObject", f"arn:aws:s3:::{bucket}/*"))
    arn = create(server, f"{name}-{unique}", role, RECORDER, Environment={"Variables": {"BUCKET": bucket}}, Timeout=30)["FunctionArn"]
    return arn, bucket


def received(server, bucket, count=1, timeout=20):
    """The events the recorder wrote, once there are `count`."""
    s3 = server.client("s3")
    deadline = time.time() + timeout
    while time.time() < deadline:
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="events/").get("Contents", [])]
        if len(keys) >= count:
            return [json.loads(s3.get_object(Bucket=bucket, Key=k)["Body"].read()) for k in keys]
        time.sleep(0.05)
    return [json.loads(s3.get_object(Bucket=bucket, Key=k)["Body"].read()) for k in
            [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="events/").get("Contents", [])]]


def allow_rule(server, function_arn, rule_arn, sid="events"):
    server.client("lambda").add_permission(FunctionName=function_arn, StatementId=sid, Action="lambda:InvokeFunction",
                                           Principal="events.amazonaws.com", SourceArn=rule_arn)


def test_buses_rules_and_targets(server, unique):
    events = server.client("events")
    bus = events.create_event_bus(Name=f"ml-{unique}", Tags=[{"Key": "team", "Value": "ml"}])
    assert bus["EventBusArn"] == f"arn:aws:events:us-east-1:{server.account_id}:event-bus/ml-{unique}"
    expect_error("ResourceAlreadyExistsException", events.create_event_bus, Name=f"ml-{unique}")
    names = [b["Name"] for b in events.list_event_buses()["EventBuses"]]
    assert "default" in names and f"ml-{unique}" in names
    assert events.describe_event_bus(Name=f"ml-{unique}")["Arn"] == bus["EventBusArn"]

    pattern = json.dumps({"source": ["ml.pipeline"], "detail": {"stage": [{"prefix": "prod"}]}})
    rule_arn = events.put_rule(Name=f"prod-{unique}", EventBusName=f"ml-{unique}", EventPattern=pattern, Description="prod events")["RuleArn"]
    assert rule_arn == f"arn:aws:events:us-east-1:{server.account_id}:rule/ml-{unique}/prod-{unique}"
    described = events.describe_rule(Name=f"prod-{unique}", EventBusName=f"ml-{unique}")
    assert (described["State"], described["EventPattern"], described["EventBusName"]) == ("ENABLED", pattern, f"ml-{unique}")
    events.disable_rule(Name=f"prod-{unique}", EventBusName=f"ml-{unique}")
    assert events.describe_rule(Name=f"prod-{unique}", EventBusName=f"ml-{unique}")["State"] == "DISABLED"
    events.enable_rule(Name=f"prod-{unique}", EventBusName=f"ml-{unique}")
    assert [r["Name"] for r in events.list_rules(EventBusName=f"ml-{unique}", NamePrefix="prod")["Rules"]] == [f"prod-{unique}"]

    pipeline = f"arn:aws:sagemaker:us-east-1:{server.account_id}:pipeline/train-{unique}"
    events.put_targets(Rule=f"prod-{unique}", EventBusName=f"ml-{unique}", Targets=[
        {"Id": "train", "Arn": pipeline, "RoleArn": f"arn:aws:iam::{server.account_id}:role/x",
         "SageMakerPipelineParameters": {"PipelineParameterList": [{"Name": "Stage", "Value": "prod"}]}},
    ])
    targets = events.list_targets_by_rule(Rule=f"prod-{unique}", EventBusName=f"ml-{unique}")["Targets"]
    assert [(t["Id"], t["Arn"]) for t in targets] == [("train", pipeline)]
    expect_error("ValidationException", events.delete_rule, Name=f"prod-{unique}", EventBusName=f"ml-{unique}")

    events.tag_resource(ResourceARN=rule_arn, Tags=[{"Key": "project", "Value": "churn"}])
    assert events.list_tags_for_resource(ResourceARN=rule_arn)["Tags"] == [{"Key": "project", "Value": "churn"}]
    events.untag_resource(ResourceARN=rule_arn, TagKeys=["project"])
    assert events.list_tags_for_resource(ResourceARN=rule_arn)["Tags"] == []
    assert events.list_tags_for_resource(ResourceARN=bus["EventBusArn"])["Tags"] == [{"Key": "team", "Value": "ml"}]

    # A pipeline target is started as its role; a role EventBridge cannot assume fails the delivery with the reason.
    sent = events.put_events(Entries=[{"Source": "ml.pipeline", "DetailType": "Stage", "Detail": json.dumps({"stage": "prod-eu"}), "EventBusName": f"ml-{unique}"}])
    assert sent["FailedEntryCount"] == 0
    deadline = time.time() + 10
    while time.time() < deadline:
        failed = json.loads(server.slipway("events", "failed", "--json", "--endpoint-url", server.endpoint).stdout or "{}").get("Deliveries", [])
        mine = [d for d in failed if d["EventId"] == sent["Entries"][0]["EventId"]]
        if mine:
            assert "could not assume role" in mine[0]["LastError"]
            break
        time.sleep(0.1)
    else:
        pytest.fail("the pipeline start did not fail")

    events.remove_targets(Rule=f"prod-{unique}", EventBusName=f"ml-{unique}", Ids=["train"])
    events.delete_rule(Name=f"prod-{unique}", EventBusName=f"ml-{unique}")
    expect_error("ResourceNotFoundException", events.describe_rule, Name=f"prod-{unique}", EventBusName=f"ml-{unique}")
    events.delete_event_bus(Name=f"ml-{unique}")
    assert f"ml-{unique}" not in [b["Name"] for b in events.list_event_buses()["EventBuses"]]


def test_put_events_reach_a_permitted_function_with_the_input_it_asked_for(server, unique):
    events = server.client("events")
    function, bucket = recorder(server, unique, "rec")
    rule = events.put_rule(Name=f"orders-{unique}", EventPattern=json.dumps({"source": [f"shop.{unique}"], "detail": {"total": [{"numeric": [">", 100]}]}}))["RuleArn"]
    events.put_targets(Rule=f"orders-{unique}", Targets=[
        {"Id": "whole", "Arn": function},
        {"Id": "shaped", "Arn": function, "InputTransformer": {"InputPathsMap": {"total": "$.detail.total", "who": "$.detail.customer"},
                                                               "InputTemplate": '{"summary": "<who> spent <total>", "total": <total>, "rule": "<aws.events.rule-name>"}'}},
        {"Id": "path", "Arn": function, "InputPath": "$.detail.items"},
        {"Id": "constant", "Arn": function, "Input": json.dumps({"fixed": True})},
    ])
    allow_rule(server, function, rule)
    result = events.put_events(Entries=[
        {"Source": f"shop.{unique}", "DetailType": "Order", "Detail": json.dumps({"total": 250, "customer": "ana", "items": ["a", "b"]})},
        {"Source": f"shop.{unique}", "DetailType": "Order", "Detail": json.dumps({"total": 20, "customer": "bo", "items": []})},
        {"Source": "aws.sagemaker", "DetailType": "Forged", "Detail": "{}"},
        {"Source": f"shop.{unique}", "DetailType": "Order", "Detail": "not json"},
    ])
    assert result["FailedEntryCount"] == 2
    assert result["Entries"][2]["ErrorCode"] == "NotAuthorizedForSourceException" and result["Entries"][3]["ErrorCode"] == "MalformedDetail"
    got = received(server, bucket, count=4)
    assert len(got) == 4, got
    whole = next(e for e in got if isinstance(e, dict) and e.get("detail-type") == "Order")
    assert (whole["source"], whole["detail"]["total"], whole["id"]) == (f"shop.{unique}", 250, result["Entries"][0]["EventId"])
    assert (whole["account"], whole["region"], whole["version"]) == (server.account_id, "us-east-1", "0")
    assert {"summary": "ana spent 250", "total": 250, "rule": f"orders-{unique}"} in got
    assert ["a", "b"] in got and {"fixed": True} in got
    time.sleep(0.5)
    assert len(received(server, bucket, count=5, timeout=0.5)) == 4, "the event under 100 matched nothing"


def test_a_function_without_permission_is_not_invoked_and_the_failure_is_kept(server, unique):
    events = server.client("events")
    function, bucket = recorder(server, unique, "noperm")
    rule = events.put_rule(Name=f"noperm-{unique}", EventPattern=json.dumps({"source": [f"app.{unique}"]}))["RuleArn"]
    events.put_targets(Rule=f"noperm-{unique}", Targets=[{"Id": "fn", "Arn": function}])
    allow_rule(server, function, f"arn:aws:events:us-east-1:{server.account_id}:rule/some-other-rule")
    sent = events.put_events(Entries=[{"Source": f"app.{unique}", "DetailType": "Ping", "Detail": "{}"}])["Entries"][0]["EventId"]
    deadline = time.time() + 10
    failed = []
    while time.time() < deadline:
        listing = server.slipway("events", "failed", "--json", "--endpoint-url", server.endpoint)
        failed = [d for d in json.loads(listing.stdout or "{}").get("Deliveries", []) if d["EventId"] == sent]
        if failed:
            break
        time.sleep(0.1)
    assert failed, "the failed delivery is kept"
    assert failed[0]["TargetArn"] == function and failed[0]["RuleArn"] == rule
    assert "events.amazonaws.com is not authorized to perform: lambda:InvokeFunction" in failed[0]["LastError"]
    text = server.slipway("events", "failed", "--endpoint-url", server.endpoint).stdout
    assert sent in text and "lambda:InvokeFunction" in text
    assert received(server, bucket, count=1, timeout=0.3) == [], "the function never ran"


def test_events_forwarded_to_another_bus_and_schedules(server, unique):
    events = server.client("events")
    function, bucket = recorder(server, unique, "fwd")
    events.create_event_bus(Name=f"central-{unique}")
    central_rule = events.put_rule(Name=f"all-{unique}", EventBusName=f"central-{unique}", EventPattern=json.dumps({"source": [f"team.{unique}"]}))["RuleArn"]
    events.put_targets(Rule=f"all-{unique}", EventBusName=f"central-{unique}", Targets=[{"Id": "fn", "Arn": function}])
    allow_rule(server, function, central_rule)
    events.put_rule(Name=f"forward-{unique}", EventPattern=json.dumps({"source": [f"team.{unique}"]}))
    events.put_targets(Rule=f"forward-{unique}", Targets=[{"Id": "bus", "Arn": f"arn:aws:events:us-east-1:{server.account_id}:event-bus/central-{unique}"}])
    events.put_events(Entries=[{"Source": f"team.{unique}", "DetailType": "Hello", "Detail": json.dumps({"n": 1})}])
    got = received(server, bucket, count=1)
    assert len(got) == 1 and got[0]["detail"] == {"n": 1}

    schedule_rule = events.put_rule(Name=f"tick-{unique}", ScheduleExpression="rate(5 minutes)")["RuleArn"]
    events.put_targets(Rule=f"tick-{unique}", Targets=[{"Id": "fn", "Arn": function}])
    allow_rule(server, function, schedule_rule, sid="tick")
    time.sleep(1.5)
    server.advance_clock(301)
    got = received(server, bucket, count=2)
    ticks = [e for e in got if e.get("detail-type") == "Scheduled Event"]
    assert ticks and ticks[0]["source"] == "aws.events" and ticks[0]["resources"] == [schedule_rule]
    events.remove_targets(Rule=f"tick-{unique}", Ids=["fn"])
    events.delete_rule(Name=f"tick-{unique}")


def test_bad_rules_and_targets_are_refused(server, unique):
    events = server.client("events")
    expect_error("InvalidEventPatternException", events.put_rule, Name=f"bad-{unique}", EventPattern='{"source": "not-a-list"}')
    expect_error("InvalidEventPatternException", events.put_rule, Name=f"bad-{unique}", EventPattern="{not json")
    expect_error("ValidationException", events.put_rule, Name=f"bad-{unique}")
    expect_error("ValidationException", events.put_rule, Name=f"bad-{unique}", ScheduleExpression="rate(0 minutes)")
    expect_error("ValidationException", events.put_rule, Name=f"bad-{unique}", ScheduleExpression="cron(0 12 * * * *)")
    expect_error("ResourceNotFoundException", events.put_rule, Name=f"bad-{unique}", EventBusName=f"nobus-{unique}", EventPattern='{"source": ["x"]}')
    assert f"bad-{unique}" not in [r["Name"] for r in events.list_rules()["Rules"]]
    events.put_rule(Name=f"ok-{unique}", EventPattern='{"source": ["x"]}', ScheduleExpression="cron(0 12 ? * MON-FRI *)")
    expect_error("ValidationException", events.put_targets, Rule=f"ok-{unique}", Targets=[{"Id": "q", "Arn": "arn:aws:sqs:us-east-1:111111111111:q"}])
    expect_error("ValidationException", events.put_targets, Rule=f"ok-{unique}", Targets=[
        {"Id": "fn", "Arn": f"arn:aws:lambda:us-east-1:{server.account_id}:function:f", "Input": "{}", "InputPath": "$.detail"}])
    expect_error("ResourceNotFoundException", events.put_targets, Rule=f"missing-{unique}", Targets=[
        {"Id": "fn", "Arn": f"arn:aws:lambda:us-east-1:{server.account_id}:function:f"}])
    expect_error("LimitExceededException", events.put_targets, Rule=f"ok-{unique}", Targets=[
        {"Id": f"fn{i}", "Arn": f"arn:aws:lambda:us-east-1:{server.account_id}:function:f"} for i in range(6)])
    assert events.list_targets_by_rule(Rule=f"ok-{unique}")["Targets"] == []
    events.delete_rule(Name=f"ok-{unique}")


def test_model_package_approval_runs_the_function(server, unique):
    events, sm = server.client("events"), server.client("sagemaker")
    function, bucket = recorder(server, unique, "deploy")
    group = f"churn-{unique}"
    sm.create_model_package_group(ModelPackageGroupName=group)
    pattern = {"source": ["aws.sagemaker"], "detail-type": ["SageMaker Model Package State Change"],
               "detail": {"ModelPackageGroupName": [group], "ModelApprovalStatus": ["Approved"]}}
    rule = events.put_rule(Name=f"approved-{unique}", EventPattern=json.dumps(pattern))["RuleArn"]
    events.put_targets(Rule=f"approved-{unique}", Targets=[{"Id": "deploy", "Arn": function}])
    allow_rule(server, function, rule)
    spec = {"Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1", "ModelDataUrl": "s3://models/churn/model.tar.gz"}],
            "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]}
    version = sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=spec, ModelApprovalStatus="PendingManualApproval")["ModelPackageArn"]
    assert received(server, bucket, count=1, timeout=1) == [], "a pending version runs nothing"
    sm.update_model_package(ModelPackageArn=version, ModelApprovalStatus="Approved", ApprovalDescription="metrics reviewed")
    got = received(server, bucket, count=1)
    assert len(got) == 1
    event = got[0]
    assert (event["source"], event["detail-type"], event["resources"]) == ("aws.sagemaker", "SageMaker Model Package State Change", [version])
    detail = event["detail"]
    assert (detail["ModelPackageGroupName"], detail["ModelPackageVersion"], detail["ModelPackageArn"]) == (group, 1, version)
    assert (detail["ModelApprovalStatus"], detail["ModelPackageStatus"], detail["ApprovalDescription"]) == ("Approved", "Completed", "metrics reviewed")
    assert detail["InferenceSpecification"]["Containers"][0]["Image"].endswith("churn:1") and isinstance(detail["CreationTime"], int)
    test = events.test_event_pattern(EventPattern=json.dumps(pattern), Event=json.dumps(event))
    assert test["Result"] is True


def test_throttled_deliveries_are_retried_and_survive_a_restart(fresh_server, unique):
    server = fresh_server
    events, lam = server.client("events"), server.client("lambda")
    function, bucket = recorder(server, unique, "retry")
    lam.put_function_concurrency(FunctionName=function, ReservedConcurrentExecutions=0)
    rule = events.put_rule(Name=f"retry-{unique}", EventPattern=json.dumps({"source": [f"ci.{unique}"]}))["RuleArn"]
    events.put_targets(Rule=f"retry-{unique}", Targets=[{"Id": "fn", "Arn": function},
                                                         {"Id": "once", "Arn": function, "Input": '{"once": true}', "RetryPolicy": {"MaximumRetryAttempts": 0}}])
    allow_rule(server, function, rule)
    sent = events.put_events(Entries=[{"Source": f"ci.{unique}", "DetailType": "Build", "Detail": json.dumps({"build": 7})}])["Entries"][0]["EventId"]

    # With no concurrency the function throttles: the target without retries fails at once, the other waits.
    deadline = time.time() + 10
    failed = []
    while time.time() < deadline and not failed:
        failed = [d for d in json.loads(server.slipway("events", "failed", "--json", "--endpoint-url", server.endpoint).stdout or "{}").get("Deliveries", [])
                  if d["EventId"] == sent]
        time.sleep(0.1)
    assert [d["TargetId"] for d in failed] == ["once"] and "TooManyRequestsException" in failed[0]["LastError"]
    assert received(server, bucket, count=1, timeout=1) == []

    # The waiting delivery is stored: it survives a crash and is delivered once the function can run.
    server.stop(signal.SIGKILL)
    server.start()
    lam = server.client("lambda")
    lam.delete_function_concurrency(FunctionName=function)
    got = received(server, bucket, count=1, timeout=30)
    assert len(got) == 1 and got[0]["id"] == sent and got[0]["detail"] == {"build": 7}
    assert failed[0]["Attempts"] == 1
