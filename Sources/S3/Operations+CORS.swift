import Foundation
import ServiceKit
import Wire

extension S3Service {
    var corsOperations: [ServiceOperation] {
        [
            operation("PutBucketCors", "PUT", "/{Bucket}?cors", PutBucketCorsInput.self, action: "s3:PutBucketCORS", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                guard let configuration = input.configuration else { throw S3Error.malformedXML() }
                try CORSMatcher.validate(configuration)
                try await store.setCORS(input.bucket, configuration)
                return EmptyOutput()
            },
            operation("GetBucketCors", "GET", "/{Bucket}?cors", BucketInput.self, action: "s3:GetBucketCORS", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                guard let configuration = try await store.cors(input.bucket) else { throw S3Error.noSuchCORSConfiguration(input.bucket) }
                return configuration
            },
            operation("DeleteBucketCors", "DELETE", "/{Bucket}?cors", BucketInput.self, action: "s3:PutBucketCORS", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                try await store.setCORS(input.bucket, nil)
                return NoContent()
            },
            // Preflights are answered from the rules alone: browsers send them unsigned.
            ServiceOperation("PreflightObject", route: .init("OPTIONS", "/{Bucket}/{Key+}"), input: PreflightInput.self, access: { _, _ in nil }, handler: preflight),
            ServiceOperation("PreflightBucket", route: .init("OPTIONS", "/{Bucket}"), input: PreflightInput.self, access: { _, _ in nil }, handler: preflight),
        ]
    }

    @Sendable func preflight(_ input: PreflightInput, _ context: ServiceContext) async throws -> PreflightOutput {
        guard let origin = input.origin, let method = input.requestMethod else {
            throw S3Error(code: "BadRequest", message: "Insufficient information. Origin request header needed.", httpStatus: 400)
        }
        _ = try await requireBucket(input.bucket)
        guard let configuration = try await store.cors(input.bucket) else {
            throw S3Error(code: "CORSResponse", message: "CORS is not enabled for this bucket.", httpStatus: 403)
        }
        let headers = (input.requestHeaders ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        guard let rule = CORSMatcher.rule(in: configuration, origin: origin, method: method, headers: headers) else {
            throw S3Error(
                code: "CORSResponse",
                message: "This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
                httpStatus: 403
            )
        }
        let anyOrigin = rule.allowedOrigins.contains("*")
        return PreflightOutput(
            allowOrigin: anyOrigin ? "*" : origin, allowMethods: rule.allowedMethods.joined(separator: ", "),
            allowHeaders: headers.isEmpty ? nil : headers.joined(separator: ", "),
            exposeHeaders: rule.exposeHeaders.map { $0.joined(separator: ", ") }, maxAge: rule.maxAgeSeconds,
            allowCredentials: anyOrigin ? nil : "true"
        )
    }

    /// CORS headers on the actual response when the request's Origin matches a rule of the bucket.
    public func decorate(_ response: inout WireResponse, for request: WireRequest) async {
        guard request.method != "OPTIONS", let origin = request.header("Origin"),
              let bucket = request.path.split(separator: "/", omittingEmptySubsequences: true).first.map(String.init),
              let configuration = try? await store.cors(bucket),
              let rule = CORSMatcher.rule(in: configuration, origin: origin, method: request.method, headers: [])
        else { return }
        let anyOrigin = rule.allowedOrigins.contains("*")
        response.headers.append(("Access-Control-Allow-Origin", anyOrigin ? "*" : origin))
        response.headers.append(("Access-Control-Allow-Methods", rule.allowedMethods.joined(separator: ", ")))
        if let expose = rule.exposeHeaders, !expose.isEmpty { response.headers.append(("Access-Control-Expose-Headers", expose.joined(separator: ", "))) }
        if let maxAge = rule.maxAgeSeconds { response.headers.append(("Access-Control-Max-Age", String(maxAge))) }
        if !anyOrigin { response.headers.append(("Access-Control-Allow-Credentials", "true")) }
        response.headers.append(("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"))
    }
}
