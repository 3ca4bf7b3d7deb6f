import VigilCore
import VigilStore

/// The store's figures in Prometheus text format.
enum MetricsText {
    static func render(statistics: ThreatStatistics, gauges: DisposalGauges, ingest: IngestTotals) -> String {
        var lines: [String] = []
        func gauge(_ name: String, _ help: String, _ samples: [(String, Int)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) gauge")
            for (labels, value) in samples { lines.append("\(name)\(labels.isEmpty ? "" : "{\(labels)}") \(value)") }
        }
        gauge("vigil_threats", "Threats in the store, by category.",
              ThreatCategory.allCases.map { ("category=\"\($0.rawValue)\"", statistics.byCategory[$0] ?? 0) })
        gauge("vigil_rejects", "Input rows rejected, kept with their reasons.", [("", statistics.rejects)])
        gauge("vigil_tickets", "Disposal tickets, by state.", TicketState.allCases.map { ("state=\"\($0.rawValue)\"", gauges.tickets[$0] ?? 0) })
        gauge("vigil_tickets_overdue", "Open tickets past their deadline.", [("", gauges.overdue)])
        gauge("vigil_review_queue", "Threats left to review plus pending appeals.", [("", gauges.reviewQueue)])
        gauge("vigil_notices_pending", "Notices waiting to be delivered, by channel.",
              [Notice.Channel.email, .webhook].map { ("channel=\"\($0.rawValue)\"", gauges.pendingNotices[$0] ?? 0) })
        lines.append("# HELP vigil_ingested_rows_total Input rows taken in by every batch, accepted or rejected (rate() gives the ingest rate).")
        lines.append("# TYPE vigil_ingested_rows_total counter")
        lines.append("vigil_ingested_rows_total{result=\"accepted\"} \(ingest.observations)")
        lines.append("vigil_ingested_rows_total{result=\"rejected\"} \(ingest.rejects)")
        lines.append("# HELP vigil_new_threats_total Threats first recorded by a batch.")
        lines.append("# TYPE vigil_new_threats_total counter")
        lines.append("vigil_new_threats_total \(ingest.newThreats)")
        gauge("vigil_batches", "Batches by status (running: being ingested, or interrupted and waiting to be run again).",
              ["running", "complete"].map { ("status=\"\($0)\"", ingest.batches[$0] ?? 0) })
        return lines.joined(separator: "\n") + "\n"
    }
}
