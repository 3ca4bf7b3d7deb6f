import Foundation
import TOMLKit
import VigilCore
import VigilEngine
import VigilProbes

/// `[probes]` of vigil.toml: where Vigil's own probes may go and how re-checks run.
///
///     [probes]
///     scope = "scope.txt"          # allow / lab / optout lines; without it nothing is probed
///     recheck_attempts = 3
///     recheck_spacing_minutes = 10
///     timeout_seconds = 2
///     dns_zone = "scan.cert.example"    # the open-resolver re-check asks for names under it …
///     dns_expect = ["192.0.2.53"]       # … which resolve to these
struct ProbesConfig {
    var scope: String?
    var attempts = 3
    var spacingMinutes = 10.0
    var timeoutSeconds = 2.0
    var dnsZone: String?
    var dnsExpect: [String] = []

    static func read(_ t: TOMLTable, into config: inout VigilConfig, resolve: (String?) -> String?) throws {
        let known: Set<String> = ["scope", "recheck_attempts", "recheck_spacing_minutes", "timeout_seconds", "dns_zone", "dns_expect"]
        for key in t.keys where !known.contains(key) {
            throw ConfigError("unknown [probes] key '\(key)'; use: " + known.sorted().joined(separator: ", "))
        }
        var p = ProbesConfig()
        p.scope = resolve(t["scope"]?.string)
        if let n = t["recheck_attempts"]?.int {
            guard (1...10).contains(n) else { throw ConfigError("[probes] recheck_attempts must be 1 to 10") }
            p.attempts = n
        }
        if let v = t["recheck_spacing_minutes"] {
            guard let m = v.double ?? v.int.map(Double.init), m >= 0, m <= 10_080 else { throw ConfigError("[probes] recheck_spacing_minutes must be 0 to 10080") }
            p.spacingMinutes = m
        }
        if let v = t["timeout_seconds"] {
            guard let s = v.double ?? v.int.map(Double.init), s > 0, s <= 60 else { throw ConfigError("[probes] timeout_seconds must be above 0 and at most 60") }
            p.timeoutSeconds = s
        }
        p.dnsZone = t["dns_zone"]?.string
        p.dnsExpect = t["dns_expect"]?.array?.compactMap { $0.string } ?? []
        for a in p.dnsExpect where IPAddress(a) == nil { throw ConfigError("[probes] dns_expect: '\(a)' is not an IP address") }
        config.probes = p
    }

    /// The verification settings, or nil when no scope is configured (re-checks then wait for a person).
    func settings() throws -> VerificationSettings? {
        guard let scope else { return nil }
        guard let text = try? String(contentsOfFile: scope, encoding: .utf8) else {
            throw ConfigError("[probes] scope: cannot read '\(scope)'; write allow lines for the ranges you are authorised to probe")
        }
        let parsed: ProbeScope
        do { parsed = try ProbeScope.parse(text, file: scope) } catch { throw ConfigError("\(error)") }
        return VerificationSettings(scope: parsed, attempts: attempts, spacing: Int64(spacingMinutes * 60), timeout: .milliseconds(Int(timeoutSeconds * 1000)),
                                    dnsZone: dnsZone, dnsExpected: Set(dnsExpect.compactMap(IPAddress.init)))
    }
}
