import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// The way in to a managed server's MLflow process once a call is authorized: it answers for a server that is not
/// running, waits briefly for one that is starting, and passes the call on (a UI path without the server's prefix).
public struct MlflowGateway: Sendable {
    let store: MlflowStore
    let supervisor: MlflowSupervisor
    /// How long a call waits for a starting or restarting server before it is refused.
    static let readyWait: Duration = .seconds(30)

    func forward(
        _ record: MlflowServerRecord, method: String, path: String, query: String, headers: [(name: String, value: String)], body: [UInt8]
    ) async throws -> WireResponse {
        guard record.shouldRun else {
            throw MlflowError(
                code: "ConflictException", message: "\(record.kind == .app ? "MLflow app" : "Tracking server") \(record.arn) is not running: its status is \(record.status).",
                httpStatus: 409
            )
        }
        let socket = try await readySocket(record)
        // MLflow serves at its root; its UI asks for everything by relative paths, so the browser's prefix comes off.
        let upstreamPath = path.hasPrefix(record.uiPrefix + "/") ? String(path.dropFirst(record.uiPrefix.count)) : path
        do {
            return try await MlflowUpstream.forward(socket: socket, method: method, path: upstreamPath, query: query, headers: headers, body: body)
        } catch {
            throw MlflowError(code: "ServiceUnavailable", message: "The MLflow server \(record.arn) did not answer: \(error)", httpStatus: 503)
        }
    }

    private func readySocket(_ record: MlflowServerRecord) async throws -> String {
        let deadline = ContinuousClock.now + Self.readyWait
        while true {
            if let socket = supervisor.readySocket(record.id) { return socket }
            guard ContinuousClock.now < deadline, supervisor.supervises(record.id) else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw MlflowError(
            code: "ServiceUnavailable", message: "The MLflow server \(record.arn) is not answering yet; try again shortly.", httpStatus: 503
        )
    }
}

/// SageMaker's errors for MLflow servers and their traffic.
struct MlflowError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int

    static func validation(_ message: String) -> MlflowError { MlflowError(code: "ValidationException", message: message, httpStatus: 400) }
    static func notFound(_ message: String) -> MlflowError { MlflowError(code: "ResourceNotFound", message: message, httpStatus: 400) }
    static func conflict(_ message: String) -> MlflowError { MlflowError(code: "ConflictException", message: message, httpStatus: 400) }
    static func limit(_ message: String) -> MlflowError { MlflowError(code: "ResourceLimitExceeded", message: message, httpStatus: 400) }

    static func check(_ value: String, member: String, pattern: String, min: Int = 1, max: Int) throws {
        guard (min...max).contains(value.count), value.range(of: "^(\(pattern))$", options: .regularExpression) != nil else {
            throw validation("1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: \(pattern)")
        }
    }
}
