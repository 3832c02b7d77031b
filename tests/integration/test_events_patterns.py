"""EventBridge's TestEventPattern through boto3: the pattern language over a model-package state change event, and
invalid patterns refused with InvalidEventPatternException."""

import json

import pytest

from helpers import expect_error

EVENT = {"id": "1", "account": "111111111111", "source": "aws.sagemaker", "time": "2026-11-28T00:00:00Z", "region": "us-east-1",
         "resources": [], "detail-type": "SageMaker Model Package State Change",
         "detail": {"ModelPackageGroupName": "churn-p-abc", "ModelPackageVersion": 3, "ModelApprovalStatus": "Approved", "SourceIp": "10.0.1.17"}}

TABLE = [
    ({"source": ["aws.sagemaker"], "detail-type": ["SageMaker Model Package State Change"], "detail": {"ModelApprovalStatus": ["Approved"]}}, True),
    ({"detail": {"ModelApprovalStatus": ["PendingManualApproval"]}}, False),
    ({"detail": {"ModelPackageGroupName": [{"prefix": "churn-"}], "ModelPackageVersion": [{"numeric": [">=", 3]}]}}, True),
    ({"detail": {"ModelPackageGroupName": [{"wildcard": "*-p-*"}], "SourceIp": [{"cidr": "10.0.0.0/8"}]}}, True),
    ({"detail": {"ModelApprovalStatus": [{"anything-but": ["Approved"]}]}}, False),
    ({"detail": {"Missing": [{"exists": False}], "ModelApprovalStatus": [{"equals-ignore-case": "approved"}]}}, True),
    ({"$or": [{"source": ["aws.s3"]}, {"detail": {"ModelPackageVersion": [3]}}]}, True),
]


@pytest.mark.parametrize("pattern,expected", TABLE)
def test_patterns_match_as_eventbridge_does(server, pattern, expected):
    events = server.client("events")
    assert events.test_event_pattern(EventPattern=json.dumps(pattern), Event=json.dumps(EVENT))["Result"] is expected


def test_invalid_patterns_and_events_are_refused(server):
    events = server.client("events")
    for bad in ('{"source": "aws.sagemaker"}', '{"source": [{"numeric": [">", "three"]}]}', "not json", '{"source": []}'):
        err = expect_error("InvalidEventPatternException", events.test_event_pattern, EventPattern=bad, Event=json.dumps(EVENT))
        assert err[1].startswith("Event pattern is not valid.")
    expect_error("ValidationException", events.test_event_pattern, EventPattern='{"source": ["x"]}', Event='{"source": "x"}')
