import Foundation
import VigilCore

/// The text of a disposal notice (处置通知) to a responsible organization: bilingual, zh-CN first, with the threats as
/// a CSV attachment, the measure, the deadline and how to answer.
public struct NoticeContent: Sendable, Hashable {
    /// The subject line.
    public let subject: String
    /// The plain-text body.
    public let body: String
    /// The attachment's file name.
    public let attachmentName: String
    /// The attachment: UTF-8 CSV with a byte-order mark, so that Excel on Chinese Windows opens it correctly.
    public let attachment: Data

    /// What a notice is about.
    public struct Ticket: Sendable, Hashable {
        public var number: String
        public var organization: String
        public var measure: Measure
        public var deadline: Int64
        public var threats: [Threat]
        /// Where and how to answer (an API URL, a portal, an e-mail address).
        public var answerAt: String

        public init(number: String, organization: String, measure: Measure, deadline: Int64, threats: [Threat], answerAt: String) {
            self.number = number
            self.organization = organization
            self.measure = measure
            self.deadline = deadline
            self.threats = threats
            self.answerAt = answerAt
        }
    }

    /// Renders the notice for a ticket. Times are written in Beijing time, as Chinese notices are.
    public init(_ ticket: Ticket, purpose: NoticePurpose = .issued) {
        let deadline = Self.beijing(ticket.deadline)
        let count = ticket.threats.count
        subject = "\(purpose.subjectTag)\(ticket.number) \(ticket.organization)：\(count)个威胁，请于\(deadline)前\(ticket.measure.chineseName)"
            + " / \(purpose.englishTag): \(count), \(ticket.measure.englishName.lowercased()) by \(deadline)"
        var lines: [String] = purpose.lead
        if !lines.isEmpty { lines.append("") }
        lines.append("\(ticket.organization)：")
        lines.append("")
        lines.append("根据《公共互联网网络安全威胁监测与处置办法》，经监测认定，贵单位负责的网络资源存在\(count)个网络安全威胁（详见附件 \(ticket.number).csv）。")
        lines.append("请于 \(deadline)（北京时间）前采取以下处置措施：\(ticket.measure.chineseName)，并反馈处置结果。")
        lines.append("工单编号：\(ticket.number)")
        lines.append("反馈方式：\(ticket.answerAt)（可确认收到、报告处置完成并附说明与证据、提出申诉或申请延期）。")
        lines.append("")
        for (i, t) in ticket.threats.prefix(10).enumerated() {
            lines.append("\(i + 1). \(t.kind.chineseName)  \(t.indicator.value)  首次发现 \(Self.beijing(t.firstSeen))")
        }
        if count > 10 { lines.append("……共\(count)个，详见附件。") }
        lines.append("")
        lines.append("----")
        lines.append("To \(ticket.organization):")
        lines.append("")
        lines.append("Under the Measures for Monitoring and Disposal of Public Internet Network Security Threats, \(count) threat(s) "
            + "were found and confirmed on network resources your organization is responsible for (see the attachment \(ticket.number).csv).")
        lines.append("Measure required: \(ticket.measure.englishName). Deadline: \(deadline) (Beijing time). Ticket: \(ticket.number).")
        lines.append("Answer at \(ticket.answerAt): acknowledge, report the measure done with a note and evidence, appeal, or ask for an extension.")
        body = lines.joined(separator: "\n") + "\n"
        attachmentName = "\(ticket.number).csv"
        attachment = Data([0xEF, 0xBB, 0xBF]) + Data(Self.csv(ticket.threats).utf8)
    }

    /// The threats as CSV: Chinese and English headings, one threat per row.
    static func csv(_ threats: [Threat]) -> String {
        var out = "威胁编号 threat id,威胁类型 kind,类型代码 kind code,威胁指标 indicator,首次发现 first seen,最后发现 last seen,"
            + "省份 province,运营商 operator,发现次数 sightings\r\n"
        for t in threats {
            let fields = [
                t.id.description, t.kind.chineseName + " " + t.kind.englishName, t.kind.rawValue, t.indicator.value,
                UTCTime.format(t.firstSeen), UTCTime.format(t.lastSeen), t.attribution.provinceCode.map { String($0) } ?? "",
                t.attribution.networkOperator.rawValue, String(t.sightings),
            ]
            out += fields.map(Self.csvField).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// A CSV field, quoted when it holds a separator, a quote or a line break; a leading `=`, `+`, `-` or `@` is
    /// prefixed with `'` so that a spreadsheet does not run feed-supplied text as a formula.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `2024-05-01 18:00` in Beijing time.
    static func beijing(_ seconds: Int64) -> String {
        let iso = UTCTime.format(seconds + 8 * 3600)  // YYYY-MM-DDTHH:MM:SSZ, shifted
        return String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }
}
