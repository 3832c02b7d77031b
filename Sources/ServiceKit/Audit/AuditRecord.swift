import Foundation

/// One line of the audit trail: who asked what of which service, and what was decided.
public struct AuditRecord: Sendable, Hashable, Codable {
    /// How a request ended, from the audit trail's point of view.
    public enum Decision: String, Sendable, Codable {
        case allowed
        case denied
        case unauthenticated
        case failed
    }

    public var time: Date
    public var requestID: String
    public var account: String?
    public var principal: String
    public var accessKeyID: String?
    public var service: String
    public var operation: String
    public var resource: String?
    public var decision: Decision
    public var errorCode: String?
    public var httpStatus: Int
    public var sourceIP: String?

    public init(
        time: Date, requestID: String, account: String?, principal: String, accessKeyID: String?, service: String,
        operation: String, resource: String?, decision: Decision, errorCode: String?, httpStatus: Int, sourceIP: String?
    ) {
        self.time = time
        self.requestID = requestID
        self.account = account
        self.principal = principal
        self.accessKeyID = accessKeyID
        self.service = service
        self.operation = operation
        self.resource = resource
        self.decision = decision
        self.errorCode = errorCode
        self.httpStatus = httpStatus
        self.sourceIP = sourceIP
    }
}
