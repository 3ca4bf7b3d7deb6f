import Testing
@testable import VigilProbes

/// The NTP probes' wire formats, byte for byte as PROBES.md records them from nmap, zmap, ntpsec and the monlist
/// double, without sockets.
@Suite struct NTPCodecTests {
    /// A monlist answer like `fake_monlist.py`'s: `total` entries, 6 to a packet, the M bit on all but the last.
    static func monlistAnswer(total: Int) -> [[UInt8]] {
        var items: [[UInt8]] = []
        for i in 0..<total {
            var item = [UInt8](repeating: 0, count: 72)
            func put32(_ v: UInt32, at o: Int) { for k in 0..<4 { item[o + k] = UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32(k))) } }
            put32(UInt32(i), at: 0); put32(UInt32(i + 60), at: 4); put32(UInt32(1 + i), at: 12)
            item[16...19] = [203, 0, 113, UInt8(i % 250 + 1)][...]
            item[20...23] = [198, 51, 100, 1][...]
            put32(1, at: 24); item[28] = 0; item[29] = 123; item[30] = 3; item[31] = 4
            items.append(item)
        }
        let chunks = stride(from: 0, to: max(items.count, 1), by: 6).map { Array(items[$0..<min($0 + 6, items.count)]) }
        return chunks.enumerated().map { seq, chunk in
            let more: UInt8 = seq < chunks.count - 1 ? 0x40 : 0
            return [0x80 | more | 0x10 | 7, UInt8(seq & 0x7F), 3, 42, UInt8(chunk.count >> 8), UInt8(chunk.count & 0xFF), 0, 72] + chunk.flatMap { $0 }
        }
    }

    @Test func monlistRequestAndAnswer() {
        #expect(NTPMonlist.request() == [0x17, 0x00, 0x03, 0x2A] + [UInt8](repeating: 0, count: 44))
        #expect(NTPMonlist.request(length: 192).count == 192)
        var exchange = NTPMonlist()
        #expect(exchange.verdict == .silent)
        let answer = Self.monlistAnswer(total: 600)
        #expect(answer.count == 100 && answer[0].count == 440 && answer[0][0] == 0xD7 && answer[99][0] == 0x97)
        let taken1 = exchange.receive(NTPMonlist.request())
        #expect(!taken1, "our own request echoed back is not an answer")
        let taken2 = exchange.receive([0x97, 0, 3, 20, 0, 1, 0, 72] + [UInt8](repeating: 0, count: 72))
        #expect(!taken2, "another request code")
        let taken3 = exchange.receive([0x97, 0, 3, 42, 0, 8, 0, 72] + [UInt8](repeating: 0, count: 72))
        #expect(!taken3, "more items than the packet holds")
        for p in answer { exchange.receive(p) }
        #expect(exchange.complete && exchange.packets == 100 && exchange.items == 600 && exchange.ignored == 3)
        #expect(exchange.peers.count == 250, "distinct client addresses")
        #expect(exchange.responseBytes == 44_000 && exchange.verdict == .monlistAmplifier)
        #expect(Int(exchange.amplification.rounded()) == 917, "44,000 B for 48 B: the 916x of PROBES.md")
    }

    @Test func monlistErrorsAndCap() {
        var off = NTPMonlist()
        off.receive([0x97, 0, 3, 42, 0x40, 0, 0, 0])  // err 4: no data
        #expect(off.verdict == .mode7EnabledNoData && off.complete && off.errorCode == 4)
        var refused = NTPMonlist()
        refused.receive([0x97, 0, 3, 42, 0x20, 0, 0, 0])  // err 2: unimplemented
        #expect(refused.verdict == .notVulnerable)
        var flood = NTPMonlist()
        let packet = Self.monlistAnswer(total: 12)[0]
        for _ in 0..<500 { flood.receive(packet) }
        #expect(flood.packets == NTPMonlist.packetCap && flood.ignored == 500 - NTPMonlist.packetCap, "reading stops at the cap")
    }

    @Test func readVarRequestFragmentsAndVariables() {
        #expect(NTPReadVar.request(sequence: 1) == [0x16, 0x02, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0])
        let text = Array(#"version="ntpd ntpsec-1.2.2 2023-05-07T04:39:26Z", processor="x86_64", system="Linux/6.1.0-13-amd64", leap=0, stratum=2, refid=192.0.2.1"#.utf8)
        func fragment(_ bytes: ArraySlice<UInt8>, offset: Int, more: Bool, sequence: UInt16 = 0xBEEF) -> [UInt8] {
            [0x16, 0x82 | (more ? 0x20 : 0), UInt8(sequence >> 8), UInt8(sequence & 0xFF), 0x06, 0x15, 0, 0,
             UInt8(offset >> 8), UInt8(offset & 0xFF), UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + Array(bytes)
        }
        var exchange = NTPReadVar(sequence: 0xBEEF)
        let split = 60
        // The second fragment first, a stranger's answer, then the first: reassembled by offset.
        let taken4 = exchange.receive(fragment(text[split...], offset: split, more: false))
        #expect(taken4)
        let taken5 = exchange.receive(fragment(text[..<split], offset: 0, more: true, sequence: 0x0001))
        #expect(!taken5, "another probe's sequence")
        #expect(!exchange.complete)
        let taken6 = exchange.receive(fragment(text[..<split], offset: 0, more: true))
        #expect(taken6)
        #expect(exchange.complete && exchange.packets == 2 && exchange.ignored == 1)
        let v = exchange.variables
        #expect(v["version"] == "ntpd ntpsec-1.2.2 2023-05-07T04:39:26Z" && v["system"] == "Linux/6.1.0-13-amd64" && v["stratum"] == "2")
        #expect(exchange.verdict == .mode6Responder && exchange.amplification > 10)
        var silent = NTPReadVar(sequence: 7)
        let taken7 = silent.receive([0x16, 0x02, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(!taken7, "a request (R bit clear) is not an answer")
        #expect(silent.verdict == .silent)
    }

    @Test func clientPacketCookie() {
        let cookie: UInt64 = 0x0123_4567_89AB_CDEF
        let request = NTPClientPacket.request(cookie: cookie)
        #expect(request.count == 48 && request[0] == 0x23 && Array(request[40...47]) == [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF])
        var reply = [UInt8](repeating: 0, count: 48)
        reply[0] = 0x24; reply[1] = 2
        reply[24...31] = request[40...47]
        #expect(NTPClientPacket.isReply(reply, cookie: cookie) && NTPClientPacket.stratum(reply) == 2)
        #expect(!NTPClientPacket.isReply(reply, cookie: cookie + 1), "another probe's reply")
        #expect(!NTPClientPacket.isReply(request, cookie: cookie), "a client packet is not a reply")
    }

    @Test func recheckVerdictsNeverCallSilenceFixed() {
        #expect(RecheckVerdict.from(vulnerable: true, alive: true) == .stillPresent)
        #expect(RecheckVerdict.from(vulnerable: false, alive: true) == .fixedServiceAlive)
        #expect(RecheckVerdict.from(vulnerable: false, alive: false) == .unreachable, "silence is inconclusive, not fixed")
    }
}

