import Foundation
import ServiceKit
import Wire

/// Builds each console page: what it asks the API, what it shows, and the frame around it.
struct ConsolePages: Sendable {
    let renderer: PageRenderer
    let calls: ConsoleCalls
    let authorizer: any AuthorizationPort

    /// Whether `current` may read the audit trail (`cloudtrail:LookupEvents`), which the Administration link stands for.
    func administers(_ current: ConsoleSessions.Current, _ request: ConsoleRequest) async -> Bool {
        let access = AccessRequest(action: "cloudtrail:LookupEvents", resource: "*", resourceAccount: current.account.rawValue)
        return (try? await authorizer.decide(access, context: calls.context(current, request)).isAllowed) ?? false
    }

    /// The cookie that carries the sign-in form's token until a session has its own.
    static let formCookie = "slipway-console-form"

    /// The frame's values for a page titled `title`.
    func frame(_ title: String, _ current: ConsoleSessions.Current?) -> [String: Any] {
        var values: [String: Any] = ["title": title, "signedIn": current != nil]
        if let current {
            values["principal"] = current.principal.arn
            values["csrf"] = current.session.csrf
            values["administers"] = current.administers
        }
        return values
    }

    func signIn(_ request: ConsoleRequest, message: String? = nil, error: String? = nil, status: Int = 200, keepAccessKey: String = "") -> WireResponse {
        let token = SecretTokens.make()
        var values = frame("Sign in", nil)
        values["formToken"] = token
        values["accessKeyID"] = keepAccessKey
        if let message { values["message"] = message }
        if let error { values["error"] = error }
        let cookie = ConsoleResponse.cookie(Self.formCookie, token, maxAge: 3600, secure: request.allowsSecureCookies)
        return ConsoleResponse.html(status, renderer.render("sign-in", values), cookies: [cookie])
    }

    func message(status: Int, heading: String, text: String, back: String, signedIn current: ConsoleSessions.Current?) -> WireResponse {
        var values = frame(heading, current)
        values["heading"] = heading
        values["text"] = text
        values["back"] = back
        values["backLabel"] = current == nil ? "Sign in" : "Back"
        return ConsoleResponse.html(status, renderer.render("message", values))
    }

    static let dateFormat: Date.FormatStyle = Date.FormatStyle(date: .abbreviated, time: .shortened, timeZone: TimeZone(identifier: "UTC") ?? .current)

    static func shown(_ date: Date?) -> String {
        guard let date else { return "" }
        return date.formatted(dateFormat) + " UTC"
    }

    static func iso(_ date: Date?) -> String {
        date?.formatted(.iso8601) ?? ""
    }

    /// How a status reads at a glance: settled well, failed, or under way.
    static func tone(_ status: String) -> String {
        if status.hasSuffix("Completed") || status == "InService" || status == "Succeeded" || status == "Approved" { return "good" }
        if status.hasSuffix("Failed") || status == "Failed" || status == "Rejected" { return "bad" }
        return "busy"
    }
}
