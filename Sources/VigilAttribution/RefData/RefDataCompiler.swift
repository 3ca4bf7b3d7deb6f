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
        let v4Layers = RefDataCompiler.layers(byKind) { $0.v4 }
        let v6Layers = RefDataCompiler.layers(byKind) { $0.v6 }
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

    /// Each source's ranges, split by ``RefInterval/layer`` and made disjoint per layer, in a fixed order.
    static func layers(_ sources: [RefSourceKind: RefSourceData], _ family: (RefSourceData) -> [RefInterval]) -> [(RefSourceKind, [RefInterval])] {
        var out: [(RefSourceKind, [RefInterval])] = []
        for kind in RefSourceKind.allCases {
            guard let data = sources[kind] else { continue }
            let byLayer = Dictionary(grouping: family(data), by: \.layer)
            for layer in byLayer.keys.sorted() {
                out.append((kind, disjoint(byLayer[layer] ?? [])))
            }
        }
        return out
    }

    /// Turns one layer's ranges into disjoint ranges. Where ranges overlap, the narrower one wins; equal ranges are
    /// decided by rank, then by the later one. Partial overlaps are handled like any other: each address goes to the
    /// best range that covers it.
    static func disjoint(_ intervals: [RefInterval]) -> [RefInterval] {
        guard !intervals.isEmpty else { return [] }
        let byStart = intervals.indices.sorted { intervals[$0].start < intervals[$1].start }
        var boundaries: [UInt128] = []
        boundaries.reserveCapacity(intervals.count * 2)
        for r in intervals {
            boundaries.append(r.start)
            if r.end < UInt128.max { boundaries.append(r.end + 1) }
        }
        boundaries.sort()
        var active = PriorityHeap<Int> { a, b in
            let x = intervals[a]
            let y = intervals[b]
            let xs = x.end - x.start
            let ys = y.end - y.start
            if xs != ys { return xs < ys }
            if x.rank != y.rank { return x.rank > y.rank }
            return a > b
        }
        var out: [RefInterval] = []
        out.reserveCapacity(intervals.count)
        var next = 0
        var k = 0
        while k < boundaries.count {
            let b = boundaries[k]
            while k + 1 < boundaries.count && boundaries[k + 1] == b { k += 1 }
            while next < byStart.count && intervals[byStart[next]].start <= b {
                active.push(byStart[next])
                next += 1
            }
            while let top = active.top, intervals[top].end < b { active.pop() }
            k += 1
            guard let top = active.top else { continue }
            // Every range ends just before some boundary, so the best range here covers the whole segment.
            let end = k < boundaries.count ? boundaries[k] - 1 : intervals[top].end
            let values = intervals[top].values
            if var last = out.last, last.end &+ 1 == b, last.values == values {
                last.end = end
                out[out.count - 1] = last
            } else {
                out.append(RefInterval(start: b, end: end, values: values))
            }
        }
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
        // One slot per (source, layer); a field takes the first slot, in its precedence, that has a value.
        let kinds = layers.map(\.0)
        let lists = layers.map(\.1)
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
        var pointers = [Int](repeating: 0, count: lists.count)
        var starts: [UInt128] = []
        var records: [UInt32] = []
        let fieldOrders = RefField.allCases.map { f in order(f).flatMap { kind in kinds.indices.filter { kinds[$0] == kind } } }
        let provinceField = RefField.allCases.firstIndex(of: .province) ?? 0
        var covering = [RefValues?](repeating: nil, count: lists.count)
        for (k, b) in unique.enumerated() {
            let segmentEnd = k + 1 < unique.count ? unique[k + 1] - 1 : maxAddress
            for s in lists.indices {
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
            // The user's overrides are never overruled: an overridden country drops a province that contradicts it,
            // and an overridden province sets the country.
            if let province = attribution.provinceCode {
                let home = ProvinceCatalog.countryCode(of: province)
                let locatedBy = fieldOrders[provinceField].count { covering[$0]?.province == province }
                let countryOverridden = provenance.country == .overrides
                let provinceOverridden = provenance.province == .overrides
                if countryOverridden && provinceOverridden {
                    // Both given by the user: kept as given.
                } else if let country = attribution.countryCode, country != home,
                          countryOverridden || (!provinceOverridden && !RefDataCompiler.chineseCountries.contains(country) && locatedBy < 2) {
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
                    // The first layer of each source that speaks for the field.
                    var present: [(RefSourceKind, String)] = []
                    for s in lists.indices {
                        guard let value = covering[s]?.key(field), !present.contains(where: { $0.0 == kinds[s] }) else { continue }
                        present.append((kinds[s], value))
                    }
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
