"""Replication: configuration with S3's validation, and a durable worker that copies versions, tags, metadata and
delete markers to another region or account, acting as the configuration's role."""

import json
import signal
import time

import requests
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from helpers import allow, expect_error, other_account, policy

S3_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def wait_until(condition, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def versioned_bucket(s3, name, region=None):
    if region and region != "us-east-1":
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    else:
        s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})


def replication_role(iam, name, destination_buckets, source_bucket, allow_destination=True):
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=S3_TRUST)["Role"]["Arn"]
    statements = [allow(["s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging"], f"arn:aws:s3:::{source_bucket}/*")]
    if allow_destination:
        statements.append(allow(["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                                [f"arn:aws:s3:::{b}/*" for b in destination_buckets]))
    iam.put_role_policy(RoleName=name, PolicyName="replicate", PolicyDocument=policy(*statements))
    return role


def rule(destination, rule_id="all", priority=1, prefix="", delete_markers="Enabled", **destination_extra):
    return {"ID": rule_id, "Priority": priority, "Filter": {"Prefix": prefix}, "Status": "Enabled",
            "DeleteMarkerReplication": {"Status": delete_markers},
            "Destination": {"Bucket": f"arn:aws:s3:::{destination}", **destination_extra}}


def status_of(s3, bucket, key, version_id):
    return s3.head_object(Bucket=bucket, Key=key, VersionId=version_id).get("ReplicationStatus")


def test_replication_configuration_round_trip_and_validation(server, unique):
    s3 = server.client("s3")
    iam = server.client("iam")
    src, dst, plain = f"rsrc-{unique}", f"rdst-{unique}", f"rplain-{unique}"
    s3.create_bucket(Bucket=src)
    versioned_bucket(s3, dst)
    s3.create_bucket(Bucket=plain)
    role = iam.create_role(RoleName=f"repl-{unique}", AssumeRolePolicyDocument=S3_TRUST)["Role"]["Arn"]
    config = {"Role": role, "Rules": [rule(dst)]}
    expect_error("ReplicationConfigurationNotFoundError", s3.get_bucket_replication, Bucket=src)
    # Versioning is required on the source, then on the destination.
    expect_error("InvalidRequest", s3.put_bucket_replication, Bucket=src, ReplicationConfiguration=config)
    s3.put_bucket_versioning(Bucket=src, VersioningConfiguration={"Status": "Enabled"})
    expect_error("InvalidRequest", s3.put_bucket_replication, Bucket=src, ReplicationConfiguration={"Role": role, "Rules": [rule(plain)]})
    expect_error("InvalidRequest", s3.put_bucket_replication, Bucket=src, ReplicationConfiguration={"Role": role, "Rules": [rule(f"none-{unique}")]})
    expect_error("InvalidRequest", s3.put_bucket_replication, Bucket=src, ReplicationConfiguration={"Role": role, "Rules": [rule(src)]})

    s3.put_bucket_replication(Bucket=src, ReplicationConfiguration=config)
    got = s3.get_bucket_replication(Bucket=src)["ReplicationConfiguration"]
    assert got["Role"] == role
    assert got["Rules"][0]["Destination"]["Bucket"] == f"arn:aws:s3:::{dst}"
    assert got["Rules"][0]["DeleteMarkerReplication"] == {"Status": "Enabled"}
    assert got["Rules"][0]["Priority"] == 1

    # Refused configurations leave the stored one exactly as it was.
    no_priority = rule(dst)
    del no_priority["Priority"]
    no_markers = rule(dst)
    del no_markers["DeleteMarkerReplication"]
    tagged = rule(dst)
    tagged["Filter"] = {"Tag": {"Key": "replicate", "Value": "yes"}}
    unvalidated = server.client("s3", parameter_validation=False)
    for bad, code in [
        ({"Role": role, "Rules": [no_priority]}, "InvalidRequest"),
        ({"Role": role, "Rules": [no_markers]}, "InvalidRequest"),
        ({"Role": role, "Rules": [tagged]}, "InvalidRequest"),
        ({"Role": role, "Rules": [rule(dst, "a", 1), rule(dst, "b", 1)]}, "InvalidRequest"),
        ({"Role": role, "Rules": [rule(dst, "a", 1), rule(dst, "a", 2)]}, "InvalidArgument"),
        ({"Role": "not-a-role", "Rules": [rule(dst)]}, "InvalidArgument"),
        ({"Role": role, "Rules": [{**rule(dst), "Destination": {"Bucket": dst}}]}, "InvalidArgument"),
        ({"Role": role, "Rules": []}, "MalformedXML"),
        ({"Role": role, "Rules": [{**rule(dst), "Status": "Sometimes"}]}, "MalformedXML"),
    ]:
        expect_error(code, unvalidated.put_bucket_replication, Bucket=src, ReplicationConfiguration=bad)
    request = AWSRequest(method="PUT", url=f"{server.endpoint}/{src}?replication", data=b"<ReplicationConfiguration><Role>")
    S3SigV4Auth(Credentials(server.root_key, server.root_secret), "s3", "us-east-1").add_auth(request)
    garbage = requests.put(request.url, data=request.body, headers=dict(request.headers), timeout=10)
    assert garbage.status_code == 400 and b"<Code>MalformedXML</Code>" in garbage.content
    assert s3.get_bucket_replication(Bucket=src)["ReplicationConfiguration"] == got

    # Versioning cannot be suspended under a replication configuration.
    expect_error("InvalidBucketState", s3.put_bucket_versioning, Bucket=src, VersioningConfiguration={"Status": "Suspended"})
    s3.delete_bucket_replication(Bucket=src)
    expect_error("ReplicationConfigurationNotFoundError", s3.get_bucket_replication, Bucket=src)
    s3.put_bucket_versioning(Bucket=src, VersioningConfiguration={"Status": "Suspended"})


def test_putting_a_configuration_needs_pass_role(server, unique):
    from helpers import make_user
    s3 = server.client("s3")
    iam = server.client("iam")
    src, dst = f"rpass-{unique}", f"rpassd-{unique}"
    versioned_bucket(s3, src)
    versioned_bucket(s3, dst)
    role = iam.create_role(RoleName=f"replp-{unique}", AssumeRolePolicyDocument=S3_TRUST)["Role"]["Arn"]
    key, secret = make_user(server, f"admin-{unique}", policy(allow("s3:PutReplicationConfiguration", f"arn:aws:s3:::{src}")))
    admin = server.client("s3", key, secret)
    err = expect_error("AccessDenied", admin.put_bucket_replication, Bucket=src, ReplicationConfiguration={"Role": role, "Rules": [rule(dst)]})
    assert "iam:PassRole" in err[1]
    expect_error("ReplicationConfigurationNotFoundError", s3.get_bucket_replication, Bucket=src)


def test_versions_tags_metadata_and_delete_markers_reach_another_region(server, unique):
    s3 = server.client("s3")
    iam = server.client("iam")
    src, dst = f"rtpl-{unique}", f"rtpl-dr-{unique}"
    versioned_bucket(s3, src)
    versioned_bucket(server.client("s3", region="eu-west-1"), dst, region="eu-west-1")
    role = replication_role(iam, f"replr-{unique}", [dst], src)
    s3.put_bucket_replication(Bucket=src, ReplicationConfiguration={"Role": role, "Rules": [
        rule(dst, prefix="templates/")]})

    put = s3.put_object(Bucket=src, Key="templates/mlops.yaml", Body=b"Resources: {}\n", ContentType="application/x-yaml",
                        Metadata={"owner": "platform"}, Tagging="sagemaker%3Astudio-visibility=true")
    other = s3.put_object(Bucket=src, Key="scratch/notes.txt", Body=b"not replicated")
    version = put["VersionId"]
    assert status_of(s3, src, "templates/mlops.yaml", version) in ("PENDING", "COMPLETED")
    assert wait_until(lambda: status_of(s3, src, "templates/mlops.yaml", version) == "COMPLETED")

    dst_client = server.client("s3", region="eu-west-1")
    replica = dst_client.get_object(Bucket=dst, Key="templates/mlops.yaml", VersionId=version)
    assert replica["ReplicationStatus"] == "REPLICA"
    assert replica["Body"].read() == b"Resources: {}\n"
    assert replica["ContentType"] == "application/x-yaml"
    assert replica["Metadata"] == {"owner": "platform"}
    assert replica["ETag"] == put["ETag"]
    assert dst_client.get_object_tagging(Bucket=dst, Key="templates/mlops.yaml")["TagSet"] == [
        {"Key": "sagemaker:studio-visibility", "Value": "true"}]
    # Outside the rule's prefix nothing is copied and no status is shown.
    assert "ReplicationStatus" not in s3.head_object(Bucket=src, Key="scratch/notes.txt", VersionId=other["VersionId"])
    expect_error("404", dst_client.head_object, Bucket=dst, Key="scratch/notes.txt")

    # A delete marker is copied with its version id; deleting a specific version is not replicated.
    marker = s3.delete_object(Bucket=src, Key="templates/mlops.yaml")
    assert marker["DeleteMarker"]

    def replicated_markers():
        return [m["VersionId"] for m in dst_client.list_object_versions(Bucket=dst).get("DeleteMarkers", [])]

    assert wait_until(lambda: replicated_markers() == [marker["VersionId"]])
    s3.delete_object(Bucket=src, Key="templates/mlops.yaml", VersionId=version)
    time.sleep(1)
    assert [v["VersionId"] for v in dst_client.list_object_versions(Bucket=dst).get("Versions", [])] == [version]


def test_a_role_that_may_not_write_the_destination_fails_the_version(server, unique):
    s3 = server.client("s3")
    iam = server.client("iam")
    src, dst = f"rfail-{unique}", f"rfaild-{unique}"
    versioned_bucket(s3, src)
    versioned_bucket(s3, dst)
    role = replication_role(iam, f"replf-{unique}", [dst], src, allow_destination=False)
    s3.put_bucket_replication(Bucket=src, ReplicationConfiguration={"Role": role, "Rules": [rule(dst)]})
    version = s3.put_object(Bucket=src, Key="a.yaml", Body=b"x")["VersionId"]
    assert wait_until(lambda: status_of(s3, src, "a.yaml", version) == "FAILED")
    assert s3.list_object_versions(Bucket=dst).get("Versions", []) == []
    # A role S3 may not assume fails the same way.
    untrusted = iam.create_role(RoleName=f"replu-{unique}", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"replu-{unique}", PolicyName="all", PolicyDocument=policy(allow("s3:*")))
    s3.put_bucket_replication(Bucket=src, ReplicationConfiguration={"Role": untrusted, "Rules": [rule(dst)]})
    second = s3.put_object(Bucket=src, Key="b.yaml", Body=b"y")["VersionId"]
    assert wait_until(lambda: status_of(s3, src, "b.yaml", second) == "FAILED")


def test_cross_account_replication_needs_the_destination_policy(server, unique):
    s3 = server.client("s3")
    iam = server.client("iam")
    key, secret = other_account(server, unique)
    partner = server.client("s3", key, secret, region="us-west-2")
    partner_account = server.client("sts", key, secret).get_caller_identity()["Account"]
    src, dst = f"rxa-{unique}", f"rxad-{unique}"
    versioned_bucket(s3, src)
    versioned_bucket(partner, dst, region="us-west-2")
    role = replication_role(iam, f"replx-{unique}", [dst], src)
    s3.put_bucket_replication(Bucket=src, ReplicationConfiguration={"Role": role, "Rules": [
        rule(dst, Account=partner_account, AccessControlTranslation={"Owner": "Destination"})]})
    denied = s3.put_object(Bucket=src, Key="before-policy.yaml", Body=b"1")["VersionId"]
    assert wait_until(lambda: status_of(s3, src, "before-policy.yaml", denied) == "FAILED")

    partner.put_bucket_policy(Bucket=dst, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": role}, "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
         "Resource": f"arn:aws:s3:::{dst}/*"}]}))
    allowed = s3.put_object(Bucket=src, Key="after-policy.yaml", Body=b"2")["VersionId"]
    assert wait_until(lambda: status_of(s3, src, "after-policy.yaml", allowed) == "COMPLETED")
    assert partner.get_object(Bucket=dst, Key="after-policy.yaml")["Body"].read() == b"2"
    assert [v["Key"] for v in partner.list_object_versions(Bucket=dst).get("Versions", [])] == ["after-policy.yaml"]


def test_queued_replication_survives_a_crash(fresh_server, unique):
    server = fresh_server
    s3 = server.client("s3")
    iam = server.client("iam")
    src, dst = f"rcrash-{unique}", f"rcrashd-{unique}"
    versioned_bucket(s3, src)
    versioned_bucket(s3, dst)
    role = replication_role(iam, f"replc-{unique}", [dst], src)
    s3.put_bucket_replication(Bucket=src, ReplicationConfiguration={"Role": role, "Rules": [rule(dst)]})
    versions = {f"t{i:02}.yaml": s3.put_object(Bucket=src, Key=f"t{i:02}.yaml", Body=b"v%d" % i)["VersionId"] for i in range(40)}
    server.stop(signal.SIGKILL)
    server.start()
    s3 = server.client("s3")
    for key, version in versions.items():
        assert wait_until(lambda: status_of(s3, src, key, version) == "COMPLETED"), key
    replicas = {v["Key"]: v["VersionId"] for v in s3.list_object_versions(Bucket=dst)["Versions"]}
    assert replicas == versions
