import Foundation

/// Compiles Shadowserver's published report schema into a ``ShadowserverSchema``.
///
/// Two files from github.com/The-Shadowserver-Foundation/report_schema are understood: `intelmq.json` (per type:
/// the CSV columns behind each IntelMQ field, and the fixed classification) and `reports.json` (per type: the CSV
/// header and title). Either alone is enough; both together give the fullest mapping.
public enum ShadowserverSchemaCompiler {
    /// Why a schema file could not be compiled.
    public struct CompileError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Which of the two files a JSON document is.
    public enum FileKind: String, Sendable {
        case intelmq = "intelmq.json"
        case reports = "reports.json"
    }

    /// Tells the two files apart by their entries: `intelmq.json` entries have `required_fields`, `reports.json`
    /// entries have `fields`.
    public static func fileKind(of data: Data) throws(CompileError) -> FileKind {
        let root = try object(data, name: "the schema file")
        for (key, value) in root where key != "_meta" {
            guard let entry = value as? [String: Any] else { continue }
            if entry["required_fields"] != nil { return .intelmq }
            if entry["fields"] != nil { return .reports }
        }
        throw CompileError(
            message: "this is neither Shadowserver's intelmq.json nor its reports.json (no entry has required_fields or "
                + "fields); download them from https://github.com/The-Shadowserver-Foundation/report_schema")
    }

    /// Compiles the given files (contents of `intelmq.json` and/or `reports.json`).
    public static func compile(intelmq: Data?, reports: Data?) throws(CompileError) -> ShadowserverSchema {
        guard intelmq != nil || reports != nil else { throw CompileError(message: "no schema file given") }
        let mappings = try intelmq.map { data throws(CompileError) in try object(data, name: "intelmq.json") } ?? [:]
        let layouts = try reports.map { data throws(CompileError) in try object(data, name: "reports.json") } ?? [:]
        var byName: [String: ShadowserverReport] = [:]
        var sources: [String] = []
        if intelmq != nil {
            let created = (mappings["_meta"] as? [String: Any])?["date_created"] as? String
            sources.append("intelmq.json" + (created.map { " (\($0))" } ?? ""))
        }
        if reports != nil { sources.append("reports.json") }

        for (key, value) in mappings where key != "_meta" {
            guard let entry = value as? [String: Any] else { continue }
            let name = ((entry["file_name"] as? String) ?? key).lowercased()
            var report = ShadowserverReport(name: name)
            if name != key.lowercased() { report.aliases.append(key.lowercased()) }
            report.title = entry["feed_name"] as? String ?? name
            report.url = entry["url"] as? String
            let constants = entry["constant_fields"] as? [String: Any] ?? [:]
            report.taxonomy = constants["classification.taxonomy"] as? String
            report.classification = constants["classification.type"] as? String
            report.identifier = constants["classification.identifier"] as? String
            report.application = constants["protocol.application"] as? String
            report.transport = constants["protocol.transport"] as? String
            var order: [String] = []
            for group in ["required_fields", "optional_fields"] {
                for case let field as [Any] in entry[group] as? [Any] ?? [] {
                    guard field.count >= 2, let target = field[0] as? String, let column = field[1] as? String else { continue }
                    let lower = column.lowercased()
                    if !order.contains(lower) { order.append(lower) }
                    assign(target: target, column: lower, to: &report)
                }
            }
            report.fields = order
            byName[name] = report
        }
        for (key, value) in layouts where key != "_meta" {
            guard let entry = value as? [String: Any] else { continue }
            let name = key.lowercased()
            let fields = (entry["fields"] as? [String] ?? []).map { $0.lowercased() }
            var report = byName[name] ?? byName.values.first(where: { $0.aliases.contains(name) }) ?? ShadowserverReport(name: name)
            if byName[report.name] == nil {
                // Only reports.json knows this type: take the classification from it and the columns by name.
                report.title = entry["name"] as? String ?? name
                report.url = entry["url"] as? String
                report.taxonomy = entry["classification.taxonomy"] as? String
                report.classification = entry["classification.type"] as? String
                for column in fields { assign(target: conventionalTarget(column), column: column, to: &report) }
            }
            if !fields.isEmpty { report.fields = fields }
            byName[report.name] = report
        }
        var compiled: [ShadowserverReport] = []
        for var report in byName.values {
            completeIndicatorColumns(&report)
            report.listens = report.columns.ip == "ip" && report.columns.port == "port"
            report.aliases.sort()
            compiled.append(report)
        }
        compiled.sort { $0.name < $1.name }
        guard !compiled.isEmpty else { throw CompileError(message: "the schema file lists no report types") }
        return ShadowserverSchema(reports: compiled, source: sources.joined(separator: " + "))
    }

    /// Records that `column` feeds IntelMQ field `target`. The first column given for a field wins.
    static func assign(target: String, column: String, to report: inout ShadowserverReport) {
        func set(_ path: WritableKeyPath<ShadowserverColumns, String?>) {
            if report.columns[keyPath: path] == nil { report.columns[keyPath: path] = column }
        }
        switch target {
        case "time.source": report.columns.time = column
        case "source.ip": set(\.ip)
        case "source.port": set(\.port)
        case "protocol.transport": set(\.transport)
        case "source.network": set(\.network)
        case "source.url": set(\.url)
        case "destination.url": set(\.destinationURL)
        case "source.fqdn": set(\.fqdn)
        case "source.account": set(\.account)
        case "source.asn": set(\.asn)
        case "malware.name": set(\.malware)
        case "classification.identifier": set(\.identifier)
        case "extra.", "extra.tag": if column == "tag" { set(\.tag) }
        default: break
        }
    }

    /// The IntelMQ field a Shadowserver column conventionally feeds, for types only `reports.json` describes.
    static func conventionalTarget(_ column: String) -> String {
        switch column {
        case "timestamp": "time.source"
        case "ip", "src_ip": "source.ip"
        case "port", "src_port": "source.port"
        case "protocol": "protocol.transport"
        case "asn", "src_asn": "source.asn"
        case "url": "source.url"
        case "http_url": "destination.url"
        case "hostname", "http_host": "source.fqdn"
        case "infection", "family": "malware.name"
        case "tag": "extra.tag"
        default: "extra.\(column)"
        }
    }

    /// Adds indicator columns the IntelMQ mapping leaves in `extra.` but whose names say what they hold, so that
    /// types without an address still yield an indicator: an e-mail column, a looked-up name, a victim's website.
    static func completeIndicatorColumns(_ report: inout ShadowserverReport) {
        let fields = Set(report.fields)
        if report.columns.email == nil, fields.contains("email") { report.columns.email = "email" }
        if report.columns.query == nil, report.columns.ip == nil, fields.contains("request") { report.columns.query = "request" }
        if report.columns.fqdn == nil, report.columns.ip == nil {
            if let column = ["website", "domain", "http_host", "hostname"].first(where: fields.contains) {
                report.columns.fqdn = column
            }
        }
        if report.columns.tag == nil, fields.contains("tag") { report.columns.tag = "tag" }
        if report.columns.malware != "family", fields.contains("family") { report.columns.family = "family" }
        if report.columns.asn == nil, let column = ["asn", "src_asn"].first(where: fields.contains) { report.columns.asn = column }
    }

    static func object(_ data: Data, name: String) throws(CompileError) -> [String: Any] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw CompileError(message: "\(name) is not valid JSON (\(error.localizedDescription)); pass the file as downloaded")
        }
        guard let root = parsed as? [String: Any] else {
            throw CompileError(message: "\(name) must be a JSON object keyed by report type")
        }
        return root
    }
}
