import Testing
@testable import Workflows

/// Literal syntax, number printing and the string/number conversions.
@Suite("Literals and number formatting")
struct LiteralTests {
    @Test(arguments: [
        ("null", ExpressionValue.null), ("true", .bool(true)), ("false", .bool(false)),
        ("1", .number(1)), ("1.5", .number(1.5)), ("-1", .number(-1)), ("0xff", .number(255)), ("0xFF", .number(255)),
        ("1e3", .number(1000)), ("1.5e-3", .number(0.0015)), (".5", .number(0.5)), ("+2", .number(2)),
        ("Infinity", .number(.infinity)), ("-Infinity", .number(-.infinity)),
        ("'abc'", .string("abc")), ("'it''s'", .string("it's")), ("''", .string("")), ("''''", .string("'")),
        ("'  spaced  '", .string("  spaced  ")), ("'é 😀'", .string("é 😀")),
    ])
    func literal(source: String, expected: ExpressionValue) throws {
        #expect(try Fixture.evaluate(source) == expected)
    }

    @Test func nanLiteralIsNaN() throws {
        guard case .number(let value) = try Fixture.evaluate("NaN") else { Issue.record("not a number"); return }
        #expect(value.isNaN)
    }

    @Test(arguments: [
        (3.0, "3"), (-2.5, "-2.5"), (0.0, "0"), (-0.0, "0"), (0.1, "0.1"), (0.30000000000000004, "0.30000000000000004"),
        (123456789012, "123456789012"), (9007199254740992, "9007199254740992"), (1e20, "100000000000000000000"),
        (1e21, "1e+21"), (1.5e300, "1.5e+300"), (0.000001, "0.000001"), (1e-7, "1e-7"), (1.25e-8, "1.25e-8"),
        (Double.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"), (Double.nan, "NaN"),
        (Double.infinity, "Infinity"), (-Double.infinity, "-Infinity"), (1234.5678, "1234.5678"),
    ])
    func numberFormatting(value: Double, expected: String) {
        #expect(ExpressionValue.number(value).stringValue == expected)
    }

    @Test func stringConversion() {
        #expect(ExpressionValue.null.stringValue == "")
        #expect(ExpressionValue.bool(true).stringValue == "true")
        #expect(ExpressionValue.bool(false).stringValue == "false")
        #expect(ExpressionValue.array([.number(1)]).stringValue == "Array")
        #expect(ExpressionValue.object([:]).stringValue == "Object")
    }

    @Test(arguments: [
        ("", 0.0), ("  42 ", 42), ("0x10", 16), ("0o17", 15), ("0b101", 5), ("-3.5", -3.5), ("1e2", 100), ("\n7\t", 7),
    ])
    func stringToNumber(text: String, expected: Double) {
        #expect(ExpressionValue.string(text).numberValue == expected)
    }

    @Test(arguments: ["abc", "1a", "0x", "0xg", "1e", "--1", "inf", "nan", "0x1p3", ".", "1 2", "-0x10"])
    func unparseableStringsAreNaN(text: String) {
        #expect(ExpressionValue.string(text).numberValue.isNaN)
    }

    @Test func otherKindsToNumber() {
        #expect(ExpressionValue.null.numberValue == 0)
        #expect(ExpressionValue.bool(true).numberValue == 1)
        #expect(ExpressionValue.bool(false).numberValue == 0)
        #expect(ExpressionValue.array([]).numberValue.isNaN)
        #expect(ExpressionValue.object([:]).numberValue.isNaN)
    }
}

/// Loose equality, ordering, `!`, `&&`/`||` operand results and precedence.
@Suite("Operators")
struct OperatorTests {
    @Test(arguments: [
        ("1 == '1'", true), ("null == 0", true), ("'abc' == 'ABC'", true), ("true == 1", true), ("false == 0", true),
        ("'' == 0", true), ("' 1 ' == 1", true), ("'0x10' == 16", true), ("null == ''", true), ("null == false", true),
        ("null == null", true), ("true == 'true'", false), ("'a' == 0", false), ("NaN == NaN", false),
        ("NaN != NaN", true), ("'abc' == NaN", false), ("fromJSON('[]') == fromJSON('[]')", false),
        ("fromJSON('{}') == fromJSON('{}')", false), ("fromJSON('[]') != fromJSON('[]')", true), ("fromJSON('[]') == 0", false),
        ("fromJSON('[]') == ''", false), ("github == github", false), ("1 != 2", true), ("'a' != 'A'", false),
        ("2 == 2.0", true), ("-0 == 0", true), ("'é' == 'É'", true), ("true == true", true), ("true == false", false),
    ])
    func looseEquality(source: String, expected: Bool) throws {
        #expect(try Fixture.evaluate(source) == .bool(expected))
    }

