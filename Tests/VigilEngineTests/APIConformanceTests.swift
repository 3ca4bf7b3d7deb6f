import Foundation
import Testing
import VigilCore
import VigilStore
import VigilStoreSQLite
import VigilTesting

/// Every operation of the served OpenAPI document is called, and every answer's status and body match what the
/// document says (checked by an independent client with jsonschema); the document itself passes
/// openapi-spec-validator.
@Suite struct APIConformanceTests {
    @Test func everyDocumentedOperationAnswersAsDocumented() async throws {
        guard let api = try await APIHarness.start() else { return }
        defer { api.stop() }
        let store = try SQLiteStore(path: api.db)
        let ledger = DisposalLedger(store)
        let issued = try await ledger.tickets(TicketFilter(states: [.issued], limit: 2))
        try #require(issued.count == 2, "the demo has issued tickets")
        let (t1, t2) = (issued[0].id, issued[1].id)
        let review = try #require(try await ledger.reviewQueue(limit: 1).first, "the demo leaves threats to review")
        let threat = try #require(try await store.threats(matching: ThreatFilter(limit: 1)).first)
        let batch = try #require(try await store.batches(limit: 1).first)
        let org = "chinatelecom-440000"
        // A watch with a run and an alert (`vigil demo` has none).
        let watches = WatchLedger(store)
        let spec = #"{"names":[{"name":"www.summit.example","type":"A","expect":["192.0.2.10/32"],"cname_suffixes":[]}],"resolvers":["198.51.100.1"],"anchors":[],"pages":[],"hosts":[],"notify":[],"unreachable_after":2}"#
        let watch = try await watches.add(name: "summit", spec: spec, intervalSeconds: 60, by: "t", at: 1_000)
        _ = try await watches.recordRun(watch, states: [WatchCheckState(key: "dns:www.summit.example@198.51.100.1:53", verdict: "changed", failures: 0, alerting: true,
                                                                        detail: "changed (203.0.113.66)", checkedAt: 1_000)],
                                        evidence: [], alerts: [WatchAlert(watchID: watch.id, key: "dns:www.summit.example@198.51.100.1:53", kind: "dnsChanged",
                                                                          detail: "changed (203.0.113.66)", raisedAt: 1_000)], contacts: [], at: 1_000)
        typealias C = APIHarness.Call
        let upload = "{\"kind\":\"c2Server\",\"indicator\":\"203.0.113.77\",\"time\":\"2026-11-01T00:00:00Z\"}\n{\"kind\":\"c2Server\",\"indicator\":\"999.1.1.1\"}\n"
        let calls: [(C, expect: Int)] = [
            (C("GET", "/healthz", "/healthz", as: nil), 200),
            (C("GET", "/readyz", "/readyz", as: nil), 200),
            (C("GET", "/metrics", "/metrics", as: nil), 200),
            (C("GET", "/openapi.json", "/openapi.json", as: nil), 200),
            (C("GET", "/api/v1/threats", "/api/v1/threats", as: "min", query: ["limit": 5, "category": "hazard"]), 200),
            (C("GET", "/api/v1/threats", "/api/v1/threats", as: "min", query: ["q": threat.indicator.value]), 200),
            (C("GET", "/api/v1/threats/\(threat.id)", "/api/v1/threats/{id}", as: "min"), 200),
            (C("POST", "/api/v1/threats/\(review.threat)/determination", "/api/v1/threats/{id}/determination", as: "min",
               json: ["decision": "confirm", "reason": "confirmed by the duty officer"]), 200),
            (C("GET", "/api/v1/review", "/api/v1/review", as: "min", query: ["limit": 2]), 200),
            (C("GET", "/api/v1/tickets", "/api/v1/tickets", as: "min", query: ["state": ["issued", "acknowledged"], "limit": 3]), 200),
            (C("GET", "/api/v1/tickets/VGL-\(t1)", "/api/v1/tickets/{id}", as: "min"), 200),
            (C("POST", "/api/v1/tickets/\(t1)/acknowledge", "/api/v1/tickets/{id}/acknowledge", as: "min", json: ["note": "received"]), 200),
            (C("POST", "/api/v1/tickets/\(t1)/extension", "/api/v1/tickets/{id}/extension", as: "min", json: ["hours": 24, "reason": "a holiday"]), 200),
            (C("POST", "/api/v1/tickets/\(t1)/extension/decision", "/api/v1/tickets/{id}/extension/decision", as: "min",
               json: ["grant": true, "reason": "granted once"]), 200),
            (C("POST", "/api/v1/tickets/\(t1)/done", "/api/v1/tickets/{id}/done", as: "min", json: ["note": "host cleaned", "evidence": "report 7"]), 200),
            (C("POST", "/api/v1/tickets/\(t1)/verify", "/api/v1/tickets/{id}/verify", as: "min", json: ["fixed": true]), 200),
            (C("POST", "/api/v1/tickets/\(t1)/close", "/api/v1/tickets/{id}/close", as: "min", json: [String: Any]()), 200),
            (C("POST", "/api/v1/tickets/\(t1)/acknowledge", "/api/v1/tickets/{id}/acknowledge", as: "min", json: [String: Any]()), 409),
            (C("POST", "/api/v1/tickets/\(t2)/escalate", "/api/v1/tickets/{id}/escalate", as: "min", json: ["reason": "no answer"]), 200),
            (C("POST", "/api/v1/tickets/\(t2)/appeal", "/api/v1/tickets/{id}/appeal", as: "min", json: ["reason": "this host is a sinkhole"]), 200),
            (C("GET", "/api/v1/organizations", "/api/v1/organizations", as: "min", query: ["limit": 5]), 200),
            (C("GET", "/api/v1/organizations/\(org)", "/api/v1/organizations/{id}", as: "min"), 200),
            (C("GET", "/api/v1/statistics", "/api/v1/statistics", as: "min"), 200),
            (C("GET", "/api/v1/performance", "/api/v1/performance", as: "min", query: ["by": "province"]), 200),
            (C("POST", "/api/v1/observations", "/api/v1/observations", as: "min", query: ["format": "jsonl", "source": "api-test", "name": "partner.jsonl"],
               data: upload), 201),
            (C("POST", "/api/v1/observations", "/api/v1/observations", as: "min", query: ["format": "jsonl", "source": "api-test", "name": "partner.jsonl"],
               data: upload), 200),
            (C("POST", "/api/v1/observations", "/api/v1/observations", as: "min", query: ["format": "nonsense"], data: upload), 400),
            (C("GET", "/api/v1/batches", "/api/v1/batches", as: "min", query: ["limit": 2]), 200),
            (C("GET", "/api/v1/batches/\(batch.id)", "/api/v1/batches/{id}", as: "min"), 200),
            (C("GET", "/api/v1/batches/\(batch.id)/rejects", "/api/v1/batches/{id}/rejects", as: "min"), 200),
            (C("GET", "/api/v1/rejects", "/api/v1/rejects", as: "min", query: ["limit": 3]), 200),
            (C("GET", "/api/v1/audit", "/api/v1/audit", as: "min", query: ["object_type": "ticket", "object_id": String(t1)]), 200),
            (C("GET", "/api/v1/watches", "/api/v1/watches", as: "min"), 200),
            (C("GET", "/api/v1/watches/\(watch.id)", "/api/v1/watches/{id}", as: "aud"), 200),
            (C("GET", "/api/v1/watches/999999", "/api/v1/watches/{id}", as: "min"), 404),
            (C("GET", "/api/v1/alerts", "/api/v1/alerts", as: "min", query: ["watch": String(watch.id), "limit": 3]), 200),
            (C("GET", "/api/v1/alerts", "/api/v1/alerts", as: "min", query: ["watch": "x"]), 400),
            (C("GET", "/api/v1/rechecks/rates", "/api/v1/rechecks/rates", as: "min"), 200),
            (C("GET", "/api/v1/watches", "/api/v1/watches", as: "ct-gd"), 403),
            (C("GET", "/api/v1/blocklists/rpz", "/api/v1/blocklists/{list}", as: "ct-gd"), 200),
            (C("GET", "/api/v1/blocklists/nonsense", "/api/v1/blocklists/{list}", as: "min"), 400),
            (C("GET", "/api/v1/blocklists/ips", "/api/v1/blocklists/{list}", as: "rep"), 403),
            (C("GET", "/api/v1/tickets", "/api/v1/tickets", as: nil), 401),
            (C("GET", "/api/v1/tickets", "/api/v1/tickets", as: "min", query: ["limit": 0]), 400),
            (C("GET", "/api/v1/tickets/999999", "/api/v1/tickets/{id}", as: "min"), 404),
            (C("GET", "/api/v1/audit", "/api/v1/audit", as: "ct-gd"), 403),
        ]
        let answers = try await api.call(calls.map(\.0), validateSpec: true)
        for ((call, expect), answer) in zip(calls, answers) {
            #expect(answer.status == expect, "\(call.method) \(call.path): \(answer.status) \(answer.text.prefix(300))")
            #expect(answer.problems.isEmpty, "\(call.method) \(call.path): \(answer.problems)")
        }

        // Every operation of the document was called.
        let doc = try #require(answers[3].object?["paths"] as? [String: [String: Any]])
        let documented = Set(doc.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } })
        let called = Set(calls.compactMap { c in c.0.operation.map { "\(c.0.method) \($0)" } })
        #expect(documented.subtracting(called).isEmpty, "not exercised: \(documented.subtracting(called).sorted())")

        // What the writes did, read back: the ticket's path, the submission's accounting, and the audit trail with the source address.
        #expect(try await ledger.ticket(t1).state == .closed)
        #expect(try await ledger.ticket(t2).escalations == 1)
        #expect(try await ledger.determination(of: review.threat)?.determination.decision == .confirmed)
        let submitted = try #require(answers[24].object?["batch"] as? [String: Any])
        #expect(submitted["rows"] as? Int == 2 && submitted["observations"] as? Int == 1 && submitted["rejects"] as? Int == 1)
        #expect(answers[25].object?["already_ingested"] as? Bool == true)
        #expect(answers[5].items.contains { $0["id"] as? String == threat.id.description }, "the indicator search finds the threat")
        let trail = answers[31].items
        #expect(Set(trail.compactMap { $0["action"] as? String }).isSuperset(of: ["acknowledge", "reportDone", "verifyFixed", "close"]))
        #expect(trail.filter { $0["actor"] as? String == "min" }.allSatisfy { $0["source_ip"] as? String == "127.0.0.1" })
        #expect(answers[32].items.first { $0["name"] as? String == "summit" }?["alerting"] as? Int == 1)
        #expect(answers[35].items.first?["kind"] as? String == "dnsChanged" && answers[35].items.first?["watch"] as? Int == Int(watch.id))
        #expect(answers[39].text.contains("IN SOA") && answers[39].headers.contains { $0.key.lowercased() == "x-vigil-serial" }, "\(answers[39].text.prefix(200))")
        let errorBody = answers[43]
        #expect(errorBody.errorCode == "bad_limit" && (errorBody.object?["error"] as? [String: Any])?["message"] as? String != nil)
    }
}
