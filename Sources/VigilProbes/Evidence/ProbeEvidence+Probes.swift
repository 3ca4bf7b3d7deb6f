import Foundation
import VigilCore

extension ProbeEvidence {
    static func udpTarget(_ address: IPAddress, _ port: Int) -> String {
        address.bitWidth == 128 ? "[\(address)]:\(port)/udp" : "\(address):\(port)/udp"
    }

    /// Evidence of a monlist probe.
    public static func monlist(_ address: IPAddress, port: Int, _ m: NTPMonlist, _ timing: UDPExchange.Timing, sentAt: Date) -> ProbeEvidence {
        let positive = m.verdict == .monlistAmplifier
        var e = ProbeEvidence(probe: "ntp-monlist", target: udpTarget(address, port), address: address.description, port: port, sentAt: sentAt,
                              verdict: m.verdict.rawValue, positive: positive,
                              reason: positive ? "mode 7 monlist lists \(m.items) clients in \(m.packets) packets" : m.verdict == .mode7EnabledNoData ? "mode 7 answers, monitor off" : "no monlist answer")
        e.record(request: NTPMonlist.request(), response: timing.response, rtt: timing.firstAnswer)
        e.fields = ["items": String(m.items), "peers": String(m.peers.count), "complete": String(m.complete)]
        return e
    }

    /// Evidence of a mode 6 READVAR probe: the version and system strings are the device's fingerprint.
    public static func readVar(_ address: IPAddress, port: Int, _ rv: NTPReadVar, _ timing: UDPExchange.Timing, sentAt: Date) -> ProbeEvidence {
        let positive = rv.verdict == .mode6Responder
        var e = ProbeEvidence(probe: "ntp-readvar", target: udpTarget(address, port), address: address.description, port: port, sentAt: sentAt,
                              verdict: rv.verdict.rawValue, positive: positive,
                              reason: positive ? "mode 6 READVAR answered: \(rv.variables["version"] ?? "version not given")" : "mode 6 silent")
        e.record(request: NTPReadVar.request(sequence: rv.sequence), response: timing.response, rtt: timing.firstAnswer)
        for key in ["version", "system", "processor", "stratum", "refid"] { if let v = rv.variables[key] { e.fields[key] = String(v.prefix(200)) } }
        return e
    }

    /// Evidence of a mode 3 liveness probe.
    public static func ntpTime(_ address: IPAddress, port: Int, alive: Bool, sentAt: Date) -> ProbeEvidence {
        ProbeEvidence(probe: "ntp-time", target: udpTarget(address, port), address: address.description, port: port, sentAt: sentAt,
                      verdict: alive ? "alive" : "silent", positive: false, reason: alive ? "answers time requests (mode 3)" : "no time service")
    }

    /// Evidence of a memcached `stats` probe.
    public static func memcached(_ address: IPAddress, port: Int, _ m: MemcachedStats, _ timing: UDPExchange.Timing, sentAt: Date) -> ProbeEvidence {
        let positive = m.verdict == .amplifier
        var e = ProbeEvidence(probe: "memcached-stats", target: udpTarget(address, port), address: address.description, port: port, sentAt: sentAt,
                              verdict: m.verdict.rawValue, positive: positive,
                              reason: positive ? "memcached answers stats over UDP (\(m.stats["version"].map { "version \($0)" } ?? "no version"))" : "no answer")
        e.record(request: MemcachedStats.request(id: m.id), response: timing.response, rtt: timing.firstAnswer)
        if let v = m.stats["version"] { e.fields["version"] = v }
        return e
    }

    /// Evidence of a CharGen probe.
    public static func chargen(_ address: IPAddress, port: Int, _ c: CharGen, _ timing: UDPExchange.Timing, sentAt: Date) -> ProbeEvidence {
        var e = ProbeEvidence(probe: "chargen", target: udpTarget(address, port), address: address.description, port: port, sentAt: sentAt,
                              verdict: c.verdict.rawValue, positive: c.verdict == .amplifier,
                              reason: c.verdict == .amplifier ? "CharGen answers \(c.responseBytes) B to 1 B" : "no answer")
        e.record(request: CharGen.request, response: timing.response, rtt: timing.firstAnswer)
        return e
    }

