import VigilCore
import VigilStore

/// One chunk grouped by threat, in threat-id order (the order every worker takes locks in, so concurrent chunks
/// never deadlock): each threat's first row, its time span, and its distinct sighting times.
///
/// Groups point into the chunk's rows and into one flat array of sightings rather than holding copies, so that
/// planning and splitting a 50,000-row chunk allocate a few arrays, not one per threat.
struct ChunkPlan: Sendable {
    /// One threat of the chunk.
    struct Group: Sendable {
        /// Index in ``ChunkPlan/rows`` of the threat's first row in the file.
        var head: Int
        var minSeen: Int64
        var maxSeen: Int64
        /// Its distinct `(seenAt, row)` in ``ChunkPlan/sightings``, in file order; the first is the origin if the
        /// threat is new.
        var sightings: Range<Int>
    }

    /// The chunk's rows, as written.
    let rows: [ResolvedObservation]
    /// Distinct sightings of every group, group after group.
    let sightings: [(seenAt: Int64, row: Int)]
    /// This plan's groups (a part of the chunk's after ``split(into:)``).
    var groups: ArraySlice<Group>
    /// Months (see ``PartitionRegistry``) of every sighting time in the chunk.
    let sightingMonths: Set<Int>

    /// The first row of a group.
    func head(_ group: Group) -> ResolvedObservation { rows[group.head] }

    /// The distinct sightings of a group.
    func distinct(_ group: Group) -> ArraySlice<(seenAt: Int64, row: Int)> { sightings[group.sightings] }

    /// The plan split into `count` parts by threat-id range (in order), so that transactions writing different
    /// parts at once never touch the same threat.
    func split(into count: Int) -> [ChunkPlan] {
        guard count > 1, groups.count > 1 else { return [self] }
        let size = (groups.count + count - 1) / count
        return stride(from: groups.startIndex, to: groups.endIndex, by: size).map { start in
            var part = self
            part.groups = groups[start..<min(start + size, groups.endIndex)]
            return part
        }
    }

    init(chunk: [ResolvedObservation]) {
        rows = chunk
        let order = chunk.indices.sorted {
            let a = chunk[$0].threatID.rawValue
            let b = chunk[$1].threatID.rawValue
            return a != b ? a < b : $0 < $1
        }
        var groups: [Group] = []
        var sightings: [(seenAt: Int64, row: Int)] = []
        sightings.reserveCapacity(chunk.count)
        var months = Set<Int>()
        var monthOfDay: [Int64: Int] = [:]
        var seen = Set<Int64>()
        var position = 0
        while position < order.count {
            let head = order[position]
            let id = chunk[head].threatID
            let first = chunk[head].observation.seenAt
            var group = Group(head: head, minSeen: first, maxSeen: first, sightings: sightings.count..<sightings.count)
            seen.removeAll(keepingCapacity: true)
            var next = position
            while next < order.count && chunk[order[next]].threatID == id {
                let seenAt = chunk[order[next]].observation.seenAt
                group.minSeen = min(group.minSeen, seenAt)
                group.maxSeen = max(group.maxSeen, seenAt)
                if seen.insert(seenAt).inserted {
                    sightings.append((seenAt, chunk[order[next]].observation.row))
                    let day = seenAt / 86_400
                    if let m = monthOfDay[day] {
                        months.insert(m)
                    } else {
                        let m = PartitionRegistry.month(of: seenAt)
                        monthOfDay[day] = m
                        months.insert(m)
                    }
                }
                next += 1
            }
            group.sightings = group.sightings.lowerBound..<sightings.count
            groups.append(group)
            position = next
        }
        self.groups = groups[...]
        self.sightings = sightings
        sightingMonths = months
    }
}
