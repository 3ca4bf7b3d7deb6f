import VigilCore

/// Reads STIX 2.1 bundles (or a single STIX object): indicators with patterns, observed-data, infrastructure,
/// sightings and the cyber-observables they refer to; malware, infrastructure and relationships give the kind and
/// the malware name.
///
/// Objects refer to each other in any order, so observations are held back until the end of the bundle (or until
/// ``holdLimit`` are waiting, when they are resolved with what has been read so far). Each object is a record:
/// - `indicator`: one observation per equality comparison in its pattern (see ``STIXPattern``), at `valid_from`;
/// - `observed-data`: one per referenced observable (`object_refs`, or the older embedded `objects`), at `last_observed`;
/// - `sighting`: the sighted indicator's observations again, at `last_seen`, with the count in the note;
/// - observables (`ipv4-addr`, `domain-name`, `url`, `email-addr`, `file`…) not referred to by anything above become
///   observations themselves; those an infrastructure `consists-of` take the infrastructure's kind;
/// - `malware`, `infrastructure`, `relationship`, `identity` and `marking-definition` are context, not rows;
/// - every other type (`attack-pattern`, `campaign`, `report`, `vulnerability`, …) carries nothing Vigil acts on and
///   is rejected with that reason, so it is counted and kept.
struct STIXBundleParser: FeedParser {
    let context: FeedContext
    /// Observations held back before they are resolved with the context read so far.
    var holdLimit = 100_000

    private struct Held {
        enum Origin {
            case indicator(id: STIXKey)
            case observed(refs: [STIXKey])
            case observable(id: STIXKey)
            case sighting(of: String, count: String?)
        }
        var origin: Origin
        var row: Int
        var indicators: [Indicator]
        var kind: ThreatKind?
        var time: Int64
        var note: String?
        /// The object's text, for observed-data and sightings, which can still fail when the bundle ends.
        var raw: String?
    }

    private struct Context {
        var name: String?
        var types: [String]
        var time: Int64? = nil
    }

    private var held: [Held] = []
    private var malware: [STIXKey: Context] = [:]
    private var infrastructure: [STIXKey: Context] = [:]
    /// source id → [(relationship type, target id)].
    private var relationships: [STIXKey: [(String, STIXKey)]] = [:]
    /// Observable id → its indicator.
    private var observables: [STIXKey: Indicator] = [:]
    /// Indicator id → its indicators, kept for sightings.
    /// The indicators of every indicator object, in file order, with their ids; the id index is built only when a
    /// sighting needs it, since most bundles have none.
    private var sightable: [(indicators: [Indicator], note: String?)] = []
    private var sightableKeys: [STIXKey] = []
    private var indicatorsByID: [STIXKey: Int32] = [:]
    private var indexedIndicators = 0
    /// Observables already reported through an observed-data.
    private var reportedByObservedData: Set<STIXKey> = []
    /// When held objects are next resolved: ``holdLimit``, or twice what is still waiting after a pass.
    private var nextResolve = 0

    init(context: FeedContext) { self.context = context }

    static let contextTypes: Set<String> = ["malware", "infrastructure", "relationship", "identity", "marking-definition", "extension-definition", "language-content"]
    static let observableTypes: Set<String> = ["ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr", "file", "artifact"]

