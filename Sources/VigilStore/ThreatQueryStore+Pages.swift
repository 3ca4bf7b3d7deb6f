import VigilCore

extension ThreatQueryStore {
    /// A page of threats, newest sighting first, in a few short index ranges whatever the store's size: the same
    /// answer as ``threats(matching:)``. Both stores keep the indexes this relies on: `(kind, last_seen, id)`,
    /// `(province, last_seen, id)` and `(details_id)`.
    public func latestThreats(matching filter: ThreatFilter) async throws -> [Threat] {
        // A province's threats are read in one query along the (province, last_seen) index, an organization's through
        // its attribution rows (the details_id index); everything else kind by kind along (kind, last_seen).
        guard filter.kind == nil, filter.id == nil, filter.organization == nil, filter.provinceCode == nil else { return try await threats(matching: filter) }
        var f = filter
        f.mergingKinds = ThreatKind.allCases.filter { filter.category == nil || $0.category == filter.category }
        f.category = nil
        return try await threats(matching: f)
    }
}
