/// Slipway's model server, run with the image profile's interpreter: SageMaker's container contract (`GET /ping`,
/// `POST /invocations` on `SAGEMAKER_BIND_TO_PORT`) for XGBoost's algorithm mode and the inference toolkit's
/// handler contract (`model_fn`, `input_fn`, `predict_fn`, `output_fn`, `transform_fn`).
enum ModelServerScript {
    static let source = #"""
#!/usr/bin/env python3
"""Slipway model server: the SageMaker inference-container HTTP contract, without Docker.

Environment: SAGEMAKER_BIND_TO_PORT (loopback port), SLIPWAY_SERVING (xgboost|sklearn|pytorch|generic),
SAGEMAKER_PROGRAM, SAGEMAKER_SUBMIT_DIRECTORY, SLIPWAY_MODEL_DIR (default /opt/ml/model) and the container's
own variables (SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT, SAGEMAKER_INFERENCE_OUTPUT, SAGEMAKER_INFERENCE_ENSEMBLE,
SAGEMAKER_BATCH, MAX_CONTENT_LENGTH, SAGEMAKER_CONTAINER_LOG_LEVEL).

Behaviour is copied from the real containers' sources, cited in comments with these prefixes:
  xgb: aws/sagemaker-xgboost-container, branch 1.7-1, src/sagemaker_xgboost_container/
  smc: aws/sagemaker-containers v2.8.6.post2, src/sagemaker_containers/ (the single-model Flask/gunicorn
       stack that the scikit-learn and XGBoost framework images run)
  skl: aws/sagemaker-scikit-learn-container, src/sagemaker_sklearn_container/serving.py
  smi: aws/sagemaker-inference-toolkit, src/sagemaker_inference/ (the PyTorch image, under TorchServe)
  pt:  aws/sagemaker-pytorch-inference-toolkit, src/sagemaker_pytorch_serving_container/
Standard library only at import time; numpy/xgboost/scipy/torch are imported by the mode that needs them.
"""
import csv, functools, importlib, importlib.util, inspect, io, json, logging, os, pickle, re, signal, socket
import sys, tempfile, threading, traceback, types, warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ENV = os.environ
MODEL_DIR = ENV.get("SLIPWAY_MODEL_DIR", "/opt/ml/model")
JSON, CSV, NPY, NPZ, ANY = "application/json", "text/csv", "application/x-npy", "application/x-npz", "*/*"
JSONLINES, RECORDIO = "application/jsonlines", "application/x-recordio-protobuf"
UTF8_TYPES = (JSON, CSV)  # smc/_content_types.py, smi/content_types.py
HTML = "text/html; charset=utf-8"
log = logging.getLogger("slipway.model_server")


def _page(code, name, text):  # werkzeug's error page, which Flask answers for unhandled errors
    return ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>%d %s</title>\n<h1>%s</h1>\n'
            "<p>%s</p>\n" % (code, name, name, text))


FLASK_500 = (500, _page(500, "Internal Server Error", "The server encountered an internal error and was unable to "
             "complete your request. Either the server is overloaded or there is an error in the application."), HTML)
NOT_FOUND = (404, _page(404, "Not Found", "The requested URL was not found on the server. If you entered the URL "
             "manually please check your spelling and try again."), HTML)


def _mime(mimetype):  # werkzeug get_content_type: Flask appends the charset to text/* mimetypes
    mimetype = mimetype or JSON  # smc/_worker.py Response.default_mimetype
    return mimetype + "; charset=utf-8" if mimetype.startswith("text/") and "charset" not in mimetype else mimetype


def _parse_header(line):  # cgi.parse_header, which the containers use (the cgi module is gone in Python 3.13)
    parts, params = (line or "").split(";"), {}
    for p in parts[1:]:
        if "=" in p:
            k, v = (s.strip() for s in p.split("=", 1))
            params[k.lower()] = v[1:-1] if len(v) >= 2 and v[0] == v[-1] == '"' else v
    return parts[0].strip(), params


class UnsupportedFormatError(Exception):  # smc/_errors.py, smi/errors.py (same text, dedent keeps the indent)
    def __init__(self, content_type):
        pad = " " * 12
        super().__init__("Content type %s is not supported by this framework.\n\n%sPlease implement input_fn to to "
                         "deserialize the request data or an output_fn to\n%sserialize the response. For more "
                         "information, see the SageMaker Python SDK README." % (content_type, pad, pad))


