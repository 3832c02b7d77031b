import Foundation
import ServiceKit
import Wire

/// Builds each console page: what it asks the API, what it shows, and the frame around it.
struct ConsolePages: Sendable {
    let renderer: PageRenderer
    let calls: ConsoleCalls

    /// The cookie that carries the sign-in form's token until a session has its own.
    static let formCookie = "slipway-console-form"

    /// The frame's values for a page titled `title`.
    func frame(_ title: String, _ current: ConsoleSessions.Current?) -> [String: Any] {
        var values: [String: Any] = ["title": title, "signedIn": current != nil]
        if let current {
            values["principal"] = current.principal.arn
            values["csrf"] = current.session.csrf
        }
        return values
    }

    func signIn(_ request: ConsoleRequest, message: String? = nil, error: String? = nil, status: Int = 200, keepAccessKey: String = "") -> WireResponse {
        let token = SessionTokens.make()
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
        date.map { ISO8601DateFormatter().string(from: $0) } ?? ""
    }

    /// How a status reads at a glance: settled well, failed, or under way.
    static func tone(_ status: String) -> String {
        if status.hasSuffix("Completed") || status == "InService" || status == "Succeeded" || status == "Approved" { return "good" }
        if status.hasSuffix("Failed") || status == "Failed" || status == "Rejected" { return "bad" }
        return "busy"
    }
}
