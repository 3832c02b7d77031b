import Foundation
import Wire

/// A stack's events as a timeline in SVG: one bar a resource, from its first event to its last, coloured by where it
/// ended (complete, failed or rolled back, under way), so a slow or failed resource stands out at a glance.
enum StackTimeline {
    struct Event: Sendable, Equatable {
        var logicalID: String
        var status: String
        var time: Date
    }

    struct Bar: Sendable, Equatable {
        var logicalID: String
        var start: Date
        var end: Date
        var status: String
    }

    /// One bar a resource, in the order resources first appear.
    static func bars(_ events: [Event]) -> [Bar] {
        var order: [String] = [], bars: [String: Bar] = [:]
        for event in events.sorted(by: { $0.time < $1.time }) {
            if var bar = bars[event.logicalID] {
                bar.end = max(bar.end, event.time)
                bar.status = event.status
                bars[event.logicalID] = bar
            } else {
                order.append(event.logicalID)
                bars[event.logicalID] = Bar(logicalID: event.logicalID, start: event.time, end: event.time, status: event.status)
            }
        }
        return order.compactMap { bars[$0] }
    }

    static func colour(_ status: String) -> String {
        if status.contains("FAILED") || status.contains("ROLLBACK") { return "#d13212" }
        if status.hasSuffix("_COMPLETE") { return "#1d8102" }
        return "#0b5cad"
    }

    /// The drawing, or nil without events.
    static func svg(_ events: [Event], title: String) -> String? {
        let bars = bars(events)
        guard let first = bars.map(\.start).min(), let last = bars.map(\.end).max() else { return nil }
        let span = max(last.timeIntervalSince(first), 0.001)
        let label = 170.0, width = 640.0, row = 22.0, top = 8.0
        let height = top + Double(bars.count) * row + 24
        let x = { (date: Date) -> Double in label + date.timeIntervalSince(first) / span * (width - label - 12) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(MarkupText.escaped(title))\" class=\"chart\">"
        svg += "<title>\(MarkupText.escaped(title))</title>"
        for (index, bar) in bars.enumerated() {
            let y = top + Double(index) * row
            let start = x(bar.start), end = max(x(bar.end), start + 3)
            svg += "<text x=\"\(label - 8)\" y=\"\(y + 14)\" text-anchor=\"end\" font-size=\"11\" fill=\"#16191f\">\(MarkupText.escaped(String(bar.logicalID.prefix(24))))</text>"
            svg += "<rect x=\"\(start)\" y=\"\(y + 4)\" width=\"\(end - start)\" height=\"14\" rx=\"3\" fill=\"\(colour(bar.status))\"><title>\(MarkupText.escaped(bar.logicalID)): \(MarkupText.escaped(bar.status)), \(String(format: "%.1f", bar.end.timeIntervalSince(bar.start))) s</title></rect>"
        }
        let axis = top + Double(bars.count) * row + 4
        svg += "<line x1=\"\(label)\" y1=\"\(axis)\" x2=\"\(width - 12)\" y2=\"\(axis)\" stroke=\"#545b64\"/>"
        svg += "<text x=\"\(label)\" y=\"\(axis + 14)\" font-size=\"11\" fill=\"#16191f\">0 s</text>"
        svg += "<text x=\"\(width - 12)\" y=\"\(axis + 14)\" text-anchor=\"end\" font-size=\"11\" fill=\"#16191f\">\(String(format: "%.1f", span)) s</text>"
        return svg + "</svg>"
    }
}
