import CVigilRefData
import VigilCore

/// An immutable table of non-overlapping IPv4 ranges, each carrying an ``Attribution``, searched by binary search.
public struct IPv4RangeTable: Sendable {
    /// Range starts, ascending.
    public let starts: [UInt32]
    /// Range ends, inclusive, parallel to ``starts``.
    public let ends: [UInt32]
    /// Index into ``attributions`` for each range.
    public let values: [UInt32]
    /// The distinct attributions.
    public let attributions: [Attribution]
    /// Where the data came from, for `info` output.
    public let origin: String

    /// Builds a table from ranges that must be sorted and non-overlapping.
    public init(starts: [UInt32], ends: [UInt32], values: [UInt32], attributions: [Attribution], origin: String) {
        self.starts = starts
        self.ends = ends
        self.values = values
        self.attributions = attributions
        self.origin = origin
    }

    /// The number of ranges.
    public var count: Int { starts.count }

    /// The attribution of an address, or nil when no range covers it.
    @inlinable
    public func lookup(_ address: UInt32) -> Attribution? {
        var lo = 0
        var hi = starts.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if starts[mid] <= address { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0, address <= ends[lo - 1] else { return nil }
        return attributions[Int(values[lo - 1])]
    }

    /// The table compiled into Vigil from ip2region (China ranges; see NOTICE).
    public static let shipped: IPv4RangeTable = {
        let count = vigil_ip2region_count()
        let starts = Array(UnsafeBufferPointer(start: vigil_ip2region_starts(), count: count))
        let ends = Array(UnsafeBufferPointer(start: vigil_ip2region_ends(), count: count))
        let info = UnsafeBufferPointer(start: vigil_ip2region_info(), count: count * 3)
        let blob = UnsafeBufferPointer(
            start: UnsafeRawPointer(vigil_ip2region_names()).assumingMemoryBound(to: UInt8.self),
            count: vigil_ip2region_names_length())
        let names = blob.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        var builder = AttributionInterner()
        var values: [UInt32] = []
        values.reserveCapacity(count)
        for i in 0..<count {
            let province = names[Int(info[3 * i])]
            let city = names[Int(info[3 * i + 1])]
            let isp = names[Int(info[3 * i + 2])]
            values.append(builder.intern(Ip2RegionRow.attribution(country: "中国", province: province, city: city, isp: isp)))
        }
        return IPv4RangeTable(
            starts: starts, ends: ends, values: values, attributions: builder.attributions,
            origin: "shipped ip2region 2024-02-28 (China)")
    }()
}

/// Deduplicates attributions into an index table.
struct AttributionInterner {
    private(set) var attributions: [Attribution] = []
    private var index: [Attribution: UInt32] = [:]

    mutating func intern(_ a: Attribution) -> UInt32 {
        if let i = index[a] { return i }
        let i = UInt32(attributions.count)
        attributions.append(a)
        index[a] = i
        return i
    }
}
