import Foundation
import VigilCore

/// Merges reference sources into one ``RefTable``: for every address and every field, the value of the first source
/// in that field's precedence that has one, remembering which source that was.
public struct RefDataCompiler: Sendable {
    /// Precedence per field; fields not listed use ``RefField/defaultPrecedence``.
    public var precedence: [RefField: [RefSourceKind]]

    /// A compiler with the default precedence, optionally overridden per field.
    public init(precedence: [RefField: [RefSourceKind]] = [:]) {
        self.precedence = precedence
    }

    /// Country codes of the 34 provincial-level divisions.
    static let chineseCountries: Set<String> = ["CN", "HK", "MO", "TW"]

    func order(_ field: RefField) -> [RefSourceKind] { precedence[field] ?? field.defaultPrecedence }

    /// Compiles sources (at most one per kind; later ones of the same kind are merged into the first).
    public func compile(_ sources: [RefSourceData], builtAt: Date = Date()) -> RefTable {
        var byKind: [RefSourceKind: RefSourceData] = [:]
        var infos: [RefSourceInfo] = []
        for s in sources {
            infos.append(s.info)
            if var existing = byKind[s.info.kind] {
                existing.v4 += s.v4
                existing.v6 += s.v6
                byKind[s.info.kind] = existing
            } else {
                byKind[s.info.kind] = s
            }
        }
        RefDataCompiler.unifyCitySpellings(&byKind)
        var interner = RecordInterner()
        var stats = MergeStats()
        let v4Layers = byKind.map { ($0.key, RefDataCompiler.disjoint($0.value.v4)) }
        let v6Layers = byKind.map { ($0.key, RefDataCompiler.disjoint($0.value.v6)) }
        let (v4Starts, v4Records) = merge(layers: v4Layers, maxAddress: UInt128(UInt32.max), interner: &interner, stats: &stats, countStats: true)
        let (v6Starts, v6Records) = merge(layers: v6Layers, maxAddress: UInt128.max, interner: &interner, stats: &stats, countStats: false)
        var disagreements: [RefDisagreement] = []
        for field in RefField.allCases {
            for (pair, counts) in stats.pairs[field] ?? [:] {
                disagreements.append(RefDisagreement(field: field, first: pair.a, second: pair.b, compared: counts.0, differing: counts.1))
            }
        }
        disagreements.sort { ($0.field.rawValue, $0.first.rawValue, $0.second.rawValue) < ($1.field.rawValue, $1.first.rawValue, $1.second.rawValue) }
        let metadata = RefTableMetadata(
            builtAt: UTCTime.format(Int64(builtAt.timeIntervalSince1970)), sources: infos,
            precedence: Dictionary(uniqueKeysWithValues: RefField.allCases.map { ($0.rawValue, order($0)) }),
            disagreements: disagreements, suppressedProvinces: stats.suppressed,
            relocatedCountries: stats.relocated)
        return RefTable(
            v4Starts: v4Starts.map { UInt32(truncatingIfNeeded: $0) }, v4Records: v4Records, v6Starts: v6Starts, v6Records: v6Records,
            attributions: interner.attributions, provenance: interner.provenance, metadata: metadata)
    }

    /// Sources spell one city several ways (`大连` and `大连市`, `锡林郭勒` and `锡林郭勒盟`). Within each province, a
    /// name that is the start of exactly one longer name there becomes that name.
    static func unifyCitySpellings(_ sources: inout [RefSourceKind: RefSourceData]) {
        var names: [Int: Set<String>] = [:]
        for data in sources.values {
            for r in data.v4 + data.v6 {
                if let p = r.values.province, let c = r.values.city { names[p, default: []].insert(c) }
            }
        }
        var canonical: [Int: [String: String]] = [:]
        for (province, set) in names {
            for name in set {
                let longer = set.filter { $0 != name && $0.hasPrefix(name) }
                if longer.count == 1, let full = longer.first { canonical[province, default: [:]][name] = full }
            }
        }
        guard !canonical.isEmpty else { return }
        func fix(_ list: inout [RefInterval]) {
            for i in list.indices {
                if let p = list[i].values.province, let c = list[i].values.city, let full = canonical[p]?[c] { list[i].values.city = full }
            }
        }
        for kind in Array(sources.keys) {
            guard var data = sources[kind] else { continue }
            fix(&data.v4)
            fix(&data.v6)
            sources[kind] = data
        }
    }

