import VigilCore

/// A feed family Vigil reads by name (`--format NAME`) or recognizes with `--format auto`: the published lists and
/// exports of abuse.ch, Spamhaus, PhishTank, OpenPhish, DShield, Team Cymru, DataPlane, Zone-H and others
/// (docs/feeds.md). Each preset knows how its records are laid out, what its comments say about the file's time, and
/// which ``ThreatKind`` its rows are.
public struct FeedPreset: Sendable {
    /// The name used with `--format` and recorded on the batch, e.g. `spamhaus-drop`.
    public let name: String
    /// A human title, e.g. `Spamhaus DROP/EDROP`.
    public let title: String
    /// Who publishes it.
    public let publisher: String
    /// The kinds its rows become.
    public let kinds: [ThreatKind]
    /// How records are split.
    let recordMode: RecordReader.Mode
    /// The field separator, or nil when a record is read whole (or is JSON).
    let separator: UInt8?
    /// True when the first data record names the columns.
    let hasHeader: Bool
    /// Lines starting with one of these are comments.
    let commentPrefixes: [String]
    /// Reads a comment line (without its prefix), e.g. for the file's generation time.
    let comment: @Sendable (Substring, inout PresetState) -> Void
    /// Reads one record.
    let read: @Sendable (PresetRecord, inout PresetState) -> PresetOutcome
    /// Checks the header row's names; returns what is wrong.
    let checkHeader: @Sendable ([String: Int]) -> String?
    /// True when a file (lower-case name, first few kilobytes as text) is of this family.
    let recognizes: @Sendable (_ fileName: String, _ head: String) -> Bool

    /// True when records are JSON values.
    var isJSON: Bool {
        if case .json = recordMode { return true }
        return false
    }

    /// True when files of this family may be JSON (recognized before Vigil's own JSON Lines), though read as lines.
    let mayBeJSON: Bool

    init(
        name: String, title: String, publisher: String, kinds: [ThreatKind], recordMode: RecordReader.Mode = .lines,
        separator: Character? = nil, hasHeader: Bool = false, commentPrefixes: [String] = ["#"], mayBeJSON: Bool = false,
        comment: @escaping @Sendable (Substring, inout PresetState) -> Void = { _, _ in },
        checkHeader: @escaping @Sendable ([String: Int]) -> String? = { _ in nil },
        recognizes: @escaping @Sendable (String, String) -> Bool,
        read: @escaping @Sendable (PresetRecord, inout PresetState) -> PresetOutcome
    ) {
        self.name = name
        self.title = title
        self.publisher = publisher
        self.kinds = kinds
        self.recordMode = recordMode
        self.separator = separator?.asciiValue
        self.hasHeader = hasHeader
        self.commentPrefixes = commentPrefixes
        if case .json = recordMode { self.mayBeJSON = true } else { self.mayBeJSON = mayBeJSON }
        self.comment = comment
        self.checkHeader = checkHeader
        self.recognizes = recognizes
        self.read = read
    }

    /// Every preset, in the order `--format auto` tries them.
    public static let all: [FeedPreset] = [
        feodoTrackerJSON, feodoTrackerCSV, urlhaus, threatFox, spamhausDrop, spamhausCERT, phishTank, phishTankJSON,
        openPhish, openPhishJSON, dshieldBlock, dshieldASN, bambenek, cymruCAP, cymruBogons, dataPlane, zoneH, blueliv,
        blocklistDE, ciArmy, dangerRulez, turris, alienVault, vxVault, malwarePatrol, cznicHaaS, certEU,
    ]

    /// The preset named `name`.
    public static func named(_ name: String) -> FeedPreset? {
        all.first { $0.name == name.lowercased() }
    }

    /// The preset a file belongs to, from its name and first bytes (UTF-8), or nil. `json` limits the search to the
    /// JSON families (true) or the text ones (false); text families look only at the first 2 KB, where their comment
    /// headers are, so a word in a later record cannot claim a file.
    public static func recognize(fileName: String, head: [UInt8], json: Bool? = nil) -> FeedPreset? {
        let base = (fileName.split(separator: "/").last.map(String.init) ?? fileName).lowercased()
        let text = String(decoding: head.prefix(8192), as: UTF8.self).lowercased()
        let start = String(decoding: head.prefix(2048), as: UTF8.self).lowercased()
        return all.first { preset in
            if let json, preset.mayBeJSON != json { return false }
            return preset.recognizes(base, preset.mayBeJSON ? text : start)
        }
    }
}

extension FeedPreset {
    /// An AS number written `AS4134`, `4134` or `as4134`.
    static func asn(_ text: String?) -> Int? {
        guard var t = text?.trimmingEdges(), !t.isEmpty else { return nil }
        if t.lowercased().hasPrefix("as") { t.removeFirst(2) }
        guard let n = Int(t), n > 0 else { return nil }
        return n
    }

    /// Takes a file time from a comment such as `Last-Modified: …` or `updated: …` when it follows `label`.
    static func headerTime(_ comment: Substring, after label: String, into state: inout PresetState) {
        let lower = Array(comment.lowercased())
        let wanted = Array(label.lowercased())
        guard lower.count == comment.count, let at = lower.firstRange(of: wanted) else { return }
        let value = comment.dropFirst(at.upperBound).trimming(" \t:#")
        if let time = UTCTime.parse(value) ?? HeaderDate.parse(value) { state.headerTime = time }
    }

    /// The first line of a text.
    static func firstLine(_ head: String) -> Substring {
        head.drop(while: { $0 == "\n" || $0 == "\r" || $0 == " " || $0 == "\u{feff}" }).prefix(while: { $0 != "\n" && $0 != "\r" })
    }
}

extension StringProtocol {
    /// The text with the given characters removed from both ends.
    func trimming(_ set: String) -> String {
        let chars = Set(set)
        return String(drop(while: { chars.contains($0) }).reversed().drop(while: { chars.contains($0) }).reversed())
    }
}
