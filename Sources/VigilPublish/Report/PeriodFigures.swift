import VigilAttribution
import VigilCore
import VigilStore

/// The counts of one period, all from rollups: new threats (监测发现) by kind, province, operator and reporting
/// source; threats disposed of (处置: first reported done) and verified fixed (已核验) by kind, province, operator and
/// disposing organization.
public struct PeriodFigures: Sendable, Hashable {
    public var period: ReportPeriod
    public var monitoredByKind: [ThreatKind: Int] = [:]
    public var monitoredByProvince: [Int: Int] = [:]
    public var monitoredByOperator: [NetworkOperator: Int] = [:]
    public var monitoredBySource: [String: Int] = [:]
    /// By type of reporting organization; nil is "other".
    public var monitoredBySourceType: [OrgType?: Int] = [:]
    public var disposedByKind: [ThreatKind: Int] = [:]
    public var verifiedByKind: [ThreatKind: Int] = [:]
    public var disposedByProvince: [Int: Int] = [:]
    public var disposedByOperator: [NetworkOperator: Int] = [:]
    public var disposedByOrganization: [String: Int] = [:]
    /// By type of disposing organization; nil is an organization the directory does not know.
    public var disposedByOrganizationType: [OrgType?: Int] = [:]

    public var monitored: Int { monitoredByKind.values.reduce(0, +) }
    public var disposed: Int { disposedByKind.values.reduce(0, +) }
    public var verified: Int { verifiedByKind.values.reduce(0, +) }

    public func monitored(_ category: ThreatCategory) -> Int { monitoredByKind.filter { $0.key.category == category }.values.reduce(0, +) }
    public func disposed(_ category: ThreatCategory) -> Int { disposedByKind.filter { $0.key.category == category }.values.reduce(0, +) }

    /// Reads a period's figures.
    public static func read(_ ledger: ReportLedger, _ period: ReportPeriod, settings: ReportSettings) async throws -> PeriodFigures {
        var f = PeriodFigures(period: period)
        for m in try await ledger.monitored(from: period.firstDay, to: period.lastDay) {
            f.monitoredByKind[m.kind, default: 0] += m.threats
            f.monitoredByProvince[m.province, default: 0] += m.threats
            f.monitoredByOperator[m.networkOperator, default: 0] += m.threats
        }
        for r in try await ledger.reported(from: period.firstDay, to: period.lastDay) {
            f.monitoredBySource[r.source, default: 0] += r.threats
            f.monitoredBySourceType[settings.type(ofSource: r.source), default: 0] += r.threats
        }
        for d in try await ledger.disposed(from: period.firstDay, to: period.lastDay) {
            f.disposedByKind[d.kind, default: 0] += d.disposed
            f.verifiedByKind[d.kind, default: 0] += d.verified
            f.disposedByProvince[d.province, default: 0] += d.disposed
            f.disposedByOperator[d.networkOperator, default: 0] += d.disposed
            f.disposedByOrganization[d.organization, default: 0] += d.disposed
            f.disposedByOrganizationType[settings.organizations[d.organization]?.type, default: 0] += d.disposed
        }
        f.disposedByKind = f.disposedByKind.filter { $0.value > 0 }
        f.verifiedByKind = f.verifiedByKind.filter { $0.value > 0 }
        f.disposedByProvince = f.disposedByProvince.filter { $0.value > 0 }
        f.disposedByOperator = f.disposedByOperator.filter { $0.value > 0 }
        f.disposedByOrganization = f.disposedByOrganization.filter { $0.value > 0 }
        f.disposedByOrganizationType = f.disposedByOrganizationType.filter { $0.value > 0 }
        return f
    }
}