    /// Evidence of an SSDP probe.
    public static func ssdp(_ address: IPAddress, port: Int, _ s: SSDPSearch, _ timing: UDPExchange.Timing, sentAt: Date) -> ProbeEvidence {
        var e = ProbeEvidence(probe: "ssdp", target: udpTarget(address, port), address: address.description, port: port, sentAt: sentAt,
                              verdict: s.verdict.rawValue, positive: s.verdict == .amplifier,
                              reason: s.verdict == .amplifier ? "\(s.answers.count) SSDP answers to one M-SEARCH" : "no answer")
        e.record(request: SSDPSearch.request, response: timing.response, rtt: timing.firstAnswer)
        if let first = s.answers.first {
            for key in ["server", "location", "st", "usn"] { if let v = first.headers[key] { e.fields[key] = String(v.prefix(200)) } }
        }
        return e
    }

    /// Evidence of a Redis probe.
    public static func redis(_ address: IPAddress, port: Int, _ r: RedisInfo, _ outcome: TCPExchange.Outcome, sentAt: Date) -> ProbeEvidence {
        let verdict = outcome.connection == .open ? r.verdict.rawValue : outcome.connection.rawValue
        let positive = outcome.connection == .open && (r.verdict == .open || r.verdict == .protectedMode)
        let reason = switch (outcome.connection, r.verdict) {
        case (.open, .open): "Redis answers anyone without a password"
        case (.open, .protectedMode): "Redis is exposed (protected mode refuses outside clients, but it has no password)"
        case (.open, .authenticationRequired): "Redis requires a password"
        case (.open, _): "something else listens: \(r.firstLine.prefix(80))"
        default: "port \(outcome.connection.rawValue)"
        }
        var e = ProbeEvidence(probe: "redis", target: "\(address):\(port)/tcp", address: address.description, port: port, sentAt: sentAt,
                              verdict: verdict, positive: positive, reason: reason)
        e.record(request: RedisInfo.request, response: outcome.response, rtt: outcome.firstByte)
        e.amplification = nil
        if let v = r.fields["redis_version"] { e.fields["version"] = v }
        return e
    }

    /// Evidence of a TCP connect with banner.
    public static func banner(_ address: IPAddress, port: Int, _ b: TCPBanner, _ verdict: PortVerdict, _ outcome: TCPExchange.Outcome, request: [UInt8]?, sentAt: Date) -> ProbeEvidence {
        var e = ProbeEvidence(probe: "tcp-banner", target: "\(address):\(port)/tcp", address: address.description, port: port, sentAt: sentAt,
                              verdict: verdict.rawValue, positive: verdict == .banner || verdict == .openSilent,
                              reason: verdict == .banner ? "open: \(b.text.prefix(120))" : "port \(verdict.rawValue)")
        e.record(request: request, response: outcome.response, rtt: outcome.connectTime)
        e.amplification = nil
        if !b.text.isEmpty { e.fields["banner"] = String(b.text.prefix(200)) }
        return e
    }

    /// Evidence of an open-resolver check.
    public static func openResolver(_ address: IPAddress, port: Int, _ verdict: OpenResolverVerdict, _ exchange: DNSExchange, request: [UInt8]?, response: ResponseCapture,
                                    rtt: Double?, sentAt: Date) -> ProbeEvidence {
        let reason = switch verdict {
        case .openResolver: "resolves our unique name for anyone"
        case .bogusResolver: "resolves for anyone and answers wrongly"
        case .recursionFailed: "offers recursion to anyone (it failed this time)"
        case .closed: "no recursion for outsiders"
        case .silent: "no answer"
        }
        var e = ProbeEvidence(probe: "dns-open-resolver", target: udpTarget(address, port), address: address.description, port: port, sentAt: sentAt,
                              verdict: verdict.rawValue, positive: verdict.isOpen, reason: reason)
        e.record(request: request, response: response, rtt: rtt)
        if let answer = exchange.answer {
            e.fields["rcode"] = answer.responseCode?.mnemonic ?? String(answer.rawResponseCode)
            e.fields["ra"] = String(answer.recursionAvailable)
            e.fields["answers"] = answer.answers.map(\.presentation).joined(separator: " ")
        }
        return e
    }

