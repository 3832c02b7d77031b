@testable import Console
import Foundation
import Testing

@Suite("Stack timelines")
struct StackTimelineTests {
    @Test func oneBarAResourceFromItsFirstEventToItsLast() throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let events = [
            StackTimeline.Event(logicalID: "Stack", status: "CREATE_COMPLETE", time: start.addingTimeInterval(4)),
            StackTimeline.Event(logicalID: "Bucket", status: "CREATE_IN_PROGRESS", time: start.addingTimeInterval(1)),
            StackTimeline.Event(logicalID: "Stack", status: "CREATE_IN_PROGRESS", time: start),
            StackTimeline.Event(logicalID: "Bucket", status: "CREATE_FAILED", time: start.addingTimeInterval(3)),
        ]
        let bars = StackTimeline.bars(events)
        #expect(bars.map(\.logicalID) == ["Stack", "Bucket"])
        #expect(bars[1].start == start.addingTimeInterval(1) && bars[1].end == start.addingTimeInterval(3) && bars[1].status == "CREATE_FAILED")
        let svg = try #require(StackTimeline.svg(events, title: "t<"))
        #expect(svg.contains("Bucket: CREATE_FAILED, 2.0 s") && svg.contains("#d13212") && svg.contains("aria-label=\"t&lt;\""))
        #expect(StackTimeline.svg([], title: "t") == nil)
    }
}
