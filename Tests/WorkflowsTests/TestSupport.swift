@testable import Workflows

/// Contexts and helpers shared by the expression test suites.
enum Fixture {
    static let github: ExpressionValue = .object([
        "ref": .string("refs/heads/main"),
        "event_name": .string("push"),
        "actor": .string("octocat"),
        "event": .object([
            "commits": .array([
                .object(["message": .string("first"), "author": .object(["name": .string("Ann")])]),
                .object(["message": .string("second"), "author": .object(["name": .string("Bob")])]),
                .object(["author": .object(["name": .string("Cy")])]),
            ]),
        ]),
    ])

    static let namedValues: [String: ExpressionValue] = [
        "github": github,
        "env": .object(["MY_VAR": .string("hello"), "EMPTY": .string("")]),
        "steps": .object([
            "my-step": .object(["outputs": .object(["some-name": .string("out-value")]), "outcome": .string("success")]),
        ]),
        "matrix": .object([
            "os": .string("ubuntu-latest"),
            "list": .array([.string("a"), .string("b"), .string("c")]),
            "grid": .object(["x": .array([.number(1), .number(2)]), "y": .array([.number(3)])]),
        ]),
        "inputs": .object([:]),
    ]

    static func context(status: ExpressionContext.JobStatus? = .success) -> ExpressionContext {
        ExpressionContext(namedValues: namedValues, jobStatus: status, hashFiles: { patterns in
            "hash(" + patterns.joined(separator: "|") + ")"
        })
    }

    static func evaluate(_ expression: String, status: ExpressionContext.JobStatus? = .success) throws -> ExpressionValue {
        try ExpressionEvaluator(context: context(status: status)).evaluate(expression)
    }

    /// The error message evaluation produced, or nil when it succeeded.
    static func errorMessage(_ expression: String, context: ExpressionContext = context()) -> String? {
        do {
            _ = try ExpressionEvaluator(context: context).evaluate(expression)
            return nil
        } catch {
            return error.message
        }
    }
}
