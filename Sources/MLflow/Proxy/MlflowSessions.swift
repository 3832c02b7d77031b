import Foundation
import Logging
import ServiceKit
import SlipwayCore
import Wire

/// MLflow's own UI in a browser, through Slipway: a presigned link (from `CreatePresigned…Url`) is redeemed once for
/// a session cookie bound to the caller's access key, and every later page, file and UI call under the server's
/// prefix is authorized as that key's principal — re-checked each time, so a disabled key or a changed policy
/// takes effect at the next request — before it reaches MLflow.
public struct MlflowSessions: Sendable {
    let store: MlflowStore
    let gateway: MlflowGateway
    let identities: any IdentityPort
    let authorizer: any AuthorizationPort
    let clock: any WallClock
    let logger: Logger
    static let prefix = "/_slipway/mlflow/"

    static func cookieName(_ id: String) -> String { "slipway-mlflow-" + id }

    /// Whether `path` is an MLflow UI path this gateway answers.
    public static func handles(_ path: String) -> Bool { path.hasPrefix(prefix) }

    /// Answers a browser's request under `/_slipway/mlflow/<id>/`.
    public func handle(method: String, path: String, query: String, headers: [(name: String, value: String)], body: [UInt8], sourceIP: String?) async -> WireResponse {
        let rest = path.dropFirst(Self.prefix.count)
        let id = String(rest.prefix { $0 != "/" })
        do {
            guard let record = try await store.server(id: id) else { return Self.page(404, "No such MLflow server.") }
            if rest == id {
                return WireResponse(status: 302, headers: [("Location", record.uiPrefix + "/")])
            }
            let inner = String(rest.dropFirst(id.count))
            if inner == "/auth" { return try await redeem(record, query: query) }
            guard let grant = try await session(record, headers: headers) else {
                return Self.page(403, "Open this MLflow server through a presigned URL (CreatePresignedMlflowTrackingServerUrl); your session has ended or was never opened.")
            }
            if ["POST", "PUT", "PATCH", "DELETE"].contains(method), let origin = Self.header("origin", headers), let host = Self.header("host", headers),
               origin != "http://\(host)" && origin != "https://\(host)" {
                return Self.page(403, "Cross-site requests are refused.")
            }
            let identity: SigningIdentity
            do {
                identity = try await identities.signingIdentity(accessKeyID: grant.accessKeyID)
            } catch {
                return Self.page(403, "The access key this session was opened with can no longer be used.")
            }
            let now = clock.now()
            if let expiration = identity.expiration, expiration <= now { return Self.page(403, "The credentials this session was opened with have expired.") }
            guard let action = MlflowActions.action(method: method, path: inner) else { return Self.page(404, "No such MLflow page.") }
            guard let account = identity.principal.account ?? AccountID(record.account) else { return Self.page(403, "The session's account is not valid.") }
            let context = ServiceContext(
                account: account, region: Region(record.region) ?? .usEast1,
                principal: identity.principal, requestID: UUID().uuidString, logger: logger, sourceIP: sourceIP, receivedAt: now
            )
            let access = AccessRequest(action: "sagemaker-mlflow:\(action)", resource: record.arn, resourceAccount: record.account)
            do {
                try await authorizer.authorize(access, context: context, deniedCode: "AccessDeniedException")
            } catch let denied as AccessDeniedError {
                return Self.json(403, ["error_code": "PERMISSION_DENIED", "message": denied.message])
            }
            return try await gateway.forward(record, method: method, path: path, query: query, headers: headers, body: body)
        } catch let error as any ServiceError {
            return Self.json(error.httpStatus, ["error_code": error.code, "message": error.message])
        } catch {
            logger.error("MLflow UI request failed: \(error)")
            return Self.page(500, "The MLflow server could not be reached.")
        }
    }

    /// Trades a presigned link's token for a session cookie, once.
    private func redeem(_ record: MlflowServerRecord, query: String) async throws -> WireResponse {
        let token = query.split(separator: "&").compactMap { pair -> String? in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return parts.count == 2 && parts[0] == "authToken" ? String(parts[1]) : nil
        }.first ?? ""
        let now = clock.now()
        guard !token.isEmpty, let grant = try await store.redeem(hash: SecretTokens.hash(token), serverID: record.id, purpose: "url", now: now) else {
            return Self.page(403, "This presigned URL is not valid: it has expired or was already used. Create a new one.")
        }
        let session = SecretTokens.make()
        try await store.saveToken(
            hash: SecretTokens.hash(session), serverID: record.id, purpose: "session", accessKeyID: grant.accessKeyID,
            expires: now.addingTimeInterval(Double(grant.sessionSeconds)), sessionSeconds: grant.sessionSeconds
        )
        let cookie = "\(Self.cookieName(record.id))=\(session); Path=\(record.uiPrefix)/; Max-Age=\(grant.sessionSeconds); HttpOnly; SameSite=Lax"
        return WireResponse(status: 302, headers: [("Location", record.uiPrefix + "/"), ("Set-Cookie", cookie), ("Cache-Control", "no-store")])
    }

    private func session(_ record: MlflowServerRecord, headers: [(name: String, value: String)]) async throws -> MlflowStore.Grant? {
        let name = Self.cookieName(record.id)
        for (header, value) in headers where header.lowercased() == "cookie" {
            for part in value.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0] == name else { continue }
                if let grant = try await store.redeem(hash: SecretTokens.hash(String(pair[1])), serverID: record.id, purpose: "session", now: clock.now()) {
                    return grant
                }
            }
        }
        return nil
    }

    static func header(_ name: String, _ headers: [(name: String, value: String)]) -> String? {
        headers.first { $0.name.lowercased() == name }?.value
    }

    static func page(_ status: Int, _ message: String) -> WireResponse {
        let escaped = MarkupText.escaped(message)
        return WireResponse(
            status: status, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
            body: Array("<!doctype html><title>MLflow</title><p>\(escaped)</p>\n".utf8)
        )
    }

    static func json(_ status: Int, _ fields: [String: String]) -> WireResponse {
        let body = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        return WireResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(body))
    }
}
