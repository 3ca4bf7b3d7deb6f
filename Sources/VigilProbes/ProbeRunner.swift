import Foundation
import Synchronization
import VigilCore

/// Runs the probes over many targets, as `vigil probe` and the re-checks do: a stateless scan finds who answers at
/// all, then each responder gets the full probe (reassembled answers, fingerprints) with bounded concurrency. Every
/// attempt of the second stage becomes ``ProbeEvidence``; the scope is checked for every packet.
public struct ProbeRunner: Sendable {
    /// The scope.
    public var scope: ProbeScope
    /// Packets (or new connections) per second.
    public var rate: Int
    /// Full probes at once.
    public var concurrency = 32
    /// The time each full probe waits for answers.
    public var timeout: Duration = .milliseconds(1500)
    /// How long the scan waits for late answers.
    public var cooldown: Duration = .seconds(2)

    /// A runner under `scope` at `rate`.
    public init(scope: ProbeScope, rate: Int) {
        self.scope = scope
        self.rate = rate
    }

    /// The addresses and ports that answered a stateless scan with `module`.
    public func responders(_ spaces: [TargetSpace], module: some UDPScanModule) async throws -> [TargetSpace.Target] {
        let found = Mutex<[TargetSpace.Target: Bool]>([:])
        for space in spaces {
            _ = try await UDPScanner.run(space, module: module, scope: scope, configuration: .init(rate: rate, cooldown: cooldown)) { reply in
                found.withLock { $0[reply.target] = true }
            }
        }
        return found.withLock { Array($0.keys) }.sorted { ($0.address.description, $0.port) < ($1.address.description, $1.port) }
    }

    /// Runs `body` for each target, `concurrency` at once, starting at most `rate` per second.
    func each(_ targets: [TargetSpace.Target], _ body: @escaping @Sendable (TargetSpace.Target) async -> [ProbeEvidence]) async -> [ProbeEvidence] {
        let interval = Duration.nanoseconds(Int64(1_000_000_000 / max(1, min(rate, 100_000))))
        var out: [ProbeEvidence] = []
        await withTaskGroup(of: [ProbeEvidence].self) { group in
            var running = 0, next = ContinuousClock.now
            for target in targets {
                if running >= concurrency, let done = await group.next() {
                    running -= 1
                    out += done
                }
                let now = ContinuousClock.now
                if next > now { try? await Task.sleep(until: next) }
                next = max(next, now) + interval
                running += 1
                group.addTask { await body(target) }
            }
            for await done in group { out += done }
        }
        return out.sorted { ($0.target, $0.probe) < ($1.target, $1.probe) }
    }

    /// NTP: scans for monlist, READVAR and time answers, then probes each responder fully. Servers that answer only
    /// the time request are listed as alive, not as findings.
    public func ntp(_ spaces: [TargetSpace]) async throws -> [ProbeEvidence] {
        let monlist = Set(try await responders(spaces, module: NTPMonlistModule()))
        let readVar = Set(try await responders(spaces, module: NTPReadVarModule()))
        let time = Set(try await responders(spaces, module: NTPTimeModule()))
        let scope = scope, timeout = timeout
        let all = Array(monlist.union(readVar).union(time)).sorted { ($0.address.description, $0.port) < ($1.address.description, $1.port) }
        return await each(all) { target in
            var out: [ProbeEvidence] = []
            let sentAt = Date()
            if monlist.contains(target), let (m, t) = try? await NTPProbe.monlist(target.address, port: target.port, scope: scope, timeout: timeout) {
                out.append(.monlist(target.address, port: target.port, m, t, sentAt: sentAt))
            }
            if readVar.contains(target), let (rv, t) = try? await NTPProbe.readVar(target.address, port: target.port, scope: scope, timeout: timeout) {
                out.append(.readVar(target.address, port: target.port, rv, t, sentAt: sentAt))
            }
            if out.allSatisfy({ !$0.positive }) { out.append(.ntpTime(target.address, port: target.port, alive: time.contains(target), sentAt: sentAt)) }
            return out
        }
    }

