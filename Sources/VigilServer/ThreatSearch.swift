import Foundation
import VigilCore
import VigilStore

/// Threat searches the API and the dashboard share, shaped so each is a few index reads at any store size.
enum ThreatSearch {
    /// The threats of an indicator, of every kind (or the filter's kind), within the filter: their ids follow from
    /// (kind, canonical indicator), so it is one query by id.
    static func indicator(_ store: any Store, _ text: String, _ filter: ThreatFilter) async throws -> [Threat] {
        var f = filter
        f.ids = indicators(text).flatMap { indicator in
            ThreatKind.allCases.filter { (filter.kind == nil || filter.kind == $0) && (filter.category == nil || filter.category == $0.category) }
                .map { ThreatID(kind: $0, indicator: indicator) }
        }
        guard !f.ids.isEmpty else { return [] }
        f.limit = f.ids.count
        return try await store.threats(matching: f)
    }

    /// The canonical indicators a search text can be: an IP, a CIDR, a service (`ip:port/proto`), a URL, an e-mail
    /// address, a hash, a domain or a phone number.
    static func indicators(_ text: String) -> [Indicator] {
        var makers: [(String) throws -> Indicator] = [
            { try Indicator.ip($0) }, { try Indicator.cidr($0) }, { try Indicator.url($0) }, { try Indicator.email($0) },
            { try Indicator.hash($0) }, { try Indicator.domain($0) }, { try Indicator.phone($0) },
        ]
        makers.append { text in
            guard let slash = text.lastIndex(of: "/"), let colon = text[..<slash].lastIndex(of: ":"),
                  let port = Int(text[text.index(after: colon)..<slash]), let transport = Transport(rawValue: text[text.index(after: slash)...].lowercased()) else {
                throw IndicatorError(expected: .service, input: text)
            }
            let host = text[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            return try Indicator.service(ip: host, port: port, transport: transport)
        }
        var out: [Indicator] = []
        for make in makers {
            if let indicator = try? make(text), !out.contains(indicator) { out.append(indicator) }
        }
        return out
    }
}
