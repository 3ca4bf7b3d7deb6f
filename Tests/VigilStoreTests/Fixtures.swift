import VigilCore
import VigilStore

/// Observations and batch descriptors the contract suites write.
enum Fixtures {
    /// A resolved observation, attributed to China Telecom in `province` unless `attribution` says otherwise.
    static func resolved(
        _ kind: ThreatKind, _ value: String, _ type: IndicatorType = .ip, seenAt: Int64, row: Int, province: Int? = 110000,
        attribution: Attribution? = nil, reportedASN: Int? = nil
    ) -> ResolvedObservation {
        let indicator = Indicator(uncheckedType: type, value: value)
        let o = Observation(kind: kind, indicator: indicator, seenAt: seenAt, row: row, reportedASN: reportedASN)
        return ResolvedObservation(
            observation: o, threatID: o.threatID,
            attribution: attribution ?? Attribution(countryCode: "CN", provinceCode: province, networkOperator: .chinaTelecom))
    }

    /// A batch of `source` whose bytes hash to `sha`.
    static func descriptor(_ sha: String, source: String = "feed-a") -> BatchDescriptor {
        BatchDescriptor(sha256: sha, sourceName: source, format: "jsonl", fileName: "x.jsonl", size: 10, receivedAt: 1_000)
    }
}
