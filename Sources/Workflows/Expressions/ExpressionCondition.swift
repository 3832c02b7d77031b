import Foundation

/// `if:` conditions, where GitHub adds an implicit `success() &&` unless a status function is used.
extension ExpressionEvaluator {
    /// Evaluates an `if:` value, which may or may not be wrapped in `${{ }}`. Empty means `success()`; without any
    /// status function the condition is `success() && (condition)`. A job status missing from the context counts as
    /// success. Text mixing `${{ }}` with other characters is a string, truthy when non-empty, as on GitHub.
    func condition(_ text: String) throws(ExpressionError) -> Bool {
        var withStatus = context
        withStatus.jobStatus = context.jobStatus ?? .success
        let evaluator = ExpressionEvaluator(context: withStatus)
        let succeeded = withStatus.jobStatus == .success

        let trimmed = Interpolation.trimmed(text.unicodeScalars)
        if trimmed.isEmpty { return succeeded }
        let source = Interpolation.containsExpression(trimmed) ? try Interpolation.singleExpression(in: trimmed) : trimmed
        guard let source else {
            // A template mixing text and expressions: parse everything first so errors surface whatever the status.
            let sources = try Interpolation.segments(of: trimmed).compactMap { segment -> String? in
                if case .expression(let source) = segment { return source }
                return nil
            }
            for source in sources { _ = try evaluator.parse(source) }
            guard succeeded || sources.contains(where: Self.mentionsStatusFunction) else { return false }
            return ExpressionValue.string(try evaluator.interpolate(trimmed)).isTruthy
        }
        let node = try evaluator.parse(source)
        // `success() && (expr)` short-circuits, so a failed job never evaluates the rest.
        guard succeeded || Self.mentionsStatusFunction(source) else { return false }
        return try evaluator.evaluate(node).isTruthy
    }

    /// Whether the text calls `success()`, `failure()`, `always()` or `cancelled()` anywhere, which turns off the
    /// implicit `success() &&`. Accepts bare expressions and `${{ }}` templates; unreadable input mentions nothing.
    static func mentionsStatusFunction(_ text: String) -> Bool {
        let sources: [String]
        if Interpolation.containsExpression(text) {
            guard let segments = try? Interpolation.segments(of: text) else { return false }
            sources = segments.compactMap { if case .expression(let source) = $0 { source } else { nil } }
        } else {
            sources = [text]
        }
        return sources.contains { source in
            guard let tokens = try? ExpressionLexer.tokenize(source) else { return false }
            return zip(tokens, tokens.dropFirst()).contains { name, next in
                guard case .identifier(let identifier) = name.kind, next.kind == .leftParen,
                    let function = ExpressionFunction(named: identifier)
                else { return false }
                return ExpressionFunction.statusFunctions.contains(function)
            }
        }
    }
}