    /// Turns one source's ranges into disjoint ranges: where ranges nest, the inner (more specific) one wins; equal
    /// ranges are decided by rank, then by the later one.
    static func disjoint(_ intervals: [RefInterval]) -> [RefInterval] {
        guard !intervals.isEmpty else { return [] }
        let sorted = intervals.enumerated().sorted { a, b in
            if a.element.start != b.element.start { return a.element.start < b.element.start }
            if a.element.end != b.element.end { return a.element.end > b.element.end }
            if a.element.rank != b.element.rank { return a.element.rank < b.element.rank }
            return a.offset < b.offset
        }.map(\.element)
        var out: [RefInterval] = []
        out.reserveCapacity(sorted.count)
        var stack: [RefInterval] = []
        var position: UInt128 = 0
        func emit(_ start: UInt128, _ end: UInt128, _ values: RefValues) {
            guard start <= end else { return }
            if var last = out.last, last.end &+ 1 == start, last.values == values {
                last.end = end
                out[out.count - 1] = last
            } else {
                out.append(RefInterval(start: start, end: end, values: values))
            }
        }
        func closeUntil(_ limit: UInt128?) {
            while let top = stack.last, limit.map({ top.end < $0 }) ?? true {
                if position <= top.end { emit(position, top.end, top.values) }
                position = top.end == UInt128.max ? top.end : top.end + 1
                stack.removeLast()
                if top.end == UInt128.max { stack.removeAll() }
            }
        }
        for var interval in sorted {
            closeUntil(interval.start)
            if let top = stack.last {
                if interval.end > top.end { interval.end = top.end }  // partial overlap: clip to the enclosing range
                if position < interval.start { emit(position, interval.start - 1, top.values) }
            }
            if stack.isEmpty || position < interval.start { position = interval.start }
            stack.append(interval)
        }
        closeUntil(nil)
        return out
    }

    private struct MergeStats {
        var pairs: [RefField: [Pair: (UInt64, UInt64)]] = [:]
        var suppressed: UInt64 = 0
        var relocated: UInt64 = 0
    }

    private struct Pair: Hashable {
        var a: RefSourceKind
        var b: RefSourceKind
    }

    private struct RecordInterner {
        var attributions: [Attribution] = [.unknown]
        var provenance: [FieldProvenance] = [FieldProvenance()]
        var index: [RecordKey: UInt32] = [RecordKey(attribution: .unknown, provenance: FieldProvenance()): 0]

        struct RecordKey: Hashable {
            var attribution: Attribution
            var provenance: FieldProvenance
        }

        mutating func intern(_ a: Attribution, _ p: FieldProvenance) -> UInt32 {
            let key = RecordKey(attribution: a, provenance: p)
            if let i = index[key] { return i }
            let i = UInt32(attributions.count)
            attributions.append(a)
            provenance.append(p)
            index[key] = i
            return i
        }
    }