# ---- default decoders / encoders of the two toolkits ---------------------------------------------------------
def decode(obj, content_type, smi=False):  # smc/_encoders.py decode; smi/decoder.py decode when smi
    import numpy as np
    if content_type == JSON:
        return np.array(json.loads(obj))
    if content_type == CSV and smi:
        return np.genfromtxt(io.StringIO(obj), delimiter=",")
    if content_type == CSV:  # smc csv_to_numpy: squeeze() turns a single row into a 1-D array
        try:
            return np.array(list(csv.reader(io.StringIO(obj), delimiter=",", quotechar='"', strict=True))).squeeze()
        except Exception as e:
            raise ValueError("Error while decoding csv: {}".format(e))
    if content_type == NPY:
        return np.load(io.BytesIO(obj), allow_pickle=True)
    if content_type == NPZ and smi:
        import scipy.sparse
        return scipy.sparse.load_npz(io.BytesIO(obj))
    raise UnsupportedFormatError(content_type)


def encode(array_like, content_type, smi=False):  # smc/_encoders.py encode; smi/encoder.py encode when smi
    import numpy as np
    if content_type == JSON:
        return json.dumps(array_like, default=lambda o: o.tolist() if hasattr(o, "tolist")
                          else json.JSONEncoder().default(o))
    if content_type == CSV:  # one row per line, "," between columns, "\n" after every row
        stream, array = io.StringIO(), np.array(array_like)
        if smi:
            np.savetxt(stream, array_like, delimiter=",", fmt="%s")
        else:
            array = array.reshape(array.shape[0], 1) if len(array.shape) == 1 else array
            csv.writer(stream, lineterminator="\n", delimiter=",", quotechar='"').writerows(array)
        return stream.getvalue()
    if content_type == NPY:
        buf = io.BytesIO()
        np.save(buf, array_like)
        return buf.getvalue()
    raise UnsupportedFormatError(content_type)


def xgb_csv_to_dmatrix(payload, dtype=None):  # xgb/encoder.py csv_to_dmatrix
    import numpy as np, xgboost as xgb
    text = payload.decode() if isinstance(payload, bytes) else payload
    end = text.find("\n")
    sample = (text if end < 0 else text[:end])[:512]
    # csv.Sniffer on the first line. Shortcut, checked against the Sniffer's algorithm: with no quote
    # character in the sample and a "," in it, the Sniffer always answers ",".
    if "," in sample and '"' not in sample and "'" not in sample:
        delimiter = ","
    else:
        sniffed = csv.Sniffer().sniff(sample).delimiter
        delimiter = "," if sniffed.isalnum() else sniffed
    rows = [["nan" if x == "" else x for x in line.split(delimiter)] for line in text.split("\n")]
    return xgb.DMatrix(np.array(rows).astype(dtype))


