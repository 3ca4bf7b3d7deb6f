import Foundation
import VigilCore
import VigilProbes

/// What a watch (重大活动保障) checks every interval: names and the answers they must resolve to at given resolvers
/// (with DNSSEC where anchored), pages with their content baseline (and hidden links), and hosts that must stay
/// reachable; and whom to alert. Stored as JSON with the watch.
public struct WatchSpec: Sendable, Hashable, Codable {
    /// A name to resolve at each resolver.
    public struct Name: Sendable, Hashable, Codable {
        public var name: String
        /// `A` or `AAAA`.
        public var type: String
        /// Expected addresses and ranges.
        public var expect: [CIDRBlock]
        /// Allowed CNAME target suffixes.
        public var cnameSuffixes: [String]

        public init(name: String, type: String = "A", expect: [CIDRBlock], cnameSuffixes: [String] = []) {
            self.name = name.lowercased()
            self.type = type.uppercased()
            self.expect = expect
            self.cnameSuffixes = cnameSuffixes
        }
    }

    /// A page and its baseline (taken when the watch is added, or on its first run).
    public struct Page: Sendable, Hashable, Codable {
        public var url: String
        /// The address to connect to instead of resolving the host.
        public var connectTo: String?
        public var baseline: PageBaseline?

        public init(url: String, connectTo: String? = nil, baseline: PageBaseline? = nil) {
            self.url = url
            self.connectTo = connectTo
            self.baseline = baseline
        }
    }

    public var names: [Name]
    /// Resolvers to ask, `address` or `address:port`.
    public var resolvers: [String]
    /// DNSSEC trust anchors (`zone. IN DNSKEY 257 3 13 …`).
    public var anchors: [String]
    public var pages: [Page]
    /// Hosts that must accept TCP connections, `address:port`.
    public var hosts: [String]
    /// Whom to alert: `email:ADDRESS` or `webhook:URL`.
    public var notify: [String]
    /// Failed checks in a row before a page or host counts as unreachable.
    public var unreachableAfter: Int

    public init(names: [Name] = [], resolvers: [String] = [], anchors: [String] = [], pages: [Page] = [], hosts: [String] = [], notify: [String] = [],
                unreachableAfter: Int = 2) {
        self.names = names
        self.resolvers = resolvers
        self.anchors = anchors
        self.pages = pages
        self.hosts = hosts
        self.notify = notify
        self.unreachableAfter = max(1, unreachableAfter)
    }

    /// The contacts, as (channel, recipient).
    public var contacts: [(channel: String, recipient: String)] {
        notify.compactMap { entry in
            guard let colon = entry.firstIndex(of: ":") else { return nil }
            let channel = entry[..<colon].lowercased(), recipient = String(entry[entry.index(after: colon)...])
            return channel == "email" || channel == "webhook" ? (channel, recipient) : nil
        }
    }

    /// Checks that the specification can run: every name, range, resolver, URL, host and contact readable.
    public func validate() throws {
        func fail(_ why: String) -> ValidationFailure { ValidationFailure(description: why) }
        guard !(names.isEmpty && pages.isEmpty && hosts.isEmpty) else { throw fail("a watch needs at least one name, page or host") }
        if !names.isEmpty && resolvers.isEmpty { throw fail("names need at least one resolver to ask (address or address:port)") }
        for n in names where DNSRecordType.named(n.type) == nil || (n.type != "A" && n.type != "AAAA") { throw fail("\(n.name): the type is A or AAAA") }
        for n in names where n.expect.isEmpty && n.cnameSuffixes.isEmpty { throw fail("\(n.name): give the expected addresses (or CNAME suffixes)") }
        for r in resolvers where Self.endpoint(r, defaultPort: 53) == nil { throw fail("resolver '\(r)' is not an address or address:port") }
        for a in anchors where DNSSECValidator.TrustAnchor(a) == nil { throw fail("trust anchor '\(a.prefix(60))' is not a DNSKEY line") }
        for p in pages {
            guard let url = URL(string: p.url), url.scheme == "http" || url.scheme == "https", url.host != nil else { throw fail("page '\(p.url)' is not an http(s) URL") }
            if let c = p.connectTo, IPAddress(c) == nil { throw fail("page '\(p.url)': connect-to '\(c)' is not an address") }
        }
        for h in hosts where Self.endpoint(h, defaultPort: 0).map({ $0.port == 0 }) ?? true { throw fail("host '\(h)' is not address:port") }
        for n in notify where !contacts.contains(where: { "\($0.channel):\($0.recipient)" == n }) { throw fail("notify '\(n)' is not email:ADDRESS or webhook:URL") }
    }

    /// `address[:port]` (or `[v6]:port`) as an address and port.
    static func endpoint(_ text: String, defaultPort: Int) -> (address: IPAddress, port: Int)? {
        guard let spaces = try? TargetSpace.parse([text], defaultPorts: [defaultPort]), spaces.count == 1, spaces[0].count == 1 else { return nil }
        let t = spaces[0].target(at: 0)
        return (t.address, t.port)
    }

    /// A specification that cannot run, and why.
    public struct ValidationFailure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }
}
