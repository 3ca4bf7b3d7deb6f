import Foundation

/// One SMTP server reply: a three-digit code and its text lines (RFC 5321 §4.2).
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    public let code: Int
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    public var description: String { "\(code) " + lines.joined(separator: " / ") }

    /// Collects reply lines (`250-…` continues, `250 …` ends) into replies.
    public struct Parser: Sendable {
        private var pending: [String] = []
        private var pendingCode: Int?

        public init() {}

        /// Feeds one line (without CRLF); returns a reply when the line ends one. A line that is not a reply line is
        /// an error naming it.
        public mutating func feed(_ line: String) throws(SMTPError) -> SMTPReply? {
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let code = Int(String(decoding: bytes[0...2], as: UTF8.self)),
                bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-")
            else { throw .protocolViolation("the server sent '\(line.prefix(80))', which is not an SMTP reply line") }
            if let pendingCode, pendingCode != code {
                throw .protocolViolation("a multi-line reply changed its code from \(pendingCode) to \(code)")
            }
            pending.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            if bytes.count > 3 && bytes[3] == UInt8(ascii: "-") {
                pendingCode = code
                return nil
            }
            let reply = SMTPReply(code: code, lines: pending)
            pending = []
            pendingCode = nil
            return reply
        }
    }
}

/// Why a delivery failed. Temporary failures (4xx, a dropped connection) are worth a retry; permanent ones are not.
public enum SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    case temporary(stage: String, reply: SMTPReply)
    case permanent(stage: String, reply: SMTPReply)
    case tlsRequired
    case allRecipientsRejected([String])
    case invalidAddress(String)
    case protocolViolation(String)

    /// True when trying again later may succeed.
    public var isTemporary: Bool {
        if case .temporary = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .temporary(let stage, let reply): "the mail server refused \(stage) for now (\(reply)); the notice will be retried"
        case .permanent(let stage, let reply): "the mail server refused \(stage) (\(reply)); check the notice channel's settings"
        case .tlsRequired: "the mail server does not offer STARTTLS and the channel requires TLS; allow plain SMTP for it or fix the server"
        case .allRecipientsRejected(let who): "the mail server rejected every recipient: " + who.joined(separator: ", ")
        case .invalidAddress(let address): "'\(address.prefix(80))' is not a usable e-mail address (no line breaks or angle brackets allowed)"
        case .protocolViolation(let what): what
        }
    }
}

/// The client side of an SMTP delivery (RFC 5321, STARTTLS per RFC 3207) as a pure state machine: it is given the
/// server's replies and answers with what to send next. The transport (SwiftNIO) only moves bytes and upgrades to TLS
/// when told; this type is tested without sockets.
public struct SMTPConversation: Sendable {
    /// What the transport must do next.
    public enum Action: Sendable, Hashable {
        /// Send one command line (CRLF is added by the transport).
        case send(String)
        /// Send the message body, dot-stuffed and ending with `CRLF.CRLF`.
        case sendData(Data)
        /// Start TLS on the connection, then call ``tlsEstablished()``.
        case startTLS
        /// Wait for the next reply.
        case wait
        /// Close the connection: delivered to ``delivered``.
        case done
        /// Close the connection: the delivery failed.
        case fail(SMTPError)
    }

    private enum Stage: Sendable {
        case greeting, ehlo, helo, startTLS, awaitingTLS, mailFrom, recipient(Int), data, message, quit, finished
    }

    public let heloName: String
    public let from: String
    public let recipients: [String]
    public let message: Data
    public let tlsAvailable: Bool
    public let requireTLS: Bool
    private var stage = Stage.greeting
    private var tlsActive = false
    /// Recipients the server accepted.
    public private(set) var delivered: [String] = []
    /// Recipients the server refused, with its reply.
    public private(set) var refused: [(String, SMTPReply)] = []

