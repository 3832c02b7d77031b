import Foundation

/// What an expression may see and call: the contexts, the host's `hashFiles`, and the status the status functions report.
///
/// Availability doubles as GitHub's per-key restrictions: a named value outside the allowed set, `hashFiles` without a
/// closure, or a status function without a job status is reported as unrecognized, exactly as GitHub does.
struct ExpressionContext: Sendable {
    /// The outcome so far that `success()`, `failure()` and `cancelled()` report on.
    enum JobStatus: Sendable, Equatable {
        case success, failure, cancelled
    }

    /// Contexts keyed by lowercased name, since `GitHub.ref` and `github.ref` are the same value.
    let namedValues: [String: ExpressionValue]
    /// Lowercased names the expression may use; nil means exactly those in `namedValues`.
    let allowedNamedValues: Set<String>?
    /// The status behind the status functions; nil makes them unavailable (GitHub allows them only in `if:`).
    var jobStatus: JobStatus?
    /// Hashes the files matching the patterns; nil makes `hashFiles` unavailable.
    var hashFiles: (@Sendable ([String]) throws -> String)?

    init(
        namedValues: [String: ExpressionValue] = [:],
        allowedNamedValues: Set<String>? = nil,
        jobStatus: JobStatus? = nil,
        hashFiles: (@Sendable ([String]) throws -> String)? = nil
    ) {
        self.namedValues = Dictionary(namedValues.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.allowedNamedValues = allowedNamedValues.map { Set($0.map { $0.lowercased() }) }
        self.jobStatus = jobStatus
        self.hashFiles = hashFiles
    }

    /// The value of a context, or nil when the expression may not use it; an allowed but unset context is null.
    func namedValue(_ name: String) -> ExpressionValue? {
        let key = name.lowercased()
        guard let allowed = allowedNamedValues else { return namedValues[key] }
        return allowed.contains(key) ? namedValues[key] ?? .null : nil
    }

    /// Whether a function can be called here: the host-backed ones need their host piece.
    func provides(_ function: ExpressionFunction) -> Bool {
        switch function {
        case .hashFiles: hashFiles != nil
        case .success, .failure, .always, .cancelled: jobStatus != nil
        default: true
        }
    }
}
