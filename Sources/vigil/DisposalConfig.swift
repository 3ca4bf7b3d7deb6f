import Foundation
import TOMLKit
import VigilAttribution
import VigilCore

/// `[disposal]` and `[notices]` of vigil.toml: measures, deadlines, escalation, incident grading and the notice
/// channels. Every value has a default (docs/disposal.md).
///
/// ```toml
/// [disposal]
/// measures = { c2Server = "block" }                 # kind = measure, over the Art. 8 table
/// [disposal.deadlines]                              # hours, per measure and severity
/// stopService = { critical = 2, high = 12 }
/// [[disposal.escalation]]                           # replaces the standard ladder
/// target = "organization"                           # organization | parent | provincialAdministration
/// hours = -4                                        # relative to the deadline
/// [disposal.grading]
/// users_affected = [100000000, 10000000, 1000000, 100000]   # I, II, III, IV
/// provinces = [10, 5, 2, 1]
/// critical_infrastructure = "II"
///
/// [notices]
/// smtp_host = "127.0.0.1"
/// smtp_port = 25
/// from = "vigil@cert.example"
/// helo = "vigil.example"
/// require_tls = false
/// trust_roots = "ca.pem"
/// webhook_secret = "…"                  # or $VIGIL_WEBHOOK_SECRET
/// retry = { initial_seconds = 30, max_seconds = 3600, attempts = 10 }
/// cyberspace_administration = ["cac@example.gov.cn"]       # e-mail addresses or http(s) URLs
/// answer_at = "https://vigil.example/tickets"
/// ```
struct DisposalConfig {
    var measureOverrides: [ThreatKind: Measure] = [:]
    var deadlines = DeadlinePolicy.standard
    var escalation = EscalationPolicy.standard
    var grading = IncidentGradingPolicy.standard
    var smtpHost: String?
    var smtpPort = 25
    var from = "vigil@localhost"
    var helo = "vigil.localdomain"
    var requireTLS = false
    var trustRoots: String?
    var webhookSecret = ProcessInfo.processInfo.environment["VIGIL_WEBHOOK_SECRET"] ?? ""
    var retryInitial: Int64 = 30
    var retryMax: Int64 = 3600
    var retryAttempts = 10
    var cyberspaceAdministration: [Contact] = []
    var answerAt: String?
}

extension VigilConfig {
    static func readDisposal(_ d: TOMLTable, into config: inout VigilConfig) throws {
        let known: Set<String> = ["measures", "deadlines", "escalation", "grading"]
        for key in d.keys where !known.contains(key) {
            throw ConfigError("unknown [disposal] key '\(key)'; use: " + known.sorted().joined(separator: ", "))
        }
        if let m = d["measures"]?.table {
            for key in m.keys {
                guard let kind = ThreatKind(rawValue: key) else { throw ConfigError("[disposal] measures: '\(key)' is not a threat kind; see `vigil kinds`") }
                guard let text = m[key]?.string, let measure = Measure(rawValue: text) else {
                    throw ConfigError("[disposal] measures.\(key) must be one of " + Measure.allCases.map(\.rawValue).joined(separator: ", "))
                }
                config.disposal.measureOverrides[kind] = measure
            }
        }
        if let t = d["deadlines"]?.table {
            for key in t.keys {
                guard let measure = Measure(rawValue: key), let row = t[key]?.table else {
                    throw ConfigError("[disposal.deadlines] '\(key)' must be a measure (" + Measure.allCases.map(\.rawValue).joined(separator: ", ")
                        + ") with a table of hours per severity, e.g. stopService = { critical = 2, high = 12 }")
                }
                for s in row.keys {
                    guard let severity = Severity(rawValue: s), let hours = row[s]?.int, (1...8760).contains(hours) else {
                        throw ConfigError("[disposal.deadlines] \(key).\(s): use a severity (low, medium, high, critical) = hours (a whole number from 1 to 8760)")
                    }
                    config.disposal.deadlines.hours[measure, default: [:]][severity] = hours
                }
            }
        }
        if let steps = d["escalation"]?.array {
            var parsed: [EscalationPolicy.Step] = []
            for (i, element) in steps.enumerated() {
                guard let t = element.table, let targetText = t["target"]?.string, let target = EscalationPolicy.Step.Target(rawValue: targetText),
                      let hours = t["hours"]?.int, (-8760...8760).contains(hours) else {
                    throw ConfigError("[[disposal.escalation]] step \(i + 1) needs target (organization, parent, provincialAdministration) and hours (relative to the deadline, negative = before, at most a year either way)")
                }
                parsed.append(EscalationPolicy.Step(target, hoursFromDeadline: hours))
            }
            config.disposal.escalation = EscalationPolicy(steps: parsed)
        }
        if let g = d["grading"]?.table {
            func thresholds(_ key: String) throws -> [Int64]? {
                guard let value = g[key] else { return nil }
                guard let array = value.array, array.count == 4, let numbers = Optional(array.compactMap { $0.int.map(Int64.init) }), numbers.count == 4,
                      numbers == numbers.sorted(by: >) else {
                    throw ConfigError("[disposal.grading] \(key) must be four whole numbers, the minimums for grades I, II, III and IV, largest first")
                }
                return numbers
            }
            if let v = try thresholds("records_leaked") { config.disposal.grading.recordsLeaked = v }
            if let v = try thresholds("users_affected") { config.disposal.grading.usersAffected = v }
            if let v = try thresholds("provinces") { config.disposal.grading.provinces = v.map { Int($0) } }
            if let c = g["critical_infrastructure"] {
                guard let text = c.string, let grade = IncidentGrade(rawValue: text) else {
                    throw ConfigError("[disposal.grading] critical_infrastructure must be I, II, III or IV")
                }
                config.disposal.grading.criticalInfrastructure = grade
            }
        }
    }

