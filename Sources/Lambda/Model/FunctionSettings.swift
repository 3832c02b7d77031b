import Compute
import Foundation
import Wire

/// A function's settings checked as Lambda checks them on create and update; `stateReason` says when the runtime
/// runs on another local Python than it names.
struct FunctionSettings: Sendable {
    var runtime: String
    var handler: String
    var role: String
    var timeout: Int
    var memorySize: Int
    var environment: [String: String]
    var description: String
    var architectures: [String]
    var ephemeralStorage: Int
    var stateReason: String?

    /// Environment variables Lambda sets itself, which a function may not.
    static let reservedVariables: Set<String> = [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ]

    /// Runtimes Lambda no longer accepts for new or updated functions.
    static let deprecated: Set<String> = [
        "nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x", "nodejs4.3-edge", "python2.7",
        "python3.6", "python3.7", "python3.8", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet6", "ruby2.5", "ruby2.7", "go1.x", "java8",
    ]

    init(
        runtime: String, handler: String, role: String, timeout: Int, memorySize: Int, environment: [String: String], description: String,
        architectures: [String]?, ephemeralStorage: Int, pythons: PythonRuntimes
    ) throws {
        guard PythonRuntimes.knownRuntimes.contains(runtime) else {
            throw LambdaError.invalid(
                "Value \(runtime) at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [\(PythonRuntimes.knownRuntimes.joined(separator: ", "))] or be a valid ARN"
            )
        }
        if Self.deprecated.contains(runtime) {
            throw LambdaError.invalid(
                "The runtime parameter of \(runtime) is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions."
            )
        }
        guard PythonRuntimes.minorVersion(of: runtime) != nil else {
            throw LambdaError.invalid("The runtime \(runtime) cannot run on Slipway, which runs Python functions (python3.x) on this machine's Python.")
        }
        guard let choice = pythons.choose(for: runtime) else {
            throw LambdaError.invalid("No Python 3 interpreter is installed on this machine, so \(runtime) functions cannot run.")
        }
        guard (1...128).contains(handler.count), !handler.contains(where: \.isWhitespace) else {
            throw WireError.validationException("1 validation error detected: Value '\(handler)' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+")
        }
        guard role.range(of: #"^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$"#, options: .regularExpression) != nil else {
            throw WireError.validationException("1 validation error detected: Value '\(role)' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+")
        }
        guard timeout >= 1 else {
            throw WireError.validationException("1 validation error detected: Value '\(timeout)' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1")
        }
        guard timeout <= 900 else { throw LambdaError.invalid("Timeout value must be between 1 and 900 seconds.") }
        guard (128...10_240).contains(memorySize) else {
            throw WireError.validationException(
                "1 validation error detected: Value '\(memorySize)' at 'memorySize' failed to satisfy constraint: Member must have value \(memorySize < 128 ? "greater than or equal to 128" : "less than or equal to 10240")"
            )
        }
        guard (512...10_240).contains(ephemeralStorage) else { throw LambdaError.invalid("EphemeralStorage size must be between 512 MB and 10240 MB.") }
        let reserved = environment.keys.filter { Self.reservedVariables.contains($0) }.sorted()
        if !reserved.isEmpty {
            throw LambdaError.invalid(
                "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: \(reserved.joined(separator: ", "))"
            )
        }
        for key in environment.keys where key.range(of: #"^[a-zA-Z]([a-zA-Z0-9_])+$"#, options: .regularExpression) == nil {
            throw LambdaError.invalid("Lambda was unable to configure your environment variables because the environment variables you have provided contains invalid keys: \(key)")
        }
        let size = environment.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        guard size <= 4096 else {
            throw LambdaError.invalid("Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: \(size)")
        }
        guard description.count <= 256 else { throw LambdaError.invalid("Description must be at most 256 characters long.") }
        let architectures = architectures ?? ["x86_64"]
        guard architectures.count == 1, ["x86_64", "arm64"].contains(architectures[0]) else {
            throw LambdaError.invalid("Architectures must be exactly one of x86_64 and arm64.")
        }
        self.runtime = runtime
        self.handler = handler
        self.role = role
        self.timeout = timeout
        self.memorySize = memorySize
        self.environment = environment
        self.description = description
        self.architectures = architectures
        self.ephemeralStorage = ephemeralStorage
        self.stateReason = choice.reason
    }
}
