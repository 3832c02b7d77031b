import Foundation
import Logging
import ServiceKit
import SlipwayCore
import Wire

/// The console under `/console/`, reached by browsers without AWS signatures: it signs them in, keeps their session,
/// refuses forged posts, and answers each page from the same operations the API serves, called as the signed-in
/// principal.
public struct ConsoleFront: UnsignedFront {
    let sessions: ConsoleSessions
    let links: ConsoleLinks
    let pages: ConsolePages
    let logger: Logger

    public var auditName: String { "console" }

    public func claims(method: String, path: String) -> Bool {
        path == "/console" || path.hasPrefix("/console/")
    }

    public func handle(_ request: WireRequest, sourceIP: String?, audit: FrontAudit) async -> WireResponse {
        let started = ContinuousClock.now
        do {
            let request = try await ConsoleRequest.read(request, sourceIP: sourceIP)
            var answer = try await route(request, audit: audit)
            // How long the page took to make, for browsers' developer tools and the console's benchmark.
            let elapsed = ContinuousClock.now - started
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            answer.headers.append(("Server-Timing", "app;dur=" + String(format: "%.2f", milliseconds)))
            return answer
        } catch let error as WireError {
            return pages.message(status: 400, heading: "The request could not be read", text: error.message, back: "/console/", signedIn: nil)
        } catch {
            logger.error("console request failed: \(error)")
            return pages.message(status: 500, heading: "Something went wrong", text: "The console could not answer this request.", back: "/console/", signedIn: nil)
        }
    }

    private func route(_ request: ConsoleRequest, audit: FrontAudit) async throws -> WireResponse {
        switch (request.method, request.path) {
        case ("GET", "/static/console.css"), ("HEAD", "/static/console.css"):
            return ConsoleResponse.stylesheet()
        case ("GET", "/sign-in"):
            return pages.signIn(request, message: SignInNotice(rawValue: request.query["notice"] ?? "")?.text)
        case ("POST", "/sign-in"):
            return try await signIn(request, audit: audit)
        case ("GET", "/auth"):
            return try await redeem(request, audit: audit)
        default:
            break
        }
        var current: ConsoleSessions.Current
        do {
            current = try await sessions.current(cookies: request.cookies)
        } catch let refusal as ConsoleSessions.Refusal {
            guard request.method == "GET" else {
                return pages.message(status: 403, heading: "Signed out", text: refusal.notice.text, back: "/console/sign-in", signedIn: nil)
            }
            let clear = request.cookies[ConsoleSessions.cookieName] == nil ? [] : [ConsoleResponse.cookie(ConsoleSessions.cookieName, "", maxAge: 0, secure: request.allowsSecureCookies)]
            return ConsoleResponse.redirect("/console/sign-in?notice=\(refusal.notice.rawValue)", cookies: clear)
        }
        audit.caller(current.principal)
        current.administers = await pages.administers(current, request)
        if request.method == "POST" {
            guard request.isSameOrigin, SecretTokens.equal(request.form["_csrf"] ?? "", current.session.csrf) else {
                audit.operation("ConsoleForm", resource: nil)
                audit.denied()
                return pages.message(
                    status: 403, heading: "The form was refused",
                    text: "This form has expired or did not come from the console. Reload the page and try again.", back: "/console/", signedIn: current
                )
            }
        }
        switch (request.method, request.path) {
        case ("GET", "/"):
            return ConsoleResponse.redirect("/console/projects")
        case ("POST", "/sign-out"):
            audit.operation("SignOut", resource: nil)
            try await sessions.signOut(tokenHash: current.tokenHash)
            let clear = ConsoleResponse.cookie(ConsoleSessions.cookieName, "", maxAge: 0, secure: request.allowsSecureCookies)
            return ConsoleResponse.redirect("/console/sign-in?notice=\(SignInNotice.signedOut.rawValue)", cookies: [clear])
        case ("GET", "/projects"):
            return await pages.projects(request, current, audit: audit)
        case ("GET", "/admin"):
            return await pages.administration(request, current, audit: audit)
        case ("GET", "/admin/audit"):
            return await pages.auditTrail(request, current, audit: audit)
        case ("GET", let path) where path.hasPrefix("/admin/functions/") && !path.dropFirst("/admin/functions/".count).contains("/"):
            return await pages.functionLog(String(path.dropFirst("/admin/functions/".count)), request, current, audit: audit)
        case ("GET", "/projects/create"):
            return await pages.chooseTemplate(request, current, audit: audit)
        case ("GET", "/projects/create/details"):
            return await pages.projectDetails(request, current, audit: audit)
        case ("POST", "/projects/create"):
            return await pages.createProject(request, current, audit: audit)
        case (let method, let path) where path.hasPrefix("/projects/"):
            return await projectPage(method, path.dropFirst("/projects/".count).split(separator: "/", omittingEmptySubsequences: false).map(String.init), request, current, audit: audit)
        default:
            return pages.message(status: 404, heading: "Page not found", text: "The console has no page at \(request.path).", back: "/console/projects", signedIn: current)
        }
    }

