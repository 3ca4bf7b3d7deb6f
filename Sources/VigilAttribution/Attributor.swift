import Foundation
import Synchronization
import VigilCore

/// Fills in the ``Attribution`` of an indicator: country, province, city, operator and ASN from the reference
/// table, the registrable domain from the Public Suffix List, and the responsible organization from the directory,
/// with the source of every field. Immutable; share it across threads.
public struct Attributor: Sendable {
    /// The reference table.
    public let table: RefTable
    /// The Public Suffix List.
    public let suffixes: PublicSuffixList
    /// The organization directory.
    public let directory: OrganizationDirectory
    /// Per table record: the finished attribution for an address with no directory rule of its own.
    private let finished: [Attribution]
    private let directoryHasAddressRules: Bool

    /// An attributor; by default over the shipped table, list and directory.
    public init(table: RefTable = .shipped, suffixes: PublicSuffixList = .shipped, directory: OrganizationDirectory = .standard) {
        self.table = table
        self.suffixes = suffixes
        self.directory = directory
        directoryHasAddressRules = directory.organizations.values.contains { org in
            org.responsibilities.contains { if case .cidr = $0 { return true } else { return false } }
        }
        var tokens: [[String?]: UInt64] = [:]
        finished = zip(table.attributions, table.provenance).map { a, p in
            var out = a
            out.provenance = p.summary.isEmpty ? nil : p.summary
            Attributor.apply(directory.resolve(attribution: a), to: &out)
            let key = [out.organizationID, out.organizationName, out.organizationRule, out.provenance]
            if let token = tokens[key] {
                out.detailsToken = token
            } else {
                let token = Attributor.nextTokens.add(1, ordering: .relaxed).newValue
                tokens[key] = token
                out.detailsToken = token
            }
            return out
        }
    }

    /// The source of ``Attribution/detailsToken`` values, unique in the process.
    private static let nextTokens = Atomic<UInt64>(0)

    static func apply(_ r: Responsible?, to a: inout Attribution) {
        a.organizationID = r?.organization.id
        a.organizationName = r?.organization.name
        a.organizationRule = r?.rule.rawValue
        a.detailsToken = nil
    }

    /// The attribution of an IPv4 address (the ingest hot path).
    @inlinable
    public func attribute(ipv4 address: IPv4Address) -> Attribution {
        attribute(address: .v4(address))
    }

    /// The attribution of an address.
    public func attribute(address: IPAddress) -> Attribution {
        let index: Int
        switch address {
        case .v4(let a): index = table.recordIndex(v4: a.value)
        case .v6(let a): index = table.recordIndex(v6: UInt128(a.high) << 64 | UInt128(a.low))
        }
        guard directoryHasAddressRules else { return finished[index] }
        var a = finished[index]
        Attributor.apply(directory.resolve(address: address, attribution: table.attributions[index]), to: &a)
        return a
    }

    /// The attribution of any indicator, with the rule that chose its organization.
    ///
    /// IPs, services and CIDRs (by their network address) go by address. A URL goes by its host: by address when the
    /// host is an IP, otherwise by domain. Domains (and e-mail domains) go by the directory's host, suffix and
    /// registrar rules, then by the first of `hosts` (A records the observation carries), then to the fallback.
    /// Phones and hashes get the fallback only.
    public func attribute(_ indicator: Indicator, hosts: [IPAddress] = [], registrar: String? = nil) -> Attribution {
        switch indicator.type {
        case .ip:
            if let address = IPAddress(indicator.value) { return attribute(address: address) }
        case .service:
            if let address = Attributor.serviceAddress(indicator.value) { return attribute(address: address) }
        case .cidr:
            if let slash = indicator.value.firstIndex(of: "/"), let address = IPAddress(indicator.value[..<slash]) { return attribute(address: address) }
        case .url:
            guard let url = CanonicalURL(indicator.value) else { break }
            if let address = IPAddress(url.host) { return attribute(address: address) }
            return attribute(domain: url.host, hosts: hosts, registrar: registrar)
        case .domain:
            return attribute(domain: indicator.value, hosts: hosts, registrar: registrar)
        case .email:
            if let at = indicator.value.lastIndex(of: "@") {
                return attribute(domain: String(indicator.value[indicator.value.index(after: at)...]), hosts: hosts, registrar: registrar)
            }
        case .phone, .hash:
            break
        }
        var a = Attribution()
        Attributor.apply(directory.fallback(provinceCode: nil), to: &a)
        return a
    }

    func attribute(domain host: String, hosts: [IPAddress], registrar: String?) -> Attribution {
        let registrable = suffixes.registrableDomain(of: host)
        var a: Attribution
        if let first = hosts.first {
            a = attribute(address: first)
            a.viaAddress = first.description
        } else {
            a = Attribution()
        }
        a.registrableDomain = registrable
        if let r = directory.resolve(host: host, registrar: registrar) {
            Attributor.apply(r, to: &a)
        } else if hosts.isEmpty {
            Attributor.apply(directory.fallback(provinceCode: nil), to: &a)
        }
        return a
    }

    static func serviceAddress(_ value: String) -> IPAddress? {
        guard let colon = value.lastIndex(of: ":") else { return nil }
        var host = value[..<colon]
        if host.hasPrefix("[") { host = host.dropFirst().dropLast() }
        return IPAddress(host)
    }
}

extension RefTable {
    /// The table shipped with Vigil (`Resources/vigil-refdata.vgrt`, built by `scripts/build-refdata.sh` with
    /// `vigil refdata compile`); empty, with ``shippedLoadError`` set, when the file cannot be found or read.
    public static let shipped: RefTable = (try? loadShipped()) ?? .empty

    /// Why the shipped table could not be loaded, or nil.
    public static let shippedLoadError: String? = {
        do {
            _ = try loadShipped()
            return nil
        } catch {
            return "\(error)"
        }
    }()

    static func loadShipped() throws -> RefTable {
        guard let path = BundledResource.path("vigil-refdata.vgrt") else {
            throw RefTableFile.ReadError(path: "vigil-refdata.vgrt", message: "the shipped reference table is missing next to the executable; set VIGIL_RESOURCES or pass --refdata")
        }
        return try RefTableFile.read(path: path)
    }
}