def import_xgboost_alone():
    """xgboost imports pandas and scikit-learn whenever they are installed, as the XGBoost image's are: over a second
    of a model server's start. Algorithm mode scores with neither, so they are hidden while xgboost loads and can
    still be imported afterwards."""
    if "xgboost" in sys.modules:
        return sys.modules["xgboost"]
    hidden = [name for name in ("pandas", "sklearn") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None
    try:
        import xgboost
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return xgboost


# ---- Mode 1: XGBoost algorithm mode ----------------------------------------------------------------------------
class XGBoostAlgorithm:
    """xgb/serving.py main() without a user module -> algorithm_mode/serve.py ScoringService + serve_utils.py."""
    SUPPORTED_ACCEPTS = [JSON, JSONLINES, RECORDIO, CSV]  # serve.py
    KINDS = {"csv": "csv", CSV: "csv", "libsvm": "libsvm", "text/libsvm": "libsvm", "text/x-libsvm": "libsvm",
             "parquet": "parquet", "application/x-parquet": "parquet", "recordio-protobuf": "recordio-protobuf",
             RECORDIO: "recordio-protobuf"}  # data_utils.py get_content_type
    CLS = ["predicted_label", "labels", "probability", "probabilities", "raw_score", "raw_scores"]
    NOPROB = [CLS[0], CLS[1], CLS[4], CLS[5]]
    VALID = dict({k: ["predicted_score"] for k in ("reg:squarederror", "reg:logistic", "reg:gamma",
                  "reg:absoluteerror", "reg:tweedie")}, **{"binary:logistic": CLS, "multi:softprob": CLS,
                 "binary:logitraw": NOPROB, "binary:hinge": NOPROB, "multi:softmax": NOPROB})  # VALID_OBJECTIVES

    def __init__(self):
        import numpy as np
        self.np, self.xgb = np, import_xgboost_alone()
        self.max_len = int(ENV.get("MAX_CONTENT_LENGTH", "6291456"))  # serve.py PARSED_MAX_CONTENT_LENGTH
        self.batch = ENV.get("SAGEMAKER_BATCH")
        self.booster, self.format = self.load(MODEL_DIR, ENV.get("SAGEMAKER_INFERENCE_ENSEMBLE", "true") == "true")
        boosters = self.booster if isinstance(self.booster, list) else [self.booster]
        self.config = json.loads(boosters[0].save_config())  # serve.py get_config_json
        self.objective = self.config["learner"]["objective"]["name"]
        self.ranges = {id(b): self.iteration_range(b) for b in boosters}
        # XGBoost >= 1.4 predicts thread-safely with tree boosters only: serialise gblinear
        gblinear = self.config["learner"].get("gradient_booster", {}).get("name") == "gblinear"
        self.lock = threading.Lock() if gblinear else None
        log.info("Model objective : %s", self.objective)

    def load(self, model_dir, ensemble):  # serve_utils.py _get_full_model_paths + get_loaded_booster
        paths = []
        for name in os.listdir(model_dir):  # every top-level file is a model; dotfiles are skipped
            if os.path.isfile(os.path.join(model_dir, name)):
                if name.startswith("."):
                    log.warning("Ignoring dotfile '%s' found in model directory", name)
                else:
                    paths.append(os.path.join(model_dir, name))
        if not paths:
            raise RuntimeError("No model file at the top level of {}".format(model_dir))
        models, formats = [], []
        for path in paths if ensemble else paths[:1]:
            try:  # pickle first, then XGBoost's own format
                with open(path, "rb") as f:
                    booster, fmt = pickle.load(f), "pkl_format"
            except Exception as exp_pkl:
                try:
                    booster, fmt = self.xgb.Booster(), "xgb_format"
                    booster.load_model(path)
                except Exception as exp_xgb:
                    raise RuntimeError("Model {} cannot be loaded:\nPickle load error={}\nXGB load model error={}"
                                       .format(path, exp_pkl, exp_xgb))
            booster.set_param("nthread", 1)
            models.append(booster)
            formats.append(fmt)
        return (models, formats) if ensemble and len(models) > 1 else (models[0], formats[0])

    def iteration_range(self, booster):  # serve_utils.predict passes ntree_limit=best_ntree_limit: convert once
        limit = getattr(booster, "best_ntree_limit", 0)
        convert = getattr(self.xgb.core, "_convert_ntree_limit", None)
        if not limit or convert is None:
            return (0, limit or 0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return convert(booster, limit, None)

    def parse(self, payload, header):  # serve_utils.py parse_content_data
        kind, params = _parse_header("libsvm" if header is None else header.lower())  # data_utils.py get_content_type
        if kind not in self.KINDS:
            raise ValueError("{} is not an accepted ContentType: csv, libsvm, parquet, recordio-protobuf, text/csv, "
                             "text/libsvm, text/x-libsvm, application/x-parquet, application/x-recordio-protobuf."
                             .format(header))
        kind = self.KINDS[kind]
        if kind == "csv" and params.get("label_size", "1") != "1":
            raise ValueError("{} is not an accepted csv ContentType. Optional parameter label_size must be equal "
                             "to 1".format(header))
        if kind == "csv":
            try:
                return xgb_csv_to_dmatrix(payload.strip().decode("utf-8"), dtype=float), kind
            except Exception as e:
                raise RuntimeError("Loading csv data failed with Exception, please ensure data is in csv format:"
                                   "\n {}\n {}".format(type(e), e))
        if kind == "libsvm":  # serve_utils.py _get_sparse_matrix_from_libsvm
            from scipy.sparse import csr_matrix
            np, row, col, data = self.np, [], [], []
            try:
                for row_idx, line in enumerate(payload.strip().decode("utf-8").split("\n")):
                    for item in line.split(" "):
                        if ":" in item:
                            row.append(row_idx)
                            col.append(item.split(":")[0])
                            data.append(item.split(":")[1])
                matrix = csr_matrix((np.array(data).astype(float), (np.array(row), np.array(col).astype(int))))
                return self.xgb.DMatrix(matrix), kind
            except Exception as e:
                raise RuntimeError("Loading libsvm data failed with Exception, please ensure data is in libsvm "
                                   "format:\n {}\n {}".format(type(e), e))
        # parquet answers this too (as in the container); so does recordio-protobuf, which needs mlio here
        raise RuntimeError("Content-type {} is not supported.".format(header))

    def predict(self, dtest, kind):  # serve_utils.py predict
        model, np = self.booster, self.np
        bst, fmt = (model[0], self.format[0]) if isinstance(model, list) else (model, self.format)
        if fmt == "pkl_format":  # the feature-count check applies to pickled boosters only
            x = bst.num_features()
            y = len(dtest.feature_names) if dtest.feature_names is not None else dtest.num_col()
            if kind == "libsvm" and y > x + 1:
                raise ValueError("Feature size of libsvm inference data {} is larger than feature size of trained "
                                 "model {}.".format(y, x))
            if kind in ("csv", "recordio-protobuf") and not (x == y or x == y + 1):
                raise ValueError("Feature size of {} inference data {} is not consistent with feature size of "
                                 "trained model {}.".format(kind, y, x))
        run = lambda b: b.predict(dtest, iteration_range=self.ranges[id(b)], validate_features=False)  # noqa: E731
        if not isinstance(model, list):
            return run(model)
        preds = np.array([run(b) for b in model])
        if self.objective in ("multi:softmax", "binary:hinge"):  # vote: scipy.stats.mode, smallest value on ties
            return np.array([u[np.argmax(c)] for u, c in (np.unique(col, return_counts=True) for col in preds.T)],
                            dtype=preds.dtype)
        return np.mean(preds, axis=0)  # average

    def invoke(self, payload, headers):  # serve.py invocations()
        if len(payload) == 0:
            return 204, b"", HTML
        try:
            dtest, kind = self.parse(payload, headers.get("Content-Type"))
        except Exception as e:  # unparsable data, like unsupported types, answers 415
            log.exception(e)
            return 415, str(e), HTML
        try:
            if self.lock:
                with self.lock:
                    preds = self.predict(dtest, kind)
            else:
                preds = self.predict(dtest, kind)
        except Exception as e:
            log.exception(e)
            return 400, "Unable to evaluate payload provided: %s" % e, HTML
        accept, _ = _parse_header(headers.get("Accept", ""))  # serve.py _parse_accept, checked after predicting
        if not accept or accept == ANY:
            accept = ENV.get("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT", CSV)
        elif accept.lower() not in self.SUPPORTED_ACCEPTS:
            return 406, ("Accept type {} is not supported. Please use supported accept types: {}."
                         .format(accept, self.SUPPORTED_ACCEPTS)), HTML
        accept = accept.lower()
        if "SAGEMAKER_INFERENCE_OUTPUT" in ENV:
            try:
                return 200, self.selectable(preds, accept), _mime(accept)
            except Exception as e:
                log.exception(e)
                return 500, str(e), HTML
        preds_list = preds.tolist()
        if self.batch:
            return 200, "\n".join(map(str, preds_list)) + "\n", _mime(accept)
        if accept == JSON:  # serve_utils.py encode_predictions_as_json
            return 200, json.dumps({"predictions": [{"score": p} for p in preds_list]}), _mime(accept)
        try:  # smc encoders.encode: text/csv -> one prediction per line; jsonlines/recordio raise -> Flask 500
            return 200, encode(preds_list, accept), _mime(accept)
        except UnsupportedFormatError:
            log.error("Exception on /invocations [POST]\n%s", traceback.format_exc())
            return FLASK_500

    def selectable(self, preds, accept):  # serve_utils.py get_selected_predictions, encode_selected_predictions
        np, obj = self.np, self.objective
        keys = ENV["SAGEMAKER_INFERENCE_OUTPUT"].replace(" ", "").lower().split(",")
        num_class = self.config["learner"]["learner_model_param"].get("num_class", "")
        if obj not in self.VALID:
            raise ValueError("Objective `{}` unsupported for selectable inference predictions.".format(obj))
        valid, invalid = set(keys) & set(self.VALID[obj]), set(keys) - set(self.VALID[obj])
        pair = lambda p: [1.0 - p.item(), p.item()]  # noqa: E731
        getters = [  # (key, value from one raw prediction), in serve_utils' order; only valid keys are computed
            ("predicted_label", lambda p: p.item() if obj in ("binary:hinge", "multi:softmax") else int(p > 0.5)
             if obj == "binary:logistic" else int(p > 0) if obj == "binary:logitraw" else np.argmax(p).item()),
            ("labels", lambda p: [0, 1] if "binary:" in obj else list(range(int(num_class)))
             if "multi:" in obj and num_class else np.nan),
            ("probability", lambda p: max(p).item() if obj == "multi:softprob" else p.item()),
            ("probabilities", lambda p: p.tolist() if obj == "multi:softprob" else pair(p)),
            ("raw_score", lambda p: max(p).item() if obj == "multi:softprob" else p.item()),
            ("raw_scores", lambda p: p.tolist() if obj == "multi:softprob" else pair(p)),
            ("predicted_score", lambda p: p.item())]
        out = [dict([(k, fn(p)) for k, fn in getters if k in valid] + [(k, np.nan) for k in invalid]) for p in preds]
        if accept == JSON:
            return json.dumps({"predictions": out})
        if accept == JSONLINES:  # encoder.py json_to_jsonlines
            return "".join(json.dumps(e) + "\n" for e in out)
        if accept == CSV:  # list values are quoted: "[0.1, 0.9]"
            text = "\n".join(",".join('"{}"'.format(i[k]) if isinstance(i[k], list) else str(i[k]) for k in keys)
                             for i in out)
            return text + "\n" if self.batch else text
        raise RuntimeError("Cannot encode selected predictions into accept type '{}'.".format(accept))

    def execution_parameters(self):  # serve.py execution_parameters()
        return 200, json.dumps({"MaxConcurrentTransforms": os.cpu_count(), "BatchStrategy": "MULTI_RECORD",
                                "MaxPayloadInMB": int(self.max_len / (1024 ** 2))}), JSON


# ---- Mode 2: framework handler mode (user inference script) ------------------------------------------------------
def _no_model_fn(model_dir):  # smc/_transformer.py default_model_fn (sklearn and xgboost images have no default)
    raise NotImplementedError("\nPlease provide a model_fn implementation.\nSee documentation for model_fn at "
                              "https://github.com/aws/sagemaker-python-sdk\n")


def _sklearn_input_fn(data, content_type):  # skl serving.py default_input_fn
    import numpy as np
    array = decode(data, content_type)
    return array.astype(np.float32) if content_type in UTF8_TYPES else array


def _xgb_input_fn(data, content_type):  # xgb/serving.py default_input_fn -> xgb/encoder.py decode
    media, _ = _parse_header(content_type)
    if media == CSV:
        return xgb_csv_to_dmatrix(data)
    if media in ("text/libsvm", "text/x-libsvm"):  # encoder.py libsvm_to_dmatrix, via a temporary file
        import xgboost as xgb
        with tempfile.NamedTemporaryFile(suffix=".libsvm") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
            f.flush()
            return xgb.DMatrix(f.name + "?format=libsvm")
    raise UnsupportedFormatError(media)  # (application/x-recordio-protobuf needs mlio: not reproduced)


def _torch_device():
    import torch
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def _torch_model_fn(model_dir):  # pt default_pytorch_inference_handler.py default_model_fn (TorchScript)
    import torch
    path = os.path.join(model_dir, "model.pt")
    if not os.path.exists(path):
        files = [f for f in os.listdir(model_dir) if os.path.isfile(os.path.join(model_dir, f))
                 and os.path.splitext(f)[1] in (".pt", ".pth")]
        if len(files) != 1:
            raise ValueError("Exactly one .pth or .pt file is required for PyTorch models: {}".format(files))
        path = os.path.join(model_dir, files[0])
    try:
        return torch.jit.load(path, map_location=_torch_device()).to(_torch_device())
    except RuntimeError as e:
        raise RuntimeError("Failed to load {}. Please ensure model is saved using torchscript.".format(path)) from e


def _torch_input_fn(data, content_type):  # pt default_input_fn
    import torch
    array = decode(data, content_type, smi=True)
    tensor = torch.FloatTensor(array) if content_type in UTF8_TYPES else torch.from_numpy(array)
    return tensor.to(_torch_device())


def _torch_predict_fn(data, model):  # pt default_predict_fn
    import torch
    with torch.no_grad():
        model = model.to(_torch_device())
        model.eval()
        return model(data.to(_torch_device()))


def _torch_output_fn(prediction, accept):  # pt default_output_fn: body only, so Content-Type = the Accept value
    import torch
    if type(prediction) is torch.Tensor:
        prediction = prediction.detach().cpu().numpy().tolist()
    for ctype in accept.replace(" ", "").split(","):  # smi/utils.py parse_accept
        if ctype in (JSON, CSV, NPY):
            encoded = encode(prediction, ctype, smi=True)
            return encoded.encode("utf-8") if ctype == CSV else encoded
    raise UnsupportedFormatError(accept)


DEFAULTS = {  # each image's default (model_fn, input_fn, predict_fn, output_fn)
    "sklearn": (_no_model_fn, _sklearn_input_fn, lambda x, model: model.predict(x),  # skl serving.py
                lambda p, accept: (encode(p, accept), accept)),
    "xgboost": (_no_model_fn, _xgb_input_fn, lambda x, model: model.predict(x, validate_features=False),
                lambda p, accept: (encode(p, accept), accept)),  # xgb/serving.py
    "pytorch": (_torch_model_fn, _torch_input_fn, _torch_predict_fn, _torch_output_fn)}


class Context:
    """Stand-in for the MMS/TorchServe context given to handlers that take an extra argument (one per request)."""

    def __init__(self, headers=None):
        self.system_properties = {"model_dir": MODEL_DIR, "gpu_id": None, "batch_size": 1}
        self.model_name, self.manifest, self.metrics = "model", {"model": {"modelName": "model"}}, None
        self.headers = dict(headers.items()) if headers else {}
        self.lower = {k.lower(): v for k, v in self.headers.items()}
        self.request_processor = [types.SimpleNamespace(get_request_properties=lambda: self.headers)]
        self.custom_attributes = self.lower.get("x-amzn-sagemaker-custom-attributes")
        self.response_headers, self.status, self.response_content_type = {}, None, None

    def get_request_header(self, idx, key):
        return self.lower.get(key.lower())

    def get_all_request_header(self, idx):
        return dict(self.headers)

    def set_response_content_type(self, idx, value):
        self.response_content_type = value

    def set_response_status(self, code=200, phrase="", idx=0):
        self.status = (code, phrase)

    def set_response_header(self, idx, key, value):
        self.response_headers[key] = value


@functools.lru_cache(maxsize=None)
def _nparams(fn):
    return len(inspect.signature(fn).parameters)


def _call(fn, ctx, *args):  # smi/transformer.py _run_handler_function: pass the context if fn takes one more
    n = _nparams(fn)
    if n in (len(args), len(args) + 1):
        return fn(*args) if n == len(args) else fn(*args, ctx)
    raise TypeError("{} takes {} arguments but {} were given.".format(fn.__name__, n, len(args)))


class Framework:
    """User script. sklearn/xgboost images: smc/_transformer.py + smc/_worker.py (Flask); pytorch image:
    smi/transformer.py (TorchServe). Handler calls are serialised, like one container worker process."""

    def __init__(self, serving):
        self.smi = serving == "pytorch"
        program = ENV.get("SAGEMAKER_PROGRAM") or "inference.py"  # smi/environment.py DEFAULT_MODULE_NAME
        code_dir = ENV.get("SAGEMAKER_SUBMIT_DIRECTORY") or os.path.join(MODEL_DIR, "code")
        module_name = program[:-3] if program.endswith(".py") else program
        sys.path.insert(0, code_dir)
        user = importlib.import_module(module_name) if importlib.util.find_spec(module_name) else None
        if user is None and not self.smi:  # smc needs the script; smi falls back to the default handlers
            raise ImportError("inference script {} not found in {}".format(program, code_dir))
        get = lambda name: getattr(user, name, None)  # noqa: E731
        model_fn, input_fn, predict_fn, output_fn = DEFAULTS[serving]
        self.transform_fn = get("transform_fn")
        if self.transform_fn and (get("input_fn") or get("predict_fn") or get("output_fn")):
            raise ValueError("Cannot use transform_fn implementation in conjunction with input_fn, predict_fn, "
                             "and/or output_fn implementation")
        self.input_fn, self.predict_fn = get("input_fn") or input_fn, get("predict_fn") or predict_fn
        self.output_fn = get("output_fn") or output_fn
        self.default_io = (not get("input_fn"), not get("output_fn"))
        self.execution_parameters_fn = None if self.smi else get("execution_parameters_fn")  # skl serving.py
        self.lock, ctx = threading.Lock(), Context()
        if self.smi and get("pre_model_fn"):
            _call(get("pre_model_fn"), ctx, MODEL_DIR)
        self.model = _call(get("model_fn") or model_fn, ctx, MODEL_DIR)  # loaded eagerly
        if self.smi and get("model_warmup_fn"):
            _call(get("model_warmup_fn"), ctx, MODEL_DIR, self.model)

    def transform(self, ctx, data, content_type, accept):
        if self.transform_fn:
            return _call(self.transform_fn, ctx, self.model, data, content_type, accept)
        try:  # smc/_transformer.py _default_transform_fn: the default decoder -> 415, default encoder -> 406
            x = _call(self.input_fn, ctx, data, content_type)
        except UnsupportedFormatError as e:
            if self.smi or not self.default_io[0]:
                raise
            return self.smc_error(e, 415)
        prediction = _call(self.predict_fn, ctx, x, self.model)
        try:
            return _call(self.output_fn, ctx, prediction, accept)
        except UnsupportedFormatError as e:
            if self.smi or not self.default_io[1]:
                raise
            return self.smc_error(e, 406)

    @staticmethod
    def smc_error(e, status):  # smc/_transformer.py _error_response
        return Answer((status, json.dumps({"error": e.__class__.__name__, "error-message": str(e),
                                           "stack-trace": traceback.format_exc()}), JSON))

    def invoke(self, body, headers):
        ctx = Context(headers)
        return self.invoke_smi(ctx, body, headers) if self.smi else self.invoke_smc(ctx, body, headers)

    def invoke_smc(self, ctx, body, headers):  # smc/_worker.py Request + smc/_transformer.py transform()
        content_type = headers.get("ContentType") or headers.get("Content-Type") or JSON
        accept = headers.get("Accept")
        if not accept or accept == ANY:
            accept = ENV.get("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT", JSON)
        data = body.decode("utf-8", "replace") if content_type in UTF8_TYPES else body
        try:
            with self.lock:
                return flask_response(self.transform(ctx, data, content_type, accept), ctx)
        except Exception:  # user errors are re-raised as ClientError and reach Flask: its generic 500 page
            log.error("Exception on /invocations [POST]\n%s", traceback.format_exc())
            return FLASK_500

    def invoke_smi(self, ctx, body, headers):  # smi/transformer.py transform()
        try:
            content_type = next((v for k, v in headers.items() if re.match("^[Cc]ontent-?[Tt]ype", k)), None)
            accept = headers.get("Accept")
            if not accept or accept == ANY:
                accept = ENV.get("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT", JSON)
            data = body.decode("utf-8") if content_type in UTF8_TYPES else body
            with self.lock:
                result = self.transform(ctx, data, content_type, accept)
            result, ctype = (result[0], result[1]) if isinstance(result, tuple) else (result, accept)
            if isinstance(result, str):  # TorchServe create_predict_response: str/bytes as they are, else JSON
                result = result.encode("utf-8")
            elif not isinstance(result, (bytes, bytearray)):
                try:
                    result = json.dumps(result, indent=2).encode("utf-8")
                except TypeError:
                    return 503, "Unsupported model output data type.", "text/plain"
            status, reason = ctx.status or (200, None)
            return status, result, ctype or accept, ctx.response_headers, reason
        except Exception as e:  # smi handle_error: a BaseInferenceToolkitError keeps its status, others give 500
            trace = traceback.format_exc()
            log.error("Transform failed. Error traceback: %s", trace)
            known = all(hasattr(e, a) for a in ("status_code", "message", "phrase"))
            status, message, phrase = (e.status_code, e.message, e.phrase) if known else (500, str(e), str(e))
            return status, "{}\n{}".format(message, trace), "text/plain", {}, str(phrase)

    def execution_parameters(self):  # smc/_worker.py: the route exists only if the script defines the function
        if not self.execution_parameters_fn:
            return NOT_FOUND
        try:
            return flask_response(self.execution_parameters_fn(), Context())
        except Exception:
            log.error("Exception on /execution-parameters [GET]\n%s", traceback.format_exc())
            return FLASK_500


class Answer(tuple):
    """A finished (status, body, content type) answer produced inside the smc transform."""


def flask_response(result, ctx):  # smc transform(): tuple -> Response(body, mimetype); else Flask's rules
    headers = ctx.response_headers
    if isinstance(result, Answer):
        return tuple(result)
    if isinstance(result, tuple):
        return 200, result[0], _mime(result[1]), headers
    if isinstance(result, (str, bytes, bytearray)):
        return 200, result, HTML, headers
    if isinstance(result, dict):
        return 200, json.dumps(result), JSON, headers
    if hasattr(result, "get_data") and hasattr(result, "status_code"):  # a flask/werkzeug Response
        return result.status_code, result.get_data(), result.headers.get("Content-Type", HTML), headers
    raise TypeError("The view function did not return a valid response: {!r}".format(type(result)))


# ---- HTTP server -------------------------------------------------------------------------------------------------
class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every answer carries Content-Length
    app, access_log = None, False
    ROUTES = {"/ping": "GET", "/execution-parameters": "GET", "/invocations": "POST"}

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *args):
        if self.access_log:
            sys.stdout.write("%s\n" % (fmt % args))

    def send(self, status, body=b"", ctype=HTML, headers=None, reason=None):
        body = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        reason = re.sub(r"[\r\n]", " ", reason or self.responses.get(status, ("",))[0])[:200]
        lines = ["HTTP/1.1 %d %s" % (status, reason), "Content-Type: " + ctype, "Content-Length: %d" % len(body)]
        lines += ["%s: %s" % (k, re.sub(r"[\r\n]", " ", str(v))) for k, v in (headers or {}).items()]
        if self.close_connection:
            lines.append("Connection: close")
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace") + body)  # one write
        self.log_request(status, len(body))

    def route(self, method):
        path = self.path.split("?", 1)[0]
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return 400, _page(400, "Bad Request", "Invalid Content-Length."), HTML
        if path not in self.ROUTES:
            return NOT_FOUND
        if self.ROUTES[path] != method:
            return 405, _page(405, "Method Not Allowed", "The method is not allowed for the requested URL."), HTML
        if path == "/ping":
            return 200, b"", HTML
        if path == "/execution-parameters":
            return self.app.execution_parameters()
        if "Transfer-Encoding" in self.headers:
            return 411, _page(411, "Length Required", "A request with Content-Length is required."), HTML
        if isinstance(self.app, XGBoostAlgorithm) and length > self.app.max_len:  # Flask MAX_CONTENT_LENGTH
            return 413, _page(413, "Request Entity Too Large", "The data value transmitted exceeds the capacity "
                              "limit."), HTML
        self.consumed = True
        return self.app.invoke(self.rfile.read(length), self.headers)

    def handle_method(self, method):
        self.consumed = False
        try:
            answer = self.route(method)
            if not self.consumed and (self.headers.get("Content-Length", "0") != "0" or
                                      "Transfer-Encoding" in self.headers):
                self.close_connection = True  # an unread request body would corrupt the kept-alive stream
            self.send(*answer)
        except (ConnectionError, socket.timeout):
            self.close_connection = True
        except Exception:  # never crash on bad input
            log.error("Unhandled error\n%s", traceback.format_exc())
            self.close_connection = True
            try:
                self.send(*FLASK_500)
            except OSError:
                pass

    def do_GET(self):
        self.handle_method("GET")

    def do_POST(self):
        self.handle_method("POST")


class Server(ThreadingHTTPServer):
    daemon_threads, request_queue_size = True, 128

    def handle_error(self, request, client_address):
        # A client that goes away mid-request is not the model's error.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def workers():
    """How many worker processes serve (the containers run one gunicorn worker per CPU; SAGEMAKER_MODEL_SERVER_WORKERS
    sets it, as on SageMaker)."""
    text = ENV.get("SAGEMAKER_MODEL_SERVER_WORKERS", "")
    return max(1, int(text)) if text.isdigit() else max(1, os.cpu_count() or 1)


def main():
    level = ENV.get("SAGEMAKER_CONTAINER_LOG_LEVEL", "20")
    level = int(level) if level.isdigit() else logging.getLevelName(level.upper())
    level = level if isinstance(level, int) else logging.INFO
    logging.basicConfig(stream=sys.stderr, level=level, format="%(asctime)s %(levelname)s - %(name)s - %(message)s")
    sys.stdout.reconfigure(line_buffering=True)
    serving, program = ENV.get("SLIPWAY_SERVING", "generic").strip().lower(), ENV.get("SAGEMAKER_PROGRAM")
    if serving == "generic" and program:
        serving = "sklearn"  # an inference script on any image: the framework images' handler stack
    code_dir = ENV.get("SAGEMAKER_SUBMIT_DIRECTORY") or os.path.join(MODEL_DIR, "code")
    if serving not in ("xgboost", "sklearn", "pytorch"):
        print("slipway model server: no built-in handler for SLIPWAY_SERVING={!r}. This image's profile must give "
              "a command that serves the SageMaker contract itself (GET /ping and POST /invocations on "
              "127.0.0.1:$SAGEMAKER_BIND_TO_PORT).".format(serving), file=sys.stderr, flush=True)
        return 1
    if serving == "sklearn" and not program and not os.path.isfile(os.path.join(code_dir, "inference.py")):
        print("slipway model server: the scikit-learn image needs SAGEMAKER_PROGRAM (the inference script) or "
              "{}/inference.py".format(code_dir), file=sys.stderr, flush=True)
        return 1
    if serving == "xgboost":
        ENV.setdefault("OMP_NUM_THREADS", "1")  # xgb/serving.py set_default_serving_env_if_unspecified
    try:  # load eagerly; any failure -> traceback on stderr, exit status 1
        app = XGBoostAlgorithm() if serving == "xgboost" and not program else Framework(serving)
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        return 1
    Handler.app, Handler.access_log = app, level <= logging.DEBUG
    server = Server(("127.0.0.1", int(ENV.get("SAGEMAKER_BIND_TO_PORT", "8080"))), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    mode = "xgboost algorithm mode" if isinstance(app, XGBoostAlgorithm) else serving + " handler mode"
    count = workers()
    print("slipway model server: {} listening on {}:{} with {} worker(s)".format(mode, *server.server_address[:2], count), flush=True)
    # The model is loaded once; the workers share the listening socket, as gunicorn's do.
    for _ in range(count - 1):
        if os.fork() == 0:
            try:  # a worker ends with the process that started it (PR_SET_PDEATHSIG)
                import ctypes
                ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
            except Exception:
                pass
            break
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
"""#
}
