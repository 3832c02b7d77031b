import Foundation

/// Builds an `ExpressionNode` tree with GitHub's precedence, checking names and argument counts against the context.
struct ExpressionParser {
    /// GitHub's nesting limit; every level of tree nesting counts, so evaluation recursion stays shallow too.
    static let maxDepth = 50

    private let source: String
    private let tokens: [ExpressionToken]
    private let context: ExpressionContext
    private var index = 0
    private var depth = 0

    private static let equalityOperators: [ExpressionToken.Kind: ComparisonOperator] = [.equal: .equal, .notEqual: .notEqual]
    private static let comparisonOperators: [ExpressionToken.Kind: ComparisonOperator] = [
        .less: .less, .lessOrEqual: .lessOrEqual, .greater: .greater, .greaterOrEqual: .greaterOrEqual,
    ]

    static func parse(_ source: String, context: ExpressionContext) throws(ExpressionError) -> ExpressionNode {
        var parser = ExpressionParser(source: source, tokens: try ExpressionLexer.tokenize(source), context: context)
        guard !parser.tokens.isEmpty else { throw .expressionExpected }
        let node = try parser.expression()
        if let extra = parser.current { throw parser.error("Unexpected symbol", extra) }
        return node
    }

    private init(source: String, tokens: [ExpressionToken], context: ExpressionContext) {
        self.source = source
        self.tokens = tokens
        self.context = context
    }

    // MARK: Grammar, lowest precedence first

    private mutating func expression() throws(ExpressionError) -> ExpressionNode {
        try descend()
        defer { depth -= 1 }
        return try logicalOr()
    }

    private mutating func logicalOr() throws(ExpressionError) -> ExpressionNode {
        let first = try logicalAnd()
        guard check(.or) else { return first }
        try descend()
        defer { depth -= 1 }
        var operands = [first]
        while match(.or) { operands.append(try logicalAnd()) }
        return .or(operands)
    }

    private mutating func logicalAnd() throws(ExpressionError) -> ExpressionNode {
        let first = try equality()
        guard check(.and) else { return first }
        try descend()
        defer { depth -= 1 }
        var operands = [first]
        while match(.and) { operands.append(try equality()) }
        return .and(operands)
    }

    private mutating func equality() throws(ExpressionError) -> ExpressionNode {
        var node = try comparison()
        var levels = 0
        defer { depth -= levels }
        while let op = matchOperator(Self.equalityOperators) {
            try descend()
            levels += 1
            node = .comparison(op, node, try comparison())
        }
        return node
    }

    private mutating func comparison() throws(ExpressionError) -> ExpressionNode {
        var node = try unary()
        var levels = 0
        defer { depth -= levels }
        while let op = matchOperator(Self.comparisonOperators) {
            try descend()
            levels += 1
            node = .comparison(op, node, try unary())
        }
        return node
    }

    private mutating func unary() throws(ExpressionError) -> ExpressionNode {
        guard match(.not) else { return try postfix() }
        try descend()
        defer { depth -= 1 }
        return .not(try unary())
    }

    private mutating func postfix() throws(ExpressionError) -> ExpressionNode {
        let (primary, accessible) = try primary()
        // Like GitHub, only groups, calls and named values take `.x` / `[x]`; `'abc'[0]` is a syntax error.
        guard accessible else { return primary }
        var node = primary
        var levels = 0
        defer { depth -= levels }
        while true {
            if match(.leftBracket) {
                let accessor: ExpressionAccessor = match(.star) ? .star : .key(try expression())
                try consume(.rightBracket)
                node = .access(node, accessor)
            } else if match(.dot) {
                guard let token = current else { throw unexpectedEnd() }
                switch token.kind {
                case .property(let name): node = .access(node, .key(.literal(.string(name))))
                case .star: node = .access(node, .star)
                default: throw error("Unexpected symbol", token)
                }
                index += 1
            } else {
                return node
            }
            try descend()
            levels += 1
        }
    }

    private mutating func primary() throws(ExpressionError) -> (ExpressionNode, accessible: Bool) {
        guard let token = current else { throw unexpectedEnd() }
        index += 1
        switch token.kind {
        case .literal(let value):
            return (.literal(value), false)
        case .leftParen:
            let inner = try expression()
            try consume(.rightParen)
            return (inner, true)
        case .identifier(let name):
            if match(.leftParen) { return (try call(token, name: name), true) }
            guard context.namedValue(name) != nil else { throw error("Unrecognized named-value", token) }
            return (.namedValue(name.lowercased()), true)
        default:
            throw error("Unexpected symbol", token)
        }
    }

    private mutating func call(_ token: ExpressionToken, name: String) throws(ExpressionError) -> ExpressionNode {
        var arguments: [ExpressionNode] = []
        while !match(.rightParen) {
            arguments.append(try expression())
            if !check(.rightParen) { try consume(.comma) }
        }
        guard let function = ExpressionFunction(named: name), context.provides(function) else {
            throw error("Unrecognized function", token)
        }
        if arguments.count < function.arity.lowerBound { throw error("Too few parameters supplied", token) }
        if arguments.count > function.arity.upperBound { throw error("Too many parameters supplied", token) }
        if function == .case, arguments.count % 2 == 0 {
            throw error("Even number of parameters supplied, requires an odd number of parameters", token)
        }
        return .call(function, arguments)
    }

    // MARK: Token helpers

    private var current: ExpressionToken? { index < tokens.count ? tokens[index] : nil }

    private func check(_ kind: ExpressionToken.Kind) -> Bool { current?.kind == kind }

    private mutating func match(_ kind: ExpressionToken.Kind) -> Bool {
        guard check(kind) else { return false }
        index += 1
        return true
    }

    private mutating func matchOperator(_ operators: [ExpressionToken.Kind: ComparisonOperator]) -> ComparisonOperator? {
        guard let kind = current?.kind, let op = operators[kind] else { return nil }
        index += 1
        return op
    }

    private mutating func consume(_ kind: ExpressionToken.Kind) throws(ExpressionError) {
        guard let token = current else { throw unexpectedEnd() }
        guard token.kind == kind else { throw error("Unexpected symbol", token) }
        index += 1
    }

    private mutating func descend() throws(ExpressionError) {
        depth += 1
        if depth > Self.maxDepth { throw .exceededMaxDepth }
    }

    private func error(_ description: String, _ token: ExpressionToken) -> ExpressionError {
        .located(description, token: token, in: source)
    }

    /// GitHub points an unexpected end at the last token read, since there is no token at the end itself.
    private func unexpectedEnd() -> ExpressionError {
        guard let last = tokens.last else { return .expressionExpected }
        return error("Unexpected end of expression", last)
    }
}
