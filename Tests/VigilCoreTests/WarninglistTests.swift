import Testing
@testable import VigilCore

/// Warninglist matching and the reserved ranges, on small lists of each match type.
@Suite struct WarninglistTests {
    static let set = WarninglistSet([
        Warninglist(name: "resolvers", type: .cidr, list: ["8.8.8.8", "1.1.1.0/24", "2606:4700::/32", "not a network"], matchingAttributes: ["ip-dst", "domain|ip"]),
        Warninglist(name: "top sites", type: .hostname, list: ["baidu.com", ".qq.com", "*.example-cdn.net"], matchingAttributes: ["hostname", "domain", "url"]),
        Warninglist(name: "empty files", type: .string, list: ["D41D8CD98F00B204E9800998ECF8427E"], matchingAttributes: ["md5"]),
        Warninglist(name: "mail providers", type: .substring, list: ["@mail.example"], matchingAttributes: ["email-src"]),
        Warninglist(name: "crl", type: .regex, list: ["/^http:\\/\\/crl\\./i"], matchingAttributes: ["url"]),
        Warninglist(name: "by type only", type: .cidr, list: ["100.64.0.0/10"]),
    ])

    func hits(_ indicator: Indicator) -> [WarninglistHit] { Self.set.hits(indicator) }

    @Test func addressesAndNetworks() throws {
        #expect(hits(try .ip("8.8.8.8")) == [WarninglistHit(list: "resolvers", exact: true)], "a listed address")
        #expect(hits(try .ip("1.1.1.9")) == [WarninglistHit(list: "resolvers", exact: false)], "inside a listed network")
        #expect(Self.set.matches(try .ip("1.1.1.200")) == ["resolvers"])
        #expect(Self.set.matches(try .ip("8.8.4.4")).isEmpty)
        #expect(Self.set.matches(try .cidr("1.1.1.128/25")) == ["resolvers"], "inside a listed network")
        #expect(Self.set.matches(try .cidr("1.1.0.0/16")).isEmpty, "wider than the listed network")
        #expect(Self.set.matches(try .service(ip: "2606:4700::1111", port: 53, transport: .udp)) == ["resolvers"])
        #expect(Self.set.matches(try .url("http://8.8.8.8/x")).isEmpty, "the resolver list does not apply to URLs")
        #expect(Self.set.matches(try .ip("100.64.1.1")) == ["by type only"])
    }

    @Test func namesAndTheirSubdomains() throws {
        #expect(hits(try .domain("baidu.com")) == [WarninglistHit(list: "top sites", exact: true)])
        #expect(hits(try .domain("www.baidu.com")) == [WarninglistHit(list: "top sites", exact: false)])
        #expect(Self.set.matches(try .domain("im.qq.com")) == ["top sites"])
        #expect(Self.set.matches(try .url("https://a.example-cdn.net/p")) == ["top sites"])
        #expect(Self.set.matches(try .domain("notbaidu.com")).isEmpty)
        #expect(Self.set.matches(try .domain("baidu.com.evil.example")).isEmpty)
    }

    @Test func stringsSubstringsAndPatterns() throws {
        #expect(Self.set.matches(try .hash("d41d8cd98f00b204e9800998ecf8427e")) == ["empty files"])
        #expect(Self.set.matches(try .email("someone@mail.example")) == ["mail providers"])
        #expect(Self.set.matches(try .url("http://crl.example.org/ca.crl")) == ["crl"])
        #expect(Self.set.matches(try .url("http://evil.example/crl.")).isEmpty)
    }

    @Test func reservedRanges() throws {
        #expect(ReservedRanges.reservation(of: try .ip("10.1.2.3")) == "private use (RFC 1918)")
        #expect(ReservedRanges.reservation(of: try .ip("192.0.2.7"))?.contains("RFC 5737") == true)
        #expect(ReservedRanges.reservation(of: try .cidr("192.168.4.0/24")) != nil)
        #expect(ReservedRanges.reservation(of: try .cidr("192.0.0.0/8")) == nil, "a network wider than a reserved range")
        #expect(ReservedRanges.reservation(of: try .service(ip: "127.0.0.1", port: 6379, transport: .tcp)) == "loopback (RFC 1122)")
        #expect(ReservedRanges.reservation(of: try .ip("2001:db8::1")) == "documentation (RFC 3849)")
        #expect(ReservedRanges.reservation(of: try .ip("fe80::1")) != nil)
        #expect(ReservedRanges.reservation(of: try .ip("8.8.8.8")) == nil)
        #expect(ReservedRanges.reservation(of: try .ip("2400:3200::1")) == nil)
        #expect(ReservedRanges.reservation(of: try .domain("example.com")) == nil)
    }
}
