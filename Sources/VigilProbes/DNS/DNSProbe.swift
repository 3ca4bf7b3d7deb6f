import Foundation
import VigilCore

/// The DNS probes over the network: one query to one resolver (scope checked first), the open-resolver check, the
/// answer watch, and DNSSEC-validated lookups.
public enum DNSProbe {
    /// Asks `resolver` about `name`/`type`; the id is random and is the cookie.
    public static func query(
        _ resolver: IPAddress, port: Int = 53, name: String, type: UInt16, recursion: Bool = true, dnssec: Bool = false,
        watchInjection: Bool = false, scope: ProbeScope, timeout: Duration = .seconds(2)
    ) async throws -> (DNSExchange, UDPExchange.Timing) {
        let id = UInt16.random(in: 0...UInt16.max)
        let request = DNSMessage.query(id: id, name: name, type: type, recursion: recursion, dnssec: dnssec)
        return try await UDPExchange.run(request, to: resolver, port: port, scope: scope, timeout: timeout,
                                         machine: DNSExchange(id: id, name: name, type: type, watchInjection: watchInjection)) { m, p in
            m.receive(p)
            return m.complete
        }
    }

    /// The open-resolver check of `target` with a unique name under `zone`, whose names answer `expected`.
    public static func openResolver(
        _ target: IPAddress, port: Int = 53, zone: String, expected: Set<IPAddress>, scope: ProbeScope, timeout: Duration = .seconds(2)
    ) async throws -> (OpenResolverVerdict, DNSExchange, UDPExchange.Timing) {
        let name = OpenResolverCheck.name(for: target, nonce: UInt32.random(in: 0...UInt32.max), zone: zone)
        let (exchange, timing) = try await query(target, port: port, name: name, type: DNSRecordType.a, scope: scope, timeout: timeout)
        return (OpenResolverCheck.verdict(exchange, expected: expected), exchange, timing)
    }

    /// Asks `resolver` about a watched name and judges the answer against the expectation; with a validator whose
    /// anchor covers the name, the answer is also checked with DNSSEC (the zone's keys are asked of the same resolver).
    public static func watch(
        _ expectation: DNSExpectation, resolver: IPAddress, port: Int = 53, validator: DNSSECValidator? = nil,
        scope: ProbeScope, timeout: Duration = .seconds(2), now: Date = Date()
    ) async throws -> DNSWatchResult {
        let anchor = validator?.anchor(for: expectation.name)
        let (exchange, timing) = try await query(resolver, port: port, name: expectation.name, type: expectation.type, dnssec: anchor != nil,
                                                 scope: scope, timeout: timeout)
        var result = DNSWatchResult(verdict: expectation.verdict(exchange), exchange: exchange, timing: timing)
        if let validator, let anchor, let answer = exchange.answer {
            let (keys, _) = try await query(resolver, port: port, name: anchor.zone, type: DNSRecordType.dnskey, dnssec: true, scope: scope, timeout: timeout)
            if let keyAnswer = keys.answer {
                result.dnssec = validator.validate(name: expectation.name, type: expectation.type, answer: answer, keys: keyAnswer, now: now)
            } else {
                result.dnssec = .bogus("no answer to the DNSKEY query for \(anchor.zone)")
            }
        }
        return result
    }
}

/// One watched name at one resolver: the verdict on the answer, DNSSEC's where the zone is anchored, and the
/// exchange as evidence.
public struct DNSWatchResult: Sendable {
    /// The answer against the expectation.
    public var verdict: DNSAnswerVerdict
    /// DNSSEC's verdict, when the zone has a trust anchor.
    public var dnssec: DNSSECValidator.Result?
    /// The exchange.
    public var exchange: DNSExchange
    /// Timing and the raw response.
    public var timing: UDPExchange.Timing

    /// True when something is wrong: a changed answer, a failure, or bogus DNSSEC.
    public var isAlert: Bool {
        if verdict.isAlert { return true }
        if case .bogus = dnssec { return true }
        return false
    }

    /// The addresses answered.
    public var addresses: [IPAddress] { exchange.answer?.answers.compactMap(\.address) ?? [] }
}
