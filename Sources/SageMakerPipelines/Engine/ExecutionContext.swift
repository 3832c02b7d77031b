import Foundation
import ServiceKit
import SlipwayCore

/// What an execution's expressions read: its parameters, its variables, the properties of its finished steps, and S3
/// objects read as the pipeline's role.
struct ExecutionContext: ExpressionContext {
    let execution: ExecutionRecord
    let definition: PipelineDefinition
    let parameters: [String: PipelineValue]
    let objects: any ObjectPort
    let role: ServiceContext
    let now: Date

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    func parameter(_ name: String) throws -> PipelineValue {
        guard let value = parameters[name] else { throw PipelineExpressionError("Parameter \(name) has no value in this execution") }
        return value
    }

    func executionVariable(_ name: String) throws -> PipelineValue {
        switch name {
        case "PipelineExecutionId": return .string(execution.id)
        case "PipelineExecutionArn": return .string(execution.arn)
        case "PipelineArn": return .string(execution.pipelineArn)
        case "PipelineName": return .string(execution.pipelineName)
        case "StartDateTime": return .string(Self.timestamp(execution.created))
        case "CurrentDateTime": return .string(Self.timestamp(now))
        default: throw PipelineExpressionError("Execution.\(name) is not an execution variable")
        }
    }

    func stepProperty(step: String, path: [PropertyPathComponent]) throws -> PipelineValue {
        guard let record = execution.step(step), record.status == "Succeeded", let properties = record.properties else {
            throw PipelineExpressionError("Step \(step) has not succeeded, so Steps.\(step).\(PropertyPath.render(path)) has no value")
        }
        guard let value = PropertyPath.lookup(path, in: properties) else {
            throw PipelineExpressionError("Steps.\(step).\(PropertyPath.render(path)) does not exist in the properties of step \(step)")
        }
        return value
    }

    func propertyFile(step: String, name: String) throws -> String {
        guard let file = definition.step(named: step)?.propertyFiles.first(where: { $0.name == name }) else {
            throw PipelineExpressionError("Step \(step) declares no property file \(name)")
        }
        let path: [PropertyPathComponent] = [.key("ProcessingOutputConfig"), .key("Outputs"), .named(file.outputName), .key("S3Output"), .key("S3Uri")]
        guard let uri = try stepProperty(step: step, path: path).string else {
            throw PipelineExpressionError("Output \(file.outputName) of step \(step) has no S3 URI for property file \(name)")
        }
        return (uri.hasSuffix("/") ? uri : uri + "/") + file.filePath
    }

    func readObject(_ s3URI: String) async throws -> String {
        guard s3URI.hasPrefix("s3://") else { throw PipelineExpressionError("\(s3URI) is not an s3:// URI") }
        let rest = s3URI.dropFirst(5)
        let bucket = String(rest.prefix { $0 != "/" })
        let key = String(rest.dropFirst(bucket.count + 1))
        let content = try await objects.read(ObjectLocation(bucket: bucket, key: key), context: role, limit: 16 << 20)
        return String(decoding: content.bytes, as: UTF8.self)
    }
}
