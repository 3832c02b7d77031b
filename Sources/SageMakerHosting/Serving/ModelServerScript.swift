/// Slipway's model server, run with the image profile's interpreter: SageMaker's container contract (`GET /ping`,
/// `POST /invocations` on `SAGEMAKER_BIND_TO_PORT`) for XGBoost's algorithm mode and the inference toolkit's
/// handler contract (`model_fn`, `input_fn`, `predict_fn`, `output_fn`, `transform_fn`).
enum ModelServerScript {
    static let source = #"""
"""Slipway's model server: SageMaker's container contract (GET /ping, POST /invocations on SAGEMAKER_BIND_TO_PORT) for
the SageMaker XGBoost container's algorithm mode and for the SageMaker inference toolkit's handler contract."""

import http.client
import http.server
import importlib.util
import inspect
import io
import json
import os
import pickle
import socketserver
import sys
import traceback

MODEL_DIR = os.environ.get("SLIPWAY_MODEL_DIR", "/opt/ml/model")
SERVING = os.environ.get("SLIPWAY_SERVING", "generic")
PROGRAM = os.environ.get("SAGEMAKER_PROGRAM")
CSV, LIBSVM, JSON, JSONLINES, NPY = "text/csv", "text/libsvm", "application/json", "application/jsonlines", "application/x-npy"


class Failure(Exception):
    """An answer other than 200: its status and body, as the container gives them."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def media_type(header, default=None):
    """The media type of a Content-Type or Accept header, parameters dropped."""
    if not header:
        return default
    return header.split(";")[0].strip().lower() or default


# ---------------------------------------------------------------------------------------------------------------------
# XGBoost algorithm mode, as sagemaker-xgboost-container's algorithm_mode/serve.py and serve_utils.py score.

class XGBoostAlgorithm:
    def __init__(self):
        import numpy
        import xgboost
        self.np, self.xgb = numpy, xgboost
        self.boosters = []
        # serve_utils.get_loaded_booster: every regular file at the top of the model directory, in name order, pickle
        # first and then XGBoost's own format; several files are an ensemble whose predictions are averaged.
        for name in sorted(os.listdir(MODEL_DIR)):
            path = os.path.join(MODEL_DIR, name)
            if not os.path.isfile(path):
                continue
            try:
                with open(path, "rb") as handle:
                    booster = pickle.load(handle)
            except Exception:
                try:
                    booster = xgboost.Booster()
                    booster.load_model(path)
                except Exception as error:
                    raise RuntimeError(f"Model {path} cannot be loaded: {error}") from error
            if hasattr(booster, "set_param"):
                booster.set_param("nthread", 1)
            self.boosters.append(booster)
        if not self.boosters:
            raise RuntimeError(f"No model file was found in {MODEL_DIR}.")

    def matrix(self, payload, content_type):
        # serve_utils.parse_content_data: CSV or LIBSVM (a missing Content-Type is LIBSVM); anything else is 415.
        kind = media_type(content_type, LIBSVM)
        text = payload.decode("utf-8").strip()
        if kind == CSV:
            try:
                rows = [[float(v) if v.strip() else float("nan") for v in line.split(",")] for line in text.splitlines() if line.strip()]
                return self.xgb.DMatrix(self.np.array(rows, dtype=float))
            except Exception as error:
                raise Failure(415, f"Loading csv data failed with Exception, please ensure data is in csv format:\n {type(error)}\n {error}")
        if kind in (LIBSVM, "text/x-libsvm"):
            try:
                rows, columns, values = [], [], []
                for index, line in enumerate(l for l in text.splitlines() if l.strip()):
                    for item in line.split()[1:] if ":" not in line.split()[0] else line.split():
                        column, value = item.split(":")
                        rows.append(index)
                        columns.append(int(column))
                        values.append(float(value))
                from scipy.sparse import csr_matrix
                return self.xgb.DMatrix(csr_matrix((values, (rows, columns))))
            except Exception as error:
                raise Failure(415, f"Loading libsvm data failed with Exception, please ensure data is in libsvm format:\n {type(error)}\n {error}")
        raise Failure(415, f"Content-type {content_type} is not supported.")

    def predict(self, payload, content_type, accept):
        if not payload:
            return 204, b"", CSV
        matrix = self.matrix(payload, content_type)
        try:
            predictions = [b.predict(matrix, validate_features=False) for b in self.boosters]
            result = predictions[0] if len(predictions) == 1 else sum(predictions) / len(predictions)
        except Exception as error:
            raise Failure(400, f"Unable to evaluate payload provided: {error}")
        values = result.tolist()
        wanted = media_type(accept, CSV)
        if wanted in (CSV, "*/*"):
            return 200, ("\n".join(self.csv_value(v) for v in values) + "\n").encode(), CSV
        if wanted == JSON:
            return 200, json.dumps({"predictions": [{"score": v} for v in values]}).encode(), JSON
        if wanted in (JSONLINES, "application/x-jsonlines"):
            return 200, "".join(json.dumps({"score": v}) + "\n" for v in values).encode(), wanted
        raise Failure(406, f"Accept type {accept} is not supported; use text/csv, application/json or application/jsonlines.")

    @staticmethod
    def csv_value(value):
        return ",".join(str(v) for v in value) if isinstance(value, list) else str(value)


# ---------------------------------------------------------------------------------------------------------------------
# The inference toolkit's handler contract (sagemaker_inference transformer.py, default_inference_handler.py, decoder.py,
# encoder.py), with the framework containers' default model_fn.

def decode(payload, content_type):
    import numpy as np
    kind = media_type(content_type)
    if kind == JSON:
        return np.array(json.loads(payload.decode("utf-8")))
    if kind == CSV:
        return np.genfromtxt(io.StringIO(payload.decode("utf-8")), delimiter=",", dtype=float)
    if kind == NPY:
        return np.load(io.BytesIO(payload), allow_pickle=False)
    raise Failure(415, f"Content type {content_type} is not supported by this framework.")


def encode(prediction, accept):
    import numpy as np
    kind = media_type(accept, JSON)
    array = np.asarray(prediction)
    if kind == JSON:
        return json.dumps(array.tolist()).encode()
    if kind == CSV:
        buffer = io.StringIO()
        np.savetxt(buffer, array if array.ndim else array.reshape(1), delimiter=",", fmt="%s")
        return buffer.getvalue().encode()
    if kind == NPY:
        buffer = io.BytesIO()
        np.save(buffer, array)
        return buffer.getvalue()
    raise Failure(406, f"Accept type {accept} is not supported by this framework.")


class Handlers:
    def __init__(self):
        directory = os.environ.get("SAGEMAKER_SUBMIT_DIRECTORY") or os.path.join(MODEL_DIR, "code")
        if directory.startswith("s3://"):
            directory = os.path.join(MODEL_DIR, "code")
        program = PROGRAM or "inference.py"
        path = os.path.join(directory, program)
        if not os.path.isfile(path):
            raise RuntimeError(f"The inference script {program} was not found in {directory}.")
        sys.path.insert(0, directory)
        module_name = os.path.splitext(os.path.basename(program))[0]
        spec = importlib.util.spec_from_file_location(module_name, path)
        self.module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = self.module
        spec.loader.exec_module(self.module)
        self.context = None
        model_fn = getattr(self.module, "model_fn", None) or self.default_model_fn
        self.model = self.call(model_fn, MODEL_DIR)
        self.default_accept = os.environ.get("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT", JSON)

    def call(self, function, *arguments):
        # Handlers may take the toolkit's context as one more argument.
        try:
            count = len(inspect.signature(function).parameters)
        except (TypeError, ValueError):
            count = len(arguments)
        return function(*arguments, self.context) if count == len(arguments) + 1 else function(*arguments)

    @staticmethod
    def default_model_fn(model_dir):
        if SERVING == "xgboost":
            return XGBoostAlgorithm().boosters[0]
        raise NotImplementedError("Please provide a model_fn implementation. See documentation for model_fn at https://sagemaker.readthedocs.io/")

    def predict(self, payload, content_type, accept):
        wanted = accept if media_type(accept) not in (None, "*/*") else self.default_accept
        module = self.module
        try:
            if hasattr(module, "transform_fn"):
                result = self.call(module.transform_fn, self.model, payload, content_type, wanted)
            else:
                data = self.call(module.input_fn, payload, content_type) if hasattr(module, "input_fn") else decode(payload, content_type)
                if hasattr(module, "predict_fn"):
                    prediction = self.call(module.predict_fn, data, self.model)
                elif SERVING == "xgboost":
                    import xgboost
                    prediction = self.model.predict(data if isinstance(data, xgboost.DMatrix) else xgboost.DMatrix(data))
                else:
                    prediction = self.model.predict(data)
                result = self.call(module.output_fn, prediction, wanted) if hasattr(module, "output_fn") else encode(prediction, wanted)
        except Failure:
            raise
        except Exception as error:
            # transformer.py: any other error in user code is a 500 whose body is the traceback.
            traceback.print_exc()
            raise Failure(500, traceback.format_exc() or str(error))
        body, content_type = (result[0], result[1]) if isinstance(result, tuple) else (result, wanted)
        if isinstance(body, str):
            body = body.encode()
        return 200, bytes(body), content_type


# ---------------------------------------------------------------------------------------------------------------------

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    model = None

    def log_message(self, *arguments):
        pass

    def answer(self, status, body=b"", content_type="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):
        if self.path == "/ping":
            self.answer(200)
        elif self.path == "/execution-parameters":
            self.answer(200, json.dumps({"MaxConcurrentTransforms": 1, "BatchStrategy": "MULTI_RECORD", "MaxPayloadInMB": 6}).encode(), JSON)
        else:
            self.answer(404, b"Not Found")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        payload = self.rfile.read(length) if length else b""
        if self.path != "/invocations":
            self.answer(404, b"Not Found")
            return
        try:
            status, body, content_type = self.model.predict(payload, self.headers.get("Content-Type"), self.headers.get("Accept"))
        except Failure as failure:
            status, body, content_type = failure.status, failure.message.encode(), "text/plain"
        except Exception as error:  # never let a request end the server
            traceback.print_exc()
            status, body, content_type = 500, str(error).encode(), "text/plain"
        self.answer(status, body, content_type)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def main():
    port = int(os.environ.get("SAGEMAKER_BIND_TO_PORT", "8080"))
    if PROGRAM:
        model = Handlers()
    elif SERVING == "xgboost":
        model = XGBoostAlgorithm()
    else:
        print(f"Slipway has no model server for this image without SAGEMAKER_PROGRAM ({SERVING}); give the image's profile a Serve command.",
              file=sys.stderr, flush=True)
        sys.exit(1)
    Handler.model = model
    server = Server(("127.0.0.1", port), Handler)
    print(f"Model server ({'handlers of ' + PROGRAM if PROGRAM else SERVING + ' algorithm mode'}) listening on 127.0.0.1:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        sys.exit(1)
"""#
}
