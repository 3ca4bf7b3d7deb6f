import Foundation
import Testing
import VigilEngine
import VigilTesting

/// The SMTP and webhook transports against real local receivers: aiosmtpd (plain and STARTTLS) and an HTTP server.
@Suite(.serialized) struct NoticeTransportTests {
    /// The receivers, or nil after saying why they cannot run (a failure when CI requires them).
    static func receivers(_ dir: TemporaryDirectory, httpFailures: Int = 0, tls: (certificate: String, key: String)? = nil) async throws -> NoticeReceivers? {
        if let why = await NoticeReceivers.unavailable() {
            if NoticeReceivers.required { Issue.record(Comment(rawValue: why)) } else { print("skipped: \(why)") }
            return nil
        }
        return try await NoticeReceivers.start(in: dir.file("received"), httpFailures: httpFailures, tls: tls)
    }

    @Test func mailGoesThroughARealSMTPServer() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let receivers = try await Self.receivers(dir) else { return }
        defer { Task { await receivers.stop() } }
        let message = MailMessage(from: "vigil@cert.example", to: ["soc@org.example"], subject: "【网络安全威胁处置通知】VGL-1 测试",
                                  text: "第一行\n.leading dot\n", attachment: ("VGL-1.csv", "text/csv; charset=utf-8", Data("a,b\r\n".utf8)),
                                  date: 1_700_000_000, messageID: "<vigil-notice-1-1@test>")
        let receipt = try await SMTPClient(host: "127.0.0.1", port: receivers.smtpPort).send(from: "vigil@cert.example", to: ["soc@org.example"], message: message.rendered())
        #expect(receipt.delivered == ["soc@org.example"] && !receipt.tls)
        #expect(receipt.reply.hasPrefix("250"))
        let mails = receivers.mails()
        try #require(mails.count == 1)
        #expect(mails[0].from == "vigil@cert.example" && mails[0].to == ["soc@org.example"])
        #expect(mails[0].data.contains("Message-ID: <vigil-notice-1-1@test>"))
        // Python's e-mail parser reads back the subject, the text (dot-stuffing undone) and the attachment.
        let eml = dir.file("m.eml")
        try mails[0].data.write(toFile: eml, atomically: true, encoding: .utf8)
        let script = """
            import email, sys
            from email import policy
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
            body = m.get_body(('plain',)).get_content()
            att = [p for p in m.iter_attachments()]
            print(m['subject']); print(repr(body)); print(att[0].get_filename(), att[0].get_content())
            """
        let out = dir.file("parsed.txt")
        #expect(try await ChildProcess.run("/usr/bin/env", ["python3", "-c", script, eml], output: out) == 0)
        let parsed = try String(contentsOfFile: out, encoding: .utf8)
        #expect(parsed.contains("【网络安全威胁处置通知】VGL-1 测试"))
        #expect(parsed.contains("'第一行\\n.leading dot\\n'"))
        #expect(parsed.contains("VGL-1.csv a,b"))
    }

    @Test func startTLSIsUsedWhenOffered() async throws {
        guard SMTPClient.tlsAvailable else {
            print("skipped: this build has no TLS trait")
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cert = dir.file("cert.pem"), key = dir.file("key.pem")
        let status = try await ChildProcess.run("/usr/bin/env", [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ])
        guard status == 0 else {
            Issue.record("openssl could not make a test certificate")
            return
        }
        guard let receivers = try await Self.receivers(dir, tls: (cert, key)) else { return }
        defer { Task { await receivers.stop() } }
        let client = SMTPClient(host: "localhost", port: receivers.smtpPort, requireTLS: true, trustRootsFile: cert)
        let receipt = try await client.send(from: "vigil@cert.example", to: ["soc@org.example"], message: Data("Subject: t\r\n\r\nhello\r\n".utf8))
        #expect(receipt.tls)
        #expect(receivers.mails().first?.tls == true)
        // A certificate nobody vouches for is refused, and nothing is sent in the clear instead.
        let untrusting = SMTPClient(host: "localhost", port: receivers.smtpPort, requireTLS: true, trustRootsFile: nil)
        await #expect(throws: (any Error).self) {
            try await untrusting.send(from: "vigil@cert.example", to: ["soc@org.example"], message: Data("Subject: t\r\n\r\nagain\r\n".utf8))
        }
        #expect(receivers.mails().count == 1)
    }

    @Test func refusedRecipientsAndDeadServersAreErrors() async throws {
        // Nothing listens on the discard port of loopback: the connection is refused.
        await #expect(throws: (any Error).self) {
            try await SMTPClient(host: "127.0.0.1", port: 9, timeout: .seconds(5)).send(from: "a@b.example", to: ["c@d.example"], message: Data("x".utf8))
        }
        await #expect(throws: SMTPError.self) {
            try await SMTPClient(host: "127.0.0.1", port: 9).send(from: "a@b.example", to: ["c@d.example>\r\nRCPT TO:<x@y"], message: Data("x".utf8))
        }
    }

    @Test func webhooksArePostedWithAValidSignature() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let receivers = try await Self.receivers(dir, httpFailures: 1) else { return }
        defer { Task { await receivers.stop() } }
        let body = Data(#"{"notice":1,"event":"issued"}"#.utf8)
        let signature = WebhookSignature.sign(body: body, secret: "s3cret", timestamp: 1_700_000_000)
        let client = WebhookClient(timeout: .seconds(10))
        let url = "http://127.0.0.1:\(receivers.httpPort)/vigil/notices?x=1"
        let first = try await client.post(url, body: body, headers: [(WebhookSignature.header, signature)])
        #expect(first.status == 503 && first.isTemporary && !first.isSuccess)
        let second = try await client.post(url, body: body, headers: [(WebhookSignature.header, signature)])
        #expect(second.isSuccess && second.body == "ok")
        let hooks = receivers.hooks()
        try #require(hooks.count == 1)
        #expect(hooks[0].path == "/vigil/notices?x=1" && hooks[0].body == String(decoding: body, as: UTF8.self))
        #expect(hooks[0].headers["Content-Type"] == "application/json; charset=utf-8")
        let header = try #require(hooks[0].headers[WebhookSignature.header])
        try WebhookSignature.verify(header: header, body: Data(hooks[0].body.utf8), secret: "s3cret", now: 1_700_000_010)
        // Checked independently: HMAC-SHA256 over "t.body" with Python's hmac.
        let out = dir.file("hmac.txt")
        let script = "import hmac,hashlib,sys; print(hmac.new(b's3cret', ('1700000000.' + sys.argv[1]).encode(), hashlib.sha256).hexdigest())"
        #expect(try await ChildProcess.run("/usr/bin/env", ["python3", "-c", script, hooks[0].body], output: out) == 0)
        let expected = try String(contentsOfFile: out, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(header == "t=1700000000,v1=\(expected)")
        await #expect(throws: WebhookClient.Failure.self) { try await client.post("ftp://127.0.0.1/x", body: body, headers: []) }
    }
}
