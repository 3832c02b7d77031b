import Testing
@testable import MLflow

/// Which `sagemaker-mlflow:` action each MLflow call needs, and which calls never reach MLflow.
@Suite struct MlflowActionsTests {
    @Test func apiCallsNeedTheirRPCsAction() {
        #expect(MlflowActions.action(method: "POST", path: "/api/2.0/mlflow/experiments/create") == "CreateExperiment")
        #expect(MlflowActions.action(method: "POST", path: "/api/2.0/mlflow/runs/log-metric") == "LogMetric")
        #expect(MlflowActions.action(method: "GET", path: "/api/2.0/mlflow/experiments/get-by-name") == "GetExperimentByName")
        #expect(MlflowActions.action(method: "POST", path: "/api/2.0/mlflow/runs/search") == "SearchRuns")
        #expect(MlflowActions.action(method: "GET", path: "/api/2.0/mlflow/registered-models/get-latest-versions") == "GetLatestModelVersions")
        #expect(MlflowActions.action(method: "GET", path: "/api/2.0/mlflow/model-versions/get-download-uri") == "GetDownloadURIForModelVersionArtifacts")
    }

    @Test func templatedPathsMatchTheirRoute() {
        #expect(MlflowActions.action(method: "GET", path: "/api/2.0/mlflow/logged-models/m-123") == "GetLoggedModel")
        #expect(MlflowActions.action(method: "PATCH", path: "/api/2.0/mlflow/logged-models/m-123") == "FinalizeLoggedModel")
        #expect(MlflowActions.action(method: "POST", path: "/api/2.0/mlflow/logged-models/search") == "SearchLoggedModels")
        #expect(MlflowActions.action(method: "GET", path: "/api/3.0/mlflow/traces/get") == "GetTrace")
        #expect(MlflowActions.action(method: "GET", path: "/api/3.0/mlflow/traces/tr-1") == "GetTraceInfo")
    }

    @Test func theUIsCallsAndPagesAreCovered() {
        #expect(MlflowActions.action(method: "POST", path: "/ajax-api/2.0/mlflow/runs/search") == "SearchRuns")
        #expect(MlflowActions.action(method: "GET", path: "/ajax-api/2.0/mlflow/metrics/get-history-bulk") == "GetMetricHistory")
        #expect(MlflowActions.action(method: "GET", path: "/") == "AccessUI")
        #expect(MlflowActions.action(method: "GET", path: "/static-files/lib/app.js") == "AccessUI")
        #expect(MlflowActions.action(method: "GET", path: "/get-artifact") == "AccessUI")
    }

    @Test func callsManagedMLflowDoesNotServeHaveNoAction() {
        #expect(MlflowActions.action(method: "POST", path: "/api/2.0/mlflow/webhooks") == nil)
        #expect(MlflowActions.action(method: "POST", path: "/api/3.0/mlflow/gateway/secrets/create") == nil)
        #expect(MlflowActions.action(method: "GET", path: "/api/3.0/mlflow/workspaces") == nil)
        #expect(MlflowActions.action(method: "DELETE", path: "/api/2.0/mlflow/experiments/create") == nil)
        #expect(MlflowActions.action(method: "GET", path: "/admin") == nil)
        #expect(MlflowActions.action(method: "GET", path: "/api/2.0/mlflow/../../etc/passwd") == nil)
    }
}
