import Foundation
import Testing
@testable import VigilEngine

/// The SMTP client's state machine, driven by scripted server replies (no sockets).
@Suite struct SMTPConversationTests {
    static func reply(_ code: Int, _ lines: String...) -> SMTPReply { SMTPReply(code: code, lines: lines) }

    static func conversation(to: [String] = ["soc@op.example"], tls: Bool = true, requireTLS: Bool = false) throws -> SMTPConversation {
        try SMTPConversation(heloName: "vigil.example", from: "vigil@cert.example", to: to, message: Data("Subject: x\r\n\r\nbody\r\n".utf8),
                             tlsAvailable: tls, requireTLS: requireTLS)
    }

    @Test func deliversWithStartTLS() throws {
        var c = try Self.conversation(to: ["a@op.example", "b@op.example"])
        #expect(c.receive(Self.reply(220, "mx ESMTP")) == .send("EHLO vigil.example"))
        #expect(c.receive(Self.reply(250, "mx", "PIPELINING", "STARTTLS", "8BITMIME")) == .send("STARTTLS"))
        #expect(c.receive(Self.reply(220, "go ahead")) == .startTLS)
        #expect(c.tlsEstablished() == .send("EHLO vigil.example"))
        #expect(c.receive(Self.reply(250, "mx", "8BITMIME")) == .send("MAIL FROM:<vigil@cert.example>"), "no second STARTTLS")
        #expect(c.receive(Self.reply(250, "ok")) == .send("RCPT TO:<a@op.example>"))
        #expect(c.receive(Self.reply(250, "ok")) == .send("RCPT TO:<b@op.example>"))
        #expect(c.receive(Self.reply(550, "no such user")) == .send("DATA"))
        guard case .sendData(let data) = c.receive(Self.reply(354, "go")) else {
            Issue.record("expected the message")
            return
        }
        #expect(String(decoding: data, as: UTF8.self).hasSuffix("body\r\n.\r\n"))
        #expect(c.receive(Self.reply(250, "queued")) == .send("QUIT"))
        #expect(c.receive(Self.reply(221, "bye")) == .done)
        #expect(c.delivered == ["a@op.example"] && c.refused.map(\.0) == ["b@op.example"])
    }

    @Test func plainWhenTLSIsNotOfferedUnlessRequired() throws {
        var plain = try Self.conversation()
        _ = plain.receive(Self.reply(220, "mx"))
        #expect(plain.receive(Self.reply(250, "mx", "SIZE 1000")) == .send("MAIL FROM:<vigil@cert.example>"))
        var strict = try Self.conversation(requireTLS: true)
        _ = strict.receive(Self.reply(220, "mx"))
        #expect(strict.receive(Self.reply(250, "mx")) == .fail(.tlsRequired))
        var old = try Self.conversation()
        _ = old.receive(Self.reply(220, "mx"))
        #expect(old.receive(Self.reply(502, "command not implemented")) == .send("HELO vigil.example"))
        #expect(old.receive(Self.reply(250, "hi")) == .send("MAIL FROM:<vigil@cert.example>"))
    }

    @Test func failuresSayWhetherToRetry() throws {
        var busy = try Self.conversation()
        _ = busy.receive(Self.reply(220, "mx"))
        _ = busy.receive(Self.reply(250, "mx"))
        guard case .fail(let temporary) = busy.receive(Self.reply(451, "try later")) else {
            Issue.record("expected a failure")
            return
        }
        #expect(temporary.isTemporary && temporary.description.contains("retried"))
        var nobody = try Self.conversation()
        for r in [Self.reply(220, "mx"), Self.reply(250, "mx"), Self.reply(250, "ok")] { _ = nobody.receive(r) }
        guard case .fail(let all) = nobody.receive(Self.reply(550, "unknown")) else {
            Issue.record("expected a failure")
            return
        }
        #expect(!all.isTemporary && all.description.contains("every recipient"))
        var refusedAtOnce = try Self.conversation()
        guard case .fail(let greeting) = refusedAtOnce.receive(Self.reply(554, "go away")) else {
            Issue.record("expected a failure")
            return
        }
        #expect(!greeting.isTemporary)
    }

    @Test func addressesCannotInjectCommands() {
        #expect(throws: SMTPError.self) { try Self.conversation(to: ["a@b.example>\r\nRCPT TO:<victim@x.example"]) }
        #expect(throws: SMTPError.self) { try Self.conversation(to: []) }
    }

    @Test func repliesAndDotStuffing() throws {
        var parser = SMTPReply.Parser()
        #expect(try parser.feed("250-mx.example greets you") == nil)
        #expect(try parser.feed("250-STARTTLS") == nil)
        #expect(try parser.feed("250 SIZE 10240000") == SMTPReply(code: 250, lines: ["mx.example greets you", "STARTTLS", "SIZE 10240000"]))
        #expect(try parser.feed("221") == SMTPReply(code: 221, lines: [""]))
        #expect(throws: SMTPError.self) { try parser.feed("hello") }
        _ = try parser.feed("250-a")
        #expect(throws: SMTPError.self) { try parser.feed("251 b") }
        let stuffed = String(decoding: SMTPConversation.dotStuffed(Data("line\n.leading dot\r\n..two\nlast".utf8)), as: UTF8.self)
        #expect(stuffed == "line\r\n..leading dot\r\n...two\r\nlast\r\n.\r\n")
    }
}
