import Edge
import Foundation
import HTTPTypes
import Hummingbird
import SlipwayCore

/// Endpoints under `/_slipway/` that are not AWS APIs: health, and the clock hooks tests use when enabled.
struct AdminRoutes: Sendable {
    let testHooks: Bool
    let clock: OffsetWallClock

    var handler: Edge.AdminHandler {
        { request, _ in
            switch (request.method, request.uri.path) {
            case (.get, "/_slipway/health"), (.head, "/_slipway/health"):
                return Self.json(.ok, #"{"status":"ok"}"#)
            case (.post, "/_slipway/test/clock") where testHooks:
                guard let seconds = request.uri.queryParameters["advance"].flatMap({ Double(String($0)) }), seconds >= 0 else {
                    return Self.json(.badRequest, #"{"error":"advance=SECONDS is required"}"#)
                }
                clock.advance(by: seconds)
                return Self.json(.ok, #"{"now":"\#(clock.now().ISO8601Format())"}"#)
            default:
                return nil
            }
        }
    }

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