    @Test(arguments: [
        ("1 < 2", true), ("2 <= 2", true), ("3 > 2", true), ("2 >= 3", false), ("'abc' < 'abd'", true),
        ("'B' > 'a'", true), ("'a' <= 'A'", true), ("'a' >= 'A'", true), ("1 < '2'", true), ("'10' > 9", true),
        ("null < 1", true), ("NaN < 1", false), ("NaN >= NaN", false), ("1 > NaN", false), ("true > false", true),
        ("false < true", true), ("fromJSON('[]') < 1", false), ("fromJSON('[]') >= fromJSON('[]')", false),
        ("'abc' < 5", false), ("'abc' > 5", false), ("-1 < 0", true), ("Infinity > 1e308", true),
    ])
    func comparison(source: String, expected: Bool) throws {
        #expect(try Fixture.evaluate(source) == .bool(expected))
    }

    @Test(arguments: [
        ("!null", true), ("!false", true), ("!0", true), ("!-0", true), ("!NaN", true), ("!''", true),
        ("!true", false), ("!1", false), ("!'0'", false), ("!'false'", false), ("!fromJSON('[]')", false),
        ("!fromJSON('{}')", false), ("!!'x'", true), ("!env.EMPTY", true), ("!github", false),
    ])
    func notReturnsBool(source: String, expected: Bool) throws {
        #expect(try Fixture.evaluate(source) == .bool(expected))
    }

    @Test(arguments: [
        ("'' || 'default'", ExpressionValue.string("default")), ("'a' && 'b'", .string("b")),
        ("'a' || 'b'", .string("a")), ("0 && 'b'", .number(0)), ("null || 0 || ''", .string("")),
        ("null && undefinedFunctionIsNotReached", .null), ("1 && 2 && 3", .number(3)), ("false || null", .null),
        ("env.MY_VAR || 'fallback'", .string("hello")), ("env.MISSING || 'fallback'", .string("fallback")),
        ("matrix.list && 'yes'", .string("yes")),
    ])
    func logicalOperatorsYieldOperands(source: String, expected: ExpressionValue) throws {
        // `undefinedFunctionIsNotReached` is a named value; it only parses if known, so provide it.
        var named = Fixture.namedValues
        named["undefinedFunctionIsNotReached"] = .string("reached")
        let evaluator = ExpressionEvaluator(context: ExpressionContext(namedValues: named))
        #expect(try evaluator.evaluate(source) == expected)
    }

    @Test(arguments: [
        ("!true == false", true), ("1 < 2 == true", true), ("true || false && false", true),
        ("(true || false) && false", false), ("!(1 == 2)", true), ("'a' == 'a' && 'b'", "b"),
        ("false && true || 'x'", "x"), ("1 == 1 && 2 == 2", true), ("!1 < 1", true), ("(1 < 2) < 2", true),
        ("1 < 2 < 3", true), ("3 > 2 > 1", false), ("((((1))))", 1.0),
    ] as [(String, any Sendable)])
    func precedence(source: String, expected: any Sendable) throws {
        let value = try Fixture.evaluate(source)
        switch expected {
        case let bool as Bool: #expect(value == .bool(bool))
        case let string as String: #expect(value == .string(string))
        case let number as Double: #expect(value == .number(number))
        default: Issue.record("unsupported expectation")
        }
    }

