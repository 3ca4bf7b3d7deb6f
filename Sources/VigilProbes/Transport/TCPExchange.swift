import Foundation
import NIOCore
import NIOPosix
import VigilCore

/// One TCP conversation over SwiftNIO: the scope is checked before connecting, an optional request is written, and
/// what comes back is fed to the probe's state machine until it is done, the peer closes, or the timeout passes.
public enum TCPExchange {
    /// How the connection went.
    public enum Connection: String, Sendable, Hashable, Codable {
        /// The port accepted the connection.
        case open
        /// The host answered with a reset: nothing listens there.
        case refused
        /// No answer to the connection attempt: filtered, or the host is down.
        case timedOut
        /// Another network error (unreachable network, …).
        case failed
    }

    /// What came of a conversation besides the machine's own findings.
    public struct Outcome: Sendable {
        /// How the connection went.
        public var connection: Connection = .failed
        /// The error behind `failed`.
        public var error: String?
        /// Seconds to connect.
        public var connectTime: Double?
        /// Seconds from connecting to the first byte.
        public var firstByte: Double?
        /// What the peer sent.
        public var response = ResponseCapture()
        /// True when the peer closed the connection.
        public var closedByPeer = false
    }

    /// Connects to `address`:`port`, writes `request` (if any) and feeds each read to `feed`, which returns true when
    /// it needs no more. Throws ``ProbeRefused`` (before any socket exists) when the scope refuses the target.
    public static func run<Machine: Sendable>(
        _ request: [UInt8]?, to address: IPAddress, port: Int, scope: ProbeScope, connectTimeout: Duration = .seconds(3),
        timeout: Duration = .seconds(5), machine: Machine, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        feed: (inout Machine, [UInt8]) -> Bool
    ) async throws -> (Machine, Outcome) {
        if case .refused(let why) = scope.check(address) { throw ProbeRefused(target: "\(address):\(port)/tcp", reason: why) }
        let remote = try SocketAddress(ipAddress: address.description, port: port)
        var machine = machine
        var outcome = Outcome()
        let started = ContinuousClock.now
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(connectTimeout.timeAmount)
                .connect(to: remote) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                }
        } catch let error as IOError where error.errnoCode == ECONNREFUSED {
            outcome.connection = .refused
            return (machine, outcome)
        } catch ChannelError.connectTimeout {
            outcome.connection = .timedOut
            return (machine, outcome)
        } catch {
            outcome.error = "\(error)"
            return (machine, outcome)
        }
        outcome.connection = .open
        let connected = ContinuousClock.now
        outcome.connectTime = (connected - started).seconds
        let raw = channel.channel
        let timer = raw.eventLoop.scheduleTask(in: timeout.timeAmount) { raw.close(promise: nil) }
        defer { timer.cancel() }
        do {
            try await channel.executeThenClose { inbound, outbound in
                if let request { try await outbound.write(ByteBuffer(bytes: request)) }
                do {
                    var done = false
                    for try await buffer in inbound {
                        if outcome.firstByte == nil { outcome.firstByte = (ContinuousClock.now - connected).seconds }
                        let bytes = Array(buffer.readableBytesView)
                        outcome.response.append(bytes)
                        if feed(&machine, bytes) {
                            done = true
                            break
                        }
                    }
                    // The loop also ends when the timeout closes the channel; only a close while the timer is
                    // pending is the peer's.
                    if !done && ContinuousClock.now - connected < timeout { outcome.closedByPeer = true }
                } catch let error as ChannelError where error == .ioOnClosedChannel || error == .alreadyClosed || error == .eof {
                    // the timeout
                } catch let error as IOError where error.errnoCode == ECONNRESET {
                    outcome.closedByPeer = true
                }
            }
        } catch let error as ChannelError where error == .alreadyClosed {
            // closed by the timeout already
        }
        return (machine, outcome)
    }
}
