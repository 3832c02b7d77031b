import Foundation

/// How a managed server's MLflow process starts: a small Python launcher, run in the server's sandbox on the version's
/// environment, imports MLflow's server application first (the slow part) and then waits on a named pipe for its
/// assignment — the backend store, the artifact root, the socket, the environment. A launcher started ahead of need
/// (a spare) turns a new server's start into the assignment alone; with SQLite it also makes the store's tables ahead. Assigned, it starts MLflow's own server
/// application under uvicorn as `mlflow server` does (its stores initialized by MLflow's own
/// `initialize_backend_stores`); several workers, or an MLflow whose server module does not load that way, run the
/// `mlflow server` command itself.
enum MlflowLauncher {
    /// Where the launcher script is inside a sandbox.
    static let scriptPath = "/opt/slipway/launch_mlflow.py"
    /// The named pipe the assignment arrives on, inside the state directory.
    static let pipeName = "assignment.pipe"

    /// What a launcher is told once it serves a server.
    struct Assignment: Encodable {
        var environment: [String: String]
        var backendStoreUri: String
        var defaultArtifactRoot: String
        var workers: Int
        var socket: String
        enum CodingKeys: String, CodingKey {
            case environment, backendStoreUri = "backend_store_uri", defaultArtifactRoot = "default_artifact_root", workers, socket
        }
    }

    /// Writes the script where sandboxes mount it from (once per Slipway start; the same text each time).
    static func install(in root: URL) throws -> URL {
        let directory = root.appendingPathComponent(".launcher")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("launch_mlflow.py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        return file
    }

    static let script = #"""
        """Slipway's launcher of a managed MLflow server (see MlflowLauncher.swift)."""
        import json
        import os
        import sys

        pipe = sys.argv[1]
        try:
            import uvicorn  # first, so MLflow's Flask app installs its security middleware as under `mlflow server`
            from mlflow.server import handlers
            from mlflow.server.constants import ARTIFACT_ROOT_ENV_VAR, BACKEND_STORE_URI_ENV_VAR, REGISTRY_STORE_URI_ENV_VAR
            from mlflow.server.fastapi_app import app
            ready = True
        except Exception as error:  # an MLflow whose server loads otherwise: the command itself runs it
            print(f"MLflow's server application did not load in-process ({error}); running `mlflow server`.", flush=True)
            ready = False
        # A new SQLite store gets MLflow's tables now, by MLflow's own migrations; its default experiment, which names
        # the artifact root, is made when the server starts.
        database = os.environ.pop("SLIPWAY_MLFLOW_SQLITE", "")
        if ready and database and not os.path.exists(database):
            try:
                from mlflow.store.db.utils import _initialize_tables, create_sqlalchemy_engine_with_retry
                engine = create_sqlalchemy_engine_with_retry("sqlite:///" + database)
                _initialize_tables(engine)
                engine.dispose()
            except Exception as error:
                print(f"Preparing the store ahead failed ({error}); the server prepares it when it starts.", flush=True)
                if os.path.exists(database):
                    os.remove(database)
        print("MLflow is loaded; waiting for the server's assignment.", flush=True)
        with open(pipe) as source:
            assignment = json.loads(source.readline())
        os.environ.update(assignment["environment"])
        backend, root = assignment["backend_store_uri"], assignment["default_artifact_root"]
        workers, socket = assignment["workers"], assignment["socket"]
        if not ready or workers > 1:
            os.environ["MLFLOW_BACKEND_STORE_URI"] = backend
            os.execv(sys.executable, [sys.executable, "-m", "mlflow", "server", "--default-artifact-root", root,
                                      "--no-serve-artifacts", "--workers", str(workers), "--uvicorn-opts", f"--uds {socket}"])
        os.environ[BACKEND_STORE_URI_ENV_VAR] = backend
        os.environ[REGISTRY_STORE_URI_ENV_VAR] = backend
        os.environ[ARTIFACT_ROOT_ENV_VAR] = root
        os.environ["_MLFLOW_SGI_NAME"] = "uvicorn"
        handlers.initialize_backend_stores(backend, backend, root)
        uvicorn.run(app, uds=socket, log_level="info", access_log=False)
        """#
}
