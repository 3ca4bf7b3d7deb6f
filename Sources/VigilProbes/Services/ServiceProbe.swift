import Foundation
import NIOCore
import VigilCore

/// The exposed-service probes over the network (memcached, CharGen, SSDP over UDP; Redis and any banner over TCP).
/// Each checks the scope first and reads the answers into its state machine until it is complete or the timeout passes.
public enum ServiceProbe {
    /// memcached UDP `stats` (port 11211).
    public static func memcached(_ address: IPAddress, port: Int = 11211, scope: ProbeScope, timeout: Duration = .milliseconds(1500)) async throws -> (MemcachedStats, UDPExchange.Timing) {
        let id = UInt16.random(in: 1...UInt16.max)
        return try await UDPExchange.run(MemcachedStats.request(id: id), to: address, port: port, scope: scope, timeout: timeout, machine: MemcachedStats(id: id)) { m, p in
            m.receive(p)
            return m.complete
        }
    }

    /// CharGen over UDP (port 19).
    public static func chargen(_ address: IPAddress, port: Int = 19, scope: ProbeScope, timeout: Duration = .milliseconds(1500)) async throws -> (CharGen, UDPExchange.Timing) {
        try await UDPExchange.run(CharGen.request, to: address, port: port, scope: scope, timeout: timeout, machine: CharGen()) { m, p in
            m.receive(p)
            return m.complete
        }
    }

    /// SSDP `M-SEARCH` unicast (port 1900); reads answers for the whole timeout.
    public static func ssdp(_ address: IPAddress, port: Int = 1900, scope: ProbeScope, timeout: Duration = .seconds(3)) async throws -> (SSDPSearch, UDPExchange.Timing) {
        try await UDPExchange.run(SSDPSearch.request, to: address, port: port, scope: scope, timeout: timeout, machine: SSDPSearch()) { m, p in
            m.receive(p)
            return m.complete
        }
    }

    /// Redis `INFO server` (port 6379): open, protected mode, or a password required.
    public static func redis(_ address: IPAddress, port: Int = 6379, scope: ProbeScope, timeout: Duration = .seconds(3)) async throws -> (RedisInfo, TCPExchange.Outcome) {
        try await TCPExchange.run(RedisInfo.request, to: address, port: port, scope: scope, timeout: timeout, machine: RedisInfo()) { m, data in
            m.receive(data)
            return m.complete
        }
    }

    /// A TCP connect to any port, reading its banner (after sending `request`, if given).
    public static func banner(_ address: IPAddress, port: Int, request: [UInt8]? = nil, scope: ProbeScope, timeout: Duration = .seconds(2)) async throws -> (TCPBanner, PortVerdict, TCPExchange.Outcome) {
        let (banner, outcome) = try await TCPExchange.run(request, to: address, port: port, scope: scope, timeout: timeout, machine: TCPBanner()) { m, data in
            m.receive(data)
            return m.complete
        }
        let verdict: PortVerdict = switch outcome.connection {
        case .open: banner.bytes.isEmpty ? .openSilent : .banner
        case .refused: .closed
        case .timedOut: .filtered
        case .failed: .failed
        }
        return (banner, verdict, outcome)
    }
}
