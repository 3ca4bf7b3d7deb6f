import Foundation
import Testing
import VigilCore
import VigilStore
import VigilStoreSQLite
import VigilTesting
@testable import VigilProbes

/// `vigil probe` as a user runs it: findings printed as evidence, and a target outside the scope refused with a message
/// naming the scope file, before anything is sent.
@Suite struct ProbeCommandTests {
    @Test func ntpFindsTheReflectorAndRefusesOutsideTheScope() async throws {
        guard let vigil = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (double, port) = try await NTPProbeTests.double(entries: 30, dir) else { return }
        defer { double.kill() }
        let lab = try dir.write("lab.scope", "# the tests' own loopback\nlab 127.0.0.0/8\n")
        // A generous --timeout: the scans wait that long for late answers, and a loaded machine runs the double slowly.
        let status = try await ChildProcess.run(vigil, ["probe", "ntp", "127.0.0.1:\(port)", "--scope", lab, "--rate", "200", "--timeout", "4", "--json"], output: dir.file("out.json"),
                                                errorLog: dir.file("err.txt"))
        #expect(status == 0, "\((try? String(contentsOfFile: dir.file("err.txt"), encoding: .utf8)) ?? "")")
        let lines = try String(contentsOfFile: dir.file("out.json"), encoding: .utf8).split(separator: "\n")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let evidence = try lines.map { try decoder.decode(ProbeEvidence.self, from: Data($0.utf8)) }
        let monlist = try #require(evidence.first { $0.probe == "ntp-monlist" }, "\(evidence.map(\.summary)); \((try? String(contentsOfFile: dir.file("err.txt"), encoding: .utf8)) ?? "")")
        #expect(monlist.positive && monlist.verdict == "monlistAmplifier" && monlist.fields["items"] == "30" && monlist.target == "127.0.0.1:\(port)/udp")
        #expect(monlist.responseBytes == 5 * 8 + 30 * 72 && monlist.requestBytes == 48 && monlist.responseSHA256?.count == 64 && monlist.request != nil)
        // Recorded: the finding becomes an observation of vigil-probe, its evidence kept with the threat.
        let db = dir.file("probe.db")
        let recorded = try await ChildProcess.run(vigil, ["probe", "ntp", "127.0.0.1:\(port)", "--scope", lab, "--timeout", "4", "--record", "--database", db], output: dir.file("out3"),
                                                  errorLog: dir.file("rec.txt"))
        let recordMessage = try String(contentsOfFile: dir.file("rec.txt"), encoding: .utf8)
        #expect(recorded == 0 && recordMessage.contains("recorded 1 findings as observations of vigil-probe"), "\(recordMessage)")
        let store = try SQLiteStore(path: db)
        // The threat is the service, as scan reports name it: 127.0.0.1:PORT/udp.
        let threat = ThreatID(kind: .openNTPMonlist, indicator: Indicator.service(address: Lab.loopback, port: port, transport: .udp))
        let kept = try await ProbeLedger(store).evidence(threat: threat)
        #expect(kept.count == 1 && kept.first?.probe == "ntp-monlist" && kept.first?.evidence.contains("\"items\":\"30\"") == true)
        let found = try await store.threats(matching: ThreatFilter(limit: 10))
        #expect(found.map(\.id) == [threat] && found.first?.sources == 1)
        let seen = try String(contentsOfFile: dir.file("received"), encoding: .utf8)

        // A public scope does not reach loopback: refused before sending, exit status 3, the scope file named.
        let public_ = try dir.write("public.scope", "allow 61.135.0.0/16\n")
        let refused = try await ChildProcess.run(vigil, ["probe", "ntp", "127.0.0.1:\(port)", "--scope", public_], output: dir.file("out2"), errorLog: dir.file("err2.txt"))
        let message = try String(contentsOfFile: dir.file("err2.txt"), encoding: .utf8)
        #expect(refused == 3 && message.contains(public_) && message.contains("nothing was sent"), "\(message)")
        // A scope that allows loopback outside `lab` still refuses it: loopback is reserved.
        let sneaky = try dir.write("sneaky.scope", "allow 127.0.0.0/8\n")
        let reserved = try await ChildProcess.run(vigil, ["probe", "service", "127.0.0.1:\(port)", "--service", "chargen", "--scope", sneaky], errorLog: dir.file("err3.txt"))
        let reservedMessage = try String(contentsOfFile: dir.file("err3.txt"), encoding: .utf8)
        #expect(reserved == 3 && reservedMessage.contains("reserved range"), "\(reservedMessage)")
        #expect(try String(contentsOfFile: dir.file("received"), encoding: .utf8) == seen, "nothing reached the double after the refusals")
        // No scope file, no probe.
        let missing = try await ChildProcess.run(vigil, ["probe", "ntp", "127.0.0.1", "--scope", dir.file("nope")], errorLog: dir.file("err4.txt"))
        let missingMessage = try String(contentsOfFile: dir.file("err4.txt"), encoding: .utf8)
        #expect(missing != 0 && missingMessage.contains("cannot read the scope file"), "\(missingMessage)")
    }
}
