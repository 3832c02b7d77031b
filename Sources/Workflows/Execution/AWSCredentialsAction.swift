import Compute
import Foundation

/// `aws-actions/configure-aws-credentials` (v1–v4), done natively: the given keys (or the job's current ones), and
/// with `role-to-assume` a session of that role from Slipway's STS (tagged as GitHub tags it unless
/// `role-skip-session-tagging`), exported to later steps with the region; the account id is an output. The STS calls
/// are made inside the job's sandbox by Python's standard library, signed with SigV4, so nothing runs with the
/// server's rights.
enum AWSCredentialsAction {
    static let script = #"""
import datetime, hashlib, hmac, json, os, sys, urllib.parse, urllib.request, xml.etree.ElementTree as ET

inputs = json.loads(sys.argv[1])
endpoint = sys.argv[2]
def value(name, default=""):
    return inputs.get(name) or default
def fail(message):
    print(f"::error::{message}")
    sys.exit(1)
def out(path_var, name, text):
    with open(os.environ[path_var], "a") as handle:
        handle.write(f"{name}<<__SLIPWAY_EOF__\n{text}\n__SLIPWAY_EOF__\n")

region = value("aws-region")
if not region:
    fail("Input required and not supplied: aws-region")
key, secret, token = value("aws-access-key-id"), value("aws-secret-access-key"), value("aws-session-token")
if value("unset-current-credentials") != "true" and not key:
    key, secret, token = os.environ.get("AWS_ACCESS_KEY_ID", ""), os.environ.get("AWS_SECRET_ACCESS_KEY", ""), os.environ.get("AWS_SESSION_TOKEN", "")
if bool(key) != bool(secret):
    fail("'aws-secret-access-key' must be provided if 'aws-access-key-id' is provided")
if not key:
    fail("Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers (this runner has no OIDC provider: give aws-access-key-id and aws-secret-access-key)")

def sts(params, key, secret, token):
    body = urllib.parse.urlencode(dict(params, Version="2011-06-15")).encode()
    now = datetime.datetime.now(datetime.timezone.utc)
    stamp, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    host = urllib.parse.urlparse(endpoint).netloc
    headers = {"content-type": "application/x-www-form-urlencoded; charset=utf-8", "host": host, "x-amz-date": stamp}
    if token:
        headers["x-amz-security-token"] = token
    signed = ";".join(sorted(headers))
    canonical = "\n".join(["POST", "/", "", "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)), signed, hashlib.sha256(body).hexdigest()])
    scope = f"{day}/{region}/sts/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    k = ("AWS4" + secret).encode()
    for part in (day, region, "sts", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = f"AWS4-HMAC-SHA256 Credential={key}/{scope}, SignedHeaders={signed}, Signature={signature}"
    request = urllib.request.Request(endpoint + "/", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            tree = ET.fromstring(answer.read())
    except urllib.error.HTTPError as error:
        tree = ET.fromstring(error.read())
        message = "".join(tree.itertext()).strip()
        code = next((e.text for e in tree.iter() if e.tag.endswith("Code")), "Error")
        found = next((e.text for e in tree.iter() if e.tag.endswith("Message")), message)
        fail(f"{code}: {found}")
    return {e.tag.split("}")[-1]: e.text for e in tree.iter()}

identity = sts({"Action": "GetCallerIdentity"}, key, secret, token)
account, caller = identity.get("Account", ""), identity.get("Arn", "")
role = value("role-to-assume")
if role:
    if not role.startswith("arn:"):
        role = f"arn:aws:iam::{account}:role/{role}"
    params = {"Action": "AssumeRole", "RoleArn": role, "RoleSessionName": value("role-session-name", "GitHubActions"),
              "DurationSeconds": value("role-duration-seconds", "3600")}
    if value("role-external-id"):
        params["ExternalId"] = value("role-external-id")
    if value("role-skip-session-tagging") != "true":
        tags = [("GitHub", "Actions"), ("Repository", os.environ.get("GITHUB_REPOSITORY", "")), ("Workflow", os.environ.get("GITHUB_WORKFLOW", "")),
                ("Action", os.environ.get("GITHUB_ACTION", "")), ("Actor", os.environ.get("GITHUB_ACTOR", "")), ("Commit", os.environ.get("GITHUB_SHA", ""))]
        if os.environ.get("GITHUB_REF", "").startswith("refs/heads/"):
            tags.append(("Branch", os.environ["GITHUB_REF"][11:]))
        for index, (name, text) in enumerate(tags, start=1):
            params[f"Tags.member.{index}.Key"] = name
            params[f"Tags.member.{index}.Value"] = text[:256]
    session = sts(params, key, secret, token)
    key, secret, token = session["AccessKeyId"], session["SecretAccessKey"], session["SessionToken"]
    identity = sts({"Action": "GetCallerIdentity"}, key, secret, token)
    account, caller = identity.get("Account", account), identity.get("Arn", "")
    print(f"Assumed role {role}")
for masked in (secret, token):
    if masked:
        print(f"::add-mask::{masked}")
if value("mask-aws-account-id") == "true":
    print(f"::add-mask::{account}")
for name, text in [("AWS_ACCESS_KEY_ID", key), ("AWS_SECRET_ACCESS_KEY", secret), ("AWS_SESSION_TOKEN", token), ("AWS_REGION", region), ("AWS_DEFAULT_REGION", region)]:
    if text:
        out("GITHUB_ENV", name, text)
out("GITHUB_OUTPUT", "aws-account-id", account)
if value("output-credentials") == "true":
    out("GITHUB_OUTPUT", "aws-access-key-id", key)
    out("GITHUB_OUTPUT", "aws-secret-access-key", secret)
    if token:
        out("GITHUB_OUTPUT", "aws-session-token", token)
print(f"Configured AWS credentials for account {account} in {region} as {caller}")
"""#

    static func run(_ step: StepExecution, inputs: [String: String], scope: inout JobRunner.Scope, variables: [String: String], files: StepFiles, limit: TimeInterval) async throws -> String {
        guard let interpreter = step.environment.runtimes.interpreters().first else {
            throw StepFailure("aws-actions/configure-aws-credentials needs a Python 3 interpreter on this runner, and none is installed.")
        }
        let arguments = String(decoding: try JSONSerialization.data(withJSONObject: inputs, options: [.sortedKeys]), as: UTF8.self)
        var environment = variables
        // A previous session's token must not ride along with new keys (the new session's, if any, is written anew).
        if inputs["aws-access-key-id"] != nil {
            environment["AWS_SESSION_TOKEN"] = nil
            scope.env["AWS_SESSION_TOKEN"] = nil
        }
        return try await step.execute(
            [interpreter.program, "-I", "-c", script, arguments, step.environment.serverURL], directory: step.directories.workspace, scope: &scope,
            variables: environment, files: files, limit: limit
        )
    }
}
