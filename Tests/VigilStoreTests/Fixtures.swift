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

    /// Opens a batch that another worker held until a moment ago: its server connections may take a moment to go
    /// on a loaded machine, so a busy answer is asked again for up to 30 seconds.
    static func openOnceReleased(_ store: any Store, _ descriptor: BatchDescriptor) async throws -> BatchOpening {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            do {
                return try await store.openBatch(descriptor)
            } catch let error as StoreError where error.code == .busy && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}