    mutating func consume(record: UnsafeBufferPointer<UInt8>, line: Int, into chunk: inout ParsedChunk) {
        guard let (view, object) = JSONRecord.object(record, line: line, advice: "is this a STIX 2.1 bundle?", into: &chunk) else { return }
        guard let type = object["type"]?.string else {
            chunk.reject(line: line, .badJSON, "a STIX object must be a JSON object with a \"type\"", raw: record)
            return
        }
        let idView = object["id"]
        let key = STIXKey(idView) ?? STIXKey("\(type)--row-\(line)")
        switch type {
        case "bundle":
            // A bundle nested in a record (the reader hands out a bundle's objects, not the bundle).
            chunk.reject(line: line, .unsupported, "a nested STIX bundle; pass it as a file of its own", raw: record)
        case "indicator":
            readIndicator(object, key: key, line: line, record: record, into: &chunk)
        case "observed-data":
            var refs = (object["object_refs"]?.strings ?? []).map(STIXKey.init)
            if let embedded = object["objects"], embedded.kind == .object {
                // STIX 2.0 style: observables embedded under local keys.
                var found: [(String, Indicator)] = []
                embedded.forEachMember { key, value in
                    if let term = Self.observableTerm(value), let indicator = try? Self.indicator(term) {
                        found.append((JSONView(bytes: key).string ?? "", indicator))
                    }
                }
                for (key, indicator) in found {
                    let local = STIXKey("\(idView?.string ?? "\(type)--row-\(line)")#\(key)")
                    observables[local] = indicator
                    refs.append(local)
                }
            }
            guard !refs.isEmpty else {
                chunk.reject(line: line, .missingField, "observed-data without object_refs or objects", raw: record)
                return
            }
            var time = context.receivedAt
            switch Self.firstTime(object, ["last_observed", "first_observed", "created"]) {
            case .success(let t)?: time = t
            case .failure(let problem)?:
                chunk.reject(line: line, .badTime, problem.message, raw: record)
                return
            case nil: break
            }
            let count = object["number_observed"]?.text
            hold(Held(origin: .observed(refs: refs), row: line, indicators: [], kind: nil, time: time, note: count.map { "observed \($0) times" },
                      raw: String(decoding: record, as: UTF8.self)), into: &chunk)
        case "sighting":
            guard let target = object["sighting_of_ref"]?.string else {
                chunk.reject(line: line, .missingField, "a sighting without sighting_of_ref", raw: record)
                return
            }
            var time = context.receivedAt
            switch Self.firstTime(object, ["last_seen", "first_seen", "created"]) {
            case .success(let t)?: time = t
            case .failure(let problem)?:
                chunk.reject(line: line, .badTime, problem.message, raw: record)
                return
            case nil: break
            }
            hold(Held(origin: .sighting(of: target, count: object["count"]?.text), row: line, indicators: [], kind: nil, time: time, note: nil,
                      raw: String(decoding: record, as: UTF8.self)), into: &chunk)
        case "malware":
            malware[key] = Context(name: object["name"]?.string, types: object["malware_types"]?.strings ?? [])
        case "infrastructure":
            infrastructure[key] = Context(
                name: object["name"]?.string, types: object["infrastructure_types"]?.strings ?? [],
                time: Self.time(object["last_seen"]) ?? Self.time(object["first_seen"]) ?? Self.time(object["created"]))
        case "relationship":
            if let source = STIXKey(object["source_ref"]), let targetKey = STIXKey(object["target_ref"]),
                let kind = object["relationship_type"]?.string
            {
                relationships[source, default: []].append((kind, targetKey))
            }
        default:
            if Self.observableTypes.contains(type) {
                guard let term = Self.observableTerm(view) else {
                    chunk.reject(line: line, .unsupported, "this \(type) has no value or hash Vigil can act on", raw: record)
                    return
                }
                let indicator: Indicator
                do {
                    indicator = try Self.indicator(term)
                } catch {
                    chunk.reject(line: line, .badIndicator, "\(term.path) '\(term.value.prefix(80))': \(error)", raw: record)
                    return
                }
                observables[key] = indicator
                hold(Held(origin: .observable(id: key), row: line, indicators: [indicator], kind: nil, time: context.receivedAt, note: nil, raw: nil), into: &chunk)
            } else if Self.contextTypes.contains(type) {
                return
            } else {
                chunk.reject(line: line, .unsupported, "STIX \(type) objects carry no indicator Vigil acts on; skipped", raw: record)
            }
        }
    }

    private mutating func readIndicator(
        _ object: JSONFields, key: STIXKey, line: Int, record: UnsafeBufferPointer<UInt8>, into chunk: inout ParsedChunk
    ) {
        let patternType = object["pattern_type"]?.string ?? "stix"
        guard patternType == "stix" else {
            chunk.reject(line: line, .unsupported, "pattern_type '\(patternType)' is not STIX patterning; Vigil reads only stix patterns", raw: record)
            return
        }
        guard let pattern = object["pattern"]?.string else {
            chunk.reject(line: line, .missingField, "an indicator without a pattern", raw: record)
            return
        }
        guard let terms = STIXPattern.terms(pattern) else {
            chunk.reject(line: line, .badIndicator, "the pattern does not parse: \(pattern.prefix(120))", raw: record)
            return
        }
        guard !terms.isEmpty else {
            chunk.reject(
                line: line, .unsupported,
                "the pattern has no equality comparison on an address, domain, URL, e-mail address or file hash: \(pattern.prefix(120))",
                raw: record)
            return
        }
        let types = object["indicator_types"] ?? object["labels"]
        if types?.containsString("benign") == true {
            chunk.reject(line: line, .unsupported, "a benign indicator (an allowlist entry), not a threat", raw: record)
            return
        }
        var kind: ThreatKind?
        if types?.containsString("compromised") == true { kind = .compromisedHost }
        let name = object["name"]?.string
        let description = object["description"]?.string
        for words in [name, description].compactMap({ $0 }) where kind == nil {
            if ASCIISearch.contains(words, "c2") || ASCIISearch.contains(words, "command and control") || ASCIISearch.contains(words, "c&c") {
                kind = .c2Server
            } else if ASCIISearch.contains(words, "phish") {
                kind = .phishingURL
            }
        }
        var time = context.receivedAt
        switch Self.firstTime(object, ["valid_from", "created"]) {
        case .success(let t)?: time = t
        case .failure(let problem)?:
            chunk.reject(line: line, .badTime, problem.message, raw: record)
            return
        case nil: break
        }
        let note = name
        var indicators: [Indicator] = []
        var problem: String?
        for term in terms {
            do {
                indicators.append(try Self.indicator(term))
            } catch {
                problem = "\(term.path) '\(term.value.prefix(80))': \(error)"
            }
        }
        guard !indicators.isEmpty else {
            chunk.reject(line: line, .badIndicator, problem ?? "no usable indicator in the pattern", raw: record)
            return
        }
        sightableKeys.append(key)
        sightable.append((indicators, note))
        hold(Held(origin: .indicator(id: key), row: line, indicators: indicators, kind: kind, time: time, note: note, raw: nil), into: &chunk)
    }

