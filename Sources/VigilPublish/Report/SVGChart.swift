import Foundation

/// Charts drawn by Vigil as inline SVG (no script, no external library): lines over days and horizontal bars. Every
/// label is escaped.
public enum SVGChart {
    /// Colours of the threat categories, in ``VigilCore/ThreatCategory`` order, and of other series.
    public static let palette = ["#c8102e", "#e07b00", "#1f6fb2", "#6a3d9a", "#33a02c", "#7f7f7f"]

    /// Lines of daily values, one per series, with the first and last day labelled and a legend.
    public static func lines(_ series: [(label: String, values: [Int])], from first: String, to last: String, width: Int = 720, height: Int = 220, title: String) -> String {
        let left = 48, right = 12, top = 12, bottom = 44
        let plotW = width - left - right, plotH = height - top - bottom
        let count = series.map(\.values.count).max() ?? 0
        let peak = max(1, series.flatMap(\.values).max() ?? 1)
        let scale = niceCeiling(peak)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(HTML.escape(title))\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title>\(HTML.escape(title))</title>"
        for step in 0...4 {
            let y = top + plotH - plotH * step / 4
            svg += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(width - right)\" y2=\"\(y)\" stroke=\"#e3e7ec\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y + 4)\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6675\">\(scale * step / 4)</text>"
        }
        for (i, s) in series.enumerated() where count > 0 {
            let points = s.values.enumerated().map { j, v in
                let x = Double(left) + (count == 1 ? Double(plotW) / 2 : Double(plotW) * Double(j) / Double(count - 1))
                let y = Double(top + plotH) - Double(plotH) * Double(v) / Double(scale)
                return String(format: "%.1f,%.1f", x, y)
            }
            svg += "<polyline fill=\"none\" stroke=\"\(palette[i % palette.count])\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
        }
        svg += "<text x=\"\(left)\" y=\"\(height - 26)\" font-size=\"11\" fill=\"#5b6675\">\(HTML.escape(first))</text>"
        svg += "<text x=\"\(width - right)\" y=\"\(height - 26)\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6675\">\(HTML.escape(last))</text>"
        var x = left
        for (i, s) in series.enumerated() {
            svg += "<rect x=\"\(x)\" y=\"\(height - 12)\" width=\"10\" height=\"10\" fill=\"\(palette[i % palette.count])\"/>"
            svg += "<text x=\"\(x + 14)\" y=\"\(height - 3)\" font-size=\"11\" fill=\"#1b2430\">\(HTML.escape(s.label))</text>"
            x += 24 + s.label.count * 11
        }
        return svg + "</svg>"
    }

    /// Horizontal bars, largest first, each with its value.
    public static func bars(_ items: [(label: String, value: Int)], width: Int = 420, title: String, format: (Int) -> String) -> String {
        // The label column fits the longest label (CJK characters are about twice as wide as Latin ones).
        let widest = items.map { $0.label.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 13 : 7) } }.max() ?? 0
        let row = 24, labelW = min(width / 2, max(80, widest + 12))
        let height = max(1, items.count) * row + 8
        let peak = max(1, items.map(\.value).max() ?? 1)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(HTML.escape(title))\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title>\(HTML.escape(title))</title>"
        for (i, item) in items.enumerated() {
            let y = 4 + i * row
            let w = max(1, (width - labelW - 70) * item.value / peak)
            svg += "<text x=\"\(labelW - 6)\" y=\"\(y + 15)\" font-size=\"12\" text-anchor=\"end\" fill=\"#1b2430\">\(HTML.escape(item.label))</text>"
            svg += "<rect x=\"\(labelW)\" y=\"\(y + 3)\" width=\"\(w)\" height=\"16\" fill=\"#1f6fb2\"><title>\(HTML.escape(item.label)): \(HTML.escape(format(item.value)))</title></rect>"
            svg += "<text x=\"\(labelW + w + 6)\" y=\"\(y + 15)\" font-size=\"12\" fill=\"#5b6675\">\(HTML.escape(format(item.value)))</text>"
        }
        return svg + "</svg>"
    }

    /// 1, 2 or 5 times a power of ten, at least `value`: round numbers for the axis.
    public static func niceCeiling(_ value: Int) -> Int {
        var power = 1
        while power * 10 < value { power *= 10 }
        for m in [1, 2, 5, 10] where m * power >= value { return m * power }
        return 10 * power
    }
}
