import ArgumentParser
import Foundation
import VigilAttribution
import VigilCore
import VigilEngine
import VigilFeeds

/// `vigil ingest`: collect files into the store.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest feed files: record each as a batch, parse, attribute and correlate it into threats.",
        discussion: """
            Examples:
              vigil ingest 2024-05-01-scan_ntp-geo.csv --source shadowserver
              vigil ingest ipsum.txt --format list --source ipsum --kind maliciousIP
              vigil ingest partner.csv --format csv --source partner --column indicator=ip --column time=seen --kind c2Server
              vigil ingest feed.jsonl --source cncert --json
            Ingesting the same bytes again does nothing and says so. An interrupted ingest is completed by running it again.
            """)

    @Argument(help: "Files to ingest.") var paths: [String]
    @Option(help: "jsonl, csv, list, shadowserver, stix, misp, intelmq, eve, a feed from `vigil feeds list` (e.g. spamhaus-drop), or auto.")
    var format: String = "auto"
    @Option(help: "The reporting source's name (报送单位/数据源).") var source: String
    @Option(name: .customLong("report-type"), help: "Shadowserver report type, e.g. scan_ntp (default: from the file name).") var reportType: String?
    @Option(help: "Kind for every row of a list or CSV (see `vigil kinds`); default follows the indicator type.") var kind: String?
    @Option(name: .customLong("column"), help: "CSV mapping, repeatable: indicator=COL, indicator_type=T, kind=K, kind_column=COL, time=COL, port=COL, transport=COL, asn=COL, note=COL, delimiter=C, header=false.") var columns: [String] = []
    @Option(help: "Use the CSV mapping [csv.mappings.NAME] of the configuration file.") var mapping: String?
    @Option(help: "Character encoding of the input: auto (UTF-8, UTF-16 with or without BOM, GB18030/GBK), utf-8, utf-16le, utf-16be or gb18030.") var encoding: String = "auto"
    @Flag(help: "Print each summary as one JSON object.") var json = false
    @Option(name: .customLong("chunk-rows"), help: "Rows per committed transaction.") var chunkRows: Int = 50_000
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var attribution: AttributionOptions

    func run() async throws {
        let fixedKind: ThreatKind?
        if let kind {
            guard let k = ThreatKind(wireName: kind) else { throw ValidationError("'\(kind)' is not a kind; run `vigil kinds`") }
            fixedKind = k
        } else {
            fixedKind = nil
        }
        let feedFormat = try resolveFormat(fixedKind: fixedKind)
        guard chunkRows > 0 else { throw ValidationError("--chunk-rows must be positive") }
        var textEncoding: TextEncoding?
        if encoding.lowercased() != "auto" {
            guard let named = TextEncoding(name: encoding) else {
                throw ValidationError("unknown --encoding '\(encoding)'; use auto, \(TextEncoding.choices)")
            }
            textEncoding = named
        }
        let store = try await db.open()
        let pipeline = IngestPipeline(store: store, attributor: try attribution.makeAttributor(), chunkRows: chunkRows)
        let showProgress = !json && OutputFormatting.isTerminal(2)
        var failures = 0
        for path in paths {
            var pathFormat = feedFormat
            if pathFormat == nil, fixedKind != nil {
                let head = (FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: 64) }).map { [UInt8]($0) } ?? []
                if case .list? = FeedFormat.detect(fileName: path, head: head) { pathFormat = .list(kind: fixedKind) }
            }
            do {
                let summary = try await pipeline.ingest(path: path, format: pathFormat, sourceName: source, encoding: textEncoding) { p in
                    guard showProgress else { return }
                    let eta = p.secondsLeft.map { String(format: "%.0fs", $0) } ?? "?"
                    FileHandle.standardError.write(Data(String(format: "\r%@: %d rows, %.0f rows/s, ETA %@   ", path, p.rows, p.rowsPerSecond, eta).utf8))
                }
                if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                if pathFormat == nil, !summary.alreadyIngested {
                    OutputFormatting.writeError(
                        "vigil ingest: \(path): read as \(Self.describe(format: summary.format)) (detected from the name and "
                            + "content; pass --format to choose)")
                }
                print(Self.render(summary, json: json))
            } catch {
                failures += 1
                OutputFormatting.writeError("vigil ingest: \(path): \(error)")
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// A format's name with its title, for the detection notice.
    static func describe(format name: String) -> String {
        if let preset = FeedPreset.named(name) { return "\(name) (\(preset.title))" }
        switch name {
        case "jsonl": return "jsonl (Vigil JSON Lines)"
        case "csv": return "csv (Chinese reporting template)"
        case "list": return "list (one indicator per line)"
        case "shadowserver": return "shadowserver (Shadowserver report)"
        case "stix": return "stix (STIX 2.1 bundle)"
        case "misp": return "misp (MISP event JSON)"
        case "intelmq": return "intelmq (IntelMQ events)"
        case "eve": return "eve (Suricata EVE JSON)"
        default: return name
        }
    }

    static func render(_ s: IngestSummary, json: Bool) -> String {
        if json {
            return OutputFormatting.json([
                "path": s.path, "batch_id": s.batchID, "sha256": s.sha256, "format": s.format, "rows": s.rows,
                "observations": s.observations, "rejects": s.rejects, "new_threats": s.newThreats,
                "new_sightings": s.newSightings, "seconds": (s.seconds * 1000).rounded() / 1000,
                "already_ingested": s.alreadyIngested, "resumed": s.resumed,
            ])
        }
        if s.alreadyIngested {
            return "\(s.path): already ingested as batch \(s.batchID) (same SHA-256); nothing to do. rows=\(s.rows) observations=\(s.observations) rejects=\(s.rejects)"
        }
        return String(
            format: "%@: format=%@ rows=%d observations=%d rejects=%d new_threats=%d new_sightings=%d seconds=%.2f%@",
            s.path, s.format, s.rows, s.observations, s.rejects, s.newThreats, s.newSightings, s.seconds, s.resumed ? " (resumed an interrupted batch)" : "")
    }

    private func resolveFormat(fixedKind: ThreatKind?) throws -> FeedFormat? {
        switch format.lowercased() {
        case "auto":
            if !columns.isEmpty || mapping != nil { return .csv(try csvMapping(fixedKind: fixedKind)) }
            if let reportType { return .shadowserver(reportType: reportType) }
            return nil
        case "csv": return .csv(try csvMapping(fixedKind: fixedKind))
        default:
            if let named = FeedFormat(name: format, kind: fixedKind, reportType: reportType) { return named }
            throw ValidationError(
                "unknown --format '\(format)'; use jsonl, csv, list, shadowserver, stix, misp, intelmq, eve, auto, or a feed from `vigil feeds list`: "
                    + FeedPreset.all.map(\.name).joined(separator: ", "))
        }
    }

    private func csvMapping(fixedKind: ThreatKind?) throws -> CSVMapping {
        var settings: [String: String] = [:]
        if let mapping {
            let cfg = try attribution.loadConfig()
            guard let m = cfg.csvMappings[mapping] else {
                throw ValidationError("no [csv.mappings.\(mapping)] in \(attribution.config ?? "vigil.toml"); define it or use --column")
            }
            settings = m
        }
        for c in columns {
            guard let eq = c.firstIndex(of: "=") else { throw ValidationError("--column takes KEY=VALUE, got '\(c)'") }
            settings[String(c[..<eq])] = String(c[c.index(after: eq)...])
        }
        do {
            return try CSVMapping.from(settings: settings, defaultKind: fixedKind)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