    private mutating func hold(_ item: Held, into chunk: inout ParsedChunk) {
        held.append(item)
        if held.count >= max(holdLimit, nextResolve) {
            resolveHeld(into: &chunk, final: false)
            // What is still waiting waits for objects further on; do not rescan it for every new object.
            nextResolve = max(holdLimit, 2 * held.count)
        }
    }

    mutating func finish(into chunk: inout ParsedChunk) {
        resolveHeld(into: &chunk, final: true)
    }

    /// The kind and note the relationships of `id` give: what it indicates, or the infrastructure it is part of.
    private func context(of id: STIXKey) -> (kind: ThreatKind?, malware: [String]?, note: String?) {
        for (type, target) in relationships[id] ?? [] where type == "indicates" || type == "based-on" {
            if let m = malware[target] { return (nil, m.types, m.name) }
            if let infra = infrastructure[target] { return (Self.kind(infrastructure: infra.types), nil, infra.name) }
        }
        return (nil, nil, nil)
    }

    private mutating func resolveHeld(into chunk: inout ParsedChunk, final: Bool) {
        // Which infrastructure each observable belongs to.
        var partOf: [STIXKey: Context] = [:]
        for (source, links) in relationships {
            guard let infra = infrastructure[source] else { continue }
            for (type, target) in links where type == "consists-of" { partOf[target] = infra }
        }
        // The observed-data emitted in this pass: all their observables are read (or the bundle has ended).
        var observedNow: Set<STIXKey> = []
        for item in held {
            guard case .observed(let refs) = item.origin else { continue }
            let found = refs.filter { observables[$0] != nil }
            if final ? !found.isEmpty : found.count == refs.count { observedNow.formUnion(found) }
        }
        var keep: [Held] = []
        for item in held {
            switch item.origin {
            case .indicator(let id):
                let linked = context(of: id)
                emit(item.indicators, kind: item.kind ?? linked.kind, malware: linked.malware, item: item,
                     note: [item.note, linked.note].compactMap { $0 }.joined(separator: " — "), into: &chunk)
            case .observed(let refs):
                let found = refs.compactMap { observables[$0] }
                if !final && found.count < refs.count {
                    // Some observables may still come.
                    keep.append(item)
                    continue
                }
                if found.isEmpty {
                    chunk.rejects.append(Reject(row: item.row, reason: RejectReason(.missingField, "observed-data refers to no observable Vigil reads in this bundle"), raw: item.raw ?? ""))
                    continue
                }
                reportedByObservedData.formUnion(refs)
                emit(found, kind: nil, malware: nil, item: item, note: item.note, into: &chunk)
            case .observable(let id):
                if let infra = partOf[id] {
                    var dated = item
                    dated.time = infra.time ?? item.time
                    emit(item.indicators, kind: Self.kind(infrastructure: infra.types), malware: nil, item: dated, note: infra.name, into: &chunk)
                } else if observedNow.contains(id) || reportedByObservedData.contains(id) {
                    // Reported through the observed-data that refers to it.
                    continue
                } else if final {
                    emit(item.indicators, kind: nil, malware: nil, item: item, note: "STIX observable", into: &chunk)
                } else {
                    keep.append(item)
                }
            case .sighting(let target, let count):
                if indexedIndicators < sightableKeys.count {
                    indicatorsByID.reserveCapacity(sightableKeys.count)
                    for i in indexedIndicators..<sightableKeys.count { indicatorsByID[sightableKeys[i]] = Int32(i) }
                    indexedIndicators = sightableKeys.count
                }
                guard let position = indicatorsByID[STIXKey(target)] else {
                    if final {
                        chunk.rejects.append(Reject(row: item.row, reason: RejectReason(.missingField, "a sighting of \(target), which is not an indicator in this bundle"), raw: item.raw ?? ""))
                    } else {
                        keep.append(item)
                    }
                    continue
                }
                let sighted = sightable[Int(position)]
                let linked = context(of: STIXKey(target))
                let note = ["sighted" + (count.map { " \($0) times" } ?? ""), sighted.note, linked.note].compactMap { $0 }.joined(separator: " — ")
                emit(sighted.indicators, kind: linked.kind, malware: linked.malware, item: item, note: note, into: &chunk)
            }
        }
        held = keep
    }

