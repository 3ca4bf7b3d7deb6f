import VigilCore

/// One entry of the review queue: a threat no rule decided, or a confirmed threat under appeal.
public struct ReviewItem: Sendable, Hashable {
    public var threat: ThreatID
    public var kind: ThreatKind
    public var indicator: String
    public var organization: String?
    public var province: Int?
    public var determination: StoredDetermination
    /// The pending appeal, when that is why it is here.
    public var appeal: Appeal?

    public init(threat: ThreatID, kind: ThreatKind, indicator: String, organization: String?, province: Int?, determination: StoredDetermination, appeal: Appeal?) {
        self.threat = threat
        self.kind = kind
        self.indicator = indicator
        self.organization = organization
        self.province = province
        self.determination = determination
        self.appeal = appeal
    }

    /// Where a page of the review queue ends: in the appeals (by appeal id) or in the threats to review (by decision
    /// time and threat id).
    public enum Cursor: Sendable, Hashable, CustomStringConvertible {
        case appeal(Int64)
        case review(decidedAt: Int64, threat: ThreatID)

        /// `a<id>` or `r<time>_<threat>`.
        public var description: String {
            switch self {
            case .appeal(let id): "a\(id)"
            case .review(let at, let threat): "r\(at)_\(threat)"
            }
        }

        /// Reads a cursor written by ``description``.
        public init?(_ text: String) {
            if text.hasPrefix("a"), let id = Int64(text.dropFirst()) {
                self = .appeal(id)
                return
            }
            let parts = text.dropFirst().split(separator: "_")
            guard text.hasPrefix("r"), parts.count == 2, let at = Int64(parts[0]), let threat = ThreatID(hex: String(parts[1])) else { return nil }
            self = .review(decidedAt: at, threat: threat)
        }
    }

    /// The cursor that continues after this item.
    public var cursor: Cursor {
        if let appeal { return .appeal(appeal.id) }
        return .review(decidedAt: determination.decidedAt, threat: threat)
    }
}
