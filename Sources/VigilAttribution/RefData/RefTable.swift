import Foundation
import VigilCore

/// The compiled attribution table: IPv4 and IPv6 ranges covering the whole address space, each pointing at a
/// record (an ``Attribution`` and the ``FieldProvenance`` of each field). Immutable and shareable across threads.
///
/// IPv4 lookups go through a 65,536-entry index on the top 16 bits and a short binary search; IPv6 the same on its
/// top 16 bits.
public struct RefTable: Sendable {
    /// Range starts, ascending; `v4Starts[0] == 0`.
    public let v4Starts: [UInt32]
    /// Record index of each IPv4 range.
    public let v4Records: [UInt32]
    /// Range starts, ascending; `v6Starts[0] == 0`.
    public let v6Starts: [UInt128]
    /// Record index of each IPv6 range.
    public let v6Records: [UInt32]
    /// Distinct attributions; index 0 is "nothing known".
    public let attributions: [Attribution]
    /// The provenance of each record.
    public let provenance: [FieldProvenance]
    /// Sources, precedence and disagreement counts.
    public let metadata: RefTableMetadata
    @usableFromInline let v4Index: [UInt32]
    @usableFromInline let v6Index: [UInt32]

    /// Assembles a table; ranges must ascend strictly, and the space before the first one is record 0.
    public init(v4Starts: [UInt32], v4Records: [UInt32], v6Starts: [UInt128], v6Records: [UInt32], attributions: [Attribution], provenance: [FieldProvenance], metadata: RefTableMetadata) {
        // Space before the first range (or all of it, for an empty family) is "nothing known", record 0.
        let s4 = v4Starts.first == 0 ? v4Starts : [0] + v4Starts
        let s6 = v6Starts.first == 0 ? v6Starts : [0] + v6Starts
        self.v4Starts = s4
        self.v4Records = v4Starts.first == 0 ? v4Records : [0] + v4Records
        self.v6Starts = s6
        self.v6Records = v6Starts.first == 0 ? v6Records : [0] + v6Records
        self.attributions = attributions.isEmpty ? [.unknown] : attributions
        self.provenance = provenance.isEmpty ? [FieldProvenance()] : provenance
        self.metadata = metadata
        v4Index = RefTable.buildIndex(count: s4.count) { UInt64(s4[$0] >> 16) }
        v6Index = RefTable.buildIndex(count: s6.count) { UInt64(s6[$0] >> 112) }
    }

    private static func buildIndex(count: Int, top: (Int) -> UInt64) -> [UInt32] {
        var index = [UInt32](repeating: UInt32(count), count: 65_537)
        var i = 0
        for p in 0..<65_536 {
            while i < count && top(i) < UInt64(p) { i += 1 }
            index[p] = UInt32(i)
        }
        return index
    }

    /// The record index for an IPv4 address.
    @inlinable
    public func recordIndex(v4 address: UInt32) -> Int {
        v4Starts.withUnsafeBufferPointer { starts in
            let p = Int(address >> 16)
            var lo = Int(v4Index[p])
            var hi = Int(v4Index[p + 1])
            while lo < hi {
                let mid = (lo + hi) >> 1
                if starts[mid] <= address { lo = mid + 1 } else { hi = mid }
            }
            return Int(v4Records[lo - 1])
        }
    }

    /// The record index for an IPv6 address given as a 128-bit value.
    @inlinable
    public func recordIndex(v6 address: UInt128) -> Int {
        v6Starts.withUnsafeBufferPointer { starts in
            let p = Int(address >> 112)
            var lo = Int(v6Index[p])
            var hi = Int(v6Index[p + 1])
            while lo < hi {
                let mid = (lo + hi) >> 1
                if starts[mid] <= address { lo = mid + 1 } else { hi = mid }
            }
            return Int(v6Records[lo - 1])
        }
    }

    /// The attribution of an IPv4 address.
    @inlinable
    public func attribution(v4 address: UInt32) -> Attribution { attributions[recordIndex(v4: address)] }

    /// The attribution and provenance of any address.
    public func lookup(_ address: IPAddress) -> (Attribution, FieldProvenance) {
        let i: Int
        switch address {
        case .v4(let a): i = recordIndex(v4: a.value)
        case .v6(let a): i = recordIndex(v6: UInt128(a.high) << 64 | UInt128(a.low))
        }
        return (attributions[i], provenance[i])
    }

    /// An empty table: nothing known anywhere.
    public static let empty = RefTable(
        v4Starts: [0], v4Records: [0], v6Starts: [0], v6Records: [0], attributions: [.unknown], provenance: [FieldProvenance()],
        metadata: RefTableMetadata(builtAt: "", sources: [], precedence: [:], disagreements: [], suppressedProvinces: 0))
}
