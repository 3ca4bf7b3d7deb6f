import ArgumentParser
import Foundation
import VigilAttribution
import VigilCore

/// `vigil whois`: everything Vigil knows about where an indicator lives and who answers for it.
struct WhoisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whois", abstract: "Show country, province, city, operator, ASN, registrable domain and responsible organization, with each field's source.",
        discussion: "Examples: vigil whois 1.0.1.1   vigil whois http://evil.example.cn/x   vigil whois 2001:db8::1 --refdata my.vgrt")

    @Argument(help: "An IP, CIDR, domain or URL.") var indicator: String
    @Option(help: "An A record the name resolves to (repeatable), used when no directory rule covers the domain.") var host: [String] = []
    @OptionGroup var attribution: AttributionOptions

    func run() throws {
        let attributor = try attribution.makeAttributor()
        let parsed: Indicator
        do { parsed = try Indicator.detect(indicator) } catch { throw ValidationError("\(error)") }
        var hosts: [IPAddress] = []
        for h in host {
            guard let address = IPAddress(h) else { throw ValidationError("--host '\(h)' is not an IP address; give the A or AAAA record the name resolves to") }
            hosts.append(address)
        }
        let a = attributor.attribute(parsed, hosts: hosts)
        var provenance: [String: String] = [:]
        for pair in (a.provenance ?? "").split(separator: " ") {
            let kv = pair.split(separator: "=")
            if kv.count == 2 { provenance[String(kv[0])] = String(kv[1]) }
        }
        func source(_ field: String) -> String {
            guard let s = provenance[field] else { return "" }
            if s == RefSourceKind.overrides.rawValue { return "   [source: overrides — OVERRIDDEN by your data]" }
            if s == RefSourceKind.derived.rawValue { return "   [source: derived from the province (\(provenance["province"] ?? "?"))]" }
            return "   [source: \(s)]"
        }
        let province = a.provinceCode.flatMap { ProvinceCatalog.province(code: $0) }
        print("indicator:          \(parsed.value) (\(parsed.type.rawValue))")
        print("country:            \(a.countryCode ?? "unknown")\(source("country"))")
        print("province:           \(province.map { "\($0.chineseName) \($0.englishName) (\($0.code))" } ?? "unknown")\(source("province"))")
        print("city:               \(a.city ?? "unknown")\(source("city"))")
        print("operator:           \(a.networkOperator.chineseName) \(a.networkOperator.englishName)\(a.operatorName.map { " — \($0)" } ?? "")\(source("operator"))")
        print("asn:                \(a.asn.map { "AS\($0)" } ?? "unknown")\(source("asn"))")
        if parsed.type == .domain || parsed.type == .url || parsed.type == .email {
            print("registrable domain: \(a.registrableDomain ?? "none (a public suffix)")   [source: Public Suffix List]")
        }
        print("organization:       \(a.organizationName ?? "none") (\(a.organizationID ?? "-"))   [rule: \(a.organizationRule ?? "-")]")
        if parsed.type == .cidr, let block = CIDRRange(parsed.value) {
            let records = attributor.table.recordIndices(from: block.start, through: block.end, isIPv6: block.isIPv6)
            if records.count > 1 {
                let places = Set(records.map { attributor.table.attributions[$0] }.map { a in
                    [a.countryCode ?? "?", a.provinceCode.flatMap { ProvinceCatalog.province(code: $0)?.shortName } ?? "-", a.networkOperator.chineseName].joined(separator: " ")
                })
                print("note:               the block spans \(records.count) reference ranges (\(places.count) distinct country/province/operator); the fields above are its first address's")
                for place in places.sorted().prefix(10) { print("                    \(place)") }
                if places.count > 10 { print("                    … and \(places.count - 10) more") }
            }
        }
    }
}
