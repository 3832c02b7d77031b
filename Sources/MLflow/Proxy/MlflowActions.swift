/// Which `sagemaker-mlflow:` action each MLflow REST call needs, as SageMaker names them: the RPC's name, taken from
/// MLflow's own service definitions (`/api/<version>/mlflow/...` and the UI's `/ajax-api/...` twins). Calls MLflow
/// offers that SageMaker's managed servers do not (webhooks, the AI gateway, workspaces, review queues, server-side
/// jobs) have no action, and never reach MLflow.
enum MlflowActions {
    /// The action a call needs; nil for a call no action covers. `path` has the server's prefix removed.
    static func action(method: String, path: String) -> String? {
        let method = method == "HEAD" ? "GET" : method
        var rest: Substring
        if path.hasPrefix("/api/") {
            rest = path.dropFirst(4)
        } else if path.hasPrefix("/ajax-api/") {
            rest = path.dropFirst(9)
            if let ui = uiOnly[String(rest)] { return ui }
        } else {
            return ui(path)
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        let key = String(rest)
        if let exact = exact[method + " " + key] { return exact }
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        for (routeMethod, template, action) in templated where routeMethod == method && template.count == segments.count {
            if zip(template, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) { return action }
        }
        return nil
    }

    /// The UI's own pages, files and helper endpoints need `AccessUI`; anything else outside the API is no call.
    static func ui(_ path: String) -> String? {
        if path == "/" || path.isEmpty || path.hasPrefix("/static-files/") { return "AccessUI" }
        return uiPaths.contains(path) ? "AccessUI" : nil
    }

    static let uiPaths: Set<String> = ["/health", "/version", "/get-artifact", "/model-versions/get-artifact", "/graphql", "/server-info"]

    /// UI helper endpoints under `/ajax-api` that are not RPCs of their own.
    static let uiOnly: [String: String] = [
        "/2.0/mlflow/metrics/get-history-bulk": "GetMetricHistory",
        "/2.0/mlflow/metrics/get-history-bulk-interval": "GetMetricHistoryBulkInterval",
        "/2.0/mlflow/experiments/search-datasets": "SearchDatasets",
        "/2.0/mlflow/get-trace-artifact": "GetTraceInfo",
        "/3.0/mlflow/get-trace-artifact": "GetTraceInfo",
        "/3.0/mlflow/ui-telemetry": "AccessUI",
    ]

    static let exact: [String: String] = Dictionary(
        routes.filter { !$0.1.contains("{") }.map { ($0.0 + " " + $0.1, $0.2) }, uniquingKeysWith: { first, _ in first }
    )

    static let templated: [(String, [Substring], String)] = routes.filter { $0.1.contains("{") }.map {
        ($0.0, $0.1.split(separator: "/", omittingEmptySubsequences: false), $0.2)
    }

    /// Method, path after `/api`, action.
    static let routes: [(String, String, String)] = [
        ("GET", "/2.0/mlflow/experiments/get-by-name", "GetExperimentByName"),
        ("POST", "/2.0/mlflow/experiments/create", "CreateExperiment"),
        ("POST", "/2.0/mlflow/experiments/search", "SearchExperiments"),
        ("GET", "/2.0/mlflow/experiments/search", "SearchExperiments"),
        ("GET", "/2.0/mlflow/experiments/get", "GetExperiment"),
        ("POST", "/2.0/mlflow/experiments/delete", "DeleteExperiment"),
        ("POST", "/2.0/mlflow/experiments/restore", "RestoreExperiment"),
        ("POST", "/2.0/mlflow/experiments/update", "UpdateExperiment"),
        ("POST", "/2.0/mlflow/runs/create", "CreateRun"),
        ("POST", "/2.0/mlflow/runs/update", "UpdateRun"),
        ("POST", "/2.0/mlflow/runs/delete", "DeleteRun"),
        ("POST", "/2.0/mlflow/runs/restore", "RestoreRun"),
        ("POST", "/2.0/mlflow/runs/log-metric", "LogMetric"),
        ("POST", "/2.0/mlflow/runs/log-parameter", "LogParam"),
        ("POST", "/2.0/mlflow/experiments/set-experiment-tag", "SetExperimentTag"),
        ("POST", "/2.0/mlflow/experiments/delete-experiment-tag", "DeleteExperimentTag"),
        ("POST", "/2.0/mlflow/runs/set-tag", "SetTag"),
        ("PATCH", "/2.0/mlflow/traces/{request_id}/tags", "SetTraceTag"),
        ("PATCH", "/3.0/mlflow/traces/{trace_id}/tags", "SetTraceTag"),
        ("DELETE", "/2.0/mlflow/traces/{request_id}/tags", "DeleteTraceTag"),
        ("DELETE", "/3.0/mlflow/traces/{trace_id}/tags", "DeleteTraceTag"),
        ("POST", "/2.0/mlflow/runs/delete-tag", "DeleteTag"),
        ("GET", "/2.0/mlflow/runs/get", "GetRun"),
        ("POST", "/2.0/mlflow/runs/search", "SearchRuns"),
        ("GET", "/2.0/mlflow/artifacts/list", "ListArtifacts"),
        ("POST", "/2.0/mlflow/artifacts/presigned-upload-url", "CreatePresignedUploadUrl"),
        ("POST", "/2.0/mlflow/artifacts/presigned-download-url", "CreatePresignedDownloadUrl"),
        ("GET", "/2.0/mlflow/metrics/get-history", "GetMetricHistory"),
        ("GET", "/2.0/mlflow/metrics/get-history-bulk-interval", "GetMetricHistoryBulkInterval"),
        ("POST", "/2.0/mlflow/runs/log-batch", "LogBatch"),
        ("POST", "/2.0/mlflow/runs/log-model", "LogModel"),
        ("POST", "/2.0/mlflow/runs/log-inputs", "LogInputs"),
        ("POST", "/2.0/mlflow/runs/outputs", "LogOutputs"),
        ("POST", "/2.0/mlflow/experiments/search-datasets", "SearchDatasets"),
        ("POST", "/2.0/mlflow/traces", "StartTrace"),
        ("PATCH", "/2.0/mlflow/traces/{request_id}", "EndTrace"),
        ("GET", "/2.0/mlflow/traces/{request_id}/info", "GetTraceInfo"),
        ("GET", "/3.0/mlflow/traces/{trace_id}", "GetTraceInfo"),
        ("GET", "/3.0/mlflow/traces/get", "GetTrace"),
        ("GET", "/3.0/mlflow/traces/batchGet", "BatchGetTraces"),
        ("POST", "/3.0/mlflow/traces/batchGetInfos", "BatchGetTraceInfos"),
        ("GET", "/2.0/mlflow/traces", "SearchTraces"),
        ("POST", "/3.0/mlflow/traces/search", "SearchTraces"),
        ("POST", "/3.0/mlflow/traces", "StartTrace"),
        ("POST", "/2.0/mlflow/traces/link-to-run", "LinkTracesToRun"),
        ("POST", "/2.0/mlflow/traces/link-prompts", "LinkPromptsToTrace"),
        ("GET", "/2.0/mlflow/unified-traces", "SearchUnifiedTraceHandler"),
        ("GET", "/2.0/mlflow/get-online-trace-details", "GetOnlineTraceDetails"),
        ("POST", "/2.0/mlflow/traces/delete-traces", "DeleteTraces"),
        ("POST", "/3.0/mlflow/traces/delete-traces", "DeleteTraces"),
        ("POST", "/3.0/mlflow/traces/calculate-filter-correlation", "CalculateTraceFilterCorrelation"),
        ("POST", "/3.0/mlflow/traces/metrics", "QueryTraceMetrics"),
        ("POST", "/2.0/mlflow/logged-models", "CreateLoggedModel"),
        ("PATCH", "/2.0/mlflow/logged-models/{model_id}", "FinalizeLoggedModel"),
        ("GET", "/2.0/mlflow/logged-models/{model_id}", "GetLoggedModel"),
        ("DELETE", "/2.0/mlflow/logged-models/{model_id}", "DeleteLoggedModel"),
        ("POST", "/2.0/mlflow/logged-models/search", "SearchLoggedModels"),
        ("PATCH", "/2.0/mlflow/logged-models/{model_id}/tags", "SetLoggedModelTags"),
        ("DELETE", "/2.0/mlflow/logged-models/{model_id}/tags/{tag_key}", "DeleteLoggedModelTag"),
        ("GET", "/2.0/mlflow/logged-models/{model_id}/artifacts/directories", "ListLoggedModelArtifacts"),
        ("POST", "/2.0/mlflow/logged-models/{model_id}/params", "LogLoggedModelParams"),
        ("GET", "/3.0/mlflow/traces/{trace_id}/assessments/{assessment_id}", "GetAssessment"),
        ("POST", "/3.0/mlflow/traces/{assessment.trace_id}/assessments", "CreateAssessment"),
        ("PATCH", "/3.0/mlflow/traces/{trace_id}/assessments/{assessment_id}", "UpdateAssessment"),
        ("DELETE", "/3.0/mlflow/traces/{trace_id}/assessments/{assessment_id}", "DeleteAssessment"),
        ("POST", "/3.0/mlflow/datasets/create", "CreateDataset"),
        ("GET", "/3.0/mlflow/datasets/{dataset_id}", "GetDataset"),
        ("DELETE", "/3.0/mlflow/datasets/{dataset_id}", "DeleteDataset"),
        ("POST", "/3.0/mlflow/datasets/search", "SearchEvaluationDatasets"),
        ("GET", "/3.0/mlflow/datasets/search", "SearchEvaluationDatasets"),
        ("PATCH", "/3.0/mlflow/datasets/{dataset_id}/tags", "SetDatasetTags"),
        ("DELETE", "/3.0/mlflow/datasets/{dataset_id}/tags/{key}", "DeleteDatasetTag"),
        ("POST", "/3.0/mlflow/datasets/{dataset_id}/records", "UpsertDatasetRecords"),
        ("GET", "/3.0/mlflow/datasets/{dataset_id}/experiment-ids", "GetDatasetExperimentIds"),
        ("GET", "/3.0/mlflow/datasets/{dataset_id}/records", "GetDatasetRecords"),
        ("DELETE", "/3.0/mlflow/datasets/{dataset_id}/records", "DeleteDatasetRecords"),
        ("POST", "/3.0/mlflow/datasets/{dataset_id}/add-experiments", "AddDatasetToExperiments"),
        ("POST", "/3.0/mlflow/datasets/{dataset_id}/remove-experiments", "RemoveDatasetFromExperiments"),
        ("POST", "/2.0/mlflow/registered-models/create", "CreateRegisteredModel"),
        ("POST", "/2.0/mlflow/registered-models/rename", "RenameRegisteredModel"),
        ("PATCH", "/2.0/mlflow/registered-models/update", "UpdateRegisteredModel"),
        ("DELETE", "/2.0/mlflow/registered-models/delete", "DeleteRegisteredModel"),
        ("GET", "/2.0/mlflow/registered-models/get", "GetRegisteredModel"),
        ("GET", "/2.0/mlflow/registered-models/search", "SearchRegisteredModels"),
        ("POST", "/2.0/mlflow/registered-models/get-latest-versions", "GetLatestModelVersions"),
        ("GET", "/2.0/mlflow/registered-models/get-latest-versions", "GetLatestModelVersions"),
        ("POST", "/2.0/mlflow/model-versions/create", "CreateModelVersion"),
        ("PATCH", "/2.0/mlflow/model-versions/update", "UpdateModelVersion"),
        ("POST", "/2.0/mlflow/model-versions/transition-stage", "TransitionModelVersionStage"),
        ("DELETE", "/2.0/mlflow/model-versions/delete", "DeleteModelVersion"),
        ("GET", "/2.0/mlflow/model-versions/get", "GetModelVersion"),
        ("GET", "/2.0/mlflow/model-versions/search", "SearchModelVersions"),
        ("GET", "/2.0/mlflow/model-versions/get-download-uri", "GetDownloadURIForModelVersionArtifacts"),
        ("POST", "/2.0/mlflow/registered-models/set-tag", "SetRegisteredModelTag"),
        ("POST", "/2.0/mlflow/model-versions/set-tag", "SetModelVersionTag"),
        ("DELETE", "/2.0/mlflow/registered-models/delete-tag", "DeleteRegisteredModelTag"),
        ("DELETE", "/2.0/mlflow/model-versions/delete-tag", "DeleteModelVersionTag"),
        ("POST", "/2.0/mlflow/registered-models/alias", "SetRegisteredModelAlias"),
        ("DELETE", "/2.0/mlflow/registered-models/alias", "DeleteRegisteredModelAlias"),
        ("GET", "/2.0/mlflow/registered-models/alias", "GetModelVersionByAlias"),
    ]
}
