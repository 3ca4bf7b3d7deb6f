import Foundation
import NIOCore
import VigilCore

/// The NTP probes over the network: each checks the scope first, sends one request, and reads the answers into its
/// state machine until it is complete or the timeout passes.
public enum NTPProbe {
    /// Mode 7 monlist: a reflector lists its clients (`NTPMonlist.verdict`, items, bytes, amplification).
    public static func monlist(_ address: IPAddress, port: Int = 123, scope: ProbeScope, timeout: Duration = .milliseconds(1500)) async throws -> (NTPMonlist, UDPExchange.Timing) {
        let request = NTPMonlist.request()
        return try await UDPExchange.run(request, to: address, port: port, scope: scope, timeout: timeout, machine: NTPMonlist(requestBytes: request.count)) { m, p in
            m.receive(p)
            return m.complete
        }
    }

    /// Mode 6 READVAR of the system variables (`NTPReadVar.variables`: version, system …).
    public static func readVar(_ address: IPAddress, port: Int = 123, scope: ProbeScope, timeout: Duration = .milliseconds(1500)) async throws -> (NTPReadVar, UDPExchange.Timing) {
        let sequence = UInt16.random(in: 1...UInt16.max)
        return try await UDPExchange.run(NTPReadVar.request(sequence: sequence), to: address, port: port, scope: scope, timeout: timeout,
                                         machine: NTPReadVar(sequence: sequence)) { m, p in
            m.receive(p)
            return m.complete
        }
    }

    /// Mode 3 liveness: true when the server answers a client request (the service is up).
    public static func alive(_ address: IPAddress, port: Int = 123, scope: ProbeScope, timeout: Duration = .milliseconds(1500)) async throws -> Bool {
        let cookie = UInt64.random(in: 1...UInt64.max)
        let (answered, _) = try await UDPExchange.run(NTPClientPacket.request(cookie: cookie), to: address, port: port, scope: scope, timeout: timeout,
                                                      machine: false) { answered, p in
            answered = answered || NTPClientPacket.isReply(p, cookie: cookie)
            return answered
        }
        return answered
    }
}
