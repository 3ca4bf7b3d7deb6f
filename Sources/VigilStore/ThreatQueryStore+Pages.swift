import VigilCore

extension ThreatQueryStore {
    /// A page of threats, newest sighting first, read kind by kind — each a short range of the one index on
    /// `(kind, last_seen, id)` both stores keep — and merged, so no filter walks the whole table past other kinds'
    /// rows. The same answer as ``threats(matching:)``, at any store size.
    public func latestThreats(matching filter: ThreatFilter) async throws -> [Threat] {
        guard filter.kind == nil, filter.id == nil else { return try await threats(matching: filter) }
        var merged: [Threat] = []
        for kind in ThreatKind.allCases where filter.category == nil || kind.category == filter.category {
            var f = filter
            f.category = nil
            f.kind = kind
            merged += try await threats(matching: f)
        }
        return Array(merged.sorted { ($0.lastSeen, $1.id) > ($1.lastSeen, $0.id) }.prefix(max(0, filter.limit)))
    }
}
