"""The IAM policy-evaluation table: every row of policy_table.json, each taken from the AWS documentation page it names.

Every row is evaluated by SimulateCustomPolicy (identity policies, optional permissions boundary, one action on one
resource, the row's context entries) and its EvalDecision compared with the row's `expected`. Rows with a `real`
object are also made as real requests: an IAM user gets the row's policies as inline policies (and the boundary as a
managed policy set with PutUserPermissionsBoundary), then makes the boto3 call with its own keys. Allowed means the
call succeeds or fails with an error that is not about access (NoSuchKey, NoSuchBucket...); denied means
AccessDenied/AccessDeniedException or HTTP 403, and when the message explains itself, "explicit deny" appears exactly
for explicitDeny rows.

Row fields: `id`, `doc`, optional `why`, `policies`, optional `boundary`, `action`, `resource`, optional `context`
({key: {"type": ContextKeyType, "values": [...]}}), `expected` (allowed | explicitDeny | implicitDeny), optional `real`
({"service", "operation", "params", optional "user" (the caller's user name, for ${aws:username} rows) and
"user_tags" (the caller's tags, for aws:PrincipalTag rows)}). A row where Slipway is known to be wrong carries
`known_gap` (SimulateCustomPolicy) or `known_gap_real` (the real request) with the reason; those are expected to fail
(xfail, not strict) until the evaluator is fixed. POLICY_TABLE_STRICT=1 runs them as ordinary tests.

The real requests use buckets named by the rows (created once; names starting with `pt-absent-` are never created)
and IAM users created once: pt-manager (JobFunction=Manager), pt-worker (JobFunction=Worker), pt-plain (no tags),
pt-cc-12345 and pt-cc-11111 (costCenter=12345 and 11111).
"""

import hashlib
import json
import os

import botocore.exceptions
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "policy_table.json")) as table_file:
    TABLE = json.load(table_file)
REAL = [row for row in TABLE if "real" in row]
STRICT = os.environ.get("POLICY_TABLE_STRICT") == "1"

ACCOUNT = "111111111111"  # the account the server fixture creates; the rows' ARNs use it
DECISIONS = {"allowed", "explicitDeny", "implicitDeny"}
CONTEXT_TYPES = {"string", "stringList", "numeric", "numericList", "boolean", "booleanList", "ip", "ipList",
                 "binary", "binaryList", "date", "dateList"}
DENIED_CODES = {"AccessDenied", "AccessDeniedException"}
FIXTURE_USERS = {
    "pt-manager": {"JobFunction": "Manager"}, "pt-worker": {"JobFunction": "Worker"}, "pt-plain": {},
    "pt-cc-12345": {"costCenter": "12345"}, "pt-cc-11111": {"costCenter": "11111"},
}


def params_for(rows, gap_field):
    params = []
    for row in rows:
        marks = []
        if row.get(gap_field) and not STRICT:
            marks.append(pytest.mark.xfail(reason=row[gap_field], strict=False))
        params.append(pytest.param(row, id=row["id"], marks=marks))
    return params


def context_entries(row):
    return [
        {"ContextKeyName": key, "ContextKeyType": entry["type"], "ContextKeyValues": [str(v) for v in entry["values"]]}
        for key, entry in row.get("context", {}).items()
    ]


def test_table_is_well_formed():
    assert len(TABLE) >= 200
    assert len(REAL) >= 30
    ids = [row["id"] for row in TABLE]
    assert len(ids) == len(set(ids)), "row ids must be unique"
    for row in TABLE:
        assert row["doc"].startswith("https://docs.aws.amazon.com/"), row["id"]
        assert row["expected"] in DECISIONS, row["id"]
        assert row["policies"] and all(isinstance(p, dict) for p in row["policies"]), row["id"]
        for entry in row.get("context", {}).values():
            assert entry["type"] in CONTEXT_TYPES and entry["values"], row["id"]
        if "real" in row:
            assert {"service", "operation", "params"} <= set(row["real"]), row["id"]
            if row["real"]["service"] == "iam":
                assert f":{ACCOUNT}:" in row["resource"], row["id"]


