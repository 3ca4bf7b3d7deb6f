import Foundation
import VigilPublish
import TOMLKit
import VigilAttribution
import VigilCore
import VigilFeeds

/// The parts of `vigil.toml` this version reads: named CSV column mappings under `[csv.mappings.NAME]`.
///
/// ```toml
/// [csv.mappings.partner]
/// indicator = "ip"          # column name, or a 1-based number
/// indicator_type = "ip"     # optional: ip, cidr, domain, url, email, phone, hash
/// kind = "maliciousIP"      # a fixed kind, or kind_column = "type"
/// time = "first_seen"
/// port = "port"
/// transport = "proto"
/// asn = "asn"
/// note = "comment"
/// delimiter = ","
/// header = true
/// utc_offset = "+08:00"      # times without an offset are Beijing time (default UTC)
/// ```
struct VigilConfig {
    var csvMappings: [String: [String: String]] = [:]
    /// `[[organizations]]` entries.
    var organizations: [Organization] = []
    /// `[directory] csv = "orgs.csv"`.
    var organizationsCSV: String?
    /// `[refdata] table = "file.vgrt"`.
    var refdataTable: String?
    /// `[psl] file = "public_suffix_list.dat"`.
    var publicSuffixList: String?
    /// `[determination]`: source trust, corroboration, warninglists and the allowlist (defaults: `.standard`).
    var determination = DeterminationPolicy.standard
    /// `[determination] warninglists = "dir"`: a misp-warninglists checkout.
    var warninglistsDirectory: String?
    /// `[disposal]` and `[notices]`.
    var disposal = DisposalConfig()
    /// `[probes]`: the probe scope and re-checks.
    var probes = ProbesConfig()
    /// `[publish]`: the blocklists.
    var publish = PublishSettings()
    /// `[report]`: the situation report's author, priorities and source types.
    var report = ReportConfig()

    /// Loads a file; a missing default file gives an empty configuration.
    static func load(path: String?, required: Bool) throws -> VigilConfig {
        let file = path ?? "vigil.toml"
        guard FileManager.default.fileExists(atPath: file) else {
            if required { throw ConfigError("configuration file '\(file)' does not exist; pass --config with the right path") }
            return VigilConfig()
        }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigError("cannot read '\(file)': \(error.localizedDescription)")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch {
            throw ConfigError("'\(file)' is not valid TOML: \(error)")
        }
        var config = VigilConfig()
        if let mappings = table["csv"]?.table?["mappings"]?.table {
            for key in mappings.keys {
                guard let m = mappings[key]?.table else { continue }
                var values: [String: String] = [:]
                for field in m.keys {
                    if let s = m[field]?.string {
                        values[field] = s
                    } else if let i = m[field]?.int {
                        values[field] = String(i)
                    } else if let b = m[field]?.bool {
                        values[field] = b ? "true" : "false"
                    }
                }
                config.csvMappings[key] = values
            }
        }
        // Paths in the file are relative to the file's own directory.
        let base = (file as NSString).deletingLastPathComponent
        func resolve(_ path: String?) -> String? {
            guard let path, !path.hasPrefix("/"), !base.isEmpty else { return path }
            return (base as NSString).appendingPathComponent(path)
        }
        config.organizationsCSV = resolve(table["directory"]?.table?["csv"]?.string)
        config.refdataTable = resolve(table["refdata"]?.table?["table"]?.string)
        config.publicSuffixList = resolve(table["psl"]?.table?["file"]?.string)
        if let d = table["determination"]?.table {
            try readDetermination(d, into: &config, resolve: resolve)
        }
        if let d = table["disposal"]?.table { try readDisposal(d, into: &config) }
        if let n = table["notices"]?.table { try readNotices(n, into: &config, resolve: resolve) }
        if let p = table["probes"]?.table { try ProbesConfig.read(p, into: &config, resolve: resolve) }
        if let p = table["publish"]?.table { try PublishConfig.read(p, into: &config) }
        if let r = table["report"]?.table { try ReportConfig.read(r, into: &config) }
        if let orgs = table["organizations"]?.array {
            for (i, element) in orgs.enumerated() {
                guard let t = element.table else { throw ConfigError("[[organizations]] entry \(i + 1) is not a table") }
                guard let id = t["id"]?.string, let name = t["name"]?.string else {
                    throw ConfigError("[[organizations]] entry \(i + 1) needs id and name")
                }
                guard let typeText = t["type"]?.string, let type = OrgType(rawValue: typeText) else {
                    throw ConfigError("[[organizations]] '\(id)': type must be one of " + OrgType.allCases.map(\.rawValue).joined(separator: ", "))
                }
                var org = Organization(id: id, name: name, type: type, parent: t["parent"]?.string)
                if let p = t["province"]?.string ?? t["province"]?.int.map(String.init) {
                    guard let province = ProvinceCatalog.province(named: p) else { throw ConfigError("[[organizations]] '\(id)': unknown province '\(p)'") }
                    org.provinceCode = province.code
                }
                for e in t["emails"]?.array ?? [] { if let s = e.string { org.contacts.append(Contact(channel: .email, address: s)) } }
                for w in t["webhooks"]?.array ?? [] { if let s = w.string { org.contacts.append(Contact(channel: .webhook, address: s)) } }
                org.sensitive = t["sensitive"]?.bool ?? false
                for r in t["responsible_for"]?.array ?? [] {
                    guard let text = r.string, let resp = Responsibility(text) else {
                        throw ConfigError("[[organizations]] '\(id)': '\(r)' is not a responsibility (cidr:…, asn:…, operator:…@province, suffix:…, registrar:…, host:…)")
                    }
                    org.responsibilities.append(resp)
                }
                config.organizations.append(org)
            }
        }
        return config
    }
}