    @Test func longFlatChainsAreNotNesting() throws {
        let chain = Array(repeating: "true", count: 2_000).joined(separator: " && ")
        #expect(try Fixture.evaluate(chain) == .bool(true))
        let alternatives = Array(repeating: "''", count: 2_000).joined(separator: " || ") + " || 'last'"
        #expect(try Fixture.evaluate(alternatives) == .string("last"))
    }
}

/// Member and index access, including hyphenated names and the `.*` object filter.
@Suite("Property access")
struct AccessTests {
    @Test(arguments: [
        ("github.ref", ExpressionValue.string("refs/heads/main")), ("GITHUB.REF", .string("refs/heads/main")),
        ("github['ref']", .string("refs/heads/main")), ("github['REF']", .string("refs/heads/main")),
        ("GitHub.Event_Name", .string("push")), ("steps.my-step.outputs.some-name", .string("out-value")),
        ("steps['my-step'].outputs['some-name']", .string("out-value")), ("env.my_var", .string("hello")),
        ("matrix.list[1]", .string("b")), ("matrix.list['1']", .string("b")), ("matrix.list[1.7]", .string("b")),
        ("matrix.list[5]", .null), ("matrix.list[-1]", .null), ("matrix.list['x']", .null), ("matrix.list[null]", .string("a")),
        ("github.missing", .null), ("github.missing.deeper[0].more", .null), ("github.ref.length", .null),
        ("github.ref[0]", .null), ("(github).ref", .string("refs/heads/main")), ("github.event.commits[0].author.name", .string("Ann")),
        ("inputs.anything", .null), ("github[matrix.list[0]]", .null), ("matrix.grid['x'][1]", .number(2)),
        ("fromJSON('{\"a\":{\"b\":1}}').a.b", .number(1)), ("fromJSON('{\"true\":1}').true", .number(1)),
        ("fromJSON('{\"1\":\"one\"}')[1]", .string("one")), ("github[fromJSON('[]')]", .null),
    ])
    func access(source: String, expected: ExpressionValue) throws {
        #expect(try Fixture.evaluate(source) == expected)
    }

    @Test(arguments: [
        ("github.event.commits.*.message", ExpressionValue.array([.string("first"), .string("second")])),
        ("github.event.commits[*].author.name", .array([.string("Ann"), .string("Bob"), .string("Cy")])),
        ("github.event.commits.*.missing", .array([])),
        ("matrix.grid.*", .array([.array([.number(1), .number(2)]), .array([.number(3)])])),
        ("matrix.grid.*.*", .array([.number(1), .number(2), .number(3)])),
        ("matrix.grid.*[0]", .array([.number(1), .number(3)])),
        ("matrix.grid.*[1]", .array([.number(2)])),
        ("matrix.os.*", .array([])), ("github.missing.*", .array([])), ("matrix.list.*", .array([.string("a"), .string("b"), .string("c")])),
        ("(github.event.commits.*).author.name", .array([.string("Ann"), .string("Bob"), .string("Cy")])),
    ])
    func objectFilter(source: String, expected: ExpressionValue) throws {
        #expect(try Fixture.evaluate(source) == expected)
    }

    @Test func filterResultsWorkWithFunctions() throws {
        #expect(try Fixture.evaluate("contains(github.event.commits.*.message, 'SECOND')") == .bool(true))
        #expect(try Fixture.evaluate("join(github.event.commits.*.author.name, ', ')") == .string("Ann, Bob, Cy"))
        // A function result is a plain array again, so indexing it picks an element rather than mapping.
        #expect(try Fixture.evaluate("fromJSON(toJSON(github.event.commits.*.message))[1]") == .string("second"))
    }
}

/// Every built-in function, its edge cases and its argument checks.
@Suite("Functions")
struct FunctionTests {
    @Test(arguments: [
        ("contains('Hello World', 'WORLD')", true), ("contains('abc', '')", true), ("contains('abc', 'abcd')", false),
        ("contains(fromJSON('[1,2]'), '2')", true), ("contains(fromJSON('[\"a\",\"B\"]'), 'b')", true),
        ("contains(fromJSON('[]'), 1)", false), ("contains(fromJSON('{\"a\":1}'), 'a')", false),
        ("contains(123, 2)", true), ("contains(true, 'ru')", true), ("contains(null, '')", true),
        ("contains('abc', fromJSON('[]'))", false), ("contains(fromJSON('[[1]]'), fromJSON('[1]'))", false),
        ("contains(fromJSON('[null]'), 0)", true), ("contains(matrix.list, 'C')", true), ("contains('Array', fromJSON('[]'))", false),
        ("startsWith('Hello', 'he')", true), ("startsWith('Hello', 'lo')", false), ("endsWith('Hello', 'LO')", true),
        ("startsWith(123, 12)", true), ("endsWith(true, 'ue')", true), ("startsWith('abc', '')", true),
        ("startsWith(fromJSON('[]'), '')", false), ("endsWith('abc', fromJSON('{}'))", false),
        ("startsWith(github.ref, 'refs/heads/')", true), ("STARTSWITH('ab', 'A')", true),
    ])
    func searching(source: String, expected: Bool) throws {
        #expect(try Fixture.evaluate(source) == .bool(expected))
    }

