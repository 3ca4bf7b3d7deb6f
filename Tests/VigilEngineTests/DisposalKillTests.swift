import Foundation
import Testing
import VigilCore
import VigilEngine
import VigilStore
import VigilTesting

/// `vigil run` killed mid-pass and run again issues no duplicate ticket and sends no duplicate notice; SIGTERM stops
/// it cleanly.
@Suite(.serialized) struct DisposalKillTests {
    @Test func killedAndRunAgainSendsNothingTwice() async throws {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        for database in DisposalScenarioTests.databases(try TemporaryDirectory()) {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            guard let receivers = try await DisposalScenarioTests.receivers(dir) else { return }
            do {
                try await killAndResume(binary, dir, database.hasPrefix("postgres") ? database : dir.file("kill.db"), receivers)
            } catch {
                Issue.record("on \(database.hasPrefix("postgres") ? "PostgreSQL" : "SQLite"): \(error)")
            }
            await receivers.stop()
        }
    }

    func killAndResume(_ binary: String, _ dir: TemporaryDirectory, _ database: String, _ receivers: NoticeReceivers) async throws {
        let run = DisposalScenarioTests.Run(binary: binary, dir: dir, database: database, config: dir.file("vigil.toml"))
        guard try await run.vigil(["demo", "--data-dir", dir.file("demo-data")], configured: false) != nil,
              let orgsJSON = try await run.json(["orgs"]) as? [[String: Any]] else { return }
        // Every organization gets an e-mail address: hundreds of notices, so the kill lands while they go out.
        var csv = "id,name,type,parent,province,emails\n"
        for org in orgsJSON {
            guard let id = org["id"] as? String, let name = org["name"] as? String, let type = org["type"] as? String, type != "unknown" else { continue }
            csv += "\(id),\(name),\(type),\(org["parent"] as? String ?? ""),\((org["province"] as? Int).map(String.init) ?? ""),\(id)@orgs.example\n"
        }
        try csv.write(toFile: dir.file("orgs.csv"), atomically: true, encoding: .utf8)
        try """
            [directory]
            csv = "orgs.csv"
            [notices]
            smtp_host = "127.0.0.1"
            smtp_port = \(receivers.smtpPort)
            from = "vigil@cert.example"
            """.write(toFile: run.config, atomically: true, encoding: .utf8)
        let args = ["run", "--interval", "1", "--database", database, "--config", run.config]
        // Killed early (while determining or ticketing), then again once notices are going out.
        let early = try ChildProcess(binary, args, output: dir.file("run1.txt"), errorLog: dir.file("run1.err"))
        try await Task.sleep(for: .milliseconds(700))
        early.kill()
        await early.wait()
        let late = try ChildProcess(binary, args, output: dir.file("run2.txt"), errorLog: dir.file("run2.err"))
        let deadline = ContinuousClock.now + .seconds(120)
        while receivers.mails().count < 20 && ContinuousClock.now < deadline && late.isRunning {
            try await Task.sleep(for: .milliseconds(20))
        }
        late.kill()
        await late.wait()
        #expect(receivers.mails().count >= 20, "notices were going out when the engine was killed")
        guard let resumed = try await run.vigil(["run", "--once"]), try await run.vigil(["run", "--once"]) != nil else { return }
        #expect(resumed.contains("0 failed"))
        func messageIDs() -> [String] {
            receivers.mails().compactMap { mail in mail.data.split(separator: "\r\n").first { $0.hasPrefix("Message-ID: ") }.map(String.init) }
        }
        // Resumed at once: nothing was sent twice.
        #expect(messageIDs().count == receivers.mails().count)
        #expect(Set(messageIDs()).count == messageIDs().count, "no notice was sent twice")

        let store = try await DisposalScenarioTests.open(database)
        let ledger = DisposalLedger(store)
        let tickets = try await ledger.tickets(TicketFilter(limit: 100_000))
        #expect(tickets.count > 50)
        #expect(Set(tickets.map { "\($0.organization)|\($0.measure.rawValue)" }).count == tickets.count, "one ticket per (organization, measure)")
        #expect(try await ledger.confirmedUnticketed(limit: 10).isEmpty)
        // What a killed process had claimed waits out its claim: at most one notice per kill.
        // (The demo's own pass, without contacts, left a failed notice to nobody on each ticket: not counted.)
        let waiting = try await ledger.notices(limit: 100_000).filter { $0.state != .sent && $0.recipient != DisposalLedger.noRecipient }
        #expect(waiting.count <= 2 && waiting.allSatisfy { $0.state == .pending && $0.attempts == 0 }, "\(waiting.prefix(3))")

        // After the claim runs out, it goes too: every notice delivered. One that was on the wire at the moment of a kill
        // may reach the server a second time, with the same Message-ID (at-least-once: docs/disposal.md).
        let later = Int64(Date().timeIntervalSince1970) + NoticeDispatcher.claimSeconds + 60
        guard try await run.vigil(["run", "--once"], now: later) != nil else { return }
        let notices = try await ledger.notices(limit: 100_000).filter { $0.recipient != DisposalLedger.noRecipient }
        #expect(notices.count > 50)
        #expect(notices.allSatisfy { $0.state == .sent }, "every notice delivered: \(notices.filter { $0.state != .sent }.prefix(3))")
        let ids = messageIDs()
        #expect(Set(ids).count == notices.count)
        #expect(ids.count - Set(ids).count <= waiting.count)
    }

    @Test func sigtermStopsTheLoopCleanly() async throws {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = dir.file("t.db")
        let out = dir.file("run.txt")
        let loop = try ChildProcess(binary, ["run", "--interval", "3600", "--database", db], output: out, errorLog: dir.file("run.err"))
        // Once it has started (its signal handlers are in place), mid-pass or in the pause.
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, !((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").contains("engine started") {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(300))
        loop.kill(SIGTERM)
        let status = await loop.wait()
        #expect(status == 0, "\((try? String(contentsOfFile: dir.file("run.err"), encoding: .utf8)) ?? "")")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("vigil run: stopped"))
    }
}
