import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOHTTP1
import NIOPosix
import VigilCore
#if TLS
import NIOSSL
#endif

/// One page fetched over HTTP/1.1 (or HTTPS) through SwiftNIO, as a probe: the host is resolved and every address is
/// checked against the scope before connecting, redirects are followed (at most ``maxRedirects``, each hop checked
/// again), the body is read up to a cap, and the whole exchange is kept as evidence. Certificates are not verified:
/// a probe looks at what a server serves, valid certificate or not (the certificate problem is recorded).
public struct HTTPFetch: Sendable {
    /// The identifying user agent of Vigil's probes: a browser's, so that pages answer as they answer visitors, with
    /// Vigil's name on it.
    public static let probeUserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Vigil-Probe/1"
    /// A search spider's user agent, for the second fetch that uncovers cloaking.
    public static let spiderUserAgent = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
    /// A search result page as the referrer of the spider fetch.
    public static let spiderReferer = "https://www.baidu.com/s?wd=site"

    /// At most this many redirects are followed.
    public static let maxRedirects = 5

    /// What a fetch got.
    public struct Response: Sendable, Hashable {
        /// The URL of the final answer, and those that redirected to it.
        public var url: URL
        public var redirects: [String] = []
        /// The address connected to.
        public var address: IPAddress
        public var status: Int
        /// Headers in order, names as sent.
        public var headers: [(name: String, value: String)] = []
        /// The body, up to the cap.
        public var body: [UInt8] = []
        /// True when the body was longer than the cap.
        public var truncated = false
        /// Seconds to the first byte of the answer.
        public var firstByte: Double?
        /// The user agent used.
        public var userAgent: String

        /// The first header with this name (case-insensitive).
        public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

        /// The body as text, in its declared character set (GBK, Big5 … converted; UTF-8 otherwise).
        public var text: String { PageCharset.text(body, contentType: header("content-type")) }

        public static func == (l: Response, r: Response) -> Bool {
            l.url == r.url && l.status == r.status && l.body == r.body && l.redirects == r.redirects && l.address == r.address
        }

        public func hash(into h: inout Hasher) {
            h.combine(url)
            h.combine(status)
            h.combine(body)
        }
    }

    /// Why a fetch failed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The user agent.
    public var userAgent: String
    /// The referrer, if any.
    public var referer: String?
    /// The body cap.
    public var maxBody: Int
    /// The time allowed for each hop (connect, answer and body).
    public var timeout: Duration

    /// A fetcher.
    public init(userAgent: String = HTTPFetch.probeUserAgent, referer: String? = nil, maxBody: Int = 2 << 20, timeout: Duration = .seconds(10)) {
        self.userAgent = userAgent
        self.referer = referer
        self.maxBody = maxBody
        self.timeout = timeout
    }

    /// Fetches `url`. With `connectTo`, that address is used instead of resolving the host (as curl's `--resolve`).
    /// Throws ``ProbeRefused`` before connecting when the scope refuses the address, and ``Failure`` when nothing
    /// usable came back.
    public func get(_ url: URL, connectTo: IPAddress? = nil, scope: ProbeScope) async throws -> Response {
        var current = url
        var redirects: [String] = []
        while true {
            guard let scheme = current.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = current.host, !host.isEmpty else {
                throw Failure(description: "\(current.absoluteString.prefix(200)) is not an http(s) URL")
            }
            let address: IPAddress
            if let connectTo, current.host == url.host {
                address = connectTo
            } else if let literal = IPAddress(host.trimmingCharacters(in: ["[", "]"])) {
                address = literal
            } else {
                address = try await Self.resolve(host)
            }
            if case .refused(let why) = scope.check(address) { throw ProbeRefused(target: "\(address) (\(host))", reason: why) }
            // A connection that breaks before any answer (a reset, a server too busy to answer in time) is tried once more.
            var response: Response
            do {
                response = try await exchange(current, address: address, secure: scheme == "https")
            } catch is Failure {
                response = try await exchange(current, address: address, secure: scheme == "https")
            }
            if [301, 302, 303, 307, 308].contains(response.status), let location = response.header("location"),
               let next = URL(string: location, relativeTo: current)?.absoluteURL, redirects.count < Self.maxRedirects {
                redirects.append(current.absoluteString)
                current = next
                continue
            }
            response.redirects = redirects
            return response
        }
    }

