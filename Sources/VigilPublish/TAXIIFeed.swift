import Foundation
import VigilCore
import VigilStore

/// The objects of Vigil's TAXII 2.1 collection: the STIX objects of every published threat (confirmed and not verified
/// fixed), in the order they were added, a page at a time.
///
/// A threat's objects are added when it is confirmed (`date_added` is the determination's time). The objects every
/// threat refers to come first: Vigil's identity and the malware families (added at Vigil's epoch) and each source's
/// identity (added when Vigil first heard from the source). The order is `(date_added, group, threat, index)`, so a
/// page's `next` token is a position in it and paging never skips or repeats an object, whatever is confirmed
/// meanwhile. A threat that is reversed or verified fixed leaves the collection; the manifest shows what is in it now.
public struct TAXIIFeed: Sendable {
    public let ledger: PublicationLedger
    public let scope: PublicationLedger.FeedScope

    /// The collection's id: a UUID derived from its name, the same on every Vigil.
    public static let collectionID = STIXExport.uuid5(STIXExport.namespace, "taxii-collection|published")

    public init(ledger: PublicationLedger, scope: PublicationLedger.FeedScope = .init()) {
        self.ledger = ledger
        self.scope = scope
    }

    /// A place in the collection's order.
    public struct Position: Sendable, Hashable, Comparable {
        public var dateAdded: Int64
        /// 0 for the shared objects, 1 for a threat's.
        public var group: Int
        public var threat: Int64
        public var index: Int

        public static func < (a: Self, b: Self) -> Bool {
            (a.dateAdded, a.group, a.threat, a.index) < (b.dateAdded, b.group, b.threat, b.index)
        }

        /// The `next` token: the position as text.
        public var token: String { "\(dateAdded).\(group).\(threat).\(index)" }

        public init(dateAdded: Int64, group: Int, threat: Int64, index: Int) {
            self.dateAdded = dateAdded
            self.group = group
            self.threat = threat
            self.index = index
        }

        /// A position read back from its token; nil when the text is not one.
        public init?(token: String) {
            let parts = token.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4, let d = Int64(parts[0]), let g = Int(parts[1]), g == 0 || g == 1, let t = Int64(parts[2]), let i = Int(parts[3]), i >= 0 else { return nil }
            self.init(dateAdded: d, group: g, threat: t, index: i)
        }
    }

    /// One object of the collection and when it was added.
    public struct Item: @unchecked Sendable {
        public var position: Position
        public var object: [String: Any]

        /// The object's id.
        public var id: String { object["id"] as? String ?? "" }
        /// The object's version: its `modified`, else when it was added (cyber-observables have no times).
        public var version: String { object["modified"] as? String ?? STIXExport.time(position.dateAdded) }
        /// `date_added` as TAXII writes it.
        public var dateAdded: String { STIXExport.time(position.dateAdded) }
    }

    /// A page: its items, and whether more follow (then `next` is where the next page starts after: the last item's
    /// position, or the last threat read when a filter kept a page from filling).
    public struct Page: @unchecked Sendable {
        public var items: [Item]
        public var more: Bool
        public var next: Position?
    }

    /// At most this many threats are read for one page: a filter that matches little (`match[id]`, a rare type)
    /// gives a short page with `more` and a `next`, not a scan of the whole collection.
    public static let threatsPerRequest = 20_000

    /// The shared objects with their places: Vigil's identity and the malware families at the epoch, and each source's
    /// identity when the source appeared; ordered by time, then id.
    func sharedItems() async throws -> [Item] {
        var byTime: [Int64: [[String: Any]]] = [STIXExport.epoch: STIXExport.sharedObjects()]
        for source in try await ledger.sources() {
            byTime[max(source.since, STIXExport.epoch), default: []].append(STIXExport.sourceIdentity(source.name))
        }
        return byTime.keys.sorted().flatMap { time in
            (byTime[time] ?? []).sorted { ($0["id"] as? String ?? "") < ($1["id"] as? String ?? "") }.enumerated().map { i, o in
                Item(position: Position(dateAdded: time, group: 0, threat: 0, index: i), object: o)
            }
        }
    }

    /// The page `query` asks for.
    public func page(_ query: TAXIIQuery) async throws -> Page {
        let limit = max(1, min(query.limit, TAXIIQuery.maximumLimit))
        // Everything after both the `next` token and `added_after`.
        var floor = query.next
        if let after = query.addedAfter {
            let afterTime = Position(dateAdded: after, group: 1, threat: Int64.max, index: Int.max)
            floor = max(floor ?? afterTime, afterTime)
        }
        func wanted(_ item: Item) -> Bool { (floor.map { item.position > $0 } ?? true) && query.matches(item.object, version: item.version) }
        var shared = try await sharedItems().filter(wanted)[...]
        var out: [Item] = []
        // Threats are read from the floor's time on, a batch at a time, and merged with the shared objects in order.
        var from = floor.map { PublicationLedger.FeedPosition(decidedAt: $0.dateAdded, threat: ThreatID(rawValue: $0.group == 0 ? Int64.min : $0.threat)) }
        let batch = max(limit, 200)
        var read = 0
        while out.count <= limit {
            let rows = try await ledger.publishedPage(from: from, scope: scope, limit: batch)
            read += rows.rows
            var items: [Item] = []
            for t in rows.items {
                for (i, o) in STIXExport.objects(t).enumerated() {
                    let item = Item(position: Position(dateAdded: t.decidedAt, group: 1, threat: t.threat.rawValue, index: i), object: o)
                    if wanted(item) { items.append(item) }
                }
            }
            let exhausted = rows.rows < batch
            // Shared objects up to the last threat read (all of them once the threats are exhausted).
            let bound = exhausted ? nil : rows.last.map { Position(dateAdded: $0.decidedAt, group: 1, threat: $0.threat.rawValue, index: Int.max) }
            while let first = shared.first, bound.map({ first.position <= $0 }) ?? true {
                items.append(first)
                shared.removeFirst()
            }
            out += items.sorted { $0.position < $1.position }
            guard !exhausted, let last = rows.last, let end = bound else { break }
            if out.count <= limit && read >= Self.threatsPerRequest {
                // Enough read for one request: the page ends where the reading stopped.
                return Page(items: out, more: true, next: end)
            }
            // The next batch starts after the last threat read.
            from = last.threat.rawValue == Int64.max ? PublicationLedger.FeedPosition(decidedAt: last.decidedAt + 1, threat: ThreatID(rawValue: Int64.min))
                : PublicationLedger.FeedPosition(decidedAt: last.decidedAt, threat: ThreatID(rawValue: last.threat.rawValue + 1))
        }
        let page = Array(out.prefix(limit))
        return Page(items: page, more: out.count > limit, next: out.count > limit ? page.last?.position : nil)
    }

    /// Every version of one object (Vigil keeps one), or nil when the collection does not hold it. Objects carry no
    /// threat in their id, so the collection is read through, page by page.
    public func object(id: String, query: TAXIIQuery) async throws -> Page? {
        var q = query
        q.ids = [id]
        while true {
            let page = try await self.page(q)
            if !page.items.isEmpty { return Page(items: page.items, more: false, next: nil) }
            guard page.more, let next = page.next else { return nil }
            q.next = next
        }
    }
}
