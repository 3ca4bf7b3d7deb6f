import VigilCore

/// Runs a ``FeedPreset``: skips comments (handing them to the preset, which may take the file's time from them),
/// reads the header row when there is one, splits or parses each record, and turns what the family's reader found
/// into an observation or a reject.
struct PresetParser: FeedParser {
    let preset: FeedPreset
    let context: FeedContext
    private var state = PresetState()
    private var csv: CSVRecord

    init(preset: FeedPreset, context: FeedContext) {
        self.preset = preset
        self.context = context
        csv = CSVRecord(separator: preset.separator ?? UInt8(ascii: ","))
    }

    mutating func consume(record: UnsafeBufferPointer<UInt8>, line: Int, into chunk: inout ParsedChunk) {
        var s = 0
        var e = record.count
        while s < e, record[s] == 0x20 || record[s] == 0x09 || record[s] == 0x0D { s += 1 }
        while e > s, record[e - 1] == 0x20 || record[e - 1] == 0x09 || record[e - 1] == 0x0D { e -= 1 }
        if s == e { return }
        let body = UnsafeBufferPointer(rebasing: record[s..<e])
        guard let text = String(validating: body, as: UTF8.self) else {
            chunk.reject(line: line, .badEncoding, "the record is not valid UTF-8 text; convert the file to UTF-8 or pass --encoding", raw: record)
            return
        }
        if let prefix = preset.commentPrefixes.first(where: { text.hasPrefix($0) }) {
            preset.comment(text.dropFirst(prefix.count), &state)
            return
        }
        var item = PresetRecord(text: Substring(text))
        if preset.isJSON {
            do {
                item.json = try JSONScanner.parse(body)
            } catch {
                chunk.reject(line: line, .badJSON, "not a JSON value (\(error)); is this a \(preset.title) file?", raw: record)
                return
            }
            guard case .object = item.json else {
                chunk.reject(line: line, .badJSON, "expected a JSON object per record in a \(preset.title) file", raw: record)
                return
            }
        } else if preset.separator != nil {
            csv.split(body)
            if csv.unterminatedQuote {
                chunk.reject(line: line, .unterminatedQuote, "a quoted field is not closed; fix the quoting", raw: record)
                return
            }
            item.fields = (0..<csv.count).map { Self.unquoted(csv.string($0).trimmingEdges()) }
            if preset.hasHeader {
                guard let columns = state.columns else {
                    var names: [String: Int] = [:]
                    for (i, name) in item.fields.enumerated() where names[name.lowercased()] == nil { names[name.lowercased()] = i }
                    state.columns = names
                    headerFieldCount = item.fields.count
                    if let problem = preset.checkHeader(names) { state.columns = [:]; headerProblem = problem }
                    return
                }
                if let headerProblem {
                    chunk.reject(line: line, .missingField, headerProblem, raw: record)
                    return
                }
                if item.fields.count != headerFieldCount {
                    chunk.reject(line: line, .fieldCount, "expected \(headerFieldCount) fields as in the header, found \(item.fields.count)", raw: record)
                    return
                }
                item.columns = columns
            }
        }
        switch preset.read(item, &state) {
        case .skip:
            return
        case .reject(let code, let message):
            chunk.reject(line: line, code, message, raw: record)
        case .row(let row):
            build(row, line: line, record: record, into: &chunk)
        }
    }

    private var headerProblem: String?
    /// The number of fields in the header row (names may repeat, so not the number of distinct names).
    private var headerFieldCount = 0

    /// A field written `"…"` after a separator and a space (`a, "b"`), which CSV does not unquote, without its quotes.
    static func unquoted(_ field: String) -> String {
        guard field.count >= 2, field.hasPrefix("\""), field.hasSuffix("\"") else { return field }
        return String(field.dropFirst().dropLast()).replacingDoubledQuotes()
    }

    private func build(_ row: PresetRow, line: Int, record: UnsafeBufferPointer<UInt8>, into chunk: inout ParsedChunk) {
        let indicator: Indicator
        do {
            indicator = try row.type.map { type throws(IndicatorError) in try Indicator.parse(row.indicator, as: type) } ?? Indicator.detect(row.indicator)
        } catch {
            chunk.reject(line: line, .badIndicator, "\(error)", raw: record)
            return
        }
        var seenAt = state.headerTime ?? context.receivedAt
        if let time = row.time {
            guard let parsed = UTCTime.parse(time) ?? HeaderDate.parse(time) else {
                chunk.reject(line: line, .badTime, "'\(time.prefix(40))' is not a time this reader knows", raw: record)
                return
            }
            seenAt = parsed
        }
        let address = indicator.type == .ip ? IPAddress(indicator.value) : row.address.flatMap { IPAddress($0.trimmingEdges()) }
        chunk.observations.append(
            Observation(kind: row.kind, indicator: indicator, seenAt: seenAt, row: line, reportedASN: row.asn,
                        note: row.note.map { $0.clipped(300) }, address: address))
    }
}

extension String {
    /// The text with `""` turned into `"`.
    func replacingDoubledQuotes() -> String {
        guard contains("\"\"") else { return self }
        var out = ""
        var previousQuote = false
        for c in self {
            if c == "\"" && previousQuote {
                previousQuote = false
                continue
            }
            previousQuote = c == "\""
            out.append(c)
        }
        return out
    }
}
