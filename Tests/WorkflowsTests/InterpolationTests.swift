import Testing
@testable import Workflows

/// `${{ }}` templates: splitting, string interpolation and whole-value evaluation.
@Suite("Interpolation")
struct InterpolationTests {
    let evaluator = ExpressionEvaluator(context: Fixture.context())

    @Test(arguments: [
        ("Hello ${{ github.actor }}!", "Hello octocat!"),
        ("${{ 1 }}-${{ 'a' }}-${{ null }}-${{ true }}", "1-a--true"),
        ("${{ format('{{0}}') }}", "{0}"),
        ("${{ '}}' }}", "}}"),
        ("${{ 'it''s }} fine' }}", "it's }} fine"),
        ("no expressions here }} {{", "no expressions here }} {{"),
        ("$ {{ github.actor }}", "$ {{ github.actor }}"),
        ("$${{ 'x' }}$", "$x$"),
        ("${{\n  github.ref\n}}", "refs/heads/main"),
        ("${{github.actor}}${{github.actor}}", "octocatoctocat"),
        ("x${{ 3.0 }}y", "x3y"),
        ("${{ matrix.list }} ${{ github }}", "Array Object"),
        ("${{ '${{' }}", "${{"),
        ("", ""),
        ("a ${{ steps.my-step.outputs.some-name }} b", "a out-value b"),
    ])
    func interpolate(text: String, expected: String) throws {
        #expect(try evaluator.interpolate(text) == expected)
    }

    @Test func singleExpressionKeepsItsValue() throws {
        #expect(try evaluator.evaluateTemplate("${{ fromJSON('{\"os\":[\"a\",\"b\"]}') }}")
            == .object(["os": .array([.string("a"), .string("b")])]))
        #expect(try evaluator.evaluateTemplate("  ${{ 1 }}\n") == .number(1))
        #expect(try evaluator.evaluateTemplate("${{ true }}") == .bool(true))
        #expect(try evaluator.evaluateTemplate("${{ null }}") == .null)
        #expect(try evaluator.evaluateTemplate("${{ 1 }} ${{ 2 }}") == .string("1 2"))
        #expect(try evaluator.evaluateTemplate("x${{ true }}") == .string("xtrue"))
        #expect(try evaluator.evaluateTemplate("plain") == .string("plain"))
        #expect(try evaluator.evaluateTemplate("30") == .string("30"))
    }

    @Test func segments() throws {
        #expect(try Interpolation.segments(of: "a ${{ b }}c${{'}}'}}") == [
            .text("a "), .expression("b"), .text("c"), .expression("'}}'"),
        ])
        #expect(try Interpolation.singleExpression(in: " ${{ x }} ") == "x")
        #expect(try Interpolation.singleExpression(in: "${{ x }}y") == nil)
        #expect(try Interpolation.singleExpression(in: "plain") == nil)
        #expect(Interpolation.containsExpression("a ${{ b }}"))
        #expect(!Interpolation.containsExpression("a { b }"))
    }

    @Test(arguments: [
        ("${{", ExpressionError.unclosedExpression.message),
        ("${{ github.ref", ExpressionError.unclosedExpression.message),
        ("ok ${{ 'a' }} then ${{", ExpressionError.unclosedExpression.message),
        ("${{ 'a }}", ExpressionError.unclosedExpression.message),
        ("${{ }}", "An expression was expected"),
        ("${{ foo }}", "Unrecognized named-value: 'foo'. Located at position 1 within expression: foo"),
        ("x ${{ github.ref == }}", "Unexpected end of expression: '=='. Located at position 12 within expression: github.ref =="),
    ])
    func errors(text: String, message: String) {
        #expect(throws: ExpressionError(message)) { try evaluator.interpolate(text) }
        #expect(throws: ExpressionError(message)) { try evaluator.evaluateTemplate(text) }
    }
}

