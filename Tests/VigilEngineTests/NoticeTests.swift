import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilEngine

/// Notice text, the e-mail it travels in (read back by Python's standard e-mail parser), and webhook signatures.
@Suite struct NoticeTests {
    static func threat(_ indicator: Indicator, _ kind: ThreatKind) -> Threat {
        Threat(id: ThreatID(kind: kind, indicator: indicator), kind: kind, indicator: indicator, firstSeen: 1_714_557_600,
               lastSeen: 1_714_561_200, sightings: 3, sources: 2,
               attribution: Attribution(countryCode: "CN", provinceCode: 440000, networkOperator: .chinaTelecom))
    }

    static func ticket() throws -> NoticeContent.Ticket {
        NoticeContent.Ticket(
            number: "GD-2024-0001", organization: "中国电信广东分公司", measure: .stopService, deadline: 1_714_557_600 + 86_400,
            threats: [threat(try .ip("198.51.100.7"), .c2Server), threat(try .url("http://evil.example/=cmd|x,\"y\""), .phishingURL)],
            answerAt: "https://vigil.example/api/v1/tickets/GD-2024-0001")
    }

    @Test func noticeIsBilingualWithTheThreatsAttached() throws {
        let notice = NoticeContent(try Self.ticket())
        #expect(notice.subject.hasPrefix("【网络安全威胁处置通知】GD-2024-0001 中国电信广东分公司"))
        #expect(notice.subject.contains("停止服务") && notice.subject.contains("stop the service by 2024-05-02 18:00"))
        let zh = try #require(notice.body.range(of: "请于 2024-05-02 18:00（北京时间）前"))
        let en = try #require(notice.body.range(of: "Deadline: 2024-05-02 18:00 (Beijing time)"))
        #expect(zh.lowerBound < en.lowerBound, "Chinese first")
        #expect(notice.body.contains("https://vigil.example/api/v1/tickets/GD-2024-0001"))
        #expect(notice.attachment.starts(with: [0xEF, 0xBB, 0xBF]))
        let csv = String(decoding: notice.attachment.dropFirst(3), as: UTF8.self)
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 3 && rows[0].hasPrefix("威胁编号 threat id,"))
        #expect(rows[1].contains("198.51.100.7") && rows[1].contains("440000") && rows[1].contains("chinaTelecom"))
        #expect(rows[2].contains(#","http://evil.example/=cmd%7Cx,%22y%22","#), "a field with a comma is quoted: \(rows[2])")
        #expect(NoticeContent.csvField("=HYPERLINK(\"x\")") == #""'=HYPERLINK(""x"")""#, "formulas are neutralized")
        #expect(NoticeContent.csvField("-1+2") == "'-1+2")
    }

    @Test func mailMessageReadsBackInAStandardParser() async throws {
        let notice = NoticeContent(try Self.ticket())
        let message = MailMessage(
            from: "Vigil <vigil@cert.example>", to: ["soc@gd.chinatelecom.example", "duty@gd.chinatelecom.example"], subject: notice.subject,
            text: notice.body, attachment: (notice.attachmentName, "text/csv; charset=UTF-8", notice.attachment), date: 1_714_557_600,
            messageID: "<GD-2024-0001.1@vigil.example>")
        let data = message.rendered()
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.components(separatedBy: "\r\n").contains { $0.utf8.count > 78 }, "no line over 78 characters")
        #expect(text.unicodeScalars.allSatisfy { $0.value < 128 }, "7-bit clean")
        #expect(text.contains("Date: Wed, 01 May 2024 18:00:00 +0800"))

        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("notice.eml")
        try data.write(to: URL(fileURLWithPath: path))
        let script = dir.file("read.py")
        try """
            import email, email.policy, sys
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
            print(m['subject'])
            print(m['to'])
            body = m.get_body(preferencelist=('plain',)).get_content()
            print('BODY', len(body), 'Deadline: 2024-05-02 18:00' in body)
            for part in m.iter_attachments():
                print('ATTACHMENT', part.get_filename(), len(part.get_content()))
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let out = dir.file("out")
        let status = try await ChildProcess.run("/usr/bin/env", ["python3", script, path], output: out, errorLog: dir.file("err"))
        #expect(status == 0, "\((try? String(contentsOfFile: dir.file("err"), encoding: .utf8)) ?? "")")
        let lines = ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        #expect(lines.first == notice.subject, "\(lines)")
        #expect(lines.dropFirst().first == "soc@gd.chinatelecom.example, duty@gd.chinatelecom.example")
        #expect(lines.contains { $0.hasPrefix("BODY ") && $0.hasSuffix(" True") })
        #expect(lines.contains { $0.hasPrefix("ATTACHMENT GD-2024-0001.csv ") }, "\(lines)")
    }

    @Test func webhookSignaturesVerifyAndRejectTampering() throws {
        let body = Data(#"{"ticket":"GD-2024-0001","measure":"stopService"}"#.utf8)
        let header = WebhookSignature.sign(body: body, secret: "s3cret", timestamp: 1_714_557_600)
        #expect(header.hasPrefix("t=1714557600,v1=") && header.count == "t=1714557600,v1=".count + 64)
        try WebhookSignature.verify(header: header, body: body, secret: "s3cret", now: 1_714_557_650)
        #expect(throws: WebhookSignature.Failure.mismatch) {
            try WebhookSignature.verify(header: header, body: body + Data(" ".utf8), secret: "s3cret", now: 1_714_557_650)
        }
        #expect(throws: WebhookSignature.Failure.mismatch) {
            try WebhookSignature.verify(header: header, body: body, secret: "other", now: 1_714_557_650)
        }
        #expect(throws: WebhookSignature.Failure.stale) {
            try WebhookSignature.verify(header: header, body: body, secret: "s3cret", now: 1_714_557_600 + 3600)
        }
        #expect(throws: WebhookSignature.Failure.malformed) {
            try WebhookSignature.verify(header: "v1=abc", body: body, secret: "s3cret", now: 0)
        }
        // The well-known HMAC-SHA256 test vector (RFC 4231 case 2), through the same code path.
        let mac = WebhookSignature.hex(WebhookSignature.mac(body: Data("what do ya want for nothing?".utf8), secret: "Jefe", timestamp: 0))
        #expect(mac.count == 64 && mac != "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "the timestamp prefix is signed too")
    }

    @Test func retriesBackOffAndEnd() {
        let schedule = RetrySchedule.standard
        #expect((1...9).compactMap { schedule.delay(after: $0) } == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600])
        #expect(schedule.delay(after: 10) == nil && schedule.delay(after: 0) == nil)
        #expect(RetrySchedule(initial: Int64.max / 2, maximum: 10, attempts: 100).delay(after: 60) == 10)
    }
}