extension VigilConfig {
    /// Reads `[determination]`:
    ///
    /// ```toml
    /// [determination]
    /// trusted = ["CNCERT", "广东省通信管理局"]   # confirm on their own
    /// untrusted = ["some-scraper"]               # never count
    /// default_trust = "normal"
    /// corroborating_sources = 2
    /// corroboration_days = 7
    /// warninglists = "misp-warninglists"        # a checkout of github.com/MISP/misp-warninglists
    /// warninglist_exact_only = true
    /// warninglists_that_do_not_reject = ["List of known dynamic DNS domains"]
    /// allowlist = ["203.0.113.0/24", "ourcompany.example"]
    /// ```
    static func readDetermination(_ d: TOMLTable, into config: inout VigilConfig, resolve: (String?) -> String?) throws {
        let known: Set<String> = [
            "trusted", "untrusted", "default_trust", "corroborating_sources", "corroboration_days", "warninglists",
            "warninglist_exact_only", "warninglists_that_do_not_reject", "allowlist",
        ]
        for key in d.keys where !known.contains(key) {
            throw ConfigError("unknown [determination] key '\(key)'; use: " + known.sorted().joined(separator: ", "))
        }
        func strings(_ key: String) throws -> [String]? {
            guard let value = d[key] else { return nil }
            guard let array = value.array else { throw ConfigError("[determination] \(key) must be a list of strings") }
            return try array.map { element in
                guard let s = element.string else { throw ConfigError("[determination] \(key) must be a list of strings") }
                return s
            }
        }
        var policy = config.determination
        for name in try strings("trusted") ?? [] { policy.trust[name] = .trusted }
        for name in try strings("untrusted") ?? [] { policy.trust[name] = .untrusted }
        if let t = d["default_trust"] {
            guard let text = t.string, let trust = SourceTrust(rawValue: text) else {
                throw ConfigError("[determination] default_trust must be one of trusted, normal, untrusted")
            }
            policy.defaultTrust = trust
        }
        if let n = d["corroborating_sources"] {
            guard let count = n.int, count >= 1 else { throw ConfigError("[determination] corroborating_sources must be a whole number, 1 or more") }
            policy.corroboratingSources = count
        }
        if let n = d["corroboration_days"] {
            guard let days = n.int ?? n.double.map({ Int($0) }), days >= 0 else {
                throw ConfigError("[determination] corroboration_days must be a number of days, 0 or more")
            }
            policy.corroborationWindow = Int64(days) * 86_400
        }
        if let b = d["warninglist_exact_only"] {
            guard let flag = b.bool else { throw ConfigError("[determination] warninglist_exact_only must be true or false") }
            policy.warninglistExactOnly = flag
        }
        if let lists = try strings("warninglists_that_do_not_reject") { policy.warninglistsThatDoNotReject = Set(lists) }
        if let entries = try strings("allowlist") { policy.allowlist = entries }
        if let dir = d["warninglists"] {
            guard let path = dir.string else { throw ConfigError("[determination] warninglists must be a directory path") }
            config.warninglistsDirectory = resolve(path)
        }
        config.determination = policy
    }
}

