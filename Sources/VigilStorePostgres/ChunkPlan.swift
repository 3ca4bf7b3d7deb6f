import VigilCore
import VigilStore

/// One chunk grouped by threat, in threat-id order (the order every worker takes locks in, so concurrent chunks
/// never deadlock): each threat's first row, its time span, and its distinct sighting times.
struct ChunkPlan: Sendable {
    struct Group: Sendable {
        var head: ResolvedObservation
        var minSeen: Int64
        var maxSeen: Int64
        /// Distinct `(seenAt, row)` in file order; the first is the origin if the threat is new.
        var distinct: [(seenAt: Int64, row: Int)]
    }

    var groups: [Group] = []
    /// Months (see ``PartitionRegistry``) of every sighting time in the chunk.
    var sightingMonths: Set<Int> = []

    /// The plan split into `count` parts by threat-id range (in order), so that transactions writing different
    /// parts at once never touch the same threat.
    func split(into count: Int) -> [ChunkPlan] {
        guard count > 1, groups.count > 1 else { return [self] }
        let size = (groups.count + count - 1) / count
        return stride(from: 0, to: groups.count, by: size).map { start in
            var part = ChunkPlan()
            part.groups = Array(groups[start..<min(start + size, groups.count)])
            part.sightingMonths = sightingMonths
            return part
        }
    }

    private init() {}

    init(chunk: [ResolvedObservation]) {
        let order = chunk.indices.sorted {
            let a = chunk[$0].threatID.rawValue
            let b = chunk[$1].threatID.rawValue
            return a != b ? a < b : $0 < $1
        }
        var monthOfDay: [Int64: Int] = [:]
        var position = 0
        while position < order.count {
            let head = chunk[order[position]]
            var group = Group(head: head, minSeen: head.observation.seenAt, maxSeen: head.observation.seenAt, distinct: [])
            var seen = Set<Int64>()
            var next = position
            while next < order.count && chunk[order[next]].threatID == head.threatID {
                let o = chunk[order[next]].observation
                group.minSeen = min(group.minSeen, o.seenAt)
                group.maxSeen = max(group.maxSeen, o.seenAt)
                if seen.insert(o.seenAt).inserted { group.distinct.append((o.seenAt, o.row)) }
                next += 1
            }
            for s in group.distinct {
                let day = s.seenAt / 86_400
                if let m = monthOfDay[day] {
                    sightingMonths.insert(m)
                } else {
                    let m = PartitionRegistry.month(of: s.seenAt)
                    monthOfDay[day] = m
                    sightingMonths.insert(m)
                }
            }
            groups.append(group)
            position = next
        }
    }
}
