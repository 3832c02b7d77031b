"""A data scientist's MLflow session against a SageMaker managed MLflow server, run in an interpreter with `mlflow`,
`sagemaker-mlflow` and scikit-learn: the tracking URI is the server's ARN alone; the plugin signs every call and
finds Slipway through SAGEMAKER_MLFLOW_CUSTOM_ENDPOINT. Prints one JSON line with what it saw.

Usage: mlflow_tracking.py ARN EXPERIMENT (track | read | probe)
  track  creates the experiment, a parent and a nested run, logs params, metrics, an artifact and a model, loads the
         model back by runs:/ URI and searches the runs;
  read   finds the experiment and its runs again (after a stop/start or a restart);
  probe  makes one call and reports the error it gets, if any.
"""

import json
import os
import sys
import tempfile

import mlflow
from mlflow.tracking import MlflowClient


def track(experiment):
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    experiment_id = mlflow.create_experiment(experiment)
    mlflow.set_experiment(experiment_id=experiment_id)
    features = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    labels = np.array([0, 0, 0, 1, 1, 1])
    with mlflow.start_run(run_name="parent") as parent:
        mlflow.log_param("model", "logistic")
        with mlflow.start_run(run_name="child", nested=True) as child:
            model = LogisticRegression().fit(features, labels)
            mlflow.log_param("C", 1.0)
            for step, value in enumerate([0.5, 0.3, 0.2]):
                mlflow.log_metric("loss", value, step=step)
            mlflow.log_metric("accuracy", float(model.score(features, labels)))
            with tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, "notes.txt")
                with open(path, "w") as out:
                    out.write("trained through Slipway")
                mlflow.log_artifact(path)
            mlflow.sklearn.log_model(model, name="model")
            child_id = child.info.run_id
    loaded = mlflow.sklearn.load_model(f"runs:/{child_id}/model")
    client = MlflowClient()
    runs = client.search_runs([experiment_id], filter_string="metrics.accuracy > 0.5")
    history = client.get_metric_history(child_id, "loss")
    artifacts = [item.path for item in client.list_artifacts(child_id)]
    run = client.get_run(child_id)
    return {
        "experiment_id": experiment_id, "parent": parent.info.run_id, "child": child_id,
        "parent_tag": run.data.tags.get("mlflow.parentRunId"), "params": run.data.params,
        "predictions": [int(value) for value in loaded.predict(np.array([[0.5], [4.5]]))],
        "matching_runs": [found.info.run_id for found in runs], "loss": [point.value for point in history],
        "artifacts": sorted(artifacts), "artifact_uri": run.info.artifact_uri,
    }


def read(experiment):
    found = mlflow.get_experiment_by_name(experiment)
    runs = MlflowClient().search_runs([found.experiment_id])
    return {"experiment_id": found.experiment_id, "runs": sorted(run.info.run_name for run in runs)}


def probe(experiment):
    try:
        mlflow.get_experiment_by_name(experiment)
        return {"error": None}
    except Exception as error:  # the error a denied or refused caller sees
        return {"error": str(error)}


def main():
    arn, experiment, mode = sys.argv[1:4]
    mlflow.set_tracking_uri(arn)
    result = {"track": track, "read": read, "probe": probe}[mode](experiment)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
