import Foundation
import Testing
import VigilCore
import VigilStore
import VigilStoreSQLite
import VigilTesting

/// `vigil export` as an operator runs it: the zone written atomically to --out with its serial, a narrowed file, the
/// recorded changes, and clear errors.
@Suite struct ExportCommandTests {
    @Test func rpzIpsAndChanges() async throws {
        guard let vigil = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = dir.file("x.db")
        do {
            let store = try SQLiteStore(path: db)
            let owner = Attribution(countryCode: "CN", provinceCode: 440000, networkOperator: .chinaTelecom)
            let rows = [(ThreatKind.c2Server, IndicatorType.ip, "61.135.1.1"), (.maliciousDomain, .domain, "evil.example.cn"), (.openNTPMode6, .ip, "61.135.1.2")]
                .enumerated().map { i, o in
                    let obs = Observation(kind: o.0, indicator: Indicator(uncheckedType: o.1, value: o.2), seenAt: 1_000, row: i + 1)
                    return ResolvedObservation(observation: obs, threatID: obs.threatID, attribution: owner)
                }
            guard case .open(let batch, let source, _) = try await store.openBatch(BatchDescriptor(sha256: "e", sourceName: "cncert", format: "jsonl", fileName: "e.jsonl",
                                                                                                    size: 1, receivedAt: 1_000)) else { throw StoreError(.write, "no batch") }
            _ = try await store.write(chunk: rows, rejects: [], batchID: batch, sourceID: source)
            _ = try await store.completeBatch(id: batch, rows: 3, observations: 3, rejects: 0)
            let disposal = DisposalLedger(store)
            let pending = try await disposal.pendingDeterminations(after: nil, limit: 10)
            try await disposal.record(pending.map { ($0, Determination(.confirmed, rule: .trustedSource, evidence: [])) }, at: 2_000)
        }
        func run(_ arguments: [String]) async throws -> (Int32, String, String) {
            let out = dir.file("o-\(UUID().uuidString)"), err = dir.file("e-\(UUID().uuidString)")
            let p = try ChildProcess(vigil, arguments + ["--database", db], output: out, errorLog: err, environment: ["VIGIL_NOW": "2026-11-27T08:00:00Z"])
            let status = await p.wait()
            return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "", (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
        }
        let zone = dir.file("rpz.vigil.zone")
        let (s1, _, e1) = try await run(["export", "rpz", "--out", zone])
        let text = (try? String(contentsOfFile: zone, encoding: .utf8)) ?? ""
        #expect(s1 == 0 && e1.contains("3 entries written") && e1.contains("3 listed") && e1.contains("serial 1795766400"), "\(e1)")
        #expect(text.contains("1.1.135.61.rpz-ip CNAME .") && text.contains("evil.example.cn CNAME .") && text.contains("*.evil.example.cn CNAME .") == true, "\(text)")
        #expect(!text.contains("61.135.1.2"), "an exposed NTP service is a vulnerability, not a blocklist entry")
        #expect(!FileManager.default.fileExists(atPath: zone + ".vigil-tmp"))
        let (s2, ips, _) = try await run(["export", "ips", "--kind", "c2Server"])
        #expect(s2 == 0 && ips.contains("61.135.1.1\n") && ips.hasPrefix("# Vigil ips blocklist, 1 entries"))
        let (_, iprep, _) = try await run(["export", "suricata"])
        let (_, categories, _) = try await run(["export", "suricata", "--categories"])
        let (_, rules, _) = try await run(["export", "suricata", "--rules"])
        #expect(iprep.contains("61.135.1.1,1,127\n") && categories.contains("1,VigilC2,"), "\(iprep) \(categories)")
        #expect(rules.contains("iprep:any,VigilC2,>,0") && rules.contains("dns.query; dotprefix; content:\".evil.example.cn\"; nocase; endswith;"), "\(rules)")
        let sids = rules.components(separatedBy: "\n").filter { $0.contains("; sid:") }
        #expect(sids.count == 5 && Set(sids).count == 5, "four reputation rules and one DNS rule")
        let (_, changes, _) = try await run(["export", "changes", "rpz"])
        #expect(changes.split(separator: "\n").count == 3 && changes.contains("listed evil.example.cn CNAME ."), "\(changes)")
        let (s3, _, e3) = try await run(["export", "stixx"])
        #expect(s3 != 0 && e3.contains("is not a list"), "\(e3)")

        // STIX 2.1: the same objects twice; Python's stix2 and the OASIS JSON schemas accept the bundle.
        let bundle = dir.file("vigil.stix.json")
        let (s4, _, e4) = try await run(["export", "stix", "--out", bundle])
        let first = (try? String(contentsOfFile: bundle, encoding: .utf8)) ?? ""
        _ = try await run(["export", "stix", "--out", bundle])
        #expect(s4 == 0 && e4.contains("3 confirmed threats") && first == ((try? String(contentsOfFile: bundle, encoding: .utf8)) ?? "x"), "exporting twice gives the same bundle")
        let objects = ((try? JSONSerialization.jsonObject(with: Data(first.utf8))) as? [String: Any])?["objects"] as? [[String: Any]] ?? []
        let types = Set(objects.compactMap { $0["type"] as? String })
        #expect(types == ["identity", "indicator", "observed-data", "sighting", "infrastructure", "relationship", "ipv4-addr", "domain-name"], "\(types.sorted())")
        #expect(objects.contains { $0["pattern"] as? String == "[ipv4-addr:value = '61.135.1.1']" })
        #expect(objects.contains { $0["pattern"] as? String == "[domain-name:value = 'evil.example.cn']" })
        let available = (try? await ChildProcess.run("/usr/bin/env", ["python3", "-c", "import stix2, jsonschema, referencing"])) == 0
        guard available else {
            Lab.skip("the STIX check needs Python's stix2 (pip install stix2), as .ci/run installs")
            return
        }
        let schemas = SharedData.root.map { $0 + "/feeds/stix2/schemas" }
        var arguments = [ChildProcess.packageRoot.appendingPathComponent("Tests/Support/stix-check.py").path, bundle]
        if let schemas, FileManager.default.fileExists(atPath: schemas) { arguments.append(schemas) } else { print("skipped: the STIX JSON schemas (../shared/data/feeds/stix2/schemas) are absent; stix2 alone checks the bundle") }
        let report = dir.file("stix-check.json")
        let checked = try await ChildProcess.run("/usr/bin/env", ["python3"] + arguments, output: report, errorLog: dir.file("stix-check.err"))
        let summary = (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
        #expect(checked == 0 && summary.contains("\"errors\": []"), "\(summary) \((try? String(contentsOfFile: dir.file("stix-check.err"), encoding: .utf8)) ?? "")")

        // MISP: pymisp loads the event (with its JSON schema), one attribute per threat.
        let misp = dir.file("vigil.misp.json")
        let (s5, _, _) = try await run(["export", "misp", "--out", misp])
        let mispReport = dir.file("misp-check.json")
        let mispStatus = try await ChildProcess.run("/usr/bin/env", ["python3", ChildProcess.packageRoot.appendingPathComponent("Tests/Support/misp-check.py").path, misp],
                                                    output: mispReport, errorLog: dir.file("misp-check.err"))
        let mispSummary = (try? String(contentsOfFile: mispReport, encoding: .utf8)) ?? ""
        if (try? await ChildProcess.run("/usr/bin/env", ["python3", "-c", "import pymisp"])) == 0 {
            #expect(s5 == 0 && mispStatus == 0 && mispSummary.contains("\"attributes\": 3") && mispSummary.contains("\"ip-dst\": 1")
                    && mispSummary.contains("\"domain\": 1") && mispSummary.contains("tlp:amber"), "\(mispSummary)")
        } else {
            Lab.skip("the MISP check needs pymisp (pip install pymisp), as .ci/run installs")
        }

        // CSV with a header; IntelMQ events read back by Vigil's IntelMQ reader into the same threats.
        let (_, csv, _) = try await run(["export", "csv"])
        #expect(csv.hasPrefix("threat,kind,category,indicator_type,indicator,") && csv.split(separator: "\n").count == 4 && csv.contains(",c2Server,"))
        let events = dir.file("vigil.intelmq.jsonl")
        let (s6, _, _) = try await run(["export", "intelmq", "--out", events])
        let eventText = (try? String(contentsOfFile: events, encoding: .utf8)) ?? ""
        #expect(s6 == 0 && eventText.contains("\"classification.type\":\"c2-server\"") && eventText.contains("\"source.fqdn\":\"evil.example.cn\""), "\(eventText)")
        let other = dir.file("other.db")
        let ingested = try await ChildProcess.run(vigil, ["ingest", events, "--format", "intelmq", "--source", "partner", "--database", other], errorLog: dir.file("ingest.err"))
        #expect(ingested == 0)
        let mine = Set(try await SQLiteStore(path: db).threats(matching: ThreatFilter(limit: 10)).map(\.id))
        let theirs = Set(try await SQLiteStore(path: other).threats(matching: ThreatFilter(limit: 10)).map(\.id))
        #expect(mine == theirs && mine.count == 3, "the partner's Vigil holds the same threats: \(mine) vs \(theirs)")
    }
}