    @Test(arguments: [
        ("format('Hello {0} {1}', 'a', 1)", "Hello a 1"), ("format('{{0}}', 1)", "{0}"), ("format('{{{0}}}', 'x')", "{x}"),
        ("format('{0}{0}{1}', 'a', 'b')", "aab"), ("format('plain')", "plain"), ("format('{0}', null)", ""),
        ("format('{0}|{1}|{2}', fromJSON('[1]'), github, 1.50)", "Array|Object|1.5"), ("format('}}{{')", "}{"),
        ("format('{0}', true)", "true"), ("format('{00}', 'z')", "z"), ("format(1)", "1"),
        ("FORMAT('{1}{0}', 'b', 'a')", "ab"),
    ])
    func format(source: String, expected: String) throws {
        #expect(try Fixture.evaluate(source) == .string(expected))
    }

    @Test(arguments: [
        ("format('{1}', 'a')", "The following format string references more arguments than were supplied: {1}"),
        ("format('{0}')", "The following format string references more arguments than were supplied: {0}"),
        ("format('{', 1)", "The following format string is invalid: {"),
        ("format('}', 1)", "The following format string is invalid: }"),
        ("format('{a}', 1)", "The following format string is invalid: {a}"),
        ("format('{0', 1)", "The following format string is invalid: {0"),
        ("format('{}', 1)", "The following format string is invalid: {}"),
        ("format('{0}}', 1)", "The following format string is invalid: {0}}"),
        ("format('{ 0}', 1)", "The following format string is invalid: { 0}"),
        ("format('{99999999999999999999}', 1)", "The following format string references more arguments than were supplied: {99999999999999999999}"),
    ])
    func formatErrors(source: String, message: String) {
        #expect(Fixture.errorMessage(source) == message)
    }

    @Test(arguments: [
        ("join(fromJSON('[\"a\",\"b\"]'))", "a,b"), ("join(fromJSON('[\"a\",\"b\"]'), ' | ')", "a | b"),
        ("join('abc')", "abc"), ("join('abc', '-')", "abc"), ("join(fromJSON('[1,true,null,[],{}]'), '-')", "1-true--Array-Object"),
        ("join(fromJSON('{}'))", ""), ("join(fromJSON('[]'))", ""), ("join(matrix.list, fromJSON('[]'))", "a,b,c"),
        ("join(matrix.list, 0)", "a0b0c"), ("join(3.0)", "3"), ("join(null)", ""),
    ])
    func join(source: String, expected: String) throws {
        #expect(try Fixture.evaluate(source) == .string(expected))
    }

