import VigilCore

extension RefTable {
    /// The cities the table names, per province code, sorted: the city part of the regions catalogue, as the
    /// reference data spells it.
    public var citiesByProvince: [Int: [String]] {
        var sets: [Int: Set<String>] = [:]
        for a in attributions {
            if let p = a.provinceCode, let city = a.city { sets[p, default: []].insert(city) }
        }
        return sets.mapValues { $0.sorted() }
    }
}
