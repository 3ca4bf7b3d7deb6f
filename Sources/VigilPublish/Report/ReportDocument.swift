/// A report as blocks, written once and rendered as Markdown or HTML.
public struct ReportDocument: Sendable {
    /// A table: its headers, rows, which columns hold numbers (right-aligned), and which rows are totals or groups.
    public struct Table: Sendable, Hashable {
        public var headers: [String]
        public var rows: [[String]]
        public var numeric: Set<Int> = []
        public var strongRows: Set<Int> = []
    }

    public enum Block: Sendable, Hashable {
        case heading(level: Int, text: String)
        case paragraph(String)
        case list([String], ordered: Bool)
        case table(Table)
        /// An SVG chart (shown in HTML; Markdown gives its caption).
        case chart(svg: String, caption: String)
    }

    public var title: String
    public var subtitle: String
    public var language: Language
    public var blocks: [Block] = []

    mutating func heading(_ text: String, level: Int = 2) { blocks.append(.heading(level: level, text: text)) }
    mutating func paragraph(_ text: String) { blocks.append(.paragraph(text)) }
    mutating func list(_ items: [String], ordered: Bool = false) { if !items.isEmpty { blocks.append(.list(items, ordered: ordered)) } }
    mutating func table(_ t: Table) { blocks.append(.table(t)) }
    mutating func chart(_ svg: String, _ caption: String) { blocks.append(.chart(svg: svg, caption: caption)) }
}
