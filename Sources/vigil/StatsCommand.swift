import ArgumentParser
import VigilAttribution
import VigilCore
import VigilStore

/// `vigil stats`: counts by category, kind, province and operator.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Threat counts by category, kind, province and operator.")

    @Flag(help: "Print JSON (total_threats at the top level).") var json = false
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let stats = try await db.open().statistics()
        print(Self.render(stats, json: json))
    }

    static func render(_ stats: ThreatStatistics, json: Bool) -> String {
        if json {
            var provinces: [String: Int] = [:]
            for (code, n) in stats.byProvince { provinces[code == 0 ? "unknown" : String(code)] = n }
            return OutputFormatting.json([
                "total_threats": stats.totalThreats,
                "total_sightings": stats.totalSightings,
                "batches": stats.batches,
                "rejects": stats.rejects,
                "by_category": Dictionary(uniqueKeysWithValues: stats.byCategory.map { ($0.key.rawValue, $0.value) }),
                "by_kind": Dictionary(uniqueKeysWithValues: stats.byKind.map { ($0.key.rawValue, $0.value) }),
                "by_province": provinces,
                "by_operator": Dictionary(uniqueKeysWithValues: stats.byOperator.map { ($0.key.rawValue, $0.value) }),
            ])
        }
        var lines: [String] = []
        lines.append("threats: \(stats.totalThreats)   sightings: \(stats.totalSightings)   batches: \(stats.batches)   rejects: \(stats.rejects)")
        lines.append("")
        lines.append("by category (威胁类别):")
        for (c, n) in stats.byCategory.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(OutputFormatting.pad(c.chineseName, 14)) \(OutputFormatting.pad(c.rawValue, 18)) \(n)")
        }
        lines.append("by kind (威胁类型):")
        for (k, n) in stats.byKind.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }) {
            lines.append("  \(OutputFormatting.pad(k.chineseName, 26)) \(OutputFormatting.pad(k.rawValue, 18)) \(n)")
        }
        lines.append("by province (属地):")
        for (p, n) in stats.byProvince.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            lines.append("  \(OutputFormatting.pad(OutputFormatting.provinceName(p), 22)) \(n)")
        }
        lines.append("by operator (运营商):")
        for (o, n) in stats.byOperator.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }) {
            lines.append("  \(OutputFormatting.pad(o.chineseName, 12)) \(OutputFormatting.pad(o.rawValue, 14)) \(n)")
        }
        return lines.joined(separator: "\n")
    }
}