/// `if:` conditions with the implicit `success() &&` and the status functions.
@Suite("if: conditions")
struct ConditionTests {
    func condition(_ text: String, _ status: ExpressionContext.JobStatus? = .success) throws -> Bool {
        try ExpressionEvaluator(context: Fixture.context(status: status)).condition(text)
    }

    @Test(arguments: [
        ("true", false), ("always()", true), ("failure() && true", true), ("failure()", true), ("success()", false),
        ("", false), ("   ", false), ("${{ failure() }}", true), ("cancelled()", false), ("${{ always() }}", true),
        ("!cancelled()", true), ("github.ref == 'refs/heads/main'", false), ("failure() && github.ref == 'refs/heads/dev'", false),
        ("success() || failure()", true), ("${{ true }}", false), ("steps.my-step.outcome == 'failure' || always()", true),
    ])
    func afterFailure(text: String, expected: Bool) throws {
        #expect(try condition(text, .failure) == expected)
    }

    @Test(arguments: [
        ("", true), ("true", true), ("false", false), ("github.ref == 'refs/heads/main'", true),
        ("${{ github.ref == 'refs/heads/main' }}", true), ("${{ github.ref == 'refs/heads/dev' }}", false),
        ("  ${{ github.event_name == 'push' }}  ", true), ("failure()", false), ("always()", true),
        ("success() && contains(github.ref, 'main')", true), ("env.EMPTY", false), ("env.MY_VAR", true),
        ("matrix.list", true), ("${{ false }} && false", true), ("'false'", true), ("0", false),
        ("${{ '' }}${{ '' }}", false), ("steps.my-step.outputs.some-name == 'OUT-VALUE'", true),
    ])
    func afterSuccess(text: String, expected: Bool) throws {
        #expect(try condition(text, .success) == expected)
    }

    @Test(arguments: [
        ("always()", true), ("cancelled()", true), ("true", false), ("success() || cancelled()", true),
        ("failure()", false), ("", false), ("!cancelled()", false),
    ])
    func afterCancellation(text: String, expected: Bool) throws {
        #expect(try condition(text, .cancelled) == expected)
    }

    @Test func missingStatusCountsAsSuccess() throws {
        #expect(try condition("", nil))
        #expect(try condition("success()", nil))
        #expect(try !condition("failure()", nil))
    }

    @Test func errorsSurfaceEvenWhenSkipped() {
        #expect(throws: ExpressionError("Unrecognized named-value: 'foo'. Located at position 1 within expression: foo")) {
            try condition("foo", .failure)
        }
        #expect(throws: ExpressionError.self) { try condition("${{ x }} and ${{ bar() }}", .failure) }
        #expect(throws: ExpressionError.unclosedExpression) { try condition("${{ true", .success) }
        #expect(throws: ExpressionError.expressionExpected) { try condition("${{ }}", .success) }
    }

    @Test func evaluationIsSkippedWhenTheImplicitSuccessFails() throws {
        // The implicit `success() &&` short-circuits, so a failing hashFiles is never called after a failure.
        let context = ExpressionContext(jobStatus: .failure, hashFiles: { _ in throw ExpressionError("called") })
        #expect(try !ExpressionEvaluator(context: context).condition("hashFiles('x') != ''"))
        #expect(throws: ExpressionError("called")) { try ExpressionEvaluator(context: context).condition("always() && hashFiles('x')") }
    }

    @Test(arguments: [
        ("success()", true), ("SUCCESS()", true), ("${{ always() }}", true), ("x ${{ cancelled() }}", true),
        ("failure ()", true), ("!failure()", true), ("github.success", false), ("'success()'", false),
        ("contains(github.ref, 'failure')", false), ("steps.failure.outputs", false), ("always", false),
        ("github.always()", false), ("", false), ("${{ unclosed success()", false), ("successful()", false),
    ])
    func mentionsStatusFunction(text: String, expected: Bool) {
        #expect(ExpressionEvaluator.mentionsStatusFunction(text) == expected)
    }
}
