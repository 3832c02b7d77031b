@testable import Console
import Testing

@Suite("Metric charts")
struct MetricChartTests {
    @Test func numericMetricsBecomeOneSeriesEachInVersionOrder() {
        let series = MetricChart.series([
            (version: 2, metrics: ["auc": "0.87", "note": "retrained", "rmse": "1.5"]),
            (version: 1, metrics: ["auc": "0.81"]),
        ])
        #expect(series.map(\.name) == ["auc", "rmse"])
        #expect(series[0].points.map(\.version) == [1, 2] && series[0].points.map(\.value) == [0.81, 0.87])
        #expect(MetricChart.series([(version: 1, metrics: ["note": "x"])]).isEmpty)
    }

    @Test func theChartEscapesNamesAndHasNoScriptOrStyle() throws {
        let chart = try #require(MetricChart.svg([MetricChart.Series(name: "<script>x</script>", points: [(1, 0.5), (2, 0.75)])], title: "m\"<b>"))
        #expect(chart.hasPrefix("<svg") && chart.hasSuffix("</svg>"))
        #expect(!chart.contains("<script") && !chart.contains("<b>") && !chart.contains("style="))
        #expect(chart.contains("&lt;script&gt;") && chart.contains("aria-label=\"m&quot;&lt;b&gt;\""))
        #expect(MetricChart.svg([], title: "t") == nil)
        // One version or one value still draws inside the frame.
        let flat = try #require(MetricChart.svg([MetricChart.Series(name: "auc", points: [(3, 0.9)])], title: "t"))
        #expect(!flat.contains("nan") && !flat.contains("inf"))
    }
}