@pytest.fixture(scope="module")
def root_iam(server):
    return server.client("iam")


@pytest.mark.parametrize("row", params_for(TABLE, "known_gap"))
def test_simulate_custom_policy(root_iam, row):
    kwargs = {
        "PolicyInputList": [json.dumps(p) for p in row["policies"]],
        "ActionNames": [row["action"]],
        "ResourceArns": [row["resource"]],
    }
    if "boundary" in row:
        kwargs["PermissionsBoundaryPolicyInputList"] = [json.dumps(row["boundary"])]
    if row.get("context"):
        kwargs["ContextEntries"] = context_entries(row)
    results = root_iam.simulate_custom_policy(**kwargs)["EvaluationResults"]
    assert len(results) == 1
    assert results[0]["EvalDecision"] == row["expected"], f"{row['id']} ({row['doc']})"


@pytest.fixture(scope="module")
def real_world(server, root_iam):
    """The buckets and target users the real requests act on, made once per server."""
    s3 = server.client("s3")
    buckets = {r["real"]["params"]["Bucket"] for r in REAL if "Bucket" in r["real"]["params"]}
    for bucket in sorted(buckets):
        if not bucket.startswith("pt-absent-"):
            s3.create_bucket(Bucket=bucket)
    # Objects the rows read exist: S3 tells a caller without s3:ListBucket that a missing key is forbidden, not missing.
    for row in REAL:
        params = row["real"]["params"]
        if row["real"]["operation"] in ("get_object", "head_object") and not params["Bucket"].startswith("pt-absent-"):
            s3.put_object(Bucket=params["Bucket"], Key=params["Key"], Body=b"row")
    for name, tags in FIXTURE_USERS.items():
        root_iam.create_user(UserName=name, Tags=[{"Key": k, "Value": v} for k, v in tags.items()])
    return server


def caller_name(row):
    return row["real"].get("user") or "pt-u-" + hashlib.sha1(row["id"].encode()).hexdigest()[:16]


def make_caller(server, root_iam, row):
    """An IAM user with the row's policies inline and its boundary; returns (key, secret)."""
    name = caller_name(row)
    tags = [{"Key": k, "Value": v} for k, v in row["real"].get("user_tags", {}).items()]
    root_iam.create_user(UserName=name, Tags=tags)
    for index, document in enumerate(row["policies"]):
        root_iam.put_user_policy(UserName=name, PolicyName=f"p{index}", PolicyDocument=json.dumps(document))
    if "boundary" in row:
        arn = root_iam.create_policy(PolicyName=f"{name}-boundary", PolicyDocument=json.dumps(row["boundary"]))["Policy"]["Arn"]
        root_iam.put_user_permissions_boundary(UserName=name, PermissionsBoundary=arn)
    key = root_iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


@pytest.mark.parametrize("row", params_for(REAL, "known_gap_real"))
def test_real_request(real_world, root_iam, row):
    key, secret = make_caller(real_world, root_iam, row)
    real = row["real"]
    client = real_world.client(real["service"], key, secret)
    try:
        getattr(client, real["operation"])(**real["params"])
        outcome, code, message = "allowed", None, ""
    except botocore.exceptions.ClientError as error:
        code = error.response["Error"]["Code"]
        message = error.response["Error"].get("Message", "")
        status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        outcome = "denied" if code in DENIED_CODES or status == 403 else "allowed"
    described = f"{row['id']}: {real['operation']} gave {code or 'success'} {message!r} ({row['doc']})"
    if row["expected"] == "allowed":
        assert outcome == "allowed", described
    else:
        assert outcome == "denied", described
        if "not authorized to perform" in message:
            assert ("explicit deny" in message) == (row["expected"] == "explicitDeny"), described
