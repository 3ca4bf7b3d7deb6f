import VigilCore

/// One record of a preset feed (``FeedPreset``), as its family's reader sees it: the trimmed text, the fields split
/// by the preset's separator, or the parsed JSON element.
struct PresetRecord {
    /// The record's text, trimmed of spaces.
    var text: Substring
    /// The fields, split by the preset's separator and trimmed (quotes removed); empty for JSON presets.
    var fields: [String] = []
    /// The element, for JSON presets.
    var json: JSONValue = .null
    /// Header names (lower case) to field positions, for presets with a header row.
    var columns: [String: Int] = [:]

    /// Field `index`, or nil when absent or empty.
    func field(_ index: Int) -> String? {
        guard index >= 0, index < fields.count, !fields[index].isEmpty else { return nil }
        return fields[index]
    }

    /// The field under header `name` (case-insensitive), or nil when absent or empty.
    func field(_ name: String) -> String? {
        columns[name.lowercased()].flatMap { field($0) }
    }

    /// A JSON member as text: strings as they are, numbers as written, booleans as `true`/`false`; nil when absent,
    /// null or empty.
    func value(_ key: String) -> String? {
        Self.text(of: json[key])
    }

    /// The text of a JSON value (see ``value(_:)``).
    static func text(of value: JSONValue?) -> String? {
        switch value {
        case .string(let s): s.isEmpty ? nil : s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }
}

/// What a family's reader makes of one record.
enum PresetOutcome {
    /// Not data (a header, a comment, a blank).
    case skip
    /// One observation to build.
    case row(PresetRow)
    /// A data row that cannot be used, with the reason.
    case reject(RejectReason.Code, String)
}

/// The parts of an observation a family's reader found in a record; ``PresetParser`` validates and builds it.
struct PresetRow {
    /// The kind.
    var kind: ThreatKind
    /// The indicator's text.
    var indicator: String
    /// What the indicator is; nil to tell from the text.
    var type: IndicatorType?
    /// The time as written (any form ``UTCTime`` reads); nil to use the header's time or the batch's.
    var time: String?
    /// The AS number the feed gives.
    var asn: Int?
    /// A note (malware family, category, description).
    var note: String?
    /// The address a URL's or domain's host resolved to, when the feed says.
    var address: String?

    init(
        _ kind: ThreatKind, _ indicator: String, type: IndicatorType? = nil, time: String? = nil, asn: Int? = nil,
        note: String? = nil, address: String? = nil
    ) {
        self.address = address
        self.kind = kind
        self.indicator = indicator
        self.type = type
        self.time = time
        self.asn = asn
        self.note = note
    }
}

/// What a preset's reader remembers across records of one file.
struct PresetState {
    /// A time the file's header gives for all its rows (a list's generation time).
    var headerTime: Int64?
    /// Header names to positions, once the header row was read.
    var columns: [String: Int]?
}
