#if Postgres
import Foundation
import Logging
import PostgresNIO
import Synchronization
import VigilCore
import VigilStore

extension PostgresStore {
    /// Text PostgreSQL can store: NUL characters become U+FFFD.
    static func clean(_ text: String) -> String {
        text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }

    public func threats(matching filter: ThreatFilter) async throws -> [Threat] {
        var clauses: [String] = []
        var binds = PostgresBindings()
        func bind(_ value: some PostgresNonThrowingEncodable & Sendable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let kind = filter.kind { clauses.append("t.kind = \(bind(kind.rawValue))") }
        if let category = filter.category {
            clauses.append("t.kind = ANY(\(bind(ThreatKind.allCases.filter { $0.category == category }.map(\.rawValue)))::text[])")
        }
        if let province = filter.provinceCode {
            clauses.append(province == 0 ? "t.province IS NULL" : "t.province = \(bind(Int64(province)))")
        }
        if let op = filter.networkOperator { clauses.append("t.operator = \(bind(op.rawValue))") }
        if let since = filter.since { clauses.append("t.last_seen >= \(bind(since))") }
        // Through the organization's few attribution rows: an index read on threats.details_id, whatever its size.
        if let organization = filter.organization {
            clauses.append("t.details_id IN (SELECT id FROM attribution_details WHERE organization_id = \(bind(organization)))")
        }
        if let id = filter.id { clauses.append("t.id = \(bind(id.rawValue))") }
        if !filter.ids.isEmpty { clauses.append("t.id = ANY(\(bind(filter.ids.map(\.rawValue)))::bigint[])") }
        if let after = filter.after {
            let seen = bind(after.lastSeen)
            clauses.append("(t.last_seen < \(seen) OR (t.last_seen = \(seen) AND t.id > \(bind(after.id.rawValue))))")
        }
        let limit = bind(Int64(max(0, filter.limit)))
        let columns = """
            t.id, t.kind, t.indicator_type, t.indicator, t.first_seen, t.last_seen, t.sightings, t.sources, t.country,
                t.province, t.city, t.operator, t.operator_name, t.asn, t.registrable_domain, d.organization_id, d.organization_name,
                d.organization_rule, d.provenance, t.via_address
            """
        let sql: String
        if filter.mergingKinds.isEmpty {
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            sql = """
                SELECT \(columns)
                FROM threats t LEFT JOIN attribution_details d ON d.id = t.details_id
                \(whereSQL) ORDER BY t.last_seen DESC, t.id LIMIT \(limit)
                """
        } else {
            // Each kind's newest ids along its index, merged and cut, then the rows.
            let parts = filter.mergingKinds.enumerated().map { n, kind in
                let perKind = (["t.kind = \(bind(kind.rawValue))"] + clauses).joined(separator: " AND ")
                return "SELECT id, last_seen FROM (SELECT t.id, t.last_seen FROM threats t WHERE \(perKind) ORDER BY t.last_seen DESC, t.id LIMIT \(limit)) AS k\(n)"
            }
            sql = """
                SELECT \(columns)
                FROM (SELECT id FROM (\(parts.joined(separator: " UNION ALL "))) AS u ORDER BY last_seen DESC, id LIMIT \(limit)) AS m
                JOIN threats t ON t.id = m.id LEFT JOIN attribution_details d ON d.id = t.details_id
                ORDER BY t.last_seen DESC, t.id
                """
        }
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        let logger = self.logger
        return try await retrying("listing threats") {
            var out: [Threat] = []
            for try await row in try await self.client.query(query, logger: logger) {
                let (id, kind, type, indicator, firstSeen, lastSeen, sightings, sources, country, province, city, op, opName, asn,
                     registrable, orgID, orgName, orgRule, provenance, via) = try row.decode(
                        (Int64, String, String, String, Int64, Int64, Int64, Int64, String?, Int32?, String?, String, String?, Int64?,
                         String?, String?, String?, String?, String?, String?).self)
                out.append(Threat(
                    id: ThreatID(rawValue: id), kind: ThreatKind(rawValue: kind) ?? .other,
                    indicator: Indicator(uncheckedType: IndicatorType(rawValue: type) ?? .ip, value: indicator),
                    firstSeen: firstSeen, lastSeen: lastSeen, sightings: Int(sightings), sources: Int(sources),
                    attribution: Attribution(
                        countryCode: country, provinceCode: province.map(Int.init), city: city,
                        networkOperator: NetworkOperator(rawValue: op) ?? .unknown, operatorName: opName, asn: asn.map(Int.init),
                        registrableDomain: registrable, organizationID: orgID, organizationName: orgName, organizationRule: orgRule,
                        provenance: provenance, viaAddress: via)))
            }
            return out
        }
    }

    public func statistics() async throws -> ThreatStatistics {
        let logger = self.logger
        return try await retrying("reading statistics") {
            var byKind: [ThreatKind: Int] = [:]
            var byProvince: [Int: Int] = [:]
            var byOperator: [NetworkOperator: Int] = [:]
            var total = 0
            for try await (kind, province, op, n) in try await self.client.query(
                "SELECT kind, province, operator, threats FROM threat_rollup", logger: logger).decode((String, Int32, String, Int64).self) {
                total += Int(n)
                byKind[ThreatKind(rawValue: kind) ?? .other, default: 0] += Int(n)
                byProvince[Int(province), default: 0] += Int(n)
                byOperator[NetworkOperator(rawValue: op) ?? .unknown, default: 0] += Int(n)
            }
            var batches = 0, sightings = 0, rejects = 0
            for try await (n, s, r) in try await self.client.query(
                "SELECT (SELECT count(*) FROM batches), (SELECT coalesce(sum(new_sightings), 0) FROM batch_counts)::bigint, (SELECT coalesce(sum(rejects), 0) FROM batches)::bigint",
                logger: logger).decode((Int64, Int64, Int64).self) {
                batches = Int(n)
                sightings = Int(s)
                rejects = Int(r)
            }
            return ThreatStatistics(
                totalThreats: total, totalSightings: sightings, batches: batches, rejects: rejects,
                byKind: byKind, byProvince: byProvince, byOperator: byOperator)
        }
    }

    public func rejects(batchID: Int64?, limit: Int) async throws -> [StoredReject] {
        let logger = self.logger
        let query: PostgresQuery = batchID.map {
            "SELECT batch_id, row, code, reason, raw FROM rejects WHERE batch_id = \($0) ORDER BY row LIMIT \(Int64(limit))"
        } ?? "SELECT batch_id, row, code, reason, raw FROM rejects ORDER BY batch_id, row LIMIT \(Int64(limit))"
        return try await retrying("listing rejects") {
            var out: [StoredReject] = []
            for try await (batch, row, code, reason, raw) in try await self.client.query(query, logger: logger)
                .decode((Int64, Int64, String, String, String).self) {
                out.append(StoredReject(
                    batchID: batch, reject: Reject(row: Int(row), reason: RejectReason(RejectReason.Code(rawValue: code), reason), raw: raw)))
            }
            return out
        }
    }

    public func batches(limit: Int) async throws -> [BatchRecord] {
        let logger = self.logger
        let query = PostgresQuery(
            unsafeSQL: "SELECT \(PostgresStore.batchColumns) FROM batches b JOIN sources s ON s.id = b.source_id ORDER BY b.id DESC LIMIT $1",
            binds: { var b = PostgresBindings(); b.append(Int64(limit)); return b }())
        return try await retrying("listing batches") {
            var out: [BatchRecord] = []
            for try await row in try await self.client.query(query, logger: logger) { out.append(try PostgresStore.batchRecord(row)) }
            return out
        }
    }

    public func sightings(of threatID: ThreatID, limit: Int) async throws -> [Sighting] {
        let logger = self.logger
        let id = threatID.rawValue
        return try await retrying("listing sightings") {
            var out: [Sighting] = []
            for try await (source, seen, batch, row) in try await self.client.query("""
                SELECT origin_source, origin_seen_at, origin_batch, origin_row FROM threats WHERE id = \(id)
                UNION ALL
                SELECT s.source_id, s.seen_at, s.batch_id, s.row FROM sightings s WHERE s.threat_id = \(id)
                ORDER BY 2, 1 LIMIT \(Int64(limit))
                """, logger: logger).decode((Int64, Int64, Int64, Int64).self) {
                out.append(Sighting(threatID: threatID, sourceID: source, seenAt: seen, batchID: batch, row: Int(row)))
            }
            return out
        }
    }

    /// Recomputes every threat's attribution in one transaction, 20,000 threats at a time, and rebuilds the rollups.
    /// Attribution details no threat uses any more stay: they are few (one per organization and provenance), and ids
    /// that never disappear are what lets other workers cache them without a foreign key.
    public func reattribute(_ attribute: @escaping @Sendable (ThreatKind, Indicator, Attribution) -> Attribution) async throws -> Int {
        let logger = self.logger
        // One transaction over every threat: tens of millions take minutes, so the attempt is not cut at 30 s.
        return try await retrying("re-attributing threats", limit: .seconds(6 * 3600)) {
            try await self.client.withTransaction(logger: logger) { conn in
                try await conn.query("LOCK TABLE threats IN SHARE ROW EXCLUSIVE MODE", logger: logger)
                var changed = 0
                var after = Int64.min
                while true {
                    var rows: [(Int64, String, String, String, Int64?, String?)] = []
                    for try await row in try await conn.query("""
                        SELECT id, kind, indicator_type, indicator, reported_asn, via_address FROM threats
                        WHERE id > \(after) ORDER BY id LIMIT 20000
                        """, logger: logger).decode((Int64, String, String, String, Int64?, String?).self) { rows.append(row) }
                    guard let last = rows.last else { break }
                    after = last.0
                    var plan: [ResolvedObservation] = []
                    var seqs: [Int64] = []
                    for (seq, kind, type, value, reported, via) in rows {
                        let indicator = Indicator(uncheckedType: IndicatorType(rawValue: type) ?? .ip, value: value)
                        let k = ThreatKind(rawValue: kind) ?? .other
                        let a = attribute(k, indicator, Attribution(asn: reported.map(Int.init), viaAddress: via))
                        plan.append(ResolvedObservation(
                            observation: Observation(kind: k, indicator: indicator, seenAt: 0, row: 0), threatID: ThreatID(kind: k, indicator: indicator),
                            attribution: a))
                        seqs.append(seq)
                    }
                    let writer = ChunkWriter(conn: conn, logger: logger, batchID: 0, sourceID: 0, worker: "", leaseSeconds: 0)
                    let details = try await writer.internDetails(ChunkPlan(chunk: plan))
                    let attributions = plan.map(\.attribution)
                    try await conn.query("""
                        UPDATE threats t SET country = NULLIF(u.country, ''), province = NULLIF(u.province, 0)::integer,
                            city = NULLIF(u.city, ''), operator = u.operator, operator_name = NULLIF(u.operator_name, ''),
                            asn = NULLIF(u.asn, 0), registrable_domain = NULLIF(u.registrable, ''), details_id = NULLIF(u.details, 0),
                            via_address = NULLIF(u.via, '')
                        FROM unnest(\(seqs)::bigint[], \(attributions.map { $0.countryCode ?? "" })::text[],
                                    \(attributions.map { Int64($0.provinceCode ?? 0) })::bigint[], \(attributions.map { $0.city ?? "" })::text[],
                                    \(attributions.map { $0.networkOperator.rawValue })::text[], \(attributions.map { $0.operatorName ?? "" })::text[],
                                    \(attributions.map { Int64($0.asn ?? 0) })::bigint[], \(attributions.map { $0.registrableDomain ?? "" })::text[],
                                    \(attributions.map { details[ChunkWriter.DetailKey($0)] ?? 0 })::bigint[], \(attributions.map { $0.viaAddress ?? "" })::text[])
                            AS u(id, country, province, city, operator, operator_name, asn, registrable, details, via)
                        WHERE t.id = u.id
                        """, logger: logger)
                    changed += rows.count
                }
                try await conn.query("DELETE FROM threat_rollup", logger: logger)
                try await conn.query("""
                    INSERT INTO threat_rollup (kind, province, operator, threats)
                    SELECT kind, coalesce(province, 0), operator, count(*) FROM threats GROUP BY 1, 2, 3
                    """, logger: logger)
                try await conn.query("DELETE FROM threat_daily", logger: logger)
                try await conn.query(PostgresQuery(unsafeSQL: """
                    INSERT INTO threat_daily (day, kind, province, operator, threats)
                    SELECT \(ThreatDay.sql("origin_seen_at")), kind, coalesce(province, 0), operator, count(*) FROM threats GROUP BY 1, 2, 3, 4
                    """), logger: logger)
                // The disposal rollup holds province and operator too.
                try await conn.query("DELETE FROM disposal_daily", logger: logger)
                try await conn.query(PostgresQuery(unsafeSQL: ReportLedger.rebuildDisposalDaily), logger: logger)
                return changed
            }
        }
    }
}
#endif
