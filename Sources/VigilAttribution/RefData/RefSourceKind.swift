/// The kinds of reference data `vigil refdata compile` reads.
public enum RefSourceKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// ip2region text: `start|end|country|area|province|city|isp`.
    case ip2region
    /// Per-operator CIDR lists (china-operator-ip: `chinanet.txt`, `unicom6.txt`, …).
    case operatorLists
    /// Per-division CIDR lists keyed by GB/T 2260 code (metowolf-iplist `data/cncity/<code>.txt`, plus `data/isp`).
    case divisionLists
    /// The APNIC delegation file (`registry|cc|type|start|value|date|status`).
    case apnic
    /// `prefix<TAB>asn` lines.
    case asnTable
    /// The user's overrides: `CIDR<TAB>field=value<TAB>…`.
    case overrides
    /// A value Vigil derived from another field (a country from a province), or a field it suppressed.
    case derived
}
