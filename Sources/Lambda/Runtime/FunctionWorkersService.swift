import ServiceLifecycle

/// Runs accepted `Event` invocations in the background, and stops every function worker as soon as the server begins
/// to shut down, so their long-polling Runtime API requests end instead of holding the HTTP server's drain.
public struct FunctionWorkersService: Service {
    let module: LambdaModule

    public init(module: LambdaModule) {
        self.module = module
    }

    public func run() async throws {
        let asynchronous = module.asynchronous
        let loop = Task { await asynchronous.runLoop() }
        await withTaskCancellationHandler {
            try? await gracefulShutdown()
        } onCancel: {
            loop.cancel()
        }
        loop.cancel()
        await module.shutdown()
        await loop.value
    }
}
