/// Why a pipeline definition was refused; `message` is what SageMaker's `ValidationException` would say.
struct PipelineDefinitionError: Error, Sendable, Equatable, CustomStringConvertible {
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}

/// Why an expression (a `Get`, `Std:Join`, `Std:JsonGet` or condition) could not be resolved at run time.
struct PipelineExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