    @Test func toJSONLayout() throws {
        let object = try Fixture.evaluate("toJSON(fromJSON('{\"b\":[true,null,{}],\"a\":1.0,\"c\":{\"d\":\"x\"}}'))")
        #expect(object == .string("""
            {
              "a": 1,
              "b": [
                true,
                null,
                {}
              ],
              "c": {
                "d": "x"
              }
            }
            """))
        #expect(try Fixture.evaluate("toJSON(fromJSON('[]'))") == .string("[]"))
        #expect(try Fixture.evaluate("toJSON(fromJSON('{}'))") == .string("{}"))
        #expect(try Fixture.evaluate("toJSON(1.5)") == .string("1.5"))
        #expect(try Fixture.evaluate("toJSON(null)") == .string("null"))
        #expect(try Fixture.evaluate("toJSON(true)") == .string("true"))
        #expect(try Fixture.evaluate("toJSON(NaN)") == .string("null"))
        #expect(try Fixture.evaluate("toJSON('say \"hi\"\\ now')") == .string(#""say \"hi\"\\ now""#))
        #expect(try Fixture.evaluate("toJSON(matrix.list)") == .string("[\n  \"a\",\n  \"b\",\n  \"c\"\n]"))
        #expect(ExpressionValue.string("tab\tline\nnul\u{01}é").jsonStringOrEmpty == #""tab\tline\nnul\u0001é""#)
    }

    @Test func toJSONRoundTripsThroughFromJSON() throws {
        let original = try Fixture.evaluate("github")
        let json = try original.jsonString()
        #expect(try ExpressionValue(json: json) == original)
    }

    @Test(arguments: [
        ("fromJSON('{\"a\":[1,{\"b\":null}],\"c\":\"d\"}')",
         ExpressionValue.object(["a": .array([.number(1), .object(["b": .null])]), "c": .string("d")])),
        ("fromJSON('true')", .bool(true)), ("fromJSON('false')", .bool(false)), ("fromJSON('null')", .null),
        ("fromJSON('1.5e2')", .number(150)), ("fromJSON('-0.25')", .number(-0.25)), ("fromJSON(' [ ] ')", .array([])),
        ("fromJSON('\"\\u00e9\\ud83d\\ude00\\n\\/\"')", .string("é😀\n/")), ("fromJSON('\"\\ud800\"')", .string("\u{FFFD}")),
        ("fromJSON('{\"a\":1,\"a\":2}')", .object(["a": .number(2)])), ("fromJSON('[0, 10, 1e-2]')", .array([.number(0), .number(10), .number(0.01)])),
        ("fromJSON(42)", .number(42)), ("FromJson('[\"x\"]')[0]", .string("x")),
    ])
    func fromJSON(source: String, expected: ExpressionValue) throws {
        #expect(try Fixture.evaluate(source) == expected)
    }

    @Test(arguments: ["{", "", "   ", "[1,]", "01", "nul", "{'a':1}", "[1 2]", "{\"a\" 1}", "\"unterminated", "1 2", "+1", "NaN", ".5", "tru", "[", "\"\\x\""])
    func fromJSONRejectsInvalidJSON(json: String) {
        let message = Fixture.errorMessage("fromJSON(format('{0}', env.doc))", context: ExpressionContext(
            namedValues: ["env": .object(["doc": .string(json)])]))
        #expect(message?.hasPrefix("Error parsing fromJSON") == true, "\(json): \(message ?? "no error")")
    }

    @Test func fromJSONRejectsDeepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: ExpressionError.self) { try ExpressionValue(json: deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try ExpressionValue(json: fine) }
    }

    @Test func hashFilesUsesTheHost() throws {
        #expect(try Fixture.evaluate("hashFiles('**/package-lock.json', 'x.txt')") == .string("hash(**/package-lock.json|x.txt)"))
        #expect(try Fixture.evaluate("HASHFILES(1)") == .string("hash(1)"))
        let withoutHost = ExpressionContext(namedValues: Fixture.namedValues)
        #expect(Fixture.errorMessage("hashFiles('x')", context: withoutHost)
            == "Unrecognized function: 'hashFiles'. Located at position 1 within expression: hashFiles('x')")
        struct Boom: Error {}
        let failing = ExpressionContext(hashFiles: { _ in throw Boom() })
        #expect(Fixture.errorMessage("hashFiles('a')", context: failing)?.hasPrefix("hashFiles('a') failed.") == true)
        let reporting = ExpressionContext(hashFiles: { _ in throw ExpressionError("no files matched") })
        #expect(Fixture.errorMessage("hashFiles('a')", context: reporting) == "no files matched")
    }

    @Test(arguments: [
        ("case(true, 'a', 'b')", ExpressionValue.string("a")), ("case(false, 'a', 1 == 1, 'b', 'c')", .string("b")),
        ("case(false, 'a', false, 'b', 'c')", .string("c")), ("case(github.ref == 'refs/heads/main', 1, 2)", .number(1)),
    ])
    func caseFunction(source: String, expected: ExpressionValue) throws {
        #expect(try Fixture.evaluate(source) == expected)
    }

    @Test(arguments: [ExpressionContext.JobStatus.success, .failure, .cancelled])
    func statusFunctions(status: ExpressionContext.JobStatus) throws {
        #expect(try Fixture.evaluate("success()", status: status) == .bool(status == .success))
        #expect(try Fixture.evaluate("failure()", status: status) == .bool(status == .failure))
        #expect(try Fixture.evaluate("cancelled()", status: status) == .bool(status == .cancelled))
        #expect(try Fixture.evaluate("always()", status: status) == .bool(true))
        #expect(try Fixture.evaluate("Always()", status: status) == .bool(true))
    }

    @Test func statusFunctionsNeedAJobStatus() {
        #expect(Fixture.errorMessage("success()", context: Fixture.context(status: nil))
            == "Unrecognized function: 'success'. Located at position 1 within expression: success()")
    }

    @Test(arguments: [
        ("contains(1)", "Too few parameters supplied: 'contains'. Located at position 1 within expression: contains(1)"),
        ("toJSON(1, 2)", "Too many parameters supplied: 'toJSON'. Located at position 1 within expression: toJSON(1, 2)"),
        ("success(1)", "Too many parameters supplied: 'success'. Located at position 1 within expression: success(1)"),
        ("join()", "Too few parameters supplied: 'join'. Located at position 1 within expression: join()"),
        ("format()", "Too few parameters supplied: 'format'. Located at position 1 within expression: format()"),
        ("1 == startsWith('a')", "Too few parameters supplied: 'startsWith'. Located at position 6 within expression: 1 == startsWith('a')"),
        ("case(true, 'a')", "Too few parameters supplied: 'case'. Located at position 1 within expression: case(true, 'a')"),
        ("case(true, 'a', false, 'b')",
         "Even number of parameters supplied, requires an odd number of parameters: 'case'. Located at position 1 within expression: case(true, 'a', false, 'b')"),
        ("case(1, 'a', 'b')", "case predicate must evaluate to a boolean value"),
    ])
    func argumentErrors(source: String, message: String) {
        #expect(Fixture.errorMessage(source) == message)
    }
}

/// Error messages and the guarantee that hostile input fails cleanly.
@Suite("Errors and hostile input")
struct ErrorTests {
    @Test(arguments: [
        ("foo", "Unrecognized named-value: 'foo'. Located at position 1 within expression: foo"),
        ("github.ref == Foo.bar", "Unrecognized named-value: 'Foo'. Located at position 15 within expression: github.ref == Foo.bar"),
        ("'é' == foo", "Unrecognized named-value: 'foo'. Located at position 8 within expression: 'é' == foo"),
        ("false && foo", "Unrecognized named-value: 'foo'. Located at position 10 within expression: false && foo"),
        ("foo()", "Unrecognized function: 'foo'. Located at position 1 within expression: foo()"),
        ("toJSON(github, bar(1))", "Unrecognized function: 'bar'. Located at position 16 within expression: toJSON(github, bar(1))"),
        ("github.", "Unexpected end of expression: '.'. Located at position 7 within expression: github."),
        ("((((", "Unexpected end of expression: '('. Located at position 4 within expression: (((("),
        ("'unterminated", "Unexpected symbol: ''unterminated'. Located at position 1 within expression: 'unterminated"),
        ("1 +", "Unexpected symbol: '+'. Located at position 3 within expression: 1 +"),
        ("1 + 2", "Unexpected symbol: '+'. Located at position 3 within expression: 1 + 2"),
        ("1 = 1", "Unexpected symbol: '='. Located at position 3 within expression: 1 = 1"),
        ("true & false", "Unexpected symbol: '&'. Located at position 6 within expression: true & false"),
        ("1 2", "Unexpected symbol: '2'. Located at position 3 within expression: 1 2"),
        ("github.ref ==", "Unexpected end of expression: '=='. Located at position 12 within expression: github.ref =="),
        (")", "Unexpected symbol: ')'. Located at position 1 within expression: )"),
        ("'abc'[0]", "Unexpected symbol: '['. Located at position 6 within expression: 'abc'[0]"),
        ("github.1abc", "Unexpected symbol: '1abc'. Located at position 8 within expression: github.1abc"),
        ("1abc", "Unexpected symbol: '1abc'. Located at position 1 within expression: 1abc"),
        ("github.ref@x", "Unexpected symbol: 'ref@x'. Located at position 8 within expression: github.ref@x"),
        ("github.(", "Unexpected symbol: '('. Located at position 8 within expression: github.("),
        ("*", "Unexpected symbol: '*'. Located at position 1 within expression: *"),
        ("", "An expression was expected"), ("   ", "An expression was expected"),
    ])
    func messages(source: String, message: String) {
        #expect(Fixture.errorMessage(source) == message)
    }

    @Test(arguments: [
        "${{", "a.", "((((", "'unterminated", "1 +", "github[", "github[0", "github.*.", "!", "contains(", "contains('a',",
        "[", "]", ",", ".", "..", "!=", "== 1", "1 ==", "&&", "|| 1", "github..ref", "github[*", "github.**", "(1))", "((1)",
        "format('{0}'", "fromJSON(')", "'''", "-", "0x", "1e", "github.ref'", "a b c", "=", "!==", "1 <", "true ||",
        "github.ref.", "\u{0}", "😀", "github[]", "fromJSON()", "()", "(,)", "f(,)",
    ])
    func malformedInputThrows(source: String) {
        #expect(Fixture.errorMessage(source) != nil)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let depth = "Exceeded max expression depth 50"
        let parens = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(Fixture.errorMessage(parens) == depth)
        #expect(Fixture.errorMessage(String(repeating: "(", count: 10_000)) == depth)
        #expect(Fixture.errorMessage(String(repeating: "!", count: 10_000) + "true") == depth)
        #expect(Fixture.errorMessage("github" + String(repeating: ".a", count: 10_000)) == depth)
        #expect(Fixture.errorMessage(String(repeating: "github[", count: 2_000)) == depth)
        #expect(Fixture.errorMessage(String(repeating: "1 == ", count: 4_000) + "1") == depth)
        #expect(Fixture.errorMessage(String(repeating: "1 < ", count: 5_000) + "1") == depth)
        #expect(Fixture.errorMessage(String(repeating: "format(", count: 3_000)) == depth)
        #expect(Fixture.errorMessage(String(repeating: "1", count: 21_001)) == "Exceeded max expression length 21000")
    }

    @Test func moderateNestingIsFine() throws {
        let parens = String(repeating: "(", count: 40) + "7" + String(repeating: ")", count: 40)
        #expect(try Fixture.evaluate(parens) == .number(7))
        #expect(try Fixture.evaluate("github" + String(repeating: ".a", count: 40)) == .null)
    }

    @Test func allowedNamedValuesRestrictContexts() throws {
        let context = ExpressionContext(namedValues: Fixture.namedValues, allowedNamedValues: ["GitHub", "needs", "inputs"])
        let evaluator = ExpressionEvaluator(context: context)
        #expect(try evaluator.evaluate("github.ref") == .string("refs/heads/main"))
        #expect(try evaluator.evaluate("needs") == .null)  // allowed but not provided
        #expect(throws: ExpressionError(
            "Unrecognized named-value: 'steps'. Located at position 1 within expression: steps.my-step.outcome")) {
            try evaluator.evaluate("steps.my-step.outcome")
        }
    }

    /// Random strings over the grammar's alphabet must evaluate or fail with an error, never crash.
    @Test func randomInputNeverCrashes() {
        let alphabet = Array("()[]{}.,*!=<>&|' -+0123456789xeE$abgithubrefmatrixlistcontains(format(fromJSON(toJSON(join(")
            .map(String.init) + ["github", "matrix.list", "'a'", "fromJSON('[1,{}]')", "&&", "||", "==", "${{", "}}", " "]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        let evaluator = ExpressionEvaluator(context: Fixture.context())
        var outcomes = (values: 0, errors: 0)
        for _ in 0..<3_000 {
            let source = (0..<(1 + next(24))).map { _ in alphabet[next(alphabet.count)] }.joined()
            do {
                _ = try evaluator.evaluate(source)
                _ = try evaluator.interpolate(source)
                outcomes.values += 1
            } catch {
                outcomes.errors += 1
            }
            _ = try? evaluator.condition(source)
            _ = ExpressionEvaluator.mentionsStatusFunction(source)
        }
        #expect(outcomes.values + outcomes.errors == 3_000)
    }
}

extension ExpressionValue {
    fileprivate var jsonStringOrEmpty: String { (try? jsonString()) ?? "" }
}
