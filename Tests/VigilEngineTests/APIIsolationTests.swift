import Foundation
import Testing
import VigilCore
import VigilStore
import VigilStoreSQLite
import VigilTesting

/// Every role against every endpoint and object, over a real socket: each caller reads and changes only its own part,
/// and every denial is a 403 or 404 that carries nothing but the error.
@Suite struct APIIsolationTests {
    typealias C = APIHarness.Call

    @Test func everyRoleAgainstEveryEndpoint() async throws {
        guard let api = try await APIHarness.start() else { return }
        defer { api.stop() }
        let store = try SQLiteStore(path: api.db)
        let ledger = DisposalLedger(store)
        let own = "chinatelecom-440000"
        let tickets = try await ledger.tickets(TicketFilter(states: [.issued], limit: 100_000))
        let mine = try #require(tickets.first { $0.organization == own }, "the demo tickets chinatelecom-440000")
        let elsewhere = try #require(tickets.first { $0.organization != own && $0.province != 440000 && $0.province != nil })
        let neighbour = try #require(tickets.first { $0.organization != own && $0.province == 440000 }, "another organization's ticket in Guangdong")
        let threats = try await store.threats(matching: ThreatFilter(limit: 1_000_000))
        let myThreat = try #require(threats.first { $0.attribution.organizationID == own })
        let farThreat = try #require(threats.first { $0.attribution.organizationID != own && $0.attribution.provinceCode != 440000 && $0.attribution.provinceCode != nil })

        // Two reporters submit a file each (each with a bad row, so each batch has a reject).
        let rows = { (ip: String) in "{\"kind\":\"maliciousIP\",\"indicator\":\"\(ip)\"}\n{\"kind\":\"maliciousIP\",\"indicator\":\"not an ip\"}\n" }
        let submitted = try await api.call([
            C("POST", "/api/v1/observations", as: "rep", query: ["format": "jsonl", "name": "rep.jsonl"], data: rows("198.51.100.7")),
            C("POST", "/api/v1/observations", as: "rep2", query: ["format": "jsonl", "name": "rep2.jsonl"], data: rows("198.51.100.8")),
            C("POST", "/api/v1/observations", as: "rep", query: ["format": "jsonl", "source": "cncert"], data: rows("198.51.100.9")),
        ])
        #expect(submitted[0].status == 201 && submitted[1].status == 201, "\(submitted.map(\.text))")
        let repBatch = try #require((submitted[0].object?["batch"] as? [String: Any])?["id"] as? Int)
        let rep2Batch = try #require((submitted[1].object?["batch"] as? [String: Any])?["id"] as? Int)
        #expect((submitted[0].object?["batch"] as? [String: Any])?["source"] as? String == "rep", "a reporter reports under its own name")
        #expect(submitted[2].isBareDenial && submitted[2].status == 403, "a reporter cannot pose as another source")

        // Lists, page size 1000: every item is inside the caller's part.
        let lists = ["threats", "tickets", "review", "organizations", "batches", "rejects", "audit", "statistics", "performance", "watches", "alerts", "rechecks/rates"]
        var seen: [String: [String: APIHarness.Answer]] = [:]
        for user in ["min", "aud", "gd", "ct-gd", "rep"] {
            let answers = try await api.call(lists.map { C("GET", "/api/v1/\($0)", as: user, query: ["statistics", "performance", "watches", "rechecks/rates"].contains($0) ? [:] : ["limit": 1000]) })
            seen[user] = Dictionary(uniqueKeysWithValues: zip(lists, answers))
        }
        func list(_ user: String, _ name: String) -> APIHarness.Answer { seen[user]?[name] ?? APIHarness.Answer(status: 0, text: "", headers: [:], problems: []) }
        for user in ["min", "aud"] {
            #expect(lists.allSatisfy { list(user, $0).status == 200 }, "\(user) reads every list")
            #expect(list(user, "batches").items.contains { $0["id"] as? Int == repBatch } && list(user, "batches").items.contains { $0["id"] as? Int == rep2Batch })
        }
        // Province: its province only; no audit log.
        #expect(!list("gd", "tickets").items.isEmpty && list("gd", "tickets").items.allSatisfy { $0["province"] as? Int == 440000 })
        #expect(!list("gd", "threats").items.isEmpty && list("gd", "threats").items.allSatisfy { $0["province"] as? Int == 440000 })
        #expect(list("gd", "review").items.allSatisfy { $0["province"] as? Int == 440000 })
        #expect(!list("gd", "organizations").items.isEmpty && list("gd", "organizations").items.allSatisfy { $0["province"] as? Int == 440000 })
        let gdStats = try #require(list("gd", "statistics").object)
        #expect(gdStats["threats"] as? Int == threats.filter { $0.attribution.provinceCode == 440000 }.count)
        #expect((gdStats["by_province"] as? [String: Int]).map { Array($0.keys) } == ["440000"])
        #expect(list("gd", "performance").items.allSatisfy { ["440000"].contains($0["group"] as? String ?? "") || ($0["group"] as? String ?? "").hasSuffix("-440000") })
        #expect(list("gd", "batches").items.isEmpty && list("gd", "rejects").items.isEmpty, "a province sees the batches it submitted: none")
        #expect(list("gd", "audit").isBareDenial)
        // Watches, their alerts and the fix rates: the ministry and auditors only.
        for user in ["gd", "ct-gd", "rep"] {
            for name in ["watches", "alerts", "rechecks/rates"] { #expect(list(user, name).isBareDenial && list(user, name).status == 403, "\(user): \(name)") }
        }
        // Organization: its own tickets, threats, record and figures; no review queue, no audit log.
        #expect(!list("ct-gd", "tickets").items.isEmpty && list("ct-gd", "tickets").items.allSatisfy { $0["organization"] as? String == own })
        #expect(!list("ct-gd", "threats").items.isEmpty && list("ct-gd", "threats").items.allSatisfy { $0["organization"] as? String == own })
        #expect(list("ct-gd", "organizations").items.compactMap { $0["id"] as? String } == [own])
        #expect(list("ct-gd", "statistics").object?["threats"] as? Int == threats.filter { $0.attribution.organizationID == own }.count)
        #expect(list("ct-gd", "performance").items.compactMap { $0["group"] as? String } == [own])
        #expect(list("ct-gd", "review").isBareDenial && list("ct-gd", "audit").isBareDenial)
        // Reporter: its own submissions and their rejects, nothing else.
        #expect(list("rep", "batches").items.compactMap { $0["id"] as? Int } == [repBatch])
        #expect(!list("rep", "rejects").items.isEmpty && list("rep", "rejects").items.allSatisfy { $0["batch"] as? Int == repBatch })
        #expect(list("rep", "tickets").items.isEmpty && list("rep", "threats").items.isEmpty)
        for name in ["review", "organizations", "statistics", "performance", "audit"] { #expect(list("rep", name).isBareDenial, "reporter: \(name)") }

        // Another part asked for by filter: nothing, or a bare denial.
        let narrowed = try await api.call([
            C("GET", "/api/v1/tickets", as: "gd", query: ["province": 110000]), C("GET", "/api/v1/threats", as: "gd", query: ["province": 110000]),
            C("GET", "/api/v1/tickets", as: "ct-gd", query: ["organization": elsewhere.organization]),
            C("GET", "/api/v1/statistics", as: "gd", query: ["province": 110000]), C("GET", "/api/v1/statistics", as: "ct-gd", query: ["organization": elsewhere.organization]),
            C("GET", "/api/v1/review", as: "gd", query: ["province": 110000]),
        ])
        #expect(narrowed[0].items.isEmpty && narrowed[1].items.isEmpty && narrowed[2].items.isEmpty && narrowed[5].items.isEmpty)
        #expect(narrowed[3].isBareDenial && narrowed[4].isBareDenial)

        // Objects outside the caller's part, read and written: bare denials, and nothing changes.
        let auditBefore = try await ledger.auditLog(limit: 1_000_000).count
        let before = try await [elsewhere.id, neighbour.id].asyncMap { try await ledger.ticket($0) }
        func attempts(_ t: Int64, threat: ThreatID, as user: String) -> [C] {
            [
                C("GET", "/api/v1/tickets/\(t)", as: user), C("GET", "/api/v1/threats/\(threat)", as: user),
                C("POST", "/api/v1/tickets/\(t)/acknowledge", as: user, json: ["note": "x"]), C("POST", "/api/v1/tickets/\(t)/done", as: user, json: ["note": "x"]),
                C("POST", "/api/v1/tickets/\(t)/verify", as: user, json: ["fixed": true]), C("POST", "/api/v1/tickets/\(t)/close", as: user, json: [String: Any]()),
                C("POST", "/api/v1/tickets/\(t)/appeal", as: user, json: ["reason": "x"]), C("POST", "/api/v1/tickets/\(t)/extension", as: user, json: ["hours": 5, "reason": "x"]),
                C("POST", "/api/v1/tickets/\(t)/extension/decision", as: user, json: ["grant": true, "reason": "x"]),
                C("POST", "/api/v1/tickets/\(t)/escalate", as: user, json: ["reason": "x"]),
                C("POST", "/api/v1/threats/\(threat)/determination", as: user, json: ["decision": "reject", "reason": "x"]),
            ]
        }
        var denied: [C] = []
        for user in ["gd", "ct-gd", "rep"] { denied += attempts(elsewhere.id, threat: farThreat.id, as: user) }
        denied += attempts(neighbour.id, threat: farThreat.id, as: "ct-gd")
        denied += attempts(neighbour.id, threat: myThreat.id, as: "rep")
        denied += attempts(mine.id, threat: myThreat.id, as: "aud").filter { $0.method == "POST" }
        denied += [
            C("GET", "/api/v1/organizations/chinaunicom-110000", as: "gd"), C("GET", "/api/v1/organizations/chinatelecom-110000", as: "ct-gd"),
            C("GET", "/api/v1/organizations/\(own)", as: "rep"), C("GET", "/api/v1/batches/\(rep2Batch)", as: "rep"),
            C("GET", "/api/v1/batches/\(rep2Batch)/rejects", as: "rep"), C("GET", "/api/v1/batches/\(repBatch)", as: "ct-gd"),
            C("POST", "/api/v1/observations", as: "aud", data: rows("198.51.100.10")),
            // A source's name carries its trust: only the ministry may name one.
            C("POST", "/api/v1/observations", as: "ct-gd", query: ["source": "CNCERT"], data: rows("198.51.100.11")),
            C("POST", "/api/v1/observations", as: "gd", query: ["source": "CNCERT"], data: rows("198.51.100.12")),
        ]
        let answers = try await api.call(denied)
        for (call, answer) in zip(denied, answers) {
            #expect(answer.isBareDenial, "\(call.user ?? "-") \(call.method) \(call.path): \(answer.status) \(answer.text.prefix(200))")
        }
        let after = try await [elsewhere.id, neighbour.id].asyncMap { try await ledger.ticket($0) }
        #expect(before == after, "denied writes changed nothing")
        #expect(try await ledger.auditLog(limit: 1_000_000).count == auditBefore, "denied writes left no audit rows")
        #expect(try await ledger.determination(of: farThreat.id)?.determination.decision != .rejected)
        let extensions = try await ledger.extensions(ticket: elsewhere.id), appeals = try await ledger.appeals(threat: farThreat.id)
        #expect(extensions.isEmpty && appeals.isEmpty)

        // Within its part, by role: an organization answers its own ticket but does not supervise it.
        let ownActions = try await api.call([
            C("POST", "/api/v1/tickets/\(mine.id)/acknowledge", as: "ct-gd", json: ["note": "seen"]),
            C("POST", "/api/v1/tickets/\(mine.id)/escalate", as: "ct-gd", json: ["reason": "x"]),
            C("POST", "/api/v1/threats/\(myThreat.id)/determination", as: "ct-gd", json: ["decision": "reject", "reason": "x"]),
            C("GET", "/api/v1/batches/\(repBatch)", as: "rep"), C("GET", "/api/v1/tickets/\(neighbour.id)", as: "gd"),
        ])
        #expect(ownActions[0].status == 200 && ownActions[0].object?["state"] as? String == "acknowledged")
        #expect(ownActions[1].status == 403 && ownActions[1].isBareDenial && ownActions[2].status == 403 && ownActions[2].isBareDenial)
        #expect(ownActions[3].status == 200 && ownActions[4].status == 200)
        let trail = try await ledger.auditLog("ticket", String(mine.id)).last
        #expect(trail?.actor == "ct-gd" && trail?.action == "acknowledge" && trail?.sourceIP == "127.0.0.1")
    }
}

extension Array {
    /// `map` with an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