    /// DNS open resolvers: one stateless pass with unique names under `zone`, whose names answer `expected`.
    public func dns(_ spaces: [TargetSpace], zone: String, expected: Set<IPAddress>) async throws -> [ProbeEvidence] {
        let answers = Mutex<[TargetSpace.Target: [UInt8]]>([:])
        let module = DNSOpenResolverModule(zone: zone)
        let sentAt = Date()
        for space in spaces {
            _ = try await UDPScanner.run(space, module: module, scope: scope, configuration: .init(rate: rate, cooldown: cooldown)) { reply in
                answers.withLock { if $0[reply.target] == nil { $0[reply.target] = reply.payload } }
            }
        }
        return answers.withLock { $0 }.compactMap { target, payload -> ProbeEvidence? in
            guard let message = DNSMessage(payload), let question = message.questions.first else { return nil }
            var exchange = DNSExchange(id: message.id, name: question.name, type: question.type)
            exchange.receive(payload)
            var capture = ResponseCapture()
            capture.append(payload)
            return .openResolver(target.address, port: target.port, OpenResolverCheck.verdict(exchange, expected: expected), exchange,
                                 request: DNSMessage.query(id: message.id, name: question.name, type: question.type), response: capture, rtt: nil, sentAt: sentAt)
        }.sorted { $0.target < $1.target }
    }

    /// An exposed service: `memcached`, `chargen` and `ssdp` are scanned over UDP and each responder probed fully;
    /// `redis` and `tcp` (a banner) connect to every target.
    public func service(_ service: ExposedService, _ spaces: [TargetSpace]) async throws -> [ProbeEvidence] {
        let scope = scope, timeout = timeout
        switch service {
        case .memcached:
            return await each(try await responders(spaces, module: MemcachedModule())) { t in
                guard let (m, timing) = try? await ServiceProbe.memcached(t.address, port: t.port, scope: scope, timeout: timeout) else { return [] }
                return [.memcached(t.address, port: t.port, m, timing, sentAt: Date())]
            }
        case .chargen:
            return await each(try await responders(spaces, module: CharGenModule())) { t in
                guard let (c, timing) = try? await ServiceProbe.chargen(t.address, port: t.port, scope: scope, timeout: timeout) else { return [] }
                return [.chargen(t.address, port: t.port, c, timing, sentAt: Date())]
            }
        case .ssdp:
            return await each(try await responders(spaces, module: SSDPModule())) { t in
                guard let (s, timing) = try? await ServiceProbe.ssdp(t.address, port: t.port, scope: scope, timeout: max(timeout, .seconds(2))) else { return [] }
                return [.ssdp(t.address, port: t.port, s, timing, sentAt: Date())]
            }
        case .redis, .tcp:
            var out: [ProbeEvidence] = []
            for space in spaces {
                out += await TCPScanner.run(space, scope: scope, rate: rate, concurrency: concurrency) { t in
                    let sentAt = Date()
                    if service == .redis {
                        guard let (r, outcome) = try? await ServiceProbe.redis(t.address, port: t.port, scope: scope, timeout: max(timeout, .seconds(2))) else { return nil }
                        return .redis(t.address, port: t.port, r, outcome, sentAt: sentAt)
                    }
                    guard let (b, verdict, outcome) = try? await ServiceProbe.banner(t.address, port: t.port, scope: scope, timeout: max(timeout, .seconds(2))) else { return nil }
                    return .banner(t.address, port: t.port, b, verdict, outcome, request: nil, sentAt: sentAt)
                }.evidence
            }
            return out.sorted { $0.target < $1.target }
        }
    }

    /// Web pages: hidden links (fetched as a browser and as a spider) for each URL. A URL that cannot be fetched
    /// gives evidence with the verdict `unreachable`.
    public func http(_ urls: [URL], scanner: HiddenLinkScanner = HiddenLinkScanner()) async -> [ProbeEvidence] {
        let scope = scope, timeout = max(timeout, .seconds(10))
        var out: [ProbeEvidence] = []
        for url in urls {
            let sentAt = Date()
            do {
                out.append(.hiddenLinks(try await WebProbe.hiddenLinks(url, scanner: scanner, scope: scope, timeout: timeout), sentAt: sentAt))
            } catch let refused as ProbeRefused {
                out.append(ProbeEvidence(probe: "http-hidden-links", target: url.absoluteString, sentAt: sentAt, verdict: "refused", positive: false, reason: refused.description))
            } catch {
                out.append(ProbeEvidence(probe: "http-hidden-links", target: url.absoluteString, sentAt: sentAt, verdict: "unreachable", positive: false, reason: "\(error)"))
            }
        }
        return out
    }
}

/// The exposed services `vigil probe service` checks.
public enum ExposedService: String, Sendable, CaseIterable, Codable {
    case memcached, chargen, ssdp, redis, tcp

    /// The port a target without one gets.
    public var defaultPort: Int {
        switch self {
        case .memcached: 11211
        case .chargen: 19
        case .ssdp: 1900
        case .redis: 6379
        case .tcp: 80
        }
    }
}
