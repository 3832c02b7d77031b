import Foundation
import Logging
import ServiceKit
import SlipwayCore
import Wire

/// The console's way to the API: an operation called in-process as the signed-in principal, with JSON members in
/// and out, so permissions, validation and error texts are the API's own.
struct ConsoleCalls: Sendable {
    let port: any ServiceCallPort
    let region: Region
    let clock: any WallClock
    let logger: Logger

    /// A failure to show on a page: the operation's error code and its message (an explained denial for
    /// `AccessDenied…`).
    struct Failure: Error, Sendable {
        var code: String
        var message: String
        var isDenied: Bool { code.hasPrefix("AccessDenied") }
    }

    /// The context an operation called for `current` sees: its principal, the browser's address and the host it
    /// reached (for the links operations answer).
    func context(_ current: ConsoleSessions.Current, _ request: ConsoleRequest) -> ServiceContext {
        var context = ServiceContext(
            account: current.account, region: region, principal: current.principal, requestID: UUID().uuidString, logger: logger,
            sourceIP: request.sourceIP, secureTransport: request.secureTransport, receivedAt: clock.now()
        )
        if let host = request.host { context.headers["host"] = host }
        return context
    }

    /// Calls `operation` of `service` with `input` as `current`'s principal; its answer's members.
    func call(_ service: String, _ operation: String, _ input: [String: JSONValue], as current: ConsoleSessions.Current, from request: ConsoleRequest) async throws(Failure) -> JSONValue {
        let context = context(current, request)
        do {
            let body = try JSONEncoder().encode(JSONValue.object(input))
            let answer = try await port.call(service: service, operation: operation, input: Array(body), context: context)
            guard !answer.isEmpty else { return .object([:]) }
            return try JSONDecoder().decode(JSONValue.self, from: Data(answer))
        } catch let error as any ServiceError {
            throw Failure(code: error.code, message: error.message)
        } catch {
            logger.error("console call \(service) \(operation) failed: \(error)")
            throw Failure(code: "InternalFailure", message: "\(operation) could not be completed.")
        }
    }
}

extension ConsoleCalls {
    /// Sends a request with a body of its own (an invocation's payload) to `operation` of `service` as `current`'s principal.
    func send(_ service: String, _ operation: String, _ wire: WireRequest, as current: ConsoleSessions.Current, from request: ConsoleRequest) async throws(Failure) -> WireResponse {
        let context = context(current, request)
        do {
            return try await port.send(service: service, operation: operation, request: wire, context: context)
        } catch let error as any ServiceError {
            throw Failure(code: error.code, message: error.message)
        } catch {
            logger.error("console call \(service) \(operation) failed: \(error)")
            throw Failure(code: "InternalFailure", message: "\(operation) could not be completed.")
        }
    }
}

/// Reading members of an operation's answer.
extension JSONValue {
    /// The objects of an array member (none when it is absent).
    func objects(_ key: String) -> [JSONValue] { self[key]?.arrayValue?.filter { $0.objectValue != nil } ?? [] }
    /// A string member.
    func string(_ key: String) -> String? { self[key]?.stringValue }
    /// A timestamp member (epoch seconds, as the JSON protocols carry it).
    func date(_ key: String) -> Date? { self[key]?.numberValue.map { Date(timeIntervalSince1970: $0) } }
}