    /// Evidence of one watched name at one resolver.
    public static func dnsAnswer(_ expectation: DNSExpectation, resolver: IPAddress, port: Int, _ result: DNSWatchResult, sentAt: Date) -> ProbeEvidence {
        var reason = "\(expectation.name): \(result.verdict.rawValue)"
        if !result.addresses.isEmpty { reason += " (\(result.addresses.map(\.description).joined(separator: ", ")))" }
        if let dnssec = result.dnssec { reason += "; DNSSEC \(dnssec)" }
        var e = ProbeEvidence(probe: "dns-answer", target: "\(expectation.name)@\(udpTarget(resolver, port))", address: resolver.description, port: port,
                              sentAt: sentAt, verdict: result.verdict.rawValue, positive: result.isAlert, reason: reason)
        e.record(request: DNSMessage.query(id: result.exchange.id, name: expectation.name, type: expectation.type), response: result.timing.response, rtt: result.timing.firstAnswer)
        e.amplification = nil
        e.fields["name"] = expectation.name
        e.fields["answers"] = result.exchange.answer?.answers.map(\.presentation).joined(separator: " ") ?? ""
        if let dnssec = result.dnssec { e.fields["dnssec"] = dnssec.description }
        return e
    }

    /// Evidence of a hidden-link check (two fetches).
    public static func hiddenLinks(_ report: WebProbe.HiddenLinkReport, sentAt: Date) -> ProbeEvidence {
        let verdict = report.verdict
        let links = report.all
        let reason = switch verdict {
        case .clean: "no hidden links to other sites"
        case .hiddenLinks: "\(links.count) hidden links to other sites: \(Set(links.map(\.host)).sorted().prefix(5).joined(separator: ", "))"
        case .cloaking: "\(report.cloakedLinks.count) hidden links shown to search spiders only (cloaking)"
        }
        var e = ProbeEvidence(probe: "http-hidden-links", target: report.browser.redirects.first ?? report.browser.url.absoluteString,
                              address: report.browser.address.description, port: report.browser.url.port, sentAt: sentAt,
                              verdict: verdict.rawValue, positive: verdict != .clean, reason: reason)
        var capture = ResponseCapture()
        capture.append(report.browser.body)
        e.record(request: nil, response: capture, rtt: report.browser.firstByte)
        e.fields = ["status": String(report.browser.status), "spider_status": String(report.spider.status), "hidden": String(links.count),
                    "cloaked": String(report.cloakedLinks.count), "hosts": Set(links.map(\.host)).sorted().joined(separator: " "),
                    "keywords": Set(links.flatMap(\.keywords)).sorted().joined(separator: " "), "final_url": report.browser.url.absoluteString]
        if let first = links.first { e.fields["example"] = "\(first.snippet) → \(first.url) [\(first.reasons.joined(separator: "; "))]" }
        return e
    }

    /// Evidence of a defacement check.
    public static func defacement(_ check: DefacementCheck, _ response: HTTPFetch.Response, sentAt: Date) -> ProbeEvidence {
        var e = ProbeEvidence(probe: "http-defacement", target: response.redirects.first ?? response.url.absoluteString, address: response.address.description,
                              port: response.url.port, sentAt: sentAt, verdict: check.verdict.rawValue, positive: check.verdict == .defaced,
                              reason: String(format: "%@: text %.2f, structure %.2f%@%@", check.verdict.rawValue, check.textSimilarity, check.structureSimilarity,
                                             check.keywords.isEmpty ? "" : ", keywords " + check.keywords.joined(separator: ", "),
                                             check.newLinkHosts.isEmpty ? "" : ", new link hosts " + check.newLinkHosts.prefix(5).joined(separator: ", ")))
        var capture = ResponseCapture()
        capture.append(response.body)
        e.record(request: nil, response: capture, rtt: response.firstByte)
        e.fields = ["status": String(response.status), "title_changed": String(check.titleChanged), "new_link_hosts": check.newLinkHosts.joined(separator: " ")]
        return e
    }
}
