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

extension RefTable {
    /// The record indices of every range that overlaps `start...end` (IPv4 values in the low 32 bits), in address
    /// order, one per range. Used to describe a CIDR block that spans several ranges.
    public func recordIndices(from start: UInt128, through end: UInt128, isIPv6: Bool) -> [Int] {
        var out: [Int] = []
        if isIPv6 {
            var i = recordPosition(v6Starts, start)
            while i < v6Starts.count && v6Starts[i] <= end {
                out.append(Int(v6Records[i]))
                i += 1
            }
        } else {
            let starts = v4Starts.map { UInt128($0) }
            var i = recordPosition(starts, start)
            while i < starts.count && starts[i] <= end {
                out.append(Int(v4Records[i]))
                i += 1
            }
        }
        return out
    }

    /// The position of the range containing `value` in `starts` (ascending, starting at 0).
    private func recordPosition(_ starts: [UInt128], _ value: UInt128) -> Int {
        var lo = 0
        var hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= value { lo = mid + 1 } else { hi = mid }
        }
        return max(lo - 1, 0)
    }
}
