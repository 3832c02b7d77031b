/// The Python runtime's bootstrap: a Lambda Runtime API client that loads the handler from the unpacked package and
/// serves invocations one at a time (`/invocation/next`, `/response`, `/error`, `/init/error`), giving the handler
/// the `event` and `context` Lambda gives it. Written into the data directory and run with the machine's Python.
enum PythonBootstrap {
    static let fileName = "slipway_bootstrap.py"

    /// The line the bootstrap writes after an invocation's output, so its log is known to be complete.
    static let endMarker = "\u{1E}SLIPWAY-END "

    static let source = #"""
import http.client, importlib, json, logging, os, sys, time, traceback

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
HOST, _, PREFIX = API.partition("/")
BASE = ("/" + PREFIX if PREFIX else "") + "/2018-06-01/runtime"
_connection = None

def _request(method, path, body=None, headers=None):
    global _connection
    for attempt in (0, 1):
        if _connection is None:
            _connection = http.client.HTTPConnection(HOST, timeout=None)
        try:
            _connection.request(method, BASE + path, body=body, headers=headers or {})
            response = _connection.getresponse()
            return response, response.read()
        except (http.client.HTTPException, OSError):
            _connection.close()
            _connection = None
            if attempt:
                raise

def _end(request_id):
    sys.stdout.flush()
    sys.stderr.flush()
    os.write(1, ("\x1eSLIPWAY-END %s\n" % request_id).encode())

def _error_document(kind, message, request_id="", stack=None):
    return json.dumps({"errorMessage": message, "errorType": kind, "requestId": request_id, "stackTrace": stack or []})

class LambdaContext:
    def __init__(self, request_id, deadline_ms, function_arn, client_context):
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = function_arn
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = json.loads(client_context) if client_context else None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(int(self._deadline_ms - time.time() * 1000), 0)

class _RequestIdFilter(logging.Filter):
    request_id = ""
    def filter(self, record):
        record.aws_request_id = _RequestIdFilter.request_id
        return True

def _configure_logging():
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(_RequestIdFilter())
    formatter = logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s", "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)

def _load_handler():
    spec = os.environ.get("_HANDLER", "")
    try:
        module_name, function_name = spec.rsplit(".", 1)
    except ValueError as error:
        return None, ("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (spec, error))
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except SyntaxError as error:
        return None, ("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, error))
    except ImportError as error:
        return None, ("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, error))
    except Exception as error:
        return None, ("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, error))
    handler = getattr(module, function_name, None)
    if handler is None:
        return None, ("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name))
    return handler, None

def main():
    _configure_logging()
    handler, failure = _load_handler()
    if failure is not None:
        print("[ERROR] %s: %s" % failure, flush=True)
        _, _ = _request("POST", "/init/error", _error_document(*failure).encode(), {"Lambda-Runtime-Function-Error-Type": failure[0]})
        _end("init")
        sys.exit(1)
    _end("init")
    while True:
        response, body = _request("GET", "/invocation/next")
        if response.status != 200:
            sys.exit(0)
        request_id = response.getheader("Lambda-Runtime-Aws-Request-Id", "")
        _RequestIdFilter.request_id = request_id
        context = LambdaContext(
            request_id, int(response.getheader("Lambda-Runtime-Deadline-Ms", "0")),
            response.getheader("Lambda-Runtime-Invoked-Function-Arn", ""), response.getheader("Lambda-Runtime-Client-Context"),
        )
        try:
            event = json.loads(body) if body else None
            result = handler(event, context)
            try:
                answer = json.dumps(result).encode()
            except (TypeError, ValueError) as error:
                raise _MarshalError("Unable to marshal response: %s" % error)
        except _MarshalError as error:
            document = _error_document("Runtime.MarshalError", str(error), request_id)
            print("[ERROR] Runtime.MarshalError: %s" % error, flush=True)
            _end(request_id)
            _request("POST", "/invocation/%s/error" % request_id, document.encode(), {"Lambda-Runtime-Function-Error-Type": "Runtime.MarshalError"})
            continue
        except Exception as error:
            stack = traceback.format_list(traceback.extract_tb(error.__traceback__)[1:])
            document = _error_document(type(error).__name__, str(error), request_id, [line.rstrip("\n") for line in stack])
            print("[ERROR] %s: %s\nTraceback (most recent call last):\n%s" % (type(error).__name__, error, "".join(stack)), end="", flush=True)
            _end(request_id)
            _request("POST", "/invocation/%s/error" % request_id, document.encode(), {"Lambda-Runtime-Function-Error-Type": "Unhandled"})
            continue
        _end(request_id)
        _request("POST", "/invocation/%s/response" % request_id, answer)

class _MarshalError(Exception):
    pass

if __name__ == "__main__":
    main()
"""#
}
