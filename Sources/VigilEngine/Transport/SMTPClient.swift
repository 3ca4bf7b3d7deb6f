import Foundation
import NIOCore
import NIOPosix
#if TLS
import NIOSSL
#endif

/// Delivers mail to one SMTP server over SwiftNIO, driving ``SMTPConversation``: STARTTLS when the server offers it
/// (and this build has TLS), required when ``requireTLS`` says so.
public struct SMTPClient: Sendable {
    public var host: String
    public var port: Int
    /// The name this side gives in EHLO.
    public var heloName: String
    /// Fail rather than send in the clear.
    public var requireTLS: Bool
    /// PEM file of the certificate authorities to trust for STARTTLS, instead of the system's.
    public var trustRootsFile: String?
    /// Give up on a server that does not answer within this time.
    public var timeout: Duration

    /// A client for one server.
    public init(host: String, port: Int = 25, heloName: String = "vigil.localdomain", requireTLS: Bool = false, trustRootsFile: String? = nil,
                timeout: Duration = .seconds(30)) {
        self.host = host
        self.port = port
        self.heloName = heloName
        self.requireTLS = requireTLS
        self.trustRootsFile = trustRootsFile
        self.timeout = timeout
    }

    /// What the server said when it took the message.
    public struct Receipt: Sendable, Hashable {
        /// Recipients accepted.
        public var delivered: [String]
        /// Recipients refused, with the server's reply.
        public var refused: [String]
        /// True when the message went over TLS.
        public var tls: Bool
        /// The server's reply to the message (for example `250 OK queued as 1234`).
        public var reply: String
    }

    /// True when this build can speak TLS.
    public static var tlsAvailable: Bool {
        #if TLS
        true
        #else
        false
        #endif
    }

    /// Sends one message; throws ``SMTPError`` (temporary ones are worth a retry) or a connection error.
    public func send(from: String, to recipients: [String], message: Data) async throws -> Receipt {
        var conversation = try SMTPConversation(heloName: heloName, from: from, to: recipients, message: message,
                                                tlsAvailable: Self.tlsAvailable, requireTLS: requireTLS)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout.timeAmount)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let host = self.host
        let trustRootsFile = self.trustRootsFile
        // One deadline for the whole conversation: a server that stops answering gets its connection closed, which
        // ends the read below.
        let deadline = channel.channel.eventLoop.scheduleTask(in: timeout.timeAmount) { channel.channel.close(promise: nil) }
        defer { deadline.cancel() }
        return try await channel.executeThenClose { inbound, outbound in
            var lines = LineReader(inbound.makeAsyncIterator())
            var parser = SMTPReply.Parser()
            var tls = false
            var messageReply = ""
            var receipt: Receipt {
                Receipt(delivered: conversation.delivered, refused: conversation.refused.map { "<\($0.0)>: \($0.1)" }, tls: tls, reply: messageReply)
            }
            while true {
                let next: String?
                do {
                    next = try await lines.next()
                } catch {
                    // The server took the message: a lost answer to QUIT does not undo that, and a retry would send it twice.
                    if !messageReply.isEmpty { return receipt }
                    throw error
                }
                guard let line = next else {
                    if !messageReply.isEmpty { return receipt }
                    throw SMTPError.temporary(stage: "the connection", reply: SMTPReply(code: 421, lines: ["the connection closed or timed out"]))
                }
                guard let reply = try parser.feed(line) else { continue }
                var action = conversation.receive(reply)
                actions: while true {
                    switch action {
                    case .send(let command):
                        if command == "QUIT" { messageReply = reply.description }
                        try await outbound.write(ByteBuffer(string: command + "\r\n"))
                        break actions
                    case .sendData(let data):
                        try await outbound.write(ByteBuffer(bytes: data))
                        break actions
                    case .startTLS:
                        // Anything the server sent after its 220 came in the clear and could be an injected reply.
                        guard !lines.hasBufferedBytes else {
                            throw SMTPError.protocolViolation("the mail server sent data after agreeing to STARTTLS, before the TLS handshake; not sending")
                        }
                        #if TLS
                        var configuration = TLSConfiguration.makeClientConfiguration()
                        if let trustRootsFile { configuration.trustRoots = .file(trustRootsFile) }
                        let context = try NIOSSLContext(configuration: configuration)
                        let handler = try NIOSSLClientHandler(context: context, serverHostname: Self.isAddress(host) ? nil : host)
                        try await channel.channel.pipeline.addHandler(handler, position: .first).get()
                        tls = true
                        action = conversation.tlsEstablished()
                        #else
                        throw SMTPError.tlsRequired
                        #endif
                    case .wait:
                        break actions
                    case .done:
                        return receipt
                    case .fail(let error):
                        try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
                        throw error
                    }
                }
            }
        }
    }

    static func isAddress(_ host: String) -> Bool {
        host.contains(":") || host.split(separator: ".").allSatisfy { Int($0) != nil }
    }
}
