import VigilCore

/// The input formats Vigil reads, with their options.
public enum FeedFormat: Sendable, Hashable {
    /// Vigil JSON Lines, the canonical exchange format (docs/formats.md).
    case jsonLines
    /// Generic CSV with a column mapping.
    case csv(CSVMapping)
    /// A plain list, one indicator per line; `kind` fixes the kind, otherwise it follows the indicator type.
    case list(kind: ThreatKind?)
    /// A Shadowserver CSV report; the type comes from the file name unless given.
    case shadowserver(reportType: String?)
    /// A named feed family (``FeedPreset``), e.g. `spamhaus-drop`.
    case preset(String)
    /// A STIX 2.1 bundle (or one STIX object).
    case stix
    /// MISP event JSON.
    case misp
    /// IntelMQ events (harmonized field names), JSON Lines or an array.
    case intelmq
    /// Suricata EVE JSON.
    case suricataEVE

    /// The short name used on the command line and in the batch record.
    public var name: String {
        switch self {
        case .jsonLines: "jsonl"
        case .csv: "csv"
        case .list: "list"
        case .shadowserver: "shadowserver"
        case .preset(let name): name
        case .stix: "stix"
        case .misp: "misp"
        case .intelmq: "intelmq"
        case .suricataEVE: "eve"
        }
    }

    /// How the reader must split records.
    public var recordMode: RecordReader.Mode {
        switch self {
        case .jsonLines, .list: .lines
        case .csv, .shadowserver: .csv
        case .preset(let name): FeedPreset.named(name)?.recordMode ?? .lines
        case .stix: .json(member: "objects")
        case .misp: .json(member: "response")
        case .intelmq: .json(member: nil)
        case .suricataEVE: .lines
        }
    }

    /// Why a parser could not be made.
    public struct SetupError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// Makes a parser for one batch.
    public func makeParser(context: FeedContext) throws(SetupError) -> any FeedParser {
        switch self {
        case .jsonLines:
            return JSONLinesParser(context: context)
        case .csv(let mapping):
            return CSVParser(mapping: mapping, context: context)
        case .list(let kind):
            return ListParser(kind: kind, context: context)
        case .stix:
            return STIXBundleParser(context: context)
        case .misp:
            return MISPEventParser(context: context)
        case .intelmq:
            return IntelMQEventParser(context: context)
        case .suricataEVE:
            return SuricataEVEParser(context: context)
        case .preset(let name):
            guard let preset = FeedPreset.named(name) else {
                throw SetupError("unknown feed '\(name)'; known: " + FeedPreset.all.map(\.name).joined(separator: ", "))
            }
            return PresetParser(preset: preset, context: context)
        case .shadowserver(let reportType):
            let typeName = reportType ?? ShadowserverReport.typeName(fromFileName: context.fileName)
            guard let typeName else {
                throw SetupError(
                    "cannot tell the Shadowserver report type from '\(context.fileName)'; name the file "
                        + "YYYY-MM-DD-<type>-….csv or pass --report-type (e.g. scan_ntp)")
            }
            let schema: ShadowserverSchema
            switch ShadowserverSchema.active {
            case .success(let active): schema = active
            case .failure(let problem): throw SetupError(problem.message)
            }
            guard let report = schema.report(named: typeName) else {
                throw SetupError(
                    "unknown Shadowserver report type '\(typeName)': the schema in use (\(schema.source)) has "
                        + "\(schema.reports.count) types, listed by `vigil feeds shadowserver`; if Shadowserver added it "
                        + "recently, run `vigil feeds update-shadowserver-schema intelmq.json` with their latest schema")
            }
            return ShadowserverParser(report: report, context: context)
        }
    }

    /// Guesses a format from a file name and its first bytes (UTF-8): `.jsonl`/`.ndjson` or a leading `{` is JSON
    /// Lines; a `.csv` named like a Shadowserver report (`YYYY-MM-DD-<type>-….csv`) of a known type, or with Shadowserver's
    /// `timestamp` header, is Shadowserver; a `.csv` whose header uses the Chinese
    /// reporting headings (``ChineseCSVTemplate``) is CSV with that mapping; other `.csv` files need a mapping, so
    /// they are reported as undetectable; everything else is a list. Pass the first few kilobytes, so that a whole
    /// header line is there.
    public static func detect(fileName: String, head: [UInt8]) -> FeedFormat? {
        let lower = fileName.lowercased()
        // Exchange formats first (their keys are unambiguous), then JSON feed families, Vigil JSON Lines, Shadowserver
        // by its file name, and only then the text feed families, whose marks are words in a comment header.
        if let exchange = detectExchange(head: head) { return exchange }
        if let preset = FeedPreset.recognize(fileName: fileName, head: head, json: true) { return .preset(preset.name) }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonLines }
        let firstByte = head.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }).first
        if firstByte == UInt8(ascii: "{") { return .jsonLines }
        if lower.hasSuffix(".csv"), let type = ShadowserverReport.typeName(fromFileName: fileName) {
            // A known type, or Shadowserver's header: an unknown type then gets the advice to update the schema.
            let known = (try? ShadowserverSchema.active.get())?.report(named: type) != nil
            let firstLine = String(decoding: head.prefix(while: { $0 != 0x0A }), as: UTF8.self).lowercased()
            if known || firstLine.contains("\"timestamp\"") || firstLine.hasPrefix("timestamp,") {
                return .shadowserver(reportType: type)
            }
        }
        if let preset = FeedPreset.recognize(fileName: fileName, head: head, json: false) { return .preset(preset.name) }
        if lower.hasSuffix(".csv") {
            if let mapping = ChineseCSVTemplate.mapping(head: head) { return .csv(mapping) }
            return nil
        }
        return .list(kind: nil)
    }

    /// Recognizes the exchange formats by their first JSON object's keys: a STIX bundle or object (`"type"` with
    /// `"spec_version"` or `"bundle"`), a MISP event (`"Event"` or `"response"` with `"Attribute"`), an IntelMQ
    /// event (`"classification.type"`, `"feed.name"` or `"time.observation"`), a Suricata EVE event
    /// (`"event_type"` with `"src_ip"` or `"flow_id"`).
    static func detectExchange(head: [UInt8]) -> FeedFormat? {
        let text = String(decoding: head.prefix(16384), as: UTF8.self)
        let start = text.drop(while: { $0.isWhitespace || $0 == "\u{feff}" })
        guard start.hasPrefix("{") || start.hasPrefix("[") else { return nil }
        let compact = String(start.prefix(16384).filter { !$0.isWhitespace })
        if compact.contains("\"event_type\":"), compact.contains("\"src_ip\":") || compact.contains("\"flow_id\":") {
            return .suricataEVE
        }
        if compact.contains("\"classification.type\":") || compact.contains("\"time.observation\":")
            || compact.contains("\"feed.name\":")
        {
            return .intelmq
        }
        if compact.contains("\"Event\":{") || compact.contains("\"Event\":[") || (compact.contains("\"Attribute\":[") && compact.contains("\"info\":")) {
            return .misp
        }
        if compact.contains("\"type\":\"bundle\"") || (compact.contains("\"spec_version\":\"2.") && compact.contains("\"type\":")) {
            return .stix
        }
        return nil
    }
}