    /// The first address of `host` from the system resolver.
    static func resolve(_ host: String) async throws -> IPAddress {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var hints = addrinfo()
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var result: UnsafeMutablePointer<addrinfo>?
                let status = getaddrinfo(host, nil, &hints, &result)
                defer { if let result { freeaddrinfo(result) } }
                var node = result
                while status == 0, let info = node {
                    if let ip = info.pointee.ai_addr.flatMap(Self.address) {
                        continuation.resume(returning: ip)
                        return
                    }
                    node = info.pointee.ai_next
                }
                continuation.resume(throwing: Failure(description: "\(host) does not resolve (\(String(cString: gai_strerror(status))))"))
            }
        }
    }

    /// The address in a `sockaddr` (IPv4 or IPv6).
    static func address(_ sockaddr: UnsafeMutablePointer<sockaddr>) -> IPAddress? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(sockaddr.pointee.sa_family) {
        case AF_INET:
            var a = sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            guard inet_ntop(AF_INET, &a, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        case AF_INET6:
            var a = sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            guard inet_ntop(AF_INET6, &a, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        default:
            return nil
        }
        return IPAddress(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    private func exchange(_ url: URL, address: IPAddress, secure: Bool) async throws -> Response {
        #if !TLS
        if secure { throw Failure(description: "this build has no TLS (built without the TLS trait); rebuild with default traits to fetch https URLs") }
        #endif
        let host = url.host ?? address.description
        let port = url.port ?? (secure ? 443 : 80)
        let remote = try SocketAddress(ipAddress: address.description, port: port)
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var path = components?.percentEncodedPath ?? "/"
        if path.isEmpty { path = "/" }
        if let query = components?.percentEncodedQuery { path += "?" + query }
        let hostHeader = (host.contains(":") ? "[\(host)]" : host) + (url.port.map { ":\($0)" } ?? "")
        let started = ContinuousClock.now
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(timeout.timeAmount)
                .connect(to: remote) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        #if TLS
                        if secure {
                            var configuration = TLSConfiguration.makeClientConfiguration()
                            configuration.certificateVerification = .none
                            let context = try NIOSSLContext(configuration: configuration)
                            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: IPAddress(host) == nil ? host : nil))
                        }
                        #endif
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw Failure(description: "cannot connect to \(address):\(port) for \(url.absoluteString.prefix(200)): \(error)")
        }
        let raw = channel.channel
        let timer = raw.eventLoop.scheduleTask(in: timeout.timeAmount) { raw.close(promise: nil) }
        defer { timer.cancel() }
        var response = Response(url: url, address: address, status: 0, userAgent: userAgent)
        let maxBody = self.maxBody
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
        head.headers.add(name: "Host", value: hostHeader)
        head.headers.add(name: "User-Agent", value: userAgent)
        head.headers.add(name: "Accept", value: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
        head.headers.add(name: "Accept-Language", value: "zh-CN,zh;q=0.9,en;q=0.5")
        if let referer { head.headers.add(name: "Referer", value: referer) }
        head.headers.add(name: "Connection", value: "close")
        do {
            try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(.head(head))
                try await outbound.write(.end(nil))
                for try await part in inbound {
                    switch part {
                    case .head(let h):
                        response.status = Int(h.status.code)
                        response.headers = h.headers.map { ($0.name, $0.value) }
                        response.firstByte = (ContinuousClock.now - started).seconds
                    case .body(let buffer):
                        let room = maxBody - response.body.count
                        if buffer.readableBytes > room {
                            response.body += buffer.readableBytesView.prefix(room)
                            response.truncated = true
                            return
                        }
                        response.body += buffer.readableBytesView
                    case .end:
                        return
                    }
                }
            }
        } catch {
            if response.status == 0 { throw Failure(description: "no answer from \(address):\(port) for \(url.absoluteString.prefix(200)): \(error)") }
        }
        guard response.status != 0 else { throw Failure(description: "\(address):\(port) closed the connection without answering \(url.absoluteString.prefix(200))") }
        return response
    }
}
