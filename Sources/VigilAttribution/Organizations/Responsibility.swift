import VigilCore

/// Something an organization answers for. The text form (used in `vigil.toml` and CSV) is in ``description``.
public enum Responsibility: Sendable, Hashable {
    /// Addresses in a CIDR block: `cidr:203.0.113.0/24`.
    case cidr(String)
    /// Addresses announced by an AS: `asn:4134`.
    case asn(Int)
    /// An operator's addresses in one province: `operator:chinaUnicom@440000`.
    case operatorInProvince(NetworkOperator, Int)
    /// An operator's addresses anywhere: `operator:chinaUnicom`.
    case networkOperator(NetworkOperator)
    /// Domains under a suffix, for a registry: `suffix:cn`.
    case domainSuffix(String)
    /// Names registered through a registrar, by the registrar's name: `registrar:阿里云`.
    case registrar(String)
    /// URLs on a host or under it, for a hosting company or app store: `host:apps.example.com`.
    case urlHost(String)

    /// Parses the text form.
    public init?(_ text: some StringProtocol) {
        let s = String(text).trimmingEdges()
        guard let colon = s.firstIndex(of: ":") else { return nil }
        let key = s[..<colon].lowercased()
        let value = String(s[s.index(after: colon)...]).trimmingEdges()
        guard !value.isEmpty else { return nil }
        switch key {
        case "cidr":
            guard let block = CIDRBlock(value) else { return nil }
            self = .cidr(block.description)
        case "asn":
            guard let n = Int(value.uppercased().replacingOccurrences(of: "AS", with: "")) else { return nil }
            self = .asn(n)
        case "operator":
            let parts = value.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count <= 2, let opText = parts.first.map(String.init), !opText.isEmpty else { return nil }
            // A misspelt operator must not quietly become "other": only names and catalogued spellings count.
            guard let op = NetworkOperator(rawValue: opText) ?? (OperatorCatalog.isKnown(opText) ? OperatorCatalog.networkOperator(spelling: opText) : nil),
                  op != .unknown else { return nil }
            if parts.count == 2 {
                guard let province = ProvinceCatalog.province(named: parts[1]) else { return nil }
                self = .operatorInProvince(op, province.code)
            } else {
                self = .networkOperator(op)
            }
        case "suffix":
            guard let rule = PublicSuffixList.asciiRule(value.hasPrefix(".") ? String(value.dropFirst()) : value) else { return nil }
            self = .domainSuffix(rule)
        case "registrar": self = .registrar(value)
        case "host":
            guard let d = DomainName(value) else { return nil }
            self = .urlHost(d.value)
        default: return nil
        }
    }

    /// The text form.
    public var description: String {
        switch self {
        case .cidr(let c): "cidr:\(c)"
        case .asn(let n): "asn:\(n)"
        case .operatorInProvince(let op, let p): "operator:\(op.rawValue)@\(p)"
        case .networkOperator(let op): "operator:\(op.rawValue)"
        case .domainSuffix(let s): "suffix:\(s)"
        case .registrar(let r): "registrar:\(r)"
        case .urlHost(let h): "host:\(h)"
        }
    }
}

import Foundation
