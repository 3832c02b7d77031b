import Foundation
import Wire

/// The console's answers: HTML pages and redirects, each with the headers that keep a page from being framed,
/// sniffed, cached or made to run script it did not ship.
enum ConsoleResponse {
    /// No script, styles from the console's own stylesheet, forms posting only to the console.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static let securityHeaders: [(name: String, value: String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Cache-Control", "no-store"),
    ]

    static func html(_ status: Int, _ page: String, cookies: [String] = []) -> WireResponse {
        WireResponse(
            status: status, headers: [("Content-Type", "text/html; charset=utf-8")] + securityHeaders + cookies.map { ("Set-Cookie", $0) },
            body: Array(page.utf8)
        )
    }

    /// A `303 See Other` to `location` (a console path), after a form or to a sign-in.
    static func redirect(_ location: String, cookies: [String] = []) -> WireResponse {
        WireResponse(status: 303, headers: [("Location", location)] + securityHeaders + cookies.map { ("Set-Cookie", $0) })
    }

    static func stylesheet() -> WireResponse {
        WireResponse(
            status: 200, headers: [("Content-Type", "text/css; charset=utf-8"), ("Cache-Control", "max-age=300"), ("X-Content-Type-Options", "nosniff")],
            body: Array(ConsoleStylesheet.text.utf8)
        )
    }

    /// A cookie for the console's paths only, never readable by script, sent on top-level navigations from other
    /// sites but not on their posts; `secure` where the browser accepts it.
    static func cookie(_ name: String, _ value: String, maxAge: Int?, secure: Bool) -> String {
        var parts = ["\(name)=\(value)", "Path=/console", "HttpOnly", "SameSite=Lax"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}
