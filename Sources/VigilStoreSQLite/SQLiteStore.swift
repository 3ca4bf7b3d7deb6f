import Foundation
import GRDB
import VigilCore
import VigilStore

/// The embedded store: one SQLite file in WAL mode, through GRDB. One writer, many readers.
///
/// Bulk writes bind one prepared statement per table through SQLite's C API inside one transaction per chunk; every
/// chunk commits together with its counters and rollups, so a kill at any moment leaves the database consistent.
public struct SQLiteStore: Store {
    let pool: DatabasePool
    /// The database file.
    public let path: String

    /// Opens (creating if needed) a database file and migrates it to the current schema.
    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError(.cannotOpen, "cannot open SQLite database '\(path)': \(error); check the path and that the directory is writable")
        }
        do {
            try SQLiteSchema.migrator().migrate(pool)
        } catch {
            throw StoreError(.migration, "cannot migrate '\(path)': \(error); it may be from a newer Vigil or not a Vigil database")
        }
    }

    // MARK: IngestStore

    public func openBatch(_ d: BatchDescriptor) async throws -> BatchOpening {
        try await pool.write { db in
            let sourceID = try SQLiteStore.sourceID(db, name: d.sourceName, now: d.receivedAt)
            if let row = try Row.fetchOne(db, sql: "SELECT id, status FROM batches WHERE sha256 = ?", arguments: [d.sha256]) {
                let id: Int64 = row["id"]
                let status: String = row["status"]
                if status == BatchRecord.Status.complete.rawValue {
                    guard let record = try SQLiteStore.batch(db, id: id) else {
                        throw StoreError(.notFound, "batch \(id) vanished")
                    }
                    return .alreadyIngested(record)
                }
                let batchSource: Int64 = try Int64.fetchOne(db, sql: "SELECT source_id FROM batches WHERE id = ?", arguments: [id]) ?? sourceID
                return .open(batchID: id, sourceID: batchSource, resumed: true)
            }
            try db.execute(
                sql: """
                    INSERT INTO batches (sha256, source_id, format, report_type, file_name, size, received_at, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'running')
                    """,
                arguments: [d.sha256, sourceID, d.format, d.reportType, d.fileName, d.size, d.receivedAt])
            return .open(batchID: db.lastInsertedRowID, sourceID: sourceID, resumed: false)
        }
    }

    public func write(chunk: [ResolvedObservation], rejects: [StoredReject], batchID: Int64, sourceID: Int64) async throws -> ChunkOutcome {
        try await pool.write { db in
            try SQLiteStore.writeChunk(db, chunk: chunk, rejects: rejects, batchID: batchID, sourceID: sourceID)
        }
    }

    public func completeBatch(id: Int64, rows: Int, observations: Int, rejects: Int) async throws -> BatchRecord {
        guard rows == observations + rejects else {
            throw StoreError(.invalidArgument, "batch \(id): rows (\(rows)) != observations (\(observations)) + rejects (\(rejects))")
        }
        return try await pool.write { db in
            try db.execute(
                sql: "UPDATE batches SET status = 'complete', rows = ?, observations = ?, rejects = ?, completed_at = ? WHERE id = ?",
                arguments: [rows, observations, rejects, Int64(Date().timeIntervalSince1970), id])
            guard let record = try SQLiteStore.batch(db, id: id) else { throw StoreError(.notFound, "no batch \(id)") }
            return record
        }
    }

    private struct RollupKey: Hashable {
        var kind: String
        var province: Int
        var op: String
    }

    private struct DailyKey: Hashable {
        var day: Int64
        var rollup: RollupKey
    }

    private struct DailySourceKey: Hashable {
        var day: Int64
        var kind: String
    }

    static func writeChunk(_ db: Database, chunk: [ResolvedObservation], rejects: [StoredReject], batchID: Int64, sourceID: Int64) throws -> ChunkOutcome {
        // Order rows by threat id (stable, so repeats keep file order): equal threats become adjacent and index
        // inserts walk the B-tree in order.
        var isSorted = true
        for i in chunk.indices.dropFirst() where chunk[i - 1].threatID.rawValue > chunk[i].threatID.rawValue {
            isSorted = false
            break
        }
        let order: [Int] = isSorted ? Array(chunk.indices) : chunk.indices.sorted {
            let a = chunk[$0].threatID.rawValue
            let b = chunk[$1].threatID.rawValue
            return a != b ? a < b : $0 < $1
        }
        let insertThreat = try RawStatement(db, """
            INSERT OR IGNORE INTO threats (id, kind, indicator_type, indicator, first_seen, last_seen, sightings, sources,
                country, province, city, operator, operator_name, asn, origin_source, origin_seen_at, origin_batch, origin_row,
                registrable_domain, details_id, via_address, reported_asn)
            VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertSighting = try RawStatement(db, "INSERT OR IGNORE INTO sightings (threat_seq, source_id, seen_at, batch_id, row) VALUES (?, ?, ?, ?, ?)")
        let sourceKnown = try RawStatement(db, "SELECT 1 FROM sightings WHERE threat_seq = ? AND source_id = ? LIMIT 1")
        let findThreat = try RawStatement(db, "SELECT seq, origin_source, origin_seen_at FROM threats WHERE id = ?")
        let updateThreat = try RawStatement(db, """
            UPDATE threats SET sightings = sightings + ?, sources = sources + ?,
                first_seen = min(first_seen, ?), last_seen = max(last_seen, ?) WHERE seq = ?
            """)
        var details = try AttributionDetailInterner(db)
        var outcome = ChunkOutcome()
        var rollup: [RollupKey: Int] = [:]
        var daily: [DailyKey: Int] = [:]
        // The same new threats by day and kind, for the batch's source (source_daily).
        var bySource: [DailySourceKey: Int] = [:]
        var seenTimes = Set<Int64>()
        var distinct: [(seenAt: Int64, row: Int)] = []
        var position = 0
        while position < order.count {
            let head = chunk[order[position]]
            let id = head.threatID.rawValue
            var next = position + 1
            while next < order.count && chunk[order[next]].threatID.rawValue == id { next += 1 }
            distinct.removeAll(keepingCapacity: true)
            var minSeen = Int64.max
            var maxSeen = Int64.min
            if next - position == 1 {
                distinct.append((head.observation.seenAt, head.observation.row))
                minSeen = head.observation.seenAt
                maxSeen = minSeen
            } else {
                seenTimes.removeAll(keepingCapacity: true)
                for k in position..<next {
                    let o = chunk[order[k]].observation
                    minSeen = min(minSeen, o.seenAt)
                    maxSeen = max(maxSeen, o.seenAt)
                    if seenTimes.insert(o.seenAt).inserted { distinct.append((o.seenAt, o.row)) }
                }
            }
            position = next
            let o = head.observation
            let a = head.attribution
            insertThreat.bind(1, id)
            insertThreat.bind(2, o.kind.rawValue)
            insertThreat.bind(3, o.indicator.type.rawValue)
            insertThreat.bind(4, o.indicator.value)
            insertThreat.bind(5, minSeen)
            insertThreat.bind(6, maxSeen)
            insertThreat.bind(7, distinct.count)
            insertThreat.bind(8, a.countryCode)
            insertThreat.bind(9, a.provinceCode)
            insertThreat.bind(10, a.city)
            insertThreat.bind(11, a.networkOperator.rawValue)
            insertThreat.bind(12, a.operatorName)
            insertThreat.bind(13, a.asn ?? o.reportedASN)
            insertThreat.bind(14, sourceID)
            insertThreat.bind(15, distinct[0].seenAt)
            insertThreat.bind(16, batchID)
            insertThreat.bind(17, distinct[0].row)
            insertThreat.bind(18, a.registrableDomain)
            insertThreat.bind(19, try details.id(for: a).map { Int($0) })
            insertThreat.bind(20, a.viaAddress)
            insertThreat.bind(21, o.reportedASN)
            if try insertThreat.run() == 1 {
                let seq = insertThreat.lastInsertRowID
                outcome.newThreats += 1
                let key = RollupKey(kind: o.kind.rawValue, province: a.provinceCode ?? 0, op: a.networkOperator.rawValue)
                rollup[key, default: 0] += 1
                let day = ThreatDay.of(distinct[0].seenAt)
                daily[DailyKey(day: day, rollup: key), default: 0] += 1
                bySource[DailySourceKey(day: day, kind: key.kind), default: 0] += 1
                // The first sighting is the threat row's origin; the rest go to the sightings table.
                for s in distinct.dropFirst() {
                    insertSighting.bind(1, seq)
                    insertSighting.bind(2, sourceID)
                    insertSighting.bind(3, s.seenAt)
                    insertSighting.bind(4, batchID)
                    insertSighting.bind(5, s.row)
                    try insertSighting.run()
                }
                outcome.newSightings += distinct.count
            } else {
                findThreat.bind(1, id)
                guard let (seq, originSource, originSeenAt) = try findThreat.int64Triple() else {
                    throw StoreError(.write, "threat \(head.threatID) was neither inserted nor found; the database may be damaged")
                }
                var newSource = 0
                if originSource != sourceID {
                    sourceKnown.bind(1, seq)
                    sourceKnown.bind(2, sourceID)
                    newSource = try sourceKnown.exists() ? 0 : 1
                }
                var added = 0
                for s in distinct where !(originSource == sourceID && originSeenAt == s.seenAt) {
                    insertSighting.bind(1, seq)
                    insertSighting.bind(2, sourceID)
                    insertSighting.bind(3, s.seenAt)
                    insertSighting.bind(4, batchID)
                    insertSighting.bind(5, s.row)
                    added += try insertSighting.run()
                }
                if added > 0 {
                    updateThreat.bind(1, added)
                    updateThreat.bind(2, newSource)
                    updateThreat.bind(3, minSeen)
                    updateThreat.bind(4, maxSeen)
                    updateThreat.bind(5, seq)
                    try updateThreat.run()
                    outcome.newSightings += added
                }
            }
        }
        if !rejects.isEmpty {
            let insertReject = try RawStatement(db, "INSERT OR IGNORE INTO rejects (batch_id, row, code, reason, raw) VALUES (?, ?, ?, ?, ?)")
            for r in rejects {
                insertReject.bind(1, r.batchID)
                insertReject.bind(2, r.reject.row)
                insertReject.bind(3, r.reject.reason.code.rawValue)
                insertReject.bind(4, r.reject.reason.message)
                insertReject.bind(5, r.reject.raw)
                try insertReject.run()
            }
        }
        if !rollup.isEmpty {
            let upsert = try RawStatement(db, """
                INSERT INTO threat_rollup (kind, province, operator, threats) VALUES (?, ?, ?, ?)
                ON CONFLICT (kind, province, operator) DO UPDATE SET threats = threats + excluded.threats
                """)
            for (key, n) in rollup {
                upsert.bind(1, key.kind)
                upsert.bind(2, key.province)
                upsert.bind(3, key.op)
                upsert.bind(4, n)
                try upsert.run()
            }
            let upsertDaily = try RawStatement(db, """
                INSERT INTO threat_daily (day, kind, province, operator, threats) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (day, kind, province, operator) DO UPDATE SET threats = threats + excluded.threats
                """)
            for (key, n) in daily {
                upsertDaily.bind(1, key.day)
                upsertDaily.bind(2, key.rollup.kind)
                upsertDaily.bind(3, key.rollup.province)
                upsertDaily.bind(4, key.rollup.op)
                upsertDaily.bind(5, n)
                try upsertDaily.run()
            }
            // The same new threats by the source that reported them first (the batch's).
            let upsertSource = try RawStatement(db, """
                INSERT INTO source_daily (day, source_id, kind, threats) VALUES (?, ?, ?, ?)
                ON CONFLICT (day, source_id, kind) DO UPDATE SET threats = threats + excluded.threats
                """)
            for (key, n) in bySource {
                upsertSource.bind(1, key.day)
                upsertSource.bind(2, sourceID)
                upsertSource.bind(3, key.kind)
                upsertSource.bind(4, n)
                try upsertSource.run()
            }
        }
        try db.execute(
            sql: "UPDATE batches SET new_threats = new_threats + ?, new_sightings = new_sightings + ? WHERE id = ?",
            arguments: [outcome.newThreats, outcome.newSightings, batchID])
        return outcome
    }

    static func sourceID(_ db: Database, name: String, now: Int64) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM sources WHERE name = ?", arguments: [name]) { return id }
        try db.execute(sql: "INSERT INTO sources (name, created_at) VALUES (?, ?)", arguments: [name, now])
        return db.lastInsertedRowID
    }

    static let batchColumns = """
        b.id, b.sha256, s.name AS source, b.format, b.report_type, b.file_name, b.size, b.received_at, b.status, b.rows,
        b.observations, b.rejects, b.new_threats, b.new_sightings
        """

    static func batchRecord(_ row: Row) -> BatchRecord {
        BatchRecord(
            id: row["id"], sha256: row["sha256"], sourceName: row["source"], format: row["format"],
            reportType: row["report_type"], fileName: row["file_name"], size: row["size"], receivedAt: row["received_at"],
            status: BatchRecord.Status(rawValue: row["status"]) ?? .running, rows: row["rows"],
            observations: row["observations"], rejects: row["rejects"], newThreats: row["new_threats"],
            newSightings: row["new_sightings"])
    }

    static func batch(_ db: Database, id: Int64) throws -> BatchRecord? {
        try Row.fetchOne(
            db, sql: "SELECT \(batchColumns) FROM batches b JOIN sources s ON s.id = b.source_id WHERE b.id = ?",
            arguments: [id]
        ).map(batchRecord)
    }

    // MARK: ThreatQueryStore

    public func threats(matching filter: ThreatFilter) async throws -> [Threat] {
        var clauses: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let kind = filter.kind {
            clauses.append("kind = ?")
            arguments.append(kind.rawValue)
        }
        if let category = filter.category {
            let kinds = ThreatKind.allCases.filter { $0.category == category }.map(\.rawValue)
            clauses.append("kind IN (\(kinds.map { _ in "?" }.joined(separator: ",")))")
            arguments.append(contentsOf: kinds)
        }
        if let province = filter.provinceCode {
            if province == 0 {
                clauses.append("province IS NULL")
            } else {
                clauses.append("province = ?")
                arguments.append(province)
            }
        }
        if let op = filter.networkOperator {
            clauses.append("operator = ?")
            arguments.append(op.rawValue)
        }
        if let since = filter.since {
            clauses.append("last_seen >= ?")
            arguments.append(since)
        }
        if let organization = filter.organization {
            // Through the organization's few attribution rows: an index read on threats.details_id, whatever its size.
            clauses.append("t.details_id IN (SELECT id FROM attribution_details WHERE organization_id = ?)")
            arguments.append(organization)
        }
        if let id = filter.id {
            clauses.append("t.id = ?")
            arguments.append(id.rawValue)
        }
        if !filter.ids.isEmpty {
            clauses.append("t.id IN (\(filter.ids.map { _ in "?" }.joined(separator: ",")))")
            arguments += filter.ids.map(\.rawValue)
        }
        if let after = filter.after {
            clauses.append("(last_seen < ? OR (last_seen = ? AND t.id > ?))")
            arguments += [after.lastSeen, after.lastSeen, after.id.rawValue]
        }
        let columns = """
            t.id, kind, indicator_type, indicator, first_seen, last_seen, sightings, sources, country, province, city,
                operator, operator_name, asn, registrable_domain, d.organization_id, d.organization_name, d.organization_rule,
                d.provenance, via_address
            """
        let sql: String
        if filter.mergingKinds.isEmpty {
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            sql = """
                SELECT \(columns)
                FROM threats t LEFT JOIN attribution_details d ON d.id = t.details_id
                \(whereSQL) ORDER BY last_seen DESC, t.id LIMIT ?
                """
            arguments.append(max(0, filter.limit))
        } else {
            // Each kind's newest ids along its index (covering: no table reads), merged and cut, then the rows.
            let perKind = (["t.kind = ?"] + clauses).joined(separator: " AND ")
            let shared = arguments
            arguments = []
            var parts: [String] = []
            for (n, kind) in filter.mergingKinds.enumerated() {
                parts.append("SELECT id, last_seen FROM (SELECT t.id, t.last_seen FROM threats t WHERE \(perKind) ORDER BY t.last_seen DESC, t.id LIMIT ?) AS k\(n)")
                arguments.append(kind.rawValue)
                arguments += shared
                arguments.append(max(0, filter.limit))
            }
            sql = """
                SELECT \(columns)
                FROM (SELECT id FROM (\(parts.joined(separator: " UNION ALL "))) AS u ORDER BY last_seen DESC, id LIMIT ?) AS m
                JOIN threats t ON t.id = m.id LEFT JOIN attribution_details d ON d.id = t.details_id
                ORDER BY t.last_seen DESC, t.id
                """
            arguments.append(max(0, filter.limit))
        }
        guard let args = StatementArguments(arguments) else {
            throw StoreError(.invalidArgument, "threat filter arguments could not be bound")
        }
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: args).map { row in
                Threat(
                    id: ThreatID(rawValue: row["id"]),
                    kind: ThreatKind(rawValue: row["kind"]) ?? .other,
                    indicator: Indicator(uncheckedType: IndicatorType(rawValue: row["indicator_type"]) ?? .ip, value: row["indicator"]),
                    firstSeen: row["first_seen"], lastSeen: row["last_seen"], sightings: row["sightings"], sources: row["sources"],
                    attribution: Attribution(
                        countryCode: row["country"], provinceCode: row["province"], city: row["city"],
                        networkOperator: NetworkOperator(rawValue: row["operator"]) ?? .unknown,
                        operatorName: row["operator_name"], asn: row["asn"], registrableDomain: row["registrable_domain"],
                        organizationID: row["organization_id"], organizationName: row["organization_name"],
                        organizationRule: row["organization_rule"], provenance: row["provenance"], viaAddress: row["via_address"]))
            }
        }
    }

    public func statistics() async throws -> ThreatStatistics {
        try await pool.read { db in
            var byKind: [ThreatKind: Int] = [:]
            var byProvince: [Int: Int] = [:]
            var byOperator: [NetworkOperator: Int] = [:]
            var total = 0
            for row in try Row.fetchAll(db, sql: "SELECT kind, province, operator, threats FROM threat_rollup") {
                let n: Int = row["threats"]
                total += n
                byKind[ThreatKind(rawValue: row["kind"]) ?? .other, default: 0] += n
                byProvince[row["province"], default: 0] += n
                byOperator[NetworkOperator(rawValue: row["operator"]) ?? .unknown, default: 0] += n
            }
            let totals = try Row.fetchOne(db, sql: "SELECT count(*) AS n, coalesce(sum(new_sightings), 0) AS s, coalesce(sum(rejects), 0) AS r FROM batches")
            return ThreatStatistics(
                totalThreats: total, totalSightings: totals?["s"] ?? 0, batches: totals?["n"] ?? 0,
                rejects: totals?["r"] ?? 0, byKind: byKind, byProvince: byProvince, byOperator: byOperator)
        }
    }

    public func rejects(batchID: Int64?, limit: Int) async throws -> [StoredReject] {
        try await pool.read { db in
            let rows: [Row]
            if let batchID {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM rejects WHERE batch_id = ? ORDER BY row LIMIT ?", arguments: [batchID, limit])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM rejects ORDER BY batch_id, row LIMIT ?", arguments: [limit])
            }
            return rows.map { row in
                StoredReject(
                    batchID: row["batch_id"],
                    reject: Reject(row: row["row"], reason: RejectReason(RejectReason.Code(rawValue: row["code"]), row["reason"]), raw: row["raw"]))
            }
        }
    }

    public func batches(limit: Int) async throws -> [BatchRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(SQLiteStore.batchColumns) FROM batches b JOIN sources s ON s.id = b.source_id ORDER BY b.id DESC LIMIT ?",
                arguments: [limit]
            ).map(SQLiteStore.batchRecord)
        }
    }

    /// Recomputes every threat's attribution in one transaction, 20,000 rows per read, and rebuilds the rollups;
    /// drops attribution details no threat uses any more.
    public func reattribute(_ attribute: @escaping @Sendable (ThreatKind, Indicator, Attribution) -> Attribution) async throws -> Int {
        try await pool.write { db in
            let update = try RawStatement(db, """
                UPDATE threats SET country = ?, province = ?, city = ?, operator = ?, operator_name = ?, asn = ?,
                    registrable_domain = ?, details_id = ?, via_address = ?
                WHERE seq = ?
                """)
            var details = try AttributionDetailInterner(db)
            var changed = 0
            var after: Int64 = 0
            while true {
                let rows = try Row.fetchAll(db, sql: "SELECT seq, kind, indicator_type, indicator, reported_asn, via_address FROM threats WHERE seq > ? ORDER BY seq LIMIT 20000", arguments: [after])
                guard let last = rows.last else { break }
                after = last["seq"]
                for row in rows {
                    let indicator = Indicator(uncheckedType: IndicatorType(rawValue: row["indicator_type"]) ?? .ip, value: row["indicator"])
                    let old = Attribution(asn: row["reported_asn"], viaAddress: row["via_address"])
                    let a = attribute(ThreatKind(rawValue: row["kind"]) ?? .other, indicator, old)
                    update.bind(1, a.countryCode)
                    update.bind(2, a.provinceCode)
                    update.bind(3, a.city)
                    update.bind(4, a.networkOperator.rawValue)
                    update.bind(5, a.operatorName)
                    update.bind(6, a.asn)
                    update.bind(7, a.registrableDomain)
                    update.bind(8, try details.id(for: a).map { Int($0) })
                    update.bind(9, a.viaAddress)
                    update.bind(10, row["seq"] as Int64)
                    changed += try update.run()
                }
            }
            try db.execute(sql: """
                DELETE FROM attribution_details WHERE id NOT IN (SELECT details_id FROM threats WHERE details_id IS NOT NULL);
                DELETE FROM threat_rollup;
                INSERT INTO threat_rollup (kind, province, operator, threats)
                    SELECT kind, coalesce(province, 0), operator, count(*) FROM threats GROUP BY 1, 2, 3;
                DELETE FROM threat_daily;
                INSERT INTO threat_daily (day, kind, province, operator, threats)
                    SELECT \(ThreatDay.sql("origin_seen_at")), kind, coalesce(province, 0), operator, count(*) FROM threats GROUP BY 1, 2, 3, 4;
                DELETE FROM disposal_daily;
                \(ReportLedger.rebuildDisposalDaily);
                """)
            return changed
        }
    }

    public func sightings(of threatID: ThreatID, limit: Int) async throws -> [Sighting] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT origin_source AS source_id, origin_seen_at AS seen_at, origin_batch AS batch_id, origin_row AS row
                    FROM threats WHERE id = ?1
                    UNION ALL
                    SELECT s.source_id, s.seen_at, s.batch_id, s.row FROM sightings s JOIN threats t ON t.seq = s.threat_seq
                    WHERE t.id = ?1
                    ORDER BY seen_at, source_id LIMIT ?2
                    """, arguments: [threatID.rawValue, limit]
            ).map { row in
                Sighting(threatID: threatID, sourceID: row["source_id"], seenAt: row["seen_at"], batchID: row["batch_id"], row: row["row"])
            }
        }
    }
}
