import Foundation

/// Renders a ``ReportDocument``: Markdown (GitHub tables; charts by caption), or one self-contained HTML page (styles
/// and SVG charts inline, nothing fetched) that prints cleanly to PDF.
public enum ReportRenderer {
    /// Markdown.
    public static func markdown(_ doc: ReportDocument) -> String {
        // Text from the store (source, watch and campaign names, indicators) must not become HTML in a Markdown viewer.
        func text(_ t: String) -> String { t.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;") }
        func cell(_ t: String) -> String { text(t).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var out = "# \(text(doc.title))\n\n\(text(doc.subtitle))\n"
        for block in doc.blocks {
            out += "\n"
            switch block {
            case .heading(let level, let heading): out += String(repeating: "#", count: level) + " " + text(heading) + "\n"
            case .paragraph(let paragraph): out += text(paragraph) + "\n"
            case .list(let items, let ordered):
                for (i, item) in items.enumerated() { out += (ordered ? "\(i + 1). " : "- ") + text(item) + "\n" }
            case .table(let t):
                out += "| " + t.headers.map(cell).joined(separator: " | ") + " |\n"
                out += "|" + t.headers.indices.map { t.numeric.contains($0) ? "---:|" : "---|" }.joined() + "\n"
                for (i, row) in t.rows.enumerated() {
                    let cells = row.map { t.strongRows.contains(i) && !$0.isEmpty ? "**\(cell($0))**" : cell($0) }
                    out += "| " + cells.joined(separator: " | ") + " |\n"
                }
            case .chart(_, let caption): out += "*\(text(caption))*" + doc.language.t("（图见 HTML 版）", " (the chart is in the HTML version)") + "\n"
            }
        }
        return out
    }

    static let style = """
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;color:#1b2430;max-width:900px;margin:2rem auto;padding:0 1.2rem;line-height:1.7}
        h1{font-size:1.6rem;text-align:center;margin-bottom:.2rem}
        .subtitle{text-align:center;color:#5b6675;margin-top:0}
        h2{font-size:1.2rem;border-left:4px solid #c8102e;padding-left:.5rem;margin-top:2rem}
        table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem;font-size:.92rem}
        th,td{border:1px solid #c7ced8;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#eef1f5}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        tr.strong td{font-weight:600;background:#f7f8fa}
        figure{margin:1rem 0;text-align:center}
        figcaption{color:#5b6675;font-size:.9rem}
        svg.chart{width:min(100%,620px);height:auto}
        ol li,ul li{margin:.2rem 0}
        @media print{body{margin:0;max-width:none}h2{break-after:avoid}table,figure{break-inside:avoid}}
        """

    /// One self-contained HTML page.
    public static func html(_ doc: ReportDocument) -> String {
        """
            <!doctype html>
            <html lang="\(doc.language.tag)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(doc.title))</title><style>\(style)</style></head>
            <body>\(fragment(doc))</body></html>

            """
    }

    /// The report's HTML without the page around it (the dashboard shows it in its own frame).
    public static func fragment(_ doc: ReportDocument) -> String {
        var body = "<h1>\(HTML.escape(doc.title))</h1><p class=\"subtitle\">\(HTML.escape(doc.subtitle))</p>"
        for block in doc.blocks {
            switch block {
            case .heading(let level, let text): body += "<h\(level)>\(HTML.escape(text))</h\(level)>"
            case .paragraph(let text): body += "<p>\(HTML.escape(text))</p>"
            case .list(let items, let ordered):
                let tag = ordered ? "ol" : "ul"
                body += "<\(tag)>" + items.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</\(tag)>"
            case .table(let t):
                body += "<table><thead><tr>" + t.headers.enumerated().map { i, h in "<th\(t.numeric.contains(i) ? " class=\"num\"" : "")>\(HTML.escape(h))</th>" }.joined() + "</tr></thead><tbody>"
                for (r, row) in t.rows.enumerated() {
                    body += "<tr\(t.strongRows.contains(r) ? " class=\"strong\"" : "")>"
                        + row.enumerated().map { i, c in "<td\(t.numeric.contains(i) ? " class=\"num\"" : "")>\(HTML.escape(c))</td>" }.joined() + "</tr>"
                }
                body += "</tbody></table>"
            case .chart(let svg, let caption): body += "<figure>\(svg)<figcaption>\(HTML.escape(caption))</figcaption></figure>"
            }
        }
        return body
    }
}
