import Foundation
import NIOCore
import NIOPosix
import VigilCore

/// One UDP request and the datagrams that answer it, over SwiftNIO: the scope is checked before the socket is opened,
/// only datagrams from the target's address and port are fed to the probe's state machine, and reading stops when
/// the machine says it is done or the timeout passes.
public enum UDPExchange {
    /// What came of an exchange besides the machine's own findings.
    public struct Timing: Sendable {
        /// Seconds from sending to the first answer, if any.
        public var firstAnswer: Double?
        /// Datagrams from other addresses or ports, dropped.
        public var strangers = 0
        /// Every datagram from the target, as evidence.
        public var response = ResponseCapture()
    }

    /// Sends `request` to `address`:`port` and feeds each answer to `feed`, which returns true when it needs no more.
    /// Throws ``ProbeRefused`` (before any socket exists) when the scope refuses the target.
    public static func run<Machine: Sendable>(
        _ request: [UInt8], to address: IPAddress, port: Int, scope: ProbeScope, timeout: Duration, machine: Machine,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, feed: (inout Machine, [UInt8]) -> Bool
    ) async throws -> (Machine, Timing) {
        if case .refused(let why) = scope.check(address) { throw ProbeRefused(target: "\(address):\(port)", reason: why) }
        let remote = try SocketAddress(ipAddress: address.description, port: port)
        var machine = machine
        var timing = Timing()
        let channel = try await DatagramBootstrap(group: group)
            // Room for a whole answer burst (a full monlist is 100 packets) while this task is busy.
            .channelOption(.socketOption(.so_rcvbuf), value: 1 << 20)
            .bind(host: address.bitWidth == 32 ? "0.0.0.0" : "::", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(wrappingChannelSynchronously: channel)
                }
            }
        // The timeout closes the socket, which ends the reading below.
        let raw = channel.channel
        let timer = raw.eventLoop.scheduleTask(in: timeout.timeAmount) { raw.close(promise: nil) }
        defer { timer.cancel() }
        let started = ContinuousClock.now
        do {
            try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(AddressedEnvelope(remoteAddress: remote, data: ByteBuffer(bytes: request)))
                do {
                    for try await envelope in inbound {
                        guard envelope.remoteAddress == remote else {
                            timing.strangers += 1
                            continue
                        }
                        if timing.firstAnswer == nil { timing.firstAnswer = (ContinuousClock.now - started).seconds }
                        let payload = Array(envelope.data.readableBytesView)
                        timing.response.append(payload)
                        if feed(&machine, payload) { break }
                    }
                } catch let error as ChannelError where error == .ioOnClosedChannel || error == .alreadyClosed {
                    // the timeout
                }
            }
        } catch let error as ChannelError where error == .alreadyClosed {
            // closed by the timeout already
        }
        return (machine, timing)
    }
}

/// A probe the scope refused: nothing was sent.
public struct ProbeRefused: Error, Sendable, CustomStringConvertible {
    /// `address:port`.
    public let target: String
    /// The scope rule that refused it.
    public let reason: String
    public var description: String { "not probing \(target): \(reason)" }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// The duration as NIO's `TimeAmount`.
    var timeAmount: TimeAmount { .nanoseconds(components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000) }
}