    /// A conversation; addresses with line breaks or angle brackets are refused at once (they could inject commands).
    public init(heloName: String, from: String, to recipients: [String], message: Data, tlsAvailable: Bool, requireTLS: Bool) throws(SMTPError) {
        for address in [from] + recipients where address.contains(where: { "\r\n<>".contains($0) }) || address.isEmpty {
            throw .invalidAddress(address)
        }
        guard !recipients.isEmpty else { throw .invalidAddress("(no recipients)") }
        self.heloName = heloName
        self.from = from
        self.recipients = recipients
        self.message = message
        self.tlsAvailable = tlsAvailable
        self.requireTLS = requireTLS
    }

    /// The next action after a server reply.
    public mutating func receive(_ reply: SMTPReply) -> Action {
        func failure(_ stage: String) -> Action {
            self.stage = .finished
            return .fail(reply.code >= 400 && reply.code < 500 ? .temporary(stage: stage, reply: reply) : .permanent(stage: stage, reply: reply))
        }
        switch stage {
        case .greeting:
            guard reply.code == 220 else { return failure("the connection") }
            stage = .ehlo
            return .send("EHLO \(heloName)")
        case .ehlo:
            if reply.code == 250 {
                let offersTLS = reply.lines.dropFirst().contains { $0.uppercased().hasPrefix("STARTTLS") }
                if !tlsActive && offersTLS && tlsAvailable {
                    stage = .startTLS
                    return .send("STARTTLS")
                }
                if requireTLS && !tlsActive {
                    stage = .finished
                    return .fail(.tlsRequired)
                }
                return mailFrom()
            }
            if reply.code >= 500 && !tlsActive {
                // An old server without ESMTP.
                if requireTLS {
                    stage = .finished
                    return .fail(.tlsRequired)
                }
                stage = .helo
                return .send("HELO \(heloName)")
            }
            return failure("EHLO")
        case .helo:
            guard reply.code == 250 else { return failure("HELO") }
            return mailFrom()
        case .startTLS:
            if reply.code == 220 {
                stage = .awaitingTLS
                return .startTLS
            }
            if requireTLS {
                stage = .finished
                return .fail(.tlsRequired)
            }
            return mailFrom()
        case .awaitingTLS:
            stage = .finished
            return .fail(.protocolViolation("the server spoke before the TLS handshake"))
        case .mailFrom:
            guard reply.code == 250 else { return failure("the sender <\(from)>") }
            stage = .recipient(0)
            return .send("RCPT TO:<\(recipients[0])>")
        case .recipient(let i):
            if reply.code == 250 || reply.code == 251 {
                delivered.append(recipients[i])
            } else if reply.code >= 500 {
                refused.append((recipients[i], reply))
            } else {
                return failure("the recipient <\(recipients[i])>")
            }
            if i + 1 < recipients.count {
                stage = .recipient(i + 1)
                return .send("RCPT TO:<\(recipients[i + 1])>")
            }
            guard !delivered.isEmpty else {
                stage = .finished
                return .fail(.allRecipientsRejected(refused.map { "<\($0.0)>: \($0.1)" }))
            }
            stage = .data
            return .send("DATA")
        case .data:
            guard reply.code == 354 else { return failure("DATA") }
            stage = .message
            return .sendData(Self.dotStuffed(message))
        case .message:
            guard reply.code == 250 else { return failure("the message") }
            stage = .quit
            return .send("QUIT")
        case .quit:
            stage = .finished
            return .done
        case .finished:
            return .wait
        }
    }

    /// The next action once TLS is up: greet again, as RFC 3207 requires.
    public mutating func tlsEstablished() -> Action {
        tlsActive = true
        stage = .ehlo
        return .send("EHLO \(heloName)")
    }

    private mutating func mailFrom() -> Action {
        stage = .mailFrom
        return .send("MAIL FROM:<\(from)>")
    }

    /// The message as DATA carries it: CRLF line ends, a leading `.` doubled on every line, ending with `CRLF.CRLF`.
    public static func dotStuffed(_ message: Data) -> Data {
        var out = Data()
        out.reserveCapacity(message.count + 64)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == 0x0A && previous != 0x0D { out.append(0x0D) }
            if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            atLineStart = byte == 0x0A
            previous = byte
        }
        if !atLineStart { out.append(contentsOf: [0x0D, 0x0A]) }
        out.append(contentsOf: Array(".\r\n".utf8))
        return out
    }
}
