import VigilCore

/// One Shadowserver report type as Vigil reads it, compiled from Shadowserver's schema (``ShadowserverSchema``): its
/// names, its classification, the CSV columns that carry the indicator, time and evidence, and the ``ThreatKind`` it
/// maps to through ``ShadowserverKindTable``.
public struct ShadowserverReport: Sendable, Hashable, Codable {
    /// The type as it appears in file names, e.g. `scan_ntp` or `event4_sinkhole`.
    public var name: String
    /// Other names for the same type (IntelMQ's key, older names).
    public var aliases: [String] = []
    /// Shadowserver's title, e.g. `NTP-Version`.
    public var title: String = ""
    /// IntelMQ's `classification.taxonomy`, when fixed for the type.
    public var taxonomy: String?
    /// IntelMQ's `classification.type`, when fixed for the type.
    public var classification: String?
    /// IntelMQ's `classification.identifier`, when fixed for the type.
    public var identifier: String?
    /// The application protocol (`protocol.application`), when fixed.
    public var application: String?
    /// The transport (`protocol.transport`), when fixed for the type.
    public var transport: String?
    /// The report's documented CSV header, in order (empty when only IntelMQ's mapping was available).
    public var fields: [String] = []
    /// Which columns carry what.
    public var columns = ShadowserverColumns()
    /// True when `ip` and `port` name a listening service that Shadowserver probed (scan reports), rather than the
    /// client end of a connection (event reports, whose source port is ephemeral).
    public var listens: Bool = false
    /// Shadowserver's page describing the report.
    public var url: String?

    /// A report type with the given name and nothing else.
    public init(name: String) { self.name = name }

    /// The kind each row becomes, from ``ShadowserverKindTable``.
    public var kind: ThreatKind { ShadowserverKindTable.kind(for: self) }

    /// True when rows become service indicators (`ip:port/proto`): a listening service of a hazard kind.
    public var isService: Bool { listens && kind.category == .hazard && columns.ip != nil }

    /// The port and transport assumed when a row leaves them empty, from ``ShadowserverKindTable``.
    public var defaultService: (port: Int?, transport: Transport) {
        ShadowserverKindTable.defaultService(for: self)
    }

    /// A report for a `scan_*` or `scan6_*` type the schema does not know yet: a listening service at `ip`/`port`.
    static func genericScan(name: String) -> ShadowserverReport {
        var report = ShadowserverReport(name: name)
        report.title = name
        report.classification = "vulnerable-system"
        report.columns.ip = "ip"
        report.columns.port = "port"
        report.columns.transport = "protocol"
        report.columns.asn = "asn"
        report.columns.tag = "tag"
        report.listens = true
        return report
    }

    /// Extracts the type from a Shadowserver file name, `YYYY-MM-DD-<type>-<rest>.csv` or `YYYY-MM-DD-<type>.csv`.
    public static func typeName(fromFileName fileName: String) -> String? {
        let base = fileName.split(separator: "/").last.map(String.init) ?? fileName
        let parts = base.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts[0].allSatisfy(\.isNumber), parts[1].allSatisfy(\.isNumber), parts[2].allSatisfy(\.isNumber)
        else { return nil }
        var type = String(parts[3])
        if type.lowercased().hasSuffix(".csv") { type.removeLast(4) }
        return type.isEmpty ? nil : type.lowercased()
    }
}
