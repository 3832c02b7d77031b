import ServiceLifecycle

/// Runs `loop` (a background worker's scan loop) until the server begins to shut down or the service is cancelled,
/// then cancels it and waits for it to end.
public func runUntilGracefulShutdown(_ loop: @escaping @Sendable () async -> Void) async {
    let task = Task { await loop() }
    await withTaskCancellationHandler {
        try? await gracefulShutdown()
    } onCancel: {
        task.cancel()
    }
    task.cancel()
    await task.value
}