    private func emit(
        _ indicators: [Indicator], kind: ThreatKind?, malware: [String]?, item: Held, note: String?, into chunk: inout ParsedChunk
    ) {
        let text = note.flatMap { $0.isEmpty ? nil : $0.clipped(300) }
        for indicator in indicators {
            let address = indicator.type == .ip ? IPAddress(indicator.value) : nil
            chunk.observations.append(
                Observation(kind: kind ?? Self.kind(for: indicator.type, malware: malware), indicator: indicator, seenAt: item.time,
                            row: item.row, note: text, address: address))
        }
    }

    /// A pattern term or observable as an indicator; an address with a prefix length is a network.
    static func indicator(_ term: STIXPattern.Term) throws(IndicatorError) -> Indicator {
        try Indicator.parse(term.value, as: term.type == .ip && term.value.contains("/") ? .cidr : term.type)
    }

    /// The kind of an indicator's observation from its type and the `malware_types` of the malware it indicates (nil
    /// when it indicates none): a network indicator of malware is its C2, a hash is a sample of it.
    static func kind(for type: IndicatorType, malware: [String]?) -> ThreatKind {
        let malwareTypes = malware ?? []
        let linked = malware != nil
        switch type {
        case .hash:
            if malwareTypes.contains("ransomware") { return .ransomware }
            if malwareTypes.contains("bot") { return .bot }
            if malwareTypes.contains(where: { $0.contains("trojan") }) { return .trojan }
            if malwareTypes.contains("virus") || malwareTypes.contains("worm") { return .virus }
            if malwareTypes.contains("backdoor") { return .backdoor }
            return .malwareSample
        case .ip, .cidr, .service: return linked ? .c2Server : .maliciousIP
        case .domain: return linked ? .c2Server : .maliciousDomain
        case .url: return .malwareURL
        case .email: return .phishingEmail
        case .phone: return .phishingSMS
        }
    }

    /// The kind of an infrastructure's observables.
    static func kind(infrastructure types: [String]) -> ThreatKind? {
        if types.contains("command-and-control") { return .c2Server }
        if types.contains("botnet") { return .bot }
        if types.contains("phishing") { return .phishingURL }
        if types.contains("hosting-malware") || types.contains("exfiltration") { return .malwareURL }
        if types.contains("anonymization") || types.contains("attack") || types.contains("amplification") { return .maliciousIP }
        return nil
    }

    /// The indicator an observable object holds.
    static func observableTerm(_ object: JSONView) -> STIXPattern.Term? {
        guard let type = object["type"]?.string else { return nil }
        switch type {
        case "ipv4-addr", "ipv6-addr":
            return object["value"]?.string.map { STIXPattern.Term(type: .ip, value: $0, path: "\(type):value") }
        case "domain-name":
            return object["value"]?.string.map { STIXPattern.Term(type: .domain, value: $0, path: "domain-name:value") }
        case "url":
            return object["value"]?.string.map { STIXPattern.Term(type: .url, value: $0, path: "url:value") }
        case "email-addr":
            return object["value"]?.string.map { STIXPattern.Term(type: .email, value: $0, path: "email-addr:value") }
        case "file", "artifact":
            guard let hashes = object["hashes"], hashes.kind == .object else { return nil }
            var found: [String: String] = [:]
            hashes.forEachMember { key, value in
                if let name = JSONView(bytes: key).string, let text = value.string { found[name.uppercased()] = text }
            }
            for preferred in ["SHA-256", "SHA-512", "SHA-1", "MD5"] {
                if let value = found[preferred] { return STIXPattern.Term(type: .hash, value: value, path: "\(type):hashes.'\(preferred)'") }
            }
            return nil
        default:
            return nil
        }
    }

    static func time(_ value: JSONView?) -> Int64? {
        value?.withStringBytes { UTCTime.parse($0) } ?? nil
    }

    /// The first of `fields` the object has, as a time: nil when it has none of them; a problem when the first
    /// present one is not a time (a bad time is a reject, never silently replaced by another).
    static func firstTime(_ object: JSONFields, _ fields: [StaticString]) -> Result<Int64, Problem>? {
        for field in fields {
            guard let value = object[field] else { continue }
            if let time = time(value) { return .success(time) }
            return .failure(Problem(field: "\(field)", text: value.string ?? String(decoding: value.bytes, as: UTF8.self)))
        }
        return nil
    }

    struct Problem: Error {
        let field: String
        let text: String
        var message: String { "\(field) '\(text.prefix(40))' is not a time (expected RFC 3339, e.g. 2024-05-01T10:00:00Z)" }
    }
}
