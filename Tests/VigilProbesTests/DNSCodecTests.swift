import Foundation
import Testing
import VigilCore
@testable import VigilProbes

/// The DNS message codec on hand-made bytes: queries, compression, bounds, and the verdicts on parsed answers.
@Suite struct DNSCodecTests {
    @Test func queriesAreWhatTheReferenceProbeSends() {
        // PROBES.md: a scan-name query is 53 bytes; RD set, one question, class IN.
        let q = DNSMessage.query(id: 0x1234, name: "0acb0002-6059b68c.scan.example.test", type: DNSRecordType.a)
        #expect(q.count == 53)
        #expect(Array(q.prefix(12)) == [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0])
        #expect(Array(q.suffix(4)) == [0, 1, 0, 1])
        let signed = DNSMessage.query(id: 1, name: "Example.Test.", type: DNSRecordType.dnskey, recursion: false, dnssec: true)
        #expect(signed[2] == 0 && signed[3] == 0x10 && signed[11] == 1, "CD set, RD clear, one additional record")
        #expect(Array(signed.suffix(11)) == [0, 0, 41, 0x04, 0xD0, 0, 0, 0x80, 0, 0, 0], "OPT with DO and a 1232-byte size")
        #expect(Array(signed[12..<26]) == DNSMessage.encode(name: "example.test") && DNSMessage.encode(name: "example.test").count == 14)
    }

    /// A response to `www.example.test A` with a compressed owner, a CNAME whose target is compressed, and an A.
    static func response(rcode: UInt8 = 0, ra: Bool = true) -> [UInt8] {
        var m: [UInt8] = [0xAB, 0xCD, 0x81, (ra ? 0x80 : 0) | rcode, 0, 1, 0, 2, 0, 0, 0, 0]
        m += DNSMessage.encode(name: "www.example.test") + [0, 1, 0, 1]
        m += [0xC0, 12, 0, 5, 0, 1, 0, 0, 0x0E, 0x10, 0, 6, 3] + Array("cdn".utf8) + [0xC0, 16] // www → cdn.example.test
        m += [0xC0, 46, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 198, 51, 100, 30] // cdn.example.test A
        return m
    }

    @Test func compressionIsFollowedAndNamesInDataAreExpanded() throws {
        let message = try #require(DNSMessage(Self.response()))
        #expect(message.id == 0xABCD && message.isResponse && message.recursionAvailable && message.responseCode == .noError)
        #expect(message.questions == [DNSMessage.Question(name: "www.example.test", type: 1)])
        #expect(message.answers.map(\.name) == ["www.example.test", "cdn.example.test"])
        #expect(message.answers[0].target == "cdn.example.test" && message.answers[0].data == DNSMessage.encode(name: "cdn.example.test"))
        #expect(message.answers[1].address == IPAddress("198.51.100.30") && message.answers[1].ttl == 60)
    }

    @Test func malformedMessagesAreRefused() {
        var loop = Self.response()
        loop[loop.count - 16 - 2] = 0xC0 // the CNAME target's pointer now points at itself
        loop[loop.count - 16 - 1] = UInt8(loop.count - 16 - 2)
        #expect(DNSMessage(loop) == nil, "a pointer loop ends")
        #expect(DNSMessage(Array(Self.response().dropLast(3))) == nil, "a cut record")
        #expect(DNSMessage([1, 2, 3]) == nil)
    }

    @Test func verdictsOnAnswers() throws {
        var exchange = DNSExchange(id: 0xABCD, name: "www.example.test", type: DNSRecordType.a)
        exchange.receive(DNSMessage.query(id: 0xABCD, name: "www.example.test", type: 1)) // not a response
        exchange.receive(Array(Self.response().dropFirst(2)))                            // malformed
        exchange.receive(Self.response())
        #expect(exchange.mismatched == 2 && exchange.complete)
        let cdn = DNSExpectation(name: "WWW.example.test.", ranges: [], cnameSuffixes: ["example.test"])
        let range = DNSExpectation(name: "www.example.test", ranges: [try #require(CIDRBlock("198.51.100.0/28"))])
        #expect(cdn.verdict(exchange) == .consistent && range.verdict(exchange) == .changed, "198.51.100.30 is outside /28")
        #expect(OpenResolverCheck.verdict(exchange, expected: [try #require(IPAddress("198.51.100.30"))]) == .openResolver)

        var refused = DNSExchange(id: 0xABCD, name: "www.example.test", type: 1)
        refused.receive(Self.response(rcode: 5, ra: false))
        #expect(OpenResolverCheck.verdict(refused, expected: []) == .closed && range.verdict(refused) == .refused)
        var nx = DNSExchange(id: 0xABCD, name: "www.example.test", type: 1, watchInjection: true)
        nx.receive(Self.response(rcode: 3))
        #expect(!nx.complete && range.verdict(nx) == .nxdomain && OpenResolverCheck.verdict(nx, expected: []) == .recursionFailed)
        nx.receive(Self.response())
        #expect(range.verdict(nx) == .injected, "two different answers to one query")
        #expect(OpenResolverCheck.name(for: try #require(IPAddress("10.203.0.2")), nonce: 0x6059b68c, zone: "Scan.Example.Test") == "0acb0002-6059b68c.scan.example.test")
    }

    @Test func trustAnchorsAreReadInBothSpellings() throws {
        let key = "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=="
        let zoneLine = try #require(DNSSECValidator.TrustAnchor("example.test. 3600 IN DNSKEY 257 3 13 \(key)"))
        let bind = try #require(DNSSECValidator.TrustAnchor("example.test. static-key 257 3 13 \"\(key)\";"))
        #expect(zoneLine == bind && zoneLine.zone == "example.test" && zoneLine.key.count == 4 + 64 && zoneLine.key.prefix(4) == [1, 1, 3, 13])
        #expect(DNSSECValidator.TrustAnchor("example.test. IN A 192.0.2.1") == nil)
        #expect(DNSSECValidator(anchors: [zoneLine]).anchor(for: "a.b.Example.test") == zoneLine)
        #expect(DNSSECValidator(anchors: [zoneLine]).anchor(for: "notexample.test") == nil)
    }
}
