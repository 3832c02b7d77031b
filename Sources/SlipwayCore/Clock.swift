import Foundation

/// The source of the current time, injectable so tests can fix or move it.
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The system's clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock tests set and advance by hand.
public final class ManualWallClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) { current = start }

    public func now() -> Date { lock.withLock { current } }

    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }

    public func set(_ date: Date) { lock.withLock { current = date } }
}

/// The system clock shifted by an offset that can grow at run time; the test hooks move service time with it.
public final class OffsetWallClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var offset: TimeInterval = 0

    public init() {}

    public func now() -> Date { Date().addingTimeInterval(lock.withLock { offset }) }

    /// Moves this clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) { lock.withLock { offset += seconds } }
}
