/// The code Slipway's provided templates seed their repositories with, as `CodeCommit` `Code.S3` archives under the
/// provided templates' reserved bucket (`seed/NAME.zip`).
enum ProvidedSeedCode {
    /// The archives by key in the reserved bucket.
    static let archives: [String: [(path: String, text: String)]] = ["seed/mlops-github-actions.zip": githubActions]

    /// The sample project of `mlops-github-actions`: what a data scientist starts from.
    static let githubActions: [(path: String, text: String)] = [
        (
            "pipelines/inference.py",
            #"""
            """How the model is served: SageMaker's scikit-learn container loads it with model_fn and asks it with predict_fn
            (CSV or JSON rows in, predictions out). Packaged with the model by the pipeline's register step."""

            import os
            import pickle

            import numpy


            def model_fn(model_dir):
                with open(os.path.join(model_dir, "model.pkl"), "rb") as handle:
                    return pickle.load(handle)


            def predict_fn(data, model):
                # One CSV row decodes to a flat array: it is one sample.
                rows = numpy.asarray(data)
                return model.predict(rows.reshape(1, -1) if rows.ndim == 1 else rows)
            """#
        ),
        (
            ".github/workflows/build.yml",
            #"""
            # Builds the model on every push to main: the pipeline in pipelines/pipeline.py is upserted and run, and a model good
            # enough is registered in the project's model group, waiting for approval.
            name: build
            on:
              push:
                branches: [main]
                paths-ignore: ["README.md", "deploy/**", ".github/workflows/deploy.yml"]
              workflow_dispatch:
            concurrency:
              group: build-${{ github.ref }}
              cancel-in-progress: true
            jobs:
              pipeline:
                # The commit the project seeded the repository with builds nothing: the repository's secrets are set
                # after it. Every later push to main builds.
                if: github.event_name != 'push' || github.event.before != '0000000000000000000000000000000000000000'
                runs-on: ubuntu-latest
                # SageMaker's base Python image: the SageMaker Python SDK is already there.
                container: ${{ vars.PIPELINE_IMAGE }}
                timeout-minutes: 60
                env:
                  SAGEMAKER_PROJECT_NAME: ${{ vars.SAGEMAKER_PROJECT_NAME }}
                  ARTIFACT_BUCKET: ${{ vars.ARTIFACT_BUCKET }}
                  PIPELINE_ROLE_ARN: ${{ vars.PIPELINE_ROLE_ARN }}
                  MODEL_PACKAGE_GROUP: ${{ vars.MODEL_PACKAGE_GROUP }}
                  MLFLOW_TRACKING_SERVER_ARN: ${{ vars.MLFLOW_TRACKING_SERVER_ARN }}
                  PIPELINE_IMAGE: ${{ vars.PIPELINE_IMAGE }}
                  # The SDK's telemetry stays off: the runner talks to Slipway only.
                  SAGEMAKER_USER_CONFIG_OVERRIDE: ${{ github.workspace }}/sagemaker-config.yaml
                  SAGEMAKER_ADMIN_CONFIG_OVERRIDE: ${{ github.workspace }}/sagemaker-config.yaml
                steps:
                  - uses: actions/checkout@v4
                  - uses: aws-actions/configure-aws-credentials@v4
                    with:
                      aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
                      aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
                      aws-region: ${{ vars.AWS_REGION }}
                  - name: Run the model-building pipeline
                    run: python pipelines/pipeline.py
            """#
        ),
        (
            ".github/workflows/deploy.yml",
            #"""
            # Deploys an approved model version: to staging first, then — once a reviewer of the production environment
            # approves — to production. Started by the project's function when a version is approved, or by hand.
            name: deploy
            on:
              workflow_dispatch:
                inputs:
                  model-package-arn:
                    description: The approved model version to deploy
                    type: string
                    required: true
            concurrency:
              group: deploy
            jobs:
              staging:
                runs-on: ubuntu-latest
                container: ${{ vars.PIPELINE_IMAGE }}
                environment:
                  name: staging
                steps:
                  - uses: actions/checkout@v4
                  - uses: aws-actions/configure-aws-credentials@v4
                    with:
                      aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
                      aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
                      aws-region: ${{ vars.AWS_REGION }}
                  - name: Deploy to staging and check its answers
                    run: python deploy/deploy.py staging "${{ inputs.model-package-arn }}"
                    env:
                      SAGEMAKER_PROJECT_NAME: ${{ vars.SAGEMAKER_PROJECT_NAME }}
                      MODEL_EXECUTION_ROLE_ARN: ${{ vars.MODEL_EXECUTION_ROLE_ARN }}
              production:
                needs: staging
                runs-on: ubuntu-latest
                container: ${{ vars.PIPELINE_IMAGE }}
                environment:
                  name: production
                steps:
                  - uses: actions/checkout@v4
                  - uses: aws-actions/configure-aws-credentials@v4
                    with:
                      aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
                      aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
                      aws-region: ${{ vars.AWS_REGION }}
                  - name: Deploy to production and check its answers
                    run: python deploy/deploy.py prod "${{ inputs.model-package-arn }}"
                    env:
                      SAGEMAKER_PROJECT_NAME: ${{ vars.SAGEMAKER_PROJECT_NAME }}
                      MODEL_EXECUTION_ROLE_ARN: ${{ vars.MODEL_EXECUTION_ROLE_ARN }}
            """#
        ),
        (
            "README.md",
            #"""
            # Model building and deployment

            This repository was made by a SageMaker project. Pushing to `main` runs `.github/workflows/build.yml`: the pipeline
            in `pipelines/pipeline.py` trains a model (tracked in the project's MLflow tracking server) and registers it in the
            project's model group, pending approval. Approving a version starts `.github/workflows/deploy.yml`, which deploys it
            to the staging endpoint, then waits for a reviewer of the `production` environment before deploying to production.

            - `pipelines/` — the model-building pipeline (@step functions) and its requirements.
            - `deploy/` — the endpoint template each stage is deployed with, and the script that deploys and checks it.
            """#
        ),
        (
            "deploy/deploy.py",
            #"""
            """Deploys an approved model version to one stage: the stage's stack (deploy/endpoint.yaml) is created, or updated in
            place (blue/green, with no failed request), then the endpoint is asked about the rows the model was registered with
            and must give the answers the model gave. Usage: deploy.py STAGE MODEL_PACKAGE_ARN"""

            import json
            import os
            import sys

            import boto3
            from botocore.exceptions import ClientError, WaiterError

            stage, package = sys.argv[1], sys.argv[2]
            project = os.environ["SAGEMAKER_PROJECT_NAME"]
            stack, endpoint = f"{project}-deploy-{stage}", f"{project}-{stage}"
            cloudformation, sagemaker = boto3.client("cloudformation"), boto3.client("sagemaker")
            template = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "endpoint.yaml")).read()
            parameters = [{"ParameterKey": "ModelPackageArn", "ParameterValue": package},
                          {"ParameterKey": "ModelExecutionRoleArn", "ParameterValue": os.environ["MODEL_EXECUTION_ROLE_ARN"]},
                          {"ParameterKey": "EndpointName", "ParameterValue": endpoint}]

            version = sagemaker.describe_model_package(ModelPackageName=package)
            if version["ModelApprovalStatus"] != "Approved":
                sys.exit(f"::error::{package} is {version['ModelApprovalStatus']}: only approved versions are deployed")
            try:
                cloudformation.describe_stacks(StackName=stack)
                exists = True
            except ClientError:
                exists = False
            try:
                if exists:
                    cloudformation.update_stack(StackName=stack, TemplateBody=template, Parameters=parameters)
                    waiter = "stack_update_complete"
                else:
                    cloudformation.create_stack(StackName=stack, TemplateBody=template, Parameters=parameters, Tags=[
                        {"Key": "sagemaker:project-name", "Value": project}, {"Key": "stage", "Value": stage}])
                    waiter = "stack_create_complete"
                print(f"{'updating' if exists else 'creating'} {stack} for {package}", flush=True)
                try:
                    cloudformation.get_waiter(waiter).wait(StackName=stack, WaiterConfig={"Delay": 2, "MaxAttempts": 450})
                except WaiterError:
                    for event in cloudformation.describe_stack_events(StackName=stack)["StackEvents"]:
                        if event["ResourceStatus"].endswith("FAILED"):
                            print(f"::error::{event['LogicalResourceId']} {event['ResourceStatus']}: {event.get('ResourceStatusReason', '')}", flush=True)
                    sys.exit(f"{stack} was not deployed")
            except ClientError as error:
                if "No updates are to be performed" not in str(error):
                    raise
                print(f"{stack} already serves {package}", flush=True)

            metadata = version.get("CustomerMetadataProperties", {})
            probes, expected = json.loads(metadata["probes"]), json.loads(metadata["probe-answers"])
            body = "\n".join(",".join(str(value) for value in row) for row in probes)
            answer = boto3.client("sagemaker-runtime").invoke_endpoint(EndpointName=endpoint, ContentType="text/csv", Accept="application/json", Body=body)
            result = json.loads(answer["Body"].read())
            predictions = [int(round(float(p))) for p in (result["predictions"] if isinstance(result, dict) else result)]
            print(f"{endpoint} answers {predictions}; the model answered {expected}", flush=True)
            if predictions != expected:
                sys.exit(f"::error::{endpoint} does not answer as the registered model did")
            with open(os.environ.get("GITHUB_STEP_SUMMARY", os.devnull), "a") as summary:
                summary.write(f"Deployed `{package}` to `{endpoint}` ({stage}).\n")
            """#
        ),
        (
            "deploy/endpoint.yaml",
            #"""
            AWSTemplateFormatVersion: "2010-09-09"
            Description: One stage's endpoint serving an approved model version
            Parameters:
              ModelPackageArn: {Type: String, Description: The approved model version}
              ModelExecutionRoleArn: {Type: String}
              EndpointName: {Type: String}
              InstanceType: {Type: String, Default: ml.m5.large}
              InstanceCount: {Type: Number, Default: 1, MinValue: 1}
            Resources:
              Model:
                Type: AWS::SageMaker::Model
                Properties:
                  ExecutionRoleArn: !Ref ModelExecutionRoleArn
                  Containers: [{ModelPackageName: !Ref ModelPackageArn}]
              EndpointConfig:
                Type: AWS::SageMaker::EndpointConfig
                Properties:
                  ProductionVariants:
                    - {ModelName: !GetAtt Model.ModelName, VariantName: AllTraffic, InitialInstanceCount: !Ref InstanceCount,
                       InstanceType: !Ref InstanceType, InitialVariantWeight: 1}
              Endpoint:
                Type: AWS::SageMaker::Endpoint
                Properties:
                  EndpointName: !Ref EndpointName
                  EndpointConfigName: !GetAtt EndpointConfig.EndpointConfigName
            Outputs:
              EndpointName: {Value: !GetAtt Endpoint.EndpointName}
            """#
        ),
        (
            "pipelines/pipeline.py",
            #"""
            """The project's model-building pipeline, written with the SageMaker Python SDK's @step functions: prepare the data,
            train a classifier (tracked in the project's MLflow tracking server), evaluate it, and register it for approval when
            it is accurate enough. The build workflow runs this file on every push to main: it upserts the pipeline, stops what
            an older commit started, starts an execution and waits for it."""

            import json
            import os

            import boto3
            from sagemaker.core.helper.session_helper import Session
            from sagemaker.core.workflow.conditions import ConditionGreaterThanOrEqualTo
            from sagemaker.core.workflow.functions import Join
            from sagemaker.core.workflow.parameters import ParameterFloat, ParameterInteger
            from sagemaker.mlops.workflow.condition_step import ConditionStep
            from sagemaker.mlops.workflow.fail_step import FailStep
            from sagemaker.mlops.workflow.function_step import step
            from sagemaker.mlops.workflow.pipeline import Pipeline

            PROJECT = os.environ["SAGEMAKER_PROJECT_NAME"]
            BUCKET = os.environ["ARTIFACT_BUCKET"]
            ROLE = os.environ["PIPELINE_ROLE_ARN"]
            GROUP = os.environ["MODEL_PACKAGE_GROUP"]
            TRACKING = os.environ["MLFLOW_TRACKING_SERVER_ARN"]
            IMAGE = os.environ["PIPELINE_IMAGE"]
            COMMIT = os.environ.get("GITHUB_SHA", "local")
            HERE = os.path.dirname(os.path.abspath(__file__))
            # Rows the registered model is asked about once trained; its answers go with the model version, so whoever deploys
            # it can check the endpoint gives the same.
            PROBES = [[0.5, -1.2, 0.3, 2.0, -0.7, 1.1], [-1.5, 0.8, -0.2, -2.2, 0.9, -0.4], [2.1, 1.7, -1.0, 0.4, 0.0, -1.3]]

            session = Session(boto_session=boto3.Session(), default_bucket=BUCKET, default_bucket_prefix="pipelines")
            settings = {"role": ROLE, "image_uri": IMAGE, "instance_type": "ml.m5.large", "dependencies": os.path.join(HERE, "requirements.txt"),
                        "environment_variables": {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"}}

            rows = ParameterInteger(name="Rows", default_value=600)
            minimum = ParameterFloat(name="MinAccuracy", default_value=0.75)


            @step(name="prepare", **settings)
            def prepare(count: int) -> dict:
                from sklearn.datasets import make_classification
                features, labels = make_classification(n_samples=count, n_features=6, n_informative=4, random_state=11)
                split = int(count * 0.8)
                return {"train": (features[:split].tolist(), labels[:split].tolist()), "test": (features[split:].tolist(), labels[split:].tolist())}


            @step(name="train", **settings)
            def train(data: dict, tracking_server: str, commit: str) -> dict:
                import mlflow
                from sklearn.linear_model import LogisticRegression
                features, labels = data["train"]
                mlflow.set_tracking_uri(tracking_server)
                mlflow.set_experiment("model-building")
                with mlflow.start_run(run_name=f"train-{commit[:8]}") as run:
                    model = LogisticRegression(C=0.8, max_iter=500).fit(features, labels)
                    mlflow.log_params({"C": 0.8, "rows": len(labels), "commit": commit})
                    mlflow.log_metric("train_accuracy", float(model.score(features, labels)))
                return {"model": model, "run": run.info.run_id}


            @step(name="evaluate", **settings)
            def evaluate(trained: dict, data: dict, tracking_server: str) -> dict:
                import mlflow
                features, labels = data["test"]
                accuracy = float(trained["model"].score(features, labels))
                mlflow.set_tracking_uri(tracking_server)
                with mlflow.start_run(run_id=trained["run"]):
                    mlflow.log_metric("test_accuracy", accuracy)
                return {"accuracy": accuracy}


            @step(name="register", **settings)
            def register(trained: dict, metrics: dict, bucket: str, group: str, commit: str, probes: list, inference: str) -> str:
                import io
                import json
                import pickle
                import tarfile
                import boto3
                archive = io.BytesIO()
                # The scikit-learn container's layout: the model, and the script that loads it under code/.
                with tarfile.open(fileobj=archive, mode="w:gz") as tar:
                    for name, body in [("model.pkl", pickle.dumps(trained["model"])), ("code/inference.py", inference.encode())]:
                        info = tarfile.TarInfo(name)
                        info.size = len(body)
                        tar.addfile(info, io.BytesIO(body))
                key = f"models/{commit}/model.tar.gz"
                boto3.client("s3").put_object(Bucket=bucket, Key=key, Body=archive.getvalue())
                answers = [int(p) for p in trained["model"].predict(probes)]
                package = boto3.client("sagemaker").create_model_package(
                    ModelPackageGroupName=group, ModelApprovalStatus="PendingManualApproval",
                    ModelPackageDescription=f"Trained from commit {commit}",
                    InferenceSpecification={"Containers": [{"Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3",
                                                            "ModelDataUrl": f"s3://{bucket}/{key}"}],
                                            "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv", "application/json"]},
                    CustomerMetadataProperties={"accuracy": str(metrics["accuracy"]), "commit": commit, "mlflow-run": trained["run"],
                                                "probes": json.dumps(probes), "probe-answers": json.dumps(answers)})
                return package["ModelPackageArn"]


            def main():
                data = prepare(rows)
                trained = train(data, TRACKING, COMMIT)
                metrics = evaluate(trained, data, TRACKING)
                with open(os.path.join(HERE, "inference.py")) as script:
                    registered = register(trained, metrics, BUCKET, GROUP, COMMIT, PROBES, script.read())
                check = ConditionStep(
                    name="check-accuracy", conditions=[ConditionGreaterThanOrEqualTo(left=metrics["accuracy"], right=minimum)],
                    if_steps=[registered], else_steps=[FailStep(name="too-inaccurate", error_message=Join(on=" ", values=["Accuracy is below", minimum]))])
                pipeline = Pipeline(name=f"{PROJECT}-model-building", parameters=[rows, minimum], steps=[check], sagemaker_session=session)
                pipeline.upsert(role_arn=ROLE, description=f"Model building for project {PROJECT}")

                # A newer commit supersedes what an older one started.
                client = boto3.client("sagemaker")
                for summary in client.list_pipeline_executions(PipelineName=pipeline.name)["PipelineExecutionSummaries"]:
                    if summary["PipelineExecutionStatus"] == "Executing":
                        client.stop_pipeline_execution(PipelineExecutionArn=summary["PipelineExecutionArn"])
                        print("stopped", summary["PipelineExecutionArn"], flush=True)

                execution = pipeline.start()
                print("started", execution.arn, flush=True)
                try:
                    execution.wait(delay=5, max_attempts=360)
                finally:
                    for item in client.list_pipeline_execution_steps(PipelineExecutionArn=execution.arn)["PipelineExecutionSteps"]:
                        print(f"step {item['StepName']}: {item['StepStatus']} {item.get('FailureReason', '')}", flush=True)
                print("accuracy", execution.result(step_name="evaluate")["accuracy"], flush=True)
                print("registered", execution.result(step_name="register"), flush=True)
                with open(os.environ.get("GITHUB_STEP_SUMMARY", os.devnull), "a") as summary:
                    summary.write(f"Pipeline execution `{execution.arn}` registered a model version for approval.\n")


            if __name__ == "__main__":
                main()
            """#
        ),
        (
            "pipelines/requirements.txt",
            #"""
            scikit-learn==1.2.2
            numpy==1.26.4
            scipy==1.13.1
            mlflow==3.17.2
            sagemaker-mlflow==0.5.0
            """#
        ),
        (
            "sagemaker-config.yaml",
            #"""
            SchemaVersion: '1.0'
            SageMaker:
              PythonSDK:
                Modules:
                  TelemetryOptOut: true
            """#
        ),
    ]
}