    private func merge(layers: [(RefSourceKind, [RefInterval])], maxAddress: UInt128, interner: inout RecordInterner, stats: inout MergeStats, countStats: Bool) -> ([UInt128], [UInt32]) {
        let kinds = RefSourceKind.allCases
        var lists: [[RefInterval]] = kinds.map { _ in [] }
        for (kind, list) in layers { lists[kinds.firstIndex(of: kind) ?? 0] = list }
        var boundaries: [UInt128] = [0]
        for list in lists {
            for r in list {
                boundaries.append(r.start)
                if r.end < maxAddress { boundaries.append(r.end + 1) }
            }
        }
        boundaries.sort()
        var unique: [UInt128] = []
        unique.reserveCapacity(boundaries.count)
        for b in boundaries where unique.last != b { unique.append(b) }
        var pointers = [Int](repeating: 0, count: kinds.count)
        var starts: [UInt128] = []
        var records: [UInt32] = []
        let fieldOrders = RefField.allCases.map { f in order(f).compactMap { kinds.firstIndex(of: $0) } }
        let provinceField = RefField.allCases.firstIndex(of: .province) ?? 0
        var covering = [RefValues?](repeating: nil, count: kinds.count)
        for (k, b) in unique.enumerated() {
            let segmentEnd = k + 1 < unique.count ? unique[k + 1] - 1 : maxAddress
            for s in 0..<kinds.count {
                let list = lists[s]
                var j = pointers[s]
                while j < list.count && list[j].end < b { j += 1 }
                pointers[s] = j
                covering[s] = j < list.count && list[j].start <= b ? list[j].values : nil
            }
            var attribution = Attribution()
            var provenance = FieldProvenance()
            for (fi, field) in RefField.allCases.enumerated() {
                // A city is only taken from a source that puts the address in the same province (or, for the user's
                // overrides, says nothing about the province): cities never cross provinces.
                let usable: (Int) -> Bool = field == .city
                    ? { s in
                        guard let v = covering[s], v.city != nil else { return false }
                        return v.province == nil ? kinds[s] == .overrides : v.province == attribution.provinceCode
                    }
                    : { covering[$0]?.has(field) == true }
                guard let s = fieldOrders[fi].first(where: usable), let v = covering[s] else { continue }
                provenance[field] = kinds[s]
                switch field {
                case .country: attribution.countryCode = v.country
                case .province: attribution.provinceCode = v.province
                case .city: attribution.city = v.city
                case .networkOperator:
                    attribution.networkOperator = v.networkOperator ?? .unknown
                    attribution.operatorName = v.operatorName
                case .asn: attribution.asn = v.asn
                }
            }
            let size = UInt64(truncatingIfNeeded: min(segmentEnd - b, UInt128(UInt64.max - 1)) + 1)
            // A Chinese division belongs to its country only: an address elsewhere never gets a Chinese province.
            // Within China (mainland, Hong Kong, Macao, Taiwan) the division is the finer fact and sets the country:
            // a block registered to a mainland holder but used in Hong Kong is in HK. A registration country
            // elsewhere (APNIC's) wins over one location source, but not over two location sources that agree.
            if let province = attribution.provinceCode {
                let home = ProvinceCatalog.countryCode(of: province)
                let locatedBy = fieldOrders[provinceField].count { covering[$0]?.province == province }
                if let country = attribution.countryCode, country != home, !RefDataCompiler.chineseCountries.contains(country), locatedBy < 2 {
                    attribution.provinceCode = nil
                    attribution.city = nil
                    provenance.province = nil
                    provenance.city = nil
                    if countStats { stats.suppressed &+= size }
                } else if attribution.countryCode != home {
                    if countStats, let country = attribution.countryCode, !RefDataCompiler.chineseCountries.contains(country) {
                        stats.relocated &+= size
                    }
                    attribution.countryCode = home
                    provenance.country = .derived
                }
            }
            if countStats {
                for field in [RefField.country, .province, .networkOperator] {
                    let present = (0..<kinds.count).compactMap { s in covering[s]?.key(field).map { (kinds[s], $0) } }
                    guard present.count >= 2 else { continue }
                    for x in 0..<present.count {
                        for y in (x + 1)..<present.count {
                            let pair = Pair(a: present[x].0, b: present[y].0)
                            var counts = stats.pairs[field, default: [:]][pair] ?? (0, 0)
                            counts.0 &+= size
                            if present[x].1 != present[y].1 { counts.1 &+= size }
                            stats.pairs[field, default: [:]][pair] = counts
                        }
                    }
                }
            }
            let record = interner.intern(attribution, provenance)
            if records.last != record {
                starts.append(b)
                records.append(record)
            }
        }
        return (starts, records)
    }
}
