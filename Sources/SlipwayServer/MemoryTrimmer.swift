import ServiceLifecycle

#if os(Linux)
/// glibc's `malloc_trim(3)`, which Swift's Glibc module does not export (it lives in `malloc.h`).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// Hands memory freed after a burst of requests back to the system once the server has gone quiet.
///
/// glibc keeps freed memory in its per-thread arenas; `malloc_trim` releases it. It runs only after a quiet
/// interval (no audit records arrived), so it never competes with requests.
struct MemoryTrimmer: Service {
    let isQuiet: @Sendable () -> Bool
    let interval: Duration = .seconds(1)

    func run() async throws {
        var trimmedSinceLastBurst = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if isQuiet() {
                if !trimmedSinceLastBurst {
                    #if os(Linux)
                    _ = glibcMallocTrim(0)
                    #endif
                    trimmedSinceLastBurst = true
                }
            } else {
                trimmedSinceLastBurst = false
            }
        }
    }
}
