import SlipwayCore
import Synchronization
import Testing

@Suite("Bounded cache")
struct BoundedCacheTests {
    @Test func aKeptValueIsNotMadeAgain() {
        let cache = BoundedCache<String, Int>(capacity: 4)
        let made = Atomic(0)
        for _ in 0..<3 {
            #expect(cache.value(for: "a") { made.add(1, ordering: .relaxed); return 1 } == 1)
        }
        #expect(made.load(ordering: .relaxed) == 1)
    }

    @Test func keysUnusedForTwoGenerationsAreForgottenAndUsedOnesKept() {
        let cache = BoundedCache<Int, Int>(capacity: 2)
        let made = Atomic(0)
        func get(_ key: Int) -> Int { cache.value(for: key) { made.add(1, ordering: .relaxed); return key * 10 } }
        _ = get(1)
        _ = get(2)  // young: 1, 2
        _ = get(3)  // old: 1, 2; young: 3
        _ = get(1)  // promoted from old
        _ = get(4)  // young was full (3, 1): old: 3, 1; young: 4
        #expect(made.load(ordering: .relaxed) == 4)
        #expect(get(1) == 10)  // still in the old generation
        #expect(made.load(ordering: .relaxed) == 4)
        #expect(get(2) == 20)  // forgotten: made again
        #expect(made.load(ordering: .relaxed) == 5)
    }

    @Test func aFailedMakeKeepsNothing() throws {
        struct Failure: Error {}
        let cache = BoundedCache<String, Int>(capacity: 4)
        #expect(throws: Failure.self) { try cache.value(for: "a") { throw Failure() } }
        #expect(cache.value(for: "a") { 7 } == 7)
    }
}
