import Foundation
import VigilAttribution
import VigilPublish

/// China's 34 provincial-level divisions as a tile map — one square each, placed roughly where it lies — coloured by
/// a count, with the province's name and count on the tile and in its tooltip. Each tile links to that province's
/// threats.
enum ProvinceTileMap {
    /// (GB/T 2260 code, column, row).
    static let tiles: [(code: Int, col: Int, row: Int)] = [
        (230000, 8, 0),
        (150000, 5, 1), (220000, 8, 1),
        (650000, 1, 2), (620000, 3, 2), (110000, 6, 2), (210000, 8, 2),
        (540000, 1, 3), (630000, 2, 3), (640000, 3, 3), (140000, 4, 3), (130000, 5, 3), (120000, 6, 3), (370000, 7, 3),
        (510000, 2, 4), (610000, 3, 4), (410000, 4, 4), (340000, 5, 4), (320000, 6, 4), (310000, 7, 4),
        (530000, 2, 5), (500000, 3, 5), (420000, 4, 5), (360000, 5, 5), (330000, 6, 5),
        (520000, 3, 6), (430000, 4, 6), (350000, 6, 6), (710000, 7, 6),
        (450000, 3, 7), (440000, 4, 7), (810000, 5, 7), (820000, 4, 8), (460000, 3, 8),
    ]

    /// The map's SVG; `link(code)` gives each tile's target.
    static func render(_ counts: [Int: Int], lang: Language, title: String, link: (Int) -> String) -> String {
        let size = 64, gap = 4
        let width = 9 * (size + gap) + gap, height = 9 * (size + gap) + gap + 28
        let peak = max(1, counts.filter { $0.key != 0 }.values.max() ?? 1)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(HTML.escape(title))\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title>\(HTML.escape(title))</title>"
        for tile in tiles {
            let n = counts[tile.code] ?? 0
            let name = lang.province(tile.code)
            let x = gap + tile.col * (size + gap), y = gap + tile.row * (size + gap)
            let shade = colour(n, peak: peak)
            let ink = n > 0 && Double(n) / Double(peak) > 0.45 ? "#ffffff" : "#1b2430"
            svg += "<a href=\"\(HTML.escape(link(tile.code)))\"><rect x=\"\(x)\" y=\"\(y)\" width=\"\(size)\" height=\"\(size)\" rx=\"4\" fill=\"\(shade)\" "
                + "stroke=\"#c7ced8\" data-province=\"\(tile.code)\" data-count=\"\(n)\"><title>\(HTML.escape(name)): \(HTML.escape(lang.count(n)))</title></rect>"
            svg += "<text x=\"\(x + size / 2)\" y=\"\(y + 26)\" font-size=\"\(lang == .zh ? 13 : 9)\" text-anchor=\"middle\" fill=\"\(ink)\">\(HTML.escape(name))</text>"
            svg += "<text x=\"\(x + size / 2)\" y=\"\(y + 46)\" font-size=\"12\" text-anchor=\"middle\" fill=\"\(ink)\">\(HTML.escape(lang.count(n)))</text></a>"
        }
        // The legend: light to dark.
        for step in 0..<5 {
            svg += "<rect x=\"\(gap + step * 40)\" y=\"\(height - 20)\" width=\"40\" height=\"12\" fill=\"\(colour(step == 0 ? 0 : peak * step / 4, peak: peak))\"/>"
        }
        svg += "<text x=\"\(gap + 210)\" y=\"\(height - 10)\" font-size=\"11\" fill=\"#5b6675\">0 – \(HTML.escape(lang.count(peak)))</text>"
        return svg + "</svg>"
    }

    /// White for none, then light to dark red by share of the largest count (square-root scale).
    static func colour(_ n: Int, peak: Int) -> String {
        guard n > 0 else { return "#f2f4f7" }
        let t = (Double(n) / Double(max(1, peak))).squareRoot()
        let from = (255.0, 224.0, 224.0), to = (150.0, 10.0, 30.0)
        let r = Int(from.0 + (to.0 - from.0) * t), g = Int(from.1 + (to.1 - from.1) * t), b = Int(from.2 + (to.2 - from.2) * t)
        return String(format: "#%02x%02x%02x", r, g, b)
    }
}
