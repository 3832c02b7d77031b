/// The `cfnresponse` module inline function code can import, as on AWS: `send(event, context, status, data, …)`
/// PUTs a custom resource's answer to the request's `ResponseURL`. Slipway's own implementation of that interface.
enum CFNResponseModule {
    static let source = #"""
"""Answers a CloudFormation custom resource request: send(event, context, SUCCESS or FAILED, data)."""
import json
import urllib.request

SUCCESS = "SUCCESS"
FAILED = "FAILED"


def send(event, context, responseStatus, responseData, physicalResourceId=None, noEcho=False, reason=None):
    body = json.dumps({
        "Status": responseStatus,
        "Reason": reason or "See the details in CloudWatch Log Stream: " + context.log_stream_name,
        "PhysicalResourceId": physicalResourceId or context.log_stream_name,
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "NoEcho": noEcho,
        "Data": responseData,
    }).encode()
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT", headers={"content-type": "", "content-length": str(len(body))})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            print("Status code:", response.status)
    except Exception as error:
        print("send(..) failed executing http.request(..):", error)
"""#
}
