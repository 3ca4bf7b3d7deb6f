import Foundation
import VigilCore
import VigilProbes
import VigilStore

extension ProbeEvidence {
    /// The evidence as JSON (keys sorted, ISO 8601 times): what the store keeps and `vigil probe --json` prints.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    /// The evidence as the store keeps it, about `threat` if any, with `fingerprint` (its own unless told otherwise).
    public func stored(threat: ThreatID? = nil, fingerprint: String? = nil) -> StoredEvidence {
        StoredEvidence(threat: threat, probe: probe, target: target, verdict: verdict, positive: positive, fingerprint: fingerprint ?? self.fingerprint,
                       sentAt: Int64(sentAt.timeIntervalSince1970), evidence: json)
    }
}
