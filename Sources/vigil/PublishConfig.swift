import Foundation
import TOMLKit
import VigilCore
import VigilPublish

/// `[publish]` of vigil.toml: the response-policy zone and what goes on the blocklists.
///
///     [publish]
///     rpz_zone = "rpz.cert.example."
///     redirect_to = "warning.cert.example"     # or an address; for kinds whose policy is "redirect"
///     kinds = ["maliciousIP", "c2Server", "maliciousDomain", "phishingURL", "malwareURL"]
///     subtree_kinds = ["maliciousDomain"]      # these block *.domain too
///     ttl = 300
///     [publish.policy]
///     phishingURL = "redirect"                 # nxdomain (default), nodata, redirect, passthru
enum PublishConfig {
    static func read(_ t: TOMLTable, into config: inout VigilConfig) throws {
        let known: Set<String> = ["rpz_zone", "redirect_to", "kinds", "subtree_kinds", "ttl", "policy"]
        for key in t.keys where !known.contains(key) {
            throw ConfigError("unknown [publish] key '\(key)'; use: " + known.sorted().joined(separator: ", "))
        }
        var s = PublishSettings()
        // Both go into the zone file as written: a host name (letters, digits, '-', '.') or, for the redirect, an address.
        func isName(_ text: String) -> Bool {
            let labels = text.trimmingCharacters(in: ["."]).split(separator: ".", omittingEmptySubsequences: false)
            return !labels.isEmpty && text.utf8.count <= 200
                && labels.allSatisfy { !$0.isEmpty && $0.count <= 63 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }
        }
        if let zone = t["rpz_zone"]?.string {
            guard isName(zone) else { throw ConfigError("[publish] rpz_zone '\(zone)' is not a zone name such as rpz.cert.example.") }
            s = PublishSettings(zone: zone, subtreeKinds: s.subtreeKinds, redirectTo: s.redirectTo, kinds: s.kinds, ttl: s.ttl)
        }
        if let r = t["redirect_to"]?.string {
            guard IPAddress(r) != nil || isName(r) else { throw ConfigError("[publish] redirect_to '\(r)' is neither an address nor a host name (the warning page's host)") }
            s.redirectTo = r
        }
        func kinds(_ key: String) throws -> Set<ThreatKind>? {
            guard let array = t[key]?.array else { return nil }
            return try Set(array.map { v in
                guard let name = v.string, let kind = ThreatKind(wireName: name) else { throw ConfigError("[publish] \(key): '\(v)' is not a kind; see `vigil kinds`") }
                return kind
            })
        }
        if let k = try kinds("kinds") { s.kinds = k }
        if let k = try kinds("subtree_kinds") { s.subtreeKinds = k }
        if let ttl = t["ttl"]?.int {
            guard (1...86_400).contains(ttl) else { throw ConfigError("[publish] ttl must be 1 to 86400 seconds") }
            s.ttl = ttl
        }
        if let policies = t["policy"]?.table {
            for key in policies.keys {
                guard let kind = ThreatKind(wireName: key) else { throw ConfigError("[publish.policy] '\(key)' is not a kind; see `vigil kinds`") }
                guard let text = policies[key]?.string, let policy = RPZPolicy(rawValue: text) else {
                    throw ConfigError("[publish.policy] \(key) must be one of " + RPZPolicy.allCases.map(\.rawValue).joined(separator: ", "))
                }
                s.policies[kind] = policy
            }
        }
        config.publish = s
    }
}
