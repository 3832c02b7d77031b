import Crypto
import Foundation
import IAMPolicy
import ServiceKit
import SlipwayCore
import Wire

/// The Lambda API (REST-JSON, `/2015-03-31/functions…`): functions with versions, aliases, resource policies and tags,
/// and `Invoke`, which runs the handler's own code on this machine's Python through the Runtime API.
public struct LambdaService: AWSService {
    public let serviceName = "lambda"
    public let signingName = "lambda"
    public let wireProtocol = WireProtocol.restJSON
    let store: FunctionStore
    let runtime: FunctionRuntime
    let downloads: PackageDownloads
    let asynchronous: AsyncInvocations
    let objects: any ObjectPort
    let roles: any RoleAssumptionPort
    let ids: any IDGenerator
    public let clock: any WallClock

    public var operations: [ServiceOperation] { functionOperations + versionOperations + invokeOperations + permissionOperations }

    /// The function (name, partial or full ARN, optionally `:qualifier`) an operation names, with the qualifier
    /// given separately if any; conflicting qualifiers are refused as Lambda does.
    static func reference(_ text: String, qualifier: String?) throws -> (name: String, qualifier: String?) {
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.first == "arn" {
            guard parts.count >= 7, parts[2] == "lambda", parts[5] == "function" else { throw invalidName(text) }
            parts = Array(parts[6...])
        } else if parts.count >= 3, parts[1] == "function" {
            parts = Array(parts[2...])
        }
        guard let name = parts.first, parts.count <= 2, name.count <= 64, !name.isEmpty,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { throw invalidName(text) }
        let embedded = parts.count == 2 ? parts[1] : nil
        if let embedded, let qualifier, embedded != qualifier {
            throw LambdaError.invalid("The derived qualifier from the function name does not match the specified qualifier.")
        }
        return (name, embedded ?? qualifier)
    }

    static func invalidName(_ text: String) -> WireError {
        WireError.validationException(
            "1 validation error detected: Value '\(text)' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?"
        )
    }

    func functionARN(_ name: String, _ context: ServiceContext) -> String {
        "arn:aws:lambda:\(context.region.name):\(context.account):function:\(name)"
    }

    /// The function's `$LATEST` record, or Lambda's not-found error.
    func latest(_ name: String, _ context: ServiceContext) async throws -> FunctionRecord {
        guard let record = try await store.function(account: context.account.rawValue, region: context.region.name, name: name) else {
            throw LambdaError.functionNotFound(functionARN(name, context))
        }
        return record
    }

    func resolve(_ name: String, qualifier: String?, _ context: ServiceContext) async throws -> (latest: FunctionRecord, target: FunctionRecord, alias: AliasRecord?) {
        try await resolve(try await latest(name, context), qualifier: qualifier)
    }

    /// The configuration a qualifier selects: `$LATEST`, a version number, or an alias's version.
    func resolve(_ latest: FunctionRecord, qualifier: String?) async throws -> (latest: FunctionRecord, target: FunctionRecord, alias: AliasRecord?) {
        guard let qualifier, qualifier != "$LATEST" else { return (latest, latest, nil) }
        if Int(qualifier) != nil {
            guard let version = try await store.function(account: latest.account, region: latest.region, name: latest.name, version: qualifier) else {
                throw LambdaError.functionNotFound("\(latest.unqualifiedARN):\(qualifier)")
            }
            return (latest, version, nil)
        }
        guard let alias = try await store.alias(functionARN: latest.unqualifiedARN, name: qualifier) else {
            throw LambdaError.functionNotFound("\(latest.unqualifiedARN):\(qualifier)")
        }
        guard alias.functionVersion != "$LATEST" else { return (latest, latest, alias) }
        guard let target = try await store.function(account: latest.account, region: latest.region, name: latest.name, version: alias.functionVersion) else {
            throw LambdaError.functionNotFound(alias.arn)
        }
        return (latest, target, alias)
    }

    /// The version an invocation runs: an alias with a routing configuration sends each additional version its
    /// weight's share of invocations, the rest to its own version.
    func routed(_ resolved: (latest: FunctionRecord, target: FunctionRecord, alias: AliasRecord?)) async throws -> FunctionRecord {
        guard let weights = resolved.alias?.additionalVersionWeights, !weights.isEmpty else { return resolved.target }
        var draw = Double.random(in: 0..<1)
        for (version, weight) in weights.sorted(by: { $0.key < $1.key }) {
            if draw < weight {
                return try await store.function(account: resolved.latest.account, region: resolved.latest.region, name: resolved.latest.name, version: version)
                    ?? resolved.target
            }
            draw -= weight
        }
        return resolved.target
    }

    /// The function's resource policy for a qualifier ("" for the unqualified function) as a document, when it has statements.
    static func policyDocument(_ record: FunctionRecord?, qualifier: String?) -> String? {
        guard let statements = record?.policies[qualifier ?? ""], !statements.isEmpty else { return nil }
        return #"{"Version":"2012-10-17","Id":"default","Statement":[\#(statements.joined(separator: ","))]}"#
    }

    /// `lambda:<action>` on the function (qualified when a qualifier is named), with its resource policy.
    func access(_ action: String, _ functionName: String, qualifier: String?, _ context: ServiceContext) async throws -> AccessRequest {
        let reference = try Self.reference(functionName, qualifier: qualifier)
        let record = try await store.function(account: context.account.rawValue, region: context.region.name, name: reference.name)
        let arn = functionARN(reference.name, context) + (reference.qualifier.map { ":\($0)" } ?? "")
        let policy = Self.policyDocument(record, qualifier: reference.qualifier)
            .flatMap { try? PolicyDocument.parse($0, kind: .resource) }
            .map { AttachedPolicy(id: "function policy", document: $0) }
        return AccessRequest(action: "lambda:\(action)", resource: arn, resourceAccount: context.account.rawValue, resourcePolicy: policy)
            .onResourceTagged((record?.tags ?? [:]).map { ($0.key, $0.value) })
    }

    /// One page of a listing with Lambda's `Marker` and `MaxItems` (default 50, at most 10,000).
    static func page<Item>(_ all: [Item], marker: String?, maxItems: Int?) throws -> OffsetPage<Item> {
        guard let page = OffsetPage(all, after: marker, limit: min(max(maxItems ?? 50, 1), 10_000)) else {
            throw LambdaError.invalid("Invalid marker: \(marker ?? "")")
        }
        return page
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSZ"
        return formatter.string(from: date)
    }

    /// The configuration as Lambda answers it.
    static func shape(_ record: FunctionRecord) -> FunctionConfigurationShape {
        FunctionConfigurationShape(
            functionName: record.name, functionArn: record.arn, runtime: record.runtime, role: record.role, handler: record.handler,
            codeSize: record.codeSize, description: record.description, timeout: record.timeout, memorySize: record.memorySize,
            lastModified: timestamp(record.lastModified), codeSha256: record.codeSha256, version: record.version,
            environment: record.environment.isEmpty ? nil : EnvironmentShape(variables: record.environment), tracingConfig: ["Mode": "PassThrough"],
            revisionId: record.revisionID, state: "Active", stateReason: record.stateReason, stateReasonCode: record.stateReason == nil ? nil : "Idle",
            lastUpdateStatus: "Successful", packageType: "Zip", architectures: record.architectures,
            ephemeralStorage: EphemeralStorageShape(size: record.ephemeralStorage)
        )
    }

    static func codeSha256(_ zip: [UInt8]) -> String {
        Data(SHA256.hash(data: zip)).base64EncodedString()
    }
}
