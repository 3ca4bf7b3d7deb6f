import ArgumentParser
import Foundation
import VigilAttribution
import VigilCore
import VigilStore

/// `vigil threats`: list deduplicated threats.
struct ThreatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "threats", abstract: "List threats, newest first.",
        discussion: "Example: vigil threats --category hazard --province 广东 --operator chinaTelecom --limit 20")

    @Option(help: "A kind (see `vigil kinds`).") var kind: String?
    @Option(help: "maliciousResource, malware, hazard, incident or other.") var category: String?
    @Option(help: "Province: GB/T 2260 code or name (e.g. 440000, 广东, Guangdong); 'unknown' for none.") var province: String?
    @Option(name: .customLong("operator"), help: "Operator, e.g. chinaTelecom, chinaUnicom, chinaMobile, cernet, chinaBroadnet, other, unknown.") var networkOperator: String?
    @Option(help: "Only threats seen since this time (ISO 8601 or YYYY-MM-DD, UTC).") var since: String?
    @Option(help: "Maximum number of threats.") var limit: Int = 50
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        var filter = ThreatFilter(limit: limit)
        if let kind {
            guard let k = ThreatKind(wireName: kind) else { throw ValidationError("'\(kind)' is not a kind; run `vigil kinds`") }
            filter.kind = k
        }
        if let category {
            guard let c = ThreatCategory(rawValue: category) else {
                throw ValidationError("'\(category)' is not a category; use " + ThreatCategory.allCases.map(\.rawValue).joined(separator: ", "))
            }
            filter.category = c
        }
        if let province {
            if province.lowercased() == "unknown" {
                filter.provinceCode = 0
            } else if let p = ProvinceCatalog.province(named: province) {
                filter.provinceCode = p.code
            } else {
                throw ValidationError("'\(province)' is not a province; use a GB/T 2260 code such as 110000 or a name such as 北京")
            }
        }
        if let networkOperator {
            guard let op = NetworkOperator(rawValue: networkOperator) else {
                throw ValidationError("'\(networkOperator)' is not an operator; use " + NetworkOperator.allCases.map(\.rawValue).joined(separator: ", "))
            }
            filter.networkOperator = op
        }
        if let since {
            guard let t = UTCTime.parse(since) else { throw ValidationError("--since '\(since)' is not a time; use YYYY-MM-DD or ISO 8601") }
            filter.since = t
        }
        guard limit >= 0 else { throw ValidationError("--limit must not be negative") }
        let threats = try await db.open().latestThreats(matching: filter)
        if json {
            let items: [[String: Any]] = threats.map { t in
                var item: [String: Any] = [
                    "id": t.id.description, "kind": t.kind.rawValue, "category": t.category.rawValue,
                    "indicator_type": t.indicator.type.rawValue, "indicator": t.indicator.value,
                    "first_seen": UTCTime.format(t.firstSeen), "last_seen": UTCTime.format(t.lastSeen),
                    "sightings": t.sightings, "sources": t.sources, "operator": t.attribution.networkOperator.rawValue,
                ]
                item["country"] = t.attribution.countryCode
                item["province"] = t.attribution.provinceCode
                item["province_name"] = t.attribution.provinceCode.flatMap { ProvinceCatalog.province(code: $0)?.chineseName }
                item["city"] = t.attribution.city
                item["operator_name"] = t.attribution.operatorName
                item["asn"] = t.attribution.asn
                item["registrable_domain"] = t.attribution.registrableDomain
                item["organization_id"] = t.attribution.organizationID
                item["organization"] = t.attribution.organizationName
                item["organization_rule"] = t.attribution.organizationRule
                item["sources_of_fields"] = t.attribution.provenance
                item["via_address"] = t.attribution.viaAddress
                return item
            }
            print(OutputFormatting.json(["threats": items, "count": items.count]))
            return
        }
        if threats.isEmpty {
            print("no threats match")
            return
        }
        for t in threats {
            let a = t.attribution
            let place = [a.countryCode, OutputFormatting.provinceName(a.provinceCode), a.city].compactMap { $0 }.joined(separator: " ")
            print("\(t.id)  \(OutputFormatting.pad(t.kind.rawValue, 16)) \(OutputFormatting.pad(t.indicator.value, 30)) seen=\(t.sightings) sources=\(t.sources) last=\(UTCTime.format(t.lastSeen))  \(place)  \(a.networkOperator.chineseName)  → \(a.organizationName ?? "-")")
        }
    }
}
