import Foundation

/// An Internet message (RFC 5322 with MIME) for a notice: UTF-8 text and one attachment, every header and part
/// encoded so that any mail system carries it unchanged (encoded words for non-ASCII headers, base64 bodies,
/// CRLF line ends, lines under 78 characters).
public struct MailMessage: Sendable, Hashable {
    public var from: String
    public var to: [String]
    public var subject: String
    public var text: String
    public var attachment: (name: String, type: String, data: Data)?
    /// When the message was written, seconds since 1970.
    public var date: Int64
    /// A unique id, `<…@host>`.
    public var messageID: String

    public init(from: String, to: [String], subject: String, text: String, attachment: (name: String, type: String, data: Data)? = nil,
                date: Int64, messageID: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.attachment = attachment
        self.date = date
        self.messageID = messageID
    }

    public static func == (a: MailMessage, b: MailMessage) -> Bool { a.rendered() == b.rendered() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

    /// The message as sent: headers and MIME parts with CRLF line ends.
    public func rendered() -> Data {
        let boundary = "vigil-" + String(messageID.utf8.reduce(UInt64(1469598103934665603)) { ($0 ^ UInt64($1)) &* 1099511628211 }, radix: 16)
        var lines: [String] = [
            "From: \(from)",
            "To: \(to.joined(separator: ",\r\n "))",
            "Subject: \(Self.encodedWords(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
        ]
        let textPart = [
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
        ] + Self.base64Lines(Data(text.utf8))
        if let attachment {
            lines.append("Content-Type: multipart/mixed;\r\n boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("--\(boundary)")
            lines += textPart
            lines.append("--\(boundary)")
            lines.append("Content-Type: \(attachment.type);\r\n name=\"\(Self.asciiName(attachment.name))\"")
            lines.append("Content-Transfer-Encoding: base64")
            lines.append("Content-Disposition: attachment;\r\n filename=\"\(Self.asciiName(attachment.name))\";\r\n filename*=UTF-8''\(Self.percentEncoded(attachment.name))")
            lines.append("")
            lines += Self.base64Lines(attachment.data)
            lines.append("--\(boundary)--")
        } else {
            lines += textPart
        }
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// A header value as RFC 2047 encoded words when it is not plain ASCII, split so no line is too long.
    static func encodedWords(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value > 126 || $0.value < 32 }) else { return text }
        // Chunks of whole characters of at most 39 bytes each: at most 52 base64 characters per word, so the first
        // line, after "Subject: ", stays under 78.
        var words: [String] = []
        var chunk = ""
        for character in text {
            if chunk.utf8.count + String(character).utf8.count > 39 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    static func base64Lines(_ data: Data) -> [String] {
        data.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            .components(separatedBy: "\r\n")
    }

    /// The name with anything but printable ASCII replaced, for the legacy `filename=` parameter.
    static func asciiName(_ name: String) -> String {
        String(name.unicodeScalars.map { $0.value >= 32 && $0.value < 127 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
    }

    static func percentEncoded(_ name: String) -> String {
        name.utf8.map { b -> String in
            let c = Character(UnicodeScalar(b))
            return (c.isLetter || c.isNumber) && b < 128 || "-._".contains(c) ? String(c) : String(format: "%%%02X", b)
        }.joined()
    }

    static func rfc5322Date(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