/// A configuration or option error that tells the user what to fix.
struct ConfigError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension CSVMapping {
    /// Builds a mapping from `key=value` settings (the keys of `[csv.mappings.NAME]` and of `--column`).
    static func from(settings: [String: String], defaultKind: ThreatKind?) throws -> CSVMapping {
        let known: Set<String> = [
            "indicator", "indicator_type", "type", "kind", "kind_column", "time", "port", "transport", "protocol", "asn", "note", "delimiter",
            "header", "utc_offset",
        ]
        for key in settings.keys where !known.contains(key) {
            throw ConfigError("unknown CSV mapping key '\(key)'; use: " + known.sorted().joined(separator: ", "))
        }
        guard let indicator = settings["indicator"] else {
            throw ConfigError("a CSV mapping needs an indicator column: --column indicator=NAME (or a 1-based number)")
        }
        var mapping = CSVMapping(indicator: .init(indicator))
        if let t = settings["indicator_type"] ?? settings["type"] {
            guard let type = IndicatorType(rawValue: t) else {
                throw ConfigError("'\(t)' is not an indicator type; use one of " + IndicatorType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            mapping.indicatorType = type
        }
        mapping.kind = defaultKind
        if let k = settings["kind"] {
            guard let kind = ThreatKind(wireName: k) else { throw ConfigError("'\(k)' is not a kind; run `vigil kinds`") }
            mapping.kind = kind
        }
        mapping.kindColumn = settings["kind_column"].map(CSVMapping.Column.init)
        mapping.time = settings["time"].map(CSVMapping.Column.init)
        mapping.port = settings["port"].map(CSVMapping.Column.init)
        mapping.transport = (settings["transport"] ?? settings["protocol"]).map(CSVMapping.Column.init)
        mapping.asn = settings["asn"].map(CSVMapping.Column.init)
        mapping.note = settings["note"].map(CSVMapping.Column.init)
        if let d = settings["delimiter"] {
            let resolved = d == "\\t" || d == "tab" ? "\t" : d
            guard resolved.utf8.count == 1, let byte = resolved.utf8.first else {
                throw ConfigError("the delimiter must be one ASCII character (or 'tab')")
            }
            mapping.separator = byte
        }
        if let h = settings["header"] { mapping.hasHeader = h != "false" && h != "no" && h != "0" }
        if let o = settings["utc_offset"] {
            guard let offset = Self.offsetSeconds(o) else {
                throw ConfigError("utc_offset '\(o)' is not an offset; write it as +08:00 (Beijing time), -05:00 or 0")
            }
            mapping.localOffset = offset
        }
        return mapping
    }

    /// `+08:00`, `+0800`, `-05:00`, `+8`, `0`, `UTC` as seconds east of UTC.
    static func offsetSeconds(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "0" || t.uppercased() == "UTC" || t.uppercased() == "Z" { return 0 }
        guard let sign = t.first, sign == "+" || sign == "-" else { return nil }
        let digits = t.dropFirst().replacingOccurrences(of: ":", with: "")
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber), let value = Int(digits) else { return nil }
        let (hours, minutes) = digits.count <= 2 ? (value, 0) : (value / 100, value % 100)
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}