    /// A project's pages: `/projects/NAME[/TAB[/ACTION]]`.
    private func projectPage(_ method: String, _ parts: [String], _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        let name = parts[0]
        switch (method, Array(parts.dropFirst())) {
        case ("GET", []): return await pages.project(name, request, current, audit: audit)
        case ("GET", ["settings"]): return await pages.settings(name, request, current, audit: audit)
        case ("GET", ["update"]): return await pages.updatePreview(name, request, current, audit: audit)
        case ("POST", ["update"]): return await pages.update(name, request, current, audit: audit)
        case ("GET", ["delete"]): return await pages.deleteConfirmation(name, request, current, audit: audit)
        case ("POST", ["delete"]): return await pages.delete(name, request, current, audit: audit)
        case ("GET", ["model-groups"]): return await pages.modelGroups(name, request, current, audit: audit)
        case ("GET", ["pipelines"]): return await pages.pipelines(name, request, current, audit: audit)
        case ("GET", ["jobs"]): return await pages.jobPage(name, request, current, audit: audit)
        case ("GET", ["experiments"]): return await pages.experiments(name, request, current, audit: audit)
        case ("POST", ["experiments", "open"]): return await pages.openMlflow(name, request, current, audit: audit)
        case ("GET", ["endpoints"]): return await pages.endpoints(name, request, current, audit: audit)
        case ("POST", ["endpoints", "invoke"]): return await pages.invokeEndpoint(name, request, current, audit: audit)
        case ("GET", ["repositories"]): return await pages.repositories(name, request, current, audit: audit)
        case ("GET", let rest) where rest.count == 2 && rest[0] == "runs" && Int(rest[1]) != nil:
            return await pages.workflowRun(name, runID: Int(rest[1]) ?? 0, request, current, audit: audit)
        case ("POST", let rest) where rest.count == 3 && rest[0] == "runs" && Int(rest[1]) != nil && rest[2] == "review":
            return await pages.reviewRun(name, runID: Int(rest[1]) ?? 0, request, current, audit: audit)
        case ("POST", ["model-groups", "decide"]): return await pages.decide(name, request, current, audit: audit)
        default:
            return pages.message(status: 404, heading: "Page not found", text: "The console has no page at \(request.path).", back: "/console/projects", signedIn: current)
        }
    }

    /// Trades a presigned domain URL's token for a session acting as the user profile's execution role, once.
    private func redeem(_ request: ConsoleRequest, audit: FrontAudit) async throws -> WireResponse {
        audit.operation("SignInWithPresignedDomainUrl", resource: nil)
        guard let link = try await links.redeem(request.query["token"] ?? "") else {
            audit.denied()
            return pages.signIn(request, error: SignInNotice.linkUsed.text, status: 403)
        }
        do {
            let (token, _) = try await sessions.signIn(
                role: link.roleARN, sessionName: link.sessionName, account: link.account, seconds: TimeInterval(link.sessionSeconds)
            )
            let cookie = ConsoleResponse.cookie(ConsoleSessions.cookieName, token, maxAge: link.sessionSeconds, secure: request.allowsSecureCookies)
            return ConsoleResponse.redirect("/console/projects", cookies: [cookie])
        } catch let denied as AccessDeniedError {
            audit.denied()
            return pages.signIn(request, error: "The user profile's execution role cannot be used: \(denied.message)", status: 403)
        }
    }

    /// Checks the sign-in form (its token against the form cookie, its origin) and the credentials, then opens a
    /// session and sets its cookie.
    private func signIn(_ request: ConsoleRequest, audit: FrontAudit) async throws -> WireResponse {
        audit.operation("SignIn", resource: nil)
        let formToken = request.cookies[ConsolePages.formCookie] ?? ""
        guard request.isSameOrigin, !formToken.isEmpty, SecretTokens.equal(request.form["_csrf"] ?? "", formToken) else {
            audit.denied()
            return pages.signIn(request, error: "The sign-in form has expired or did not come from the console. Try again.", status: 403)
        }
        let keyID = request.form["access_key_id"] ?? ""
        do {
            let (token, session) = try await sessions.signIn(
                accessKeyID: keyID, secret: request.form["secret_access_key"] ?? "", sessionToken: request.form["session_token"] ?? ""
            )
            let maxAge = Int(session.expires.timeIntervalSince(session.created).rounded(.down))
            let cookie = ConsoleResponse.cookie(ConsoleSessions.cookieName, token, maxAge: maxAge, secure: request.allowsSecureCookies)
            let used = ConsoleResponse.cookie(ConsolePages.formCookie, "", maxAge: 0, secure: request.allowsSecureCookies)
            return ConsoleResponse.redirect("/console/projects", cookies: [cookie, used])
        } catch let refusal as ConsoleSessions.Refusal {
            audit.denied()
            return pages.signIn(request, error: refusal.notice.text, status: 401, keepAccessKey: keyID)
        }
    }
}
