import VigilCore

extension FeedFormat {
    /// The format a user names (as `--format` and the API's `format` take them), except `csv`, which needs a column
    /// mapping, and `auto`, which means detection: `jsonl`, `list`, `shadowserver`, `stix`, `misp`, `intelmq`, `eve`,
    /// or a feed preset's name. nil for any other name.
    public init?(name: String, kind: ThreatKind?, reportType: String?) {
        switch name.lowercased() {
        case "jsonl", "json", "ndjson": self = .jsonLines
        case "list", "txt": self = .list(kind: kind)
        case "shadowserver": self = .shadowserver(reportType: reportType)
        case "stix", "stix2": self = .stix
        case "misp": self = .misp
        case "intelmq": self = .intelmq
        case "eve", "suricata": self = .suricataEVE
        default:
            guard let preset = FeedPreset.named(name) else { return nil }
            self = .preset(preset.name)
        }
    }

    /// The names ``init(name:kind:reportType:)`` takes, for error messages.
    public static let namedChoices = "jsonl, list, shadowserver, stix, misp, intelmq, eve, or a feed from `vigil feeds list`"
}
