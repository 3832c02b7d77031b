import Foundation
import Wire

/// Line charts of model versions' numeric metrics, drawn as SVG on the server: one line a metric, versions along the
/// bottom, every text escaped, no script and no style attribute (the console's CSP allows neither).
enum MetricChart {
    struct Series: Sendable, Equatable {
        var name: String
        /// Values by version number.
        var points: [(version: Int, value: Double)]

        static func == (a: Series, b: Series) -> Bool {
            a.name == b.name && a.points.map(\.version) == b.points.map(\.version) && a.points.map(\.value) == b.points.map(\.value)
        }
    }

    static let colours = ["#0b5cad", "#ec7211", "#1d8102", "#8d36c9", "#d13212"]

    /// The numeric metrics of `versions` (version number and its metrics by name), one series a metric, at most five.
    static func series(_ versions: [(version: Int, metrics: [String: String])]) -> [Series] {
        let names = Set(versions.flatMap { $0.metrics.keys }).sorted()
        return names.compactMap { name -> Series? in
            let points = versions.compactMap { entry in entry.metrics[name].flatMap(Double.init).map { (entry.version, $0) } }.sorted { $0.0 < $1.0 }
            return points.isEmpty ? nil : Series(name: name, points: points)
        }.prefix(colours.count).map { $0 }
    }

    static func format(_ value: Double) -> String {
        String(format: "%.4g", value)
    }

    /// The chart, or nil when there is nothing to draw.
    static func svg(_ series: [Series], title: String) -> String? {
        let all = series.flatMap(\.points)
        guard !all.isEmpty else { return nil }
        let width = 600.0, height = 220.0, left = 56.0, right = 16.0, top = 16.0, bottom = 48.0
        let versions = all.map(\.version), values = all.map(\.value)
        let minVersion = versions.min() ?? 0, maxVersion = versions.max() ?? 0
        var low = values.min() ?? 0, high = values.max() ?? 0
        if low == high { (low, high) = (low - 1, high + 1) }
        let x = { (version: Int) -> Double in
            maxVersion == minVersion ? left + (width - left - right) / 2 : left + Double(version - minVersion) / Double(maxVersion - minVersion) * (width - left - right)
        }
        let y = { (value: Double) -> Double in top + (high - value) / (high - low) * (height - top - bottom) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(MarkupText.escaped(title))\" class=\"chart\">"
        svg += "<title>\(MarkupText.escaped(title))</title>"
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - right)\" y2=\"\(height - bottom)\" stroke=\"#545b64\"/>"
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(height - bottom)\" stroke=\"#545b64\"/>"
        for value in [low, (low + high) / 2, high] {
            svg += "<text x=\"\(left - 6)\" y=\"\(y(value) + 4)\" text-anchor=\"end\" font-size=\"11\" fill=\"#16191f\">\(format(value))</text>"
        }
        for version in Set(versions).sorted() {
            svg += "<text x=\"\(x(version))\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#16191f\">v\(version)</text>"
        }
        for (index, line) in series.enumerated() {
            let colour = colours[index % colours.count]
            let path = line.points.map { "\(x($0.version)),\(y($0.value))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            for point in line.points {
                svg += "<circle cx=\"\(x(point.version))\" cy=\"\(y(point.value))\" r=\"3.5\" fill=\"\(colour)\"><title>\(MarkupText.escaped(line.name)) v\(point.version): \(format(point.value))</title></circle>"
            }
            let legendX = left + Double(index) * 110
            svg += "<rect x=\"\(legendX)\" y=\"\(height - 18)\" width=\"10\" height=\"10\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(legendX + 14)\" y=\"\(height - 9)\" font-size=\"11\" fill=\"#16191f\">\(MarkupText.escaped(String(line.name.prefix(14))))</text>"
        }
        return svg + "</svg>"
    }
}
