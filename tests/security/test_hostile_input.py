"""Whatever a client sends, the answer is an AWS-style refusal, never a server error: every operation of every service
Slipway serves called through boto3 with odd and random parameters (client-side validation off), and raw signed
requests with random methods, paths, sub-resources, headers and bodies. Seeded, so a failure reproduces."""

import random

import botocore
import pytest
import requests
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

SERVICES = ["s3", "iam", "sts", "sagemaker", "cloudformation", "lambda", "events", "secretsmanager", "logs",
            "sagemaker-runtime", "resourcegroupstaggingapi", "codecommit"]
# Values that break naive parsers: empty, huge, negative, traversal, escapes, non-ASCII, JSON and XML look-alikes.
ODD = ["", " ", "a", "A" * 300, "-1", "0", "999999999999", "x/y", "../..", "%00", "\u00e9\u4e2d", "null", "true", "{}",
       "[]", "arn:aws:iam::123456789012:role/x", "s3://b/k", "*", "\n", "a b", "<x/>"]
# Answers that are not a refusal of the input but are still the service's own: not implemented, try again later.
NOT_SERVER_ERRORS = {501, 503}


def odd_value(shape, rng, depth=0):
    """A value of the shape's type, but odd: required members always, others by chance, strings from `ODD`; nesting
    stops at a few levels with empty containers."""
    kind = shape.type_name
    deep = depth > 4
    if kind == "structure":
        value = {}
        for name, member in shape.members.items():
            if not deep and (name in shape.required_members or rng.random() < 0.5):
                value[name] = odd_value(member, rng, depth + 1)
        return value
    if kind == "list":
        return [] if deep else [odd_value(shape.member, rng, depth + 1) for _ in range(rng.choice([0, 1, 3]))]
    if kind == "map":
        return {} if deep else {rng.choice(ODD) or "k": odd_value(shape.value, rng, depth + 1) for _ in range(rng.choice([0, 2]))}
    if kind == "string":
        if shape.enum and rng.random() < 0.5:
            return rng.choice(shape.enum)
        return rng.choice(ODD + [f"name-{rng.randint(0, 3)}"])
    if kind in ("integer", "long"):
        return rng.choice([0, 1, -1, 2**31 - 1, 2**31, -2**63, 10**12])
    if kind in ("float", "double"):
        return rng.choice([0.0, -1.5, 1e308])
    if kind == "boolean":
        return rng.choice([True, False])
    if kind == "timestamp":
        return rng.choice([0, 253402300799, 1700000000])
    return rng.choice([b"", b"\x00\xff", b"x" * 10])  # blob


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_refuses_odd_parameters_without_a_server_error(server, service):
    rng = random.Random(f"{service}-1")
    client = server.client(service, parameter_validation=False, read_timeout=30, s3={"addressing_style": "path"})
    model = client.meta.service_model
    server_errors, refused = [], 0
    for operation in model.operation_names:
        shape = model.operation_model(operation).input_shape
        call = getattr(client, botocore.xform_name(operation))
        for _ in range(2):
            params = odd_value(shape, rng) if shape else {}
            try:
                call(**(params or {}))
            except ClientError as error:
                status = error.response["ResponseMetadata"].get("HTTPStatusCode", 0)
                if status >= 500 and status not in NOT_SERVER_ERRORS:
                    server_errors.append((operation, status, error.response.get("Error"), params))
                else:
                    assert error.response.get("Error", {}).get("Code"), (operation, error.response)
                    refused += 1
            except (botocore.exceptions.BotoCoreError, ValueError, TypeError):
                pass  # the client could not build the request or read a streamed answer; nothing reached a handler
    assert not server_errors, server_errors[:5]
    assert refused > len(model.operation_names) // 2, "most odd calls must reach the service and be refused"


def test_raw_signed_requests_are_refused_without_a_server_error(server):
    rng = random.Random(7)
    credentials = Credentials(server.root_key, server.root_secret)
    services = ["s3", "iam", "sts", "sagemaker", "cloudformation", "lambda", "events", "secretsmanager", "logs",
                "codecommit", "tagging", "sagemaker-mlflow"]
    segments = ["", "b", "bucket", "k", "a%2Fb", "%ZZ", "..", "2015-03-31", "functions", "endpoints", "invocations",
                "%00", "%E9", "~", "api", "2.0", "mlflow", "runs", "_slipway", "tags", "v1", "repos", "a+b", ";"]
    queries = ["", "versions", "uploads", "acl", "tagging", "list-type=2", "max-keys=-1", "max-keys=abc", "partNumber=0",
               "uploadId=x&partNumber=99999", "Action=ListUsers&Version=2010-05-08", "Action=Bogus", "Action=",
               "encoding-type=bad", "delete", "policy", "cors", "lifecycle", "versionId=", "prefix=%FF", "marker=%00",
               "continuation-token=", "MaxItems=-5", "ownershipControls", "retention", "select&select-type=2",
               "restore", "attributes"]
    bodies = [b"", b"{}", b"[]", b"<x/>", b"\x00\xff", b'{"a":', b"a" * 5000, b'{"Name": 5}',
              b"<Delete><Object><Key>a</Key></Object></Delete>", b"Action=ListUsers&Version=2010-05-08"]
    headers = [{}, {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "SageMaker.ListEndpoints"},
               {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "Bogus.Op"},
               {"X-Amz-Target": "AWSEvents.PutEvents"}, {"Range": "bytes=5-1"}, {"If-Match": '""'},
               {"x-amz-copy-source": "/%ZZ"}, {"Content-MD5": "zz"}, {"x-amz-checksum-crc32": "!!"},
               {"x-amz-sdk-checksum-algorithm": "BOGUS"}, {"x-amz-tagging": "a=%ZZ"}, {"Content-Encoding": "aws-chunked"},
               {"x-amz-acl": "bogus"}, {"If-Modified-Since": "not a date"}, {"x-amz-expected-bucket-owner": "abc"},
               {"x-amz-object-lock-retain-until-date": "garbage"}]
    server_errors, statuses = [], set()
    for _ in range(600):
        service = rng.choice(services)
        path = "/" + "/".join(rng.choice(segments) for _ in range(rng.randint(0, 4)))
        query = "&".join(rng.choice(queries) for _ in range(rng.randint(0, 2)))
        method = rng.choice(["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"])
        body = rng.choice(bodies)
        sent = {**rng.choice(headers), **rng.choice(headers)}
        request = AWSRequest(method=method, url=server.endpoint + path + ("?" + query if query else ""), data=body, headers=sent)
        (S3SigV4Auth if service == "s3" else SigV4Auth)(credentials, service, "us-east-1").add_auth(request)
        prepared = request.prepare()
        answer = requests.request(method, prepared.url, headers=dict(prepared.headers), data=body, timeout=30)
        statuses.add(answer.status_code)
        if answer.status_code >= 500 and answer.status_code not in NOT_SERVER_ERRORS:
            server_errors.append((answer.status_code, service, method, path, query, sent, answer.text[:200]))
    assert not server_errors, server_errors[:5]
    assert {400, 403, 404} <= statuses
