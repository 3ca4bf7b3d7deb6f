import VigilCore

/// The common first step of the JSON-object formats (IntelMQ, EVE, STIX): a record that must be one JSON object.
enum JSONRecord {
    /// The record as an object and its members; nil when the record is blank or was rejected (with `advice`, which
    /// says what the format expects).
    static func object(
        _ record: UnsafeBufferPointer<UInt8>, line: Int, advice: String, into chunk: inout ParsedChunk
    ) -> (JSONView, JSONFields)? {
        var s = 0
        while s < record.count, record[s] == 0x20 || record[s] == 0x09 { s += 1 }
        if s == record.count { return nil }
        do {
            let (view, fields) = try JSONView.parseFields(record)
            guard view.kind == .object else {
                chunk.reject(line: line, .badJSON, "not a JSON object; \(advice)", raw: record)
                return nil
            }
            return (view, fields)
        } catch {
            chunk.reject(line: line, .badJSON, "not a JSON object (\(error)); \(advice)", raw: record)
            return nil
        }
    }
}
