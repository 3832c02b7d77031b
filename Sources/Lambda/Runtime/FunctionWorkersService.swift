import ServiceKit
import ServiceLifecycle

/// Runs accepted `Event` invocations in the background, and stops every function worker as soon as the server begins
/// to shut down, so their long-polling Runtime API requests end instead of holding the HTTP server's drain.
public struct FunctionWorkersService: Service {
    let module: LambdaModule

    public init(module: LambdaModule) {
        self.module = module
    }

    public func run() async throws {
        await runUntilGracefulShutdown { [asynchronous = module.asynchronous] in await asynchronous.runLoop() }
        await module.shutdown()
    }
}
