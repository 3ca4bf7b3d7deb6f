/// How a situation report is written out.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    case md, html, pdf, json
}
