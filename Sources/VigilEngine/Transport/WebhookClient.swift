import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
#if TLS
import NIOSSL
#endif

/// Posts JSON to a webhook URL over SwiftNIO (HTTP/1.1; HTTPS when this build has TLS).
public struct WebhookClient: Sendable {
    /// Give up on a receiver that does not answer within this time.
    public var timeout: Duration
    /// PEM file of the certificate authorities to trust for HTTPS, instead of the system's.
    public var trustRootsFile: String?

    public init(timeout: Duration = .seconds(30), trustRootsFile: String? = nil) {
        self.timeout = timeout
        self.trustRootsFile = trustRootsFile
    }

    /// The receiver's answer.
    public struct Response: Sendable, Hashable {
        public var status: Int
        /// The start of the body, for the delivery record.
        public var body: String
        /// True for 2xx.
        public var isSuccess: Bool { (200..<300).contains(status) }
        /// True when trying again later may help (a server error, too many requests, a timeout).
        public var isTemporary: Bool { status >= 500 || status == 429 || status == 408 }
    }

    /// Why a post could not be made.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Posts `body` with `headers` (Content-Type, Content-Length and Host are added).
    public func post(_ urlText: String, body: Data, headers: [(String, String)]) async throws -> Response {
        guard let url = URL(string: urlText), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            throw Failure(description: "'\(urlText.prefix(120))' is not an http(s) URL; fix the organization's webhook address")
        }
        let secure = scheme == "https"
        #if !TLS
        if secure { throw Failure(description: "this build has no TLS (built without the TLS trait); use an http:// webhook or rebuild with default traits") }
        #endif
        let port = url.port ?? (secure ? 443 : 80)
        // As written in the URL: percent-encoding kept.
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var path = components?.percentEncodedPath ?? ""
        if path.isEmpty { path = "/" }
        if let query = components?.percentEncodedQuery { path += "?" + query }
        let hostHeader = (host.contains(":") ? "[\(host)]" : host) + (url.port.map { ":\($0)" } ?? "")
        let trustRootsFile = self.trustRootsFile
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout.timeAmount)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    #if TLS
                    if secure {
                        var configuration = TLSConfiguration.makeClientConfiguration()
                        if let trustRootsFile { configuration.trustRoots = .file(trustRootsFile) }
                        let context = try NIOSSLContext(configuration: configuration)
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: context, serverHostname: SMTPClient.isAddress(host) ? nil : host))
                    }
                    #endif
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        let deadline = channel.channel.eventLoop.scheduleTask(in: timeout.timeAmount) { channel.channel.close(promise: nil) }
        defer { deadline.cancel() }
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
            head.headers.add(name: "Host", value: hostHeader)
            head.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            head.headers.add(name: "Content-Length", value: String(body.count))
            head.headers.add(name: "Connection", value: "close")
            head.headers.add(name: "User-Agent", value: "Vigil-Notices/1")
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            try await outbound.write(.head(head))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
            try await outbound.write(.end(nil))
            var status = 0
            var text = ""
            for try await part in inbound {
                switch part {
                case .head(let response): status = Int(response.status.code)
                case .body(var buffer):
                    if text.utf8.count < 2048 { text += buffer.readString(length: min(buffer.readableBytes, 2048)) ?? "" }
                case .end: return Response(status: status, body: text)
                }
            }
            // The receiver answered and closed before the end of its body (an HTTP/1.0 server, a reset): its status
            // stands — a 2xx means it took the notice, and sending it again would deliver it twice.
            if status != 0 { return Response(status: status, body: text) }
            throw Failure(description: "the webhook receiver at \(host):\(port) closed the connection without an answer (or did not answer within the timeout)")
        }
    }
}