    static func readNotices(_ n: TOMLTable, into config: inout VigilConfig, resolve: (String?) -> String?) throws {
        let known: Set<String> = [
            "smtp_host", "smtp_port", "from", "helo", "require_tls", "trust_roots", "webhook_secret", "retry", "cyberspace_administration", "answer_at",
        ]
        for key in n.keys where !known.contains(key) {
            throw ConfigError("unknown [notices] key '\(key)'; use: " + known.sorted().joined(separator: ", "))
        }
        func text(_ key: String) throws -> String? {
            guard let value = n[key] else { return nil }
            guard let s = value.string, !s.isEmpty else { throw ConfigError("[notices] \(key) must be a non-empty string") }
            return s
        }
        config.disposal.smtpHost = try text("smtp_host")
        if let p = n["smtp_port"] {
            guard let port = p.int, (1...65535).contains(port) else { throw ConfigError("[notices] smtp_port must be a port number, 1 to 65535") }
            config.disposal.smtpPort = port
        }
        if let from = try text("from") {
            guard from.contains("@"), !from.contains(where: { "\r\n<> ".contains($0) }) else {
                throw ConfigError("[notices] from must be a plain e-mail address such as vigil@cert.example")
            }
            config.disposal.from = from
        }
        if let helo = try text("helo") { config.disposal.helo = helo }
        if let b = n["require_tls"] {
            guard let flag = b.bool else { throw ConfigError("[notices] require_tls must be true or false") }
            config.disposal.requireTLS = flag
        }
        config.disposal.trustRoots = resolve(try text("trust_roots"))
        if let secret = try text("webhook_secret") { config.disposal.webhookSecret = secret }
        if let r = n["retry"] {
            guard let t = r.table else { throw ConfigError("[notices] retry must be a table: { initial_seconds = 30, max_seconds = 3600, attempts = 10 }") }
            for key in t.keys where !["initial_seconds", "max_seconds", "attempts"].contains(key) {
                throw ConfigError("[notices] retry: unknown key '\(key)'; use initial_seconds, max_seconds, attempts")
            }
            func number(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
                guard let value = t[key] else { return nil }
                guard let v = value.int, range.contains(v) else {
                    throw ConfigError("[notices] retry.\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                }
                return v
            }
            if let v = try number("initial_seconds", 1...86_400) { config.disposal.retryInitial = Int64(v) }
            if let v = try number("max_seconds", 1...2_592_000) { config.disposal.retryMax = Int64(v) }
            if let v = try number("attempts", 1...100) { config.disposal.retryAttempts = v }
        }
        if let list = n["cyberspace_administration"] {
            guard let array = list.array else { throw ConfigError("[notices] cyberspace_administration must be a list of e-mail addresses or http(s) URLs") }
            config.disposal.cyberspaceAdministration = try array.map { element in
                guard let s = element.string else { throw ConfigError("[notices] cyberspace_administration must be a list of strings") }
                return s.hasPrefix("http://") || s.hasPrefix("https://") ? Contact(channel: .webhook, address: s) : Contact(channel: .email, address: s)
            }
        }
        config.disposal.answerAt = try text("answer_at")
    }
}
