import Foundation
import Logging
import MetadataStore
import ServiceKit
import SlipwayCore
import Synchronization
import Wire

/// What the edge learns about one request as it goes: the service, the caller, the operation; kept for the audit record.
final class Exchange: Sendable {
    let requestID: String
    let receivedAt: Date
    let sourceIP: String?
    private struct State {
        var entry: ServiceRegistry.Entry?
        var principal: Principal?
        var accessKeyID: String?
        var operation: String?
        var resource: String?
        var closeConnection = false
        var errorCode: String?
        var denied = false
    }
    private let state = Mutex(State())

    init(requestID: String, receivedAt: Date, sourceIP: String?) {
        self.requestID = requestID
        self.receivedAt = receivedAt
        self.sourceIP = sourceIP
    }

    var entry: ServiceRegistry.Entry? {
        get { state.withLock { $0.entry } }
        set { state.withLock { $0.entry = newValue } }
    }
    var principal: Principal? {
        get { state.withLock { $0.principal } }
        set { state.withLock { $0.principal = newValue } }
    }
    var accessKeyID: String? {
        get { state.withLock { $0.accessKeyID } }
        set { state.withLock { $0.accessKeyID = newValue } }
    }
    var operation: String? {
        get { state.withLock { $0.operation } }
        set { state.withLock { $0.operation = newValue } }
    }
    var closeConnection: Bool {
        get { state.withLock { $0.closeConnection } }
        set { state.withLock { $0.closeConnection = newValue } }
    }
    var resource: String? {
        get { state.withLock { $0.resource } }
        set { state.withLock { $0.resource = newValue } }
    }

    /// The error in the identified service's protocol (Query XML when no service was identified).
    func errorResponse(_ error: any Error, method: String, logger: Logger) -> WireResponse {
        let serviceError: any ServiceError
        if let known = error as? any ServiceError {
            serviceError = known
        } else if case .unstorableText? = error as? MetadataStoreError {
            serviceError = EdgeError.unstorableText(in: entry?.service.wireProtocol)
        } else {
            logger.error("unhandled error", metadata: ["request-id": .string(requestID), "error": .string(String(describing: error))])
            serviceError = EdgeError.internalFailure
        }
        state.withLock {
            $0.errorCode = serviceError.code
            $0.denied = error is AccessDeniedError
        }
        let codec = entry?.codec ?? WireCodec(.query(apiVersion: "2010-05-08", xmlNamespace: "https://iam.amazonaws.com/doc/2010-05-08/"))
        return codec.encodeError(serviceError, requestID: requestID, method: method)
    }

    func auditRecord(status: Int) -> AuditRecord {
        state.withLock { s in
            let decision: AuditRecord.Decision =
                if s.denied { .denied }
                else if s.principal == nil, s.errorCode != nil { .unauthenticated }
                else if s.errorCode != nil { .failed }
                else { .allowed }
            return AuditRecord(
                time: receivedAt, requestID: requestID, account: s.principal?.account?.rawValue, principal: s.principal?.arn ?? "-",
                accessKeyID: s.accessKeyID, service: s.entry?.service.serviceName ?? "-", operation: s.operation ?? "-",
                resource: s.resource, decision: decision, errorCode: s.errorCode, httpStatus: status, sourceIP: sourceIP
            )
        }
    }
}
