import Foundation
import VigilCore

/// The organization directory, indexed for resolution: who answers for an address, a domain or a URL.
public struct OrganizationDirectory: Sendable {
    /// Every organization, by id.
    public let organizations: [String: Organization]
    private let cidrs: [(start: UInt128, end: UInt128, isIPv6: Bool, length: UInt128, id: String, text: String)]
    private let byASN: [Int: String]
    private let byOperatorProvince: [String: String]
    private let byOperator: [NetworkOperator: String]
    private let bySuffix: [String: String]
    private let byRegistrar: [String: String]
    private let byHost: [String: String]
    private let administrations: [Int: String]
    private let ministry: String?

    /// Indexes a list; a later organization with the same id replaces an earlier one.
    public init(_ list: [Organization]) {
        var all: [String: Organization] = [:]
        var order: [String] = []
        for org in list {
            if all[org.id] == nil { order.append(org.id) }
            all[org.id] = org
        }
        var cidrs: [(UInt128, UInt128, Bool, UInt128, String, String)] = []
        var byASN: [Int: String] = [:]
        var byOperatorProvince: [String: String] = [:]
        var byOperator: [NetworkOperator: String] = [:]
        var bySuffix: [String: String] = [:]
        var byRegistrar: [String: String] = [:]
        var byHost: [String: String] = [:]
        var administrations: [Int: String] = [:]
        var ministry: String?
        for id in order {
            guard let org = all[id] else { continue }
            if org.type == .ministry, ministry == nil { ministry = id }
            if org.type == .provincialAdministration, let p = org.provinceCode { administrations[p] = id }
            for r in org.responsibilities {
                switch r {
                case .cidr(let text):
                    if let range = CIDRRange(text) { cidrs.append((range.start, range.end, range.isIPv6, range.end - range.start, id, text)) }
                case .asn(let n): byASN[n] = id
                case .operatorInProvince(let op, let p): byOperatorProvince["\(op.rawValue)@\(p)"] = id
                case .networkOperator(let op): byOperator[op] = id
                case .domainSuffix(let s): bySuffix[s] = id
                case .registrar(let name): byRegistrar[name.lowercased()] = id
                case .urlHost(let h): byHost[h] = id
                }
            }
        }
        organizations = all
        self.cidrs = cidrs.sorted { $0.3 < $1.3 }.map { (start: $0.0, end: $0.1, isIPv6: $0.2, length: $0.3, id: $0.4, text: $0.5) }
        self.byASN = byASN
        self.byOperatorProvince = byOperatorProvince
        self.byOperator = byOperator
        self.bySuffix = bySuffix
        self.byRegistrar = byRegistrar
        self.byHost = byHost
        self.administrations = administrations
        self.ministry = ministry
    }

    /// This directory with more organizations added. One with the id of an organization already here updates it: its
    /// name, type, parent, province and flag replace the old ones, its contacts replace the old ones when it has any,
    /// and its responsibilities are added to the old ones — so a configuration can give a default organization its
    /// e-mail address without restating what it answers for.
    public func merging(_ more: [Organization]) -> OrganizationDirectory {
        // The added ones come last, so that where they claim the same thing as an existing one, they win.
        var added: [Organization] = []
        var position: [String: Int] = [:]
        for org in more {
            guard let old = position[org.id].map({ added[$0] }) ?? organizations[org.id] else {
                position[org.id] = added.count
                added.append(org)
                continue
            }
            var updated = org
            if updated.contacts.isEmpty { updated.contacts = old.contacts }
            updated.responsibilities = old.responsibilities + org.responsibilities.filter { !old.responsibilities.contains($0) }
            if updated.parent == nil { updated.parent = old.parent }
            if updated.provinceCode == nil { updated.provinceCode = old.provinceCode }
            if let i = position[org.id] {
                added[i] = updated
            } else {
                position[org.id] = added.count
                added.append(updated)
            }
        }
        return OrganizationDirectory(organizations.values.filter { position[$0.id] == nil }.sorted { $0.id < $1.id } + added)
    }

    private func result(_ id: String?, _ rule: ResolutionRule, _ detail: String) -> Responsible? {
        guard let id, let org = organizations[id] else { return nil }
        return Responsible(organization: org, rule: rule, detail: detail)
    }

    /// Resolves the address rules: CIDR (most specific), ASN, operator in province, operator.
    public func resolve(address: IPAddress, attribution: Attribution) -> Responsible? {
        if !cidrs.isEmpty {
            let value: UInt128
            let isIPv6: Bool
            switch address {
            case .v4(let a): (value, isIPv6) = (UInt128(a.value), false)
            case .v6(let a): (value, isIPv6) = (UInt128(a.high) << 64 | UInt128(a.low), true)
            }
            if let hit = cidrs.first(where: { $0.isIPv6 == isIPv6 && $0.start <= value && value <= $0.end }) {
                return result(hit.id, .cidr, "cidr:\(hit.text)")
            }
        }
        return resolve(attribution: attribution)
    }

    /// Resolves from an attribution alone: ASN, operator in province, operator, then the fallbacks.
    ///
    /// An operator's own rule applies where no branch answers for the province: where the province is unknown, in
    /// Hong Kong, Macao and Taiwan, or for an operator (a cloud provider, say) that answers for itself everywhere.
    public func resolve(attribution a: Attribution) -> Responsible? {
        if let asn = a.asn, let r = result(byASN[asn], .asn, "asn:\(asn)") { return r }
        if let p = a.provinceCode, let r = result(byOperatorProvince["\(a.networkOperator.rawValue)@\(p)"], .operatorInProvince, "operator:\(a.networkOperator.rawValue)@\(p)") { return r }
        if let r = result(byOperator[a.networkOperator], .networkOperator, "operator:\(a.networkOperator.rawValue)") { return r }
        return fallback(provinceCode: a.provinceCode)
    }

    /// Resolves a domain (or a URL's host): URL host, then the registrar the name was registered through (it can
    /// suspend the name), then the registry of the longest matching suffix; nil when none matches,
    /// so the caller can try the name's addresses before falling back.
    public func resolve(host: String, registrar: String?) -> Responsible? {
        var labels = host.split(separator: ".").map(String.init)
        while !labels.isEmpty {
            if let r = result(byHost[labels.joined(separator: ".")], .urlHost, "host:\(labels.joined(separator: "."))") { return r }
            labels.removeFirst()
            if labels.count < 2 { break }
        }
        if let registrar, let r = result(byRegistrar[registrar.lowercased()], .registrar, "registrar:\(registrar)") { return r }
        labels = host.split(separator: ".").map(String.init)
        while !labels.isEmpty {
            let suffix = labels.joined(separator: ".")
            if let r = result(bySuffix[suffix], .domainSuffix, "suffix:\(suffix)") { return r }
            labels.removeFirst()
        }
        return nil
    }

    /// The fallback: the province's communications administration, else the ministry.
    public func fallback(provinceCode: Int?) -> Responsible? {
        if let p = provinceCode, let r = result(administrations[p], .provincialAdministration, "province:\(p)") { return r }
        return result(ministry, .ministry, "no more specific rule")
    }
}
