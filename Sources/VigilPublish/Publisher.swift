import Foundation
import VigilCore
import VigilStore

/// Exports a blocklist: the threats that may be published now, the list's entries brought up to date in the store
/// (each change recorded, the serial moved on), and the file rendered from them.
public struct Publisher: Sendable {
    public let ledger: PublicationLedger
    public let settings: PublishSettings

    public init(ledger: PublicationLedger, settings: PublishSettings) {
        self.ledger = ledger
        self.settings = settings
    }

    /// What an export gives.
    public struct Export: Sendable {
        public var text: String
        public var refresh: PublicationLedger.Refresh
        /// Entries in the file (fewer than in the list when `kinds` or `since` narrowed it).
        public var written: Int
    }

    /// Exports `format`. The list kept in the store is always the whole list; `kinds` and `since` (decided since)
    /// narrow only the file.
    public func export(_ format: BlocklistFormat, kinds: Set<ThreatKind> = [], since: Int64? = nil, at now: Int64) async throws -> Export {
        let threats = try await ledger.allListable(kinds: settings.kinds)
        let entries = Blocklist.entries(format, threats, settings: settings)
        let refresh = try await ledger.refresh(list: format.rawValue, entries: entries, at: now)
        let selected = Set(threats.filter { t in (kinds.isEmpty || kinds.contains(t.kind)) && (since.map { t.decidedAt >= $0 } ?? true) }.map(\.threat))
        let written = entries.filter { selected.contains($0.threat) }
        return Export(text: Blocklist.render(format, entries: written, serial: refresh.serial, settings: settings, at: now), refresh: refresh,
                      written: Set(written.map(\.entry)).count)
    }
}
