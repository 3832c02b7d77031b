@testable import SageMakerPipelines

/// An in-memory execution state for expression tests: parameters, step descriptions and S3 objects.
struct FakeExpressionContext: ExpressionContext {
    /// What a lookup in the fake failed on.
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    var parameters: [String: PipelineValue] = [:]
    var variables: [String: PipelineValue] = ["PipelineExecutionId": "exec-1", "PipelineName": "my-pipeline"]
    var steps: [String: PipelineValue] = [:]
    var propertyFiles: [String: String] = [:]  // "Step/File" -> URI
    var objects: [String: String] = [:]

    func parameter(_ name: String) throws -> PipelineValue {
        guard let value = parameters[name] else { throw Missing(description: "no parameter \(name)") }
        return value
    }

    func executionVariable(_ name: String) throws -> PipelineValue {
        guard let value = variables[name] else { throw Missing(description: "no variable \(name)") }
        return value
    }

    func stepProperty(step: String, path: [PropertyPathComponent]) throws -> PipelineValue {
        guard let properties = steps[step] else { throw Missing(description: "step \(step) has not run") }
        guard let value = PropertyPath.lookup(path, in: properties) else {
            throw Missing(description: "step \(step) has no property \(PropertyPath.render(path))")
        }
        return value
    }

    func propertyFile(step: String, name: String) throws -> String {
        guard let uri = propertyFiles["\(step)/\(name)"] else { throw Missing(description: "no property file \(name)") }
        return uri
    }

    func readObject(_ s3URI: String) async throws -> String {
        guard let body = objects[s3URI] else { throw Missing(description: "NoSuchKey") }
        return body
    }
}
