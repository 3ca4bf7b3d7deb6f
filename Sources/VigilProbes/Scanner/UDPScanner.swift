import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import VigilCore

/// The stateless UDP scanner: one socket, targets visited in a keyed random order, each request carrying a cookie
/// derived from the target with SipHash, so that answers are recognised by recomputing it from their source — no table
/// of sent probes, and memory that does not grow with the number of targets. A token bucket holds the packet rate, the
/// scope is checked for every target before its packet is built, and answers are handed to a sink as they come.
public enum UDPScanner {
    /// How to scan.
    public struct Configuration: Sendable {
        /// Packets per second (the token bucket's rate); at most 1,000,000.
        public var rate: Int
        /// How long to wait for late answers after the last packet.
        public var cooldown: Duration
        /// The scan's key and the order's seed; random unless set (tests and benchmarks fix them).
        public var key: SipHash
        public var seed: UInt64

        /// A configuration at `rate` packets per second.
        public init(rate: Int, cooldown: Duration = .seconds(2), key: SipHash = .random(), seed: UInt64 = .random(in: 0...UInt64.max)) {
            self.rate = max(1, min(rate, 1_000_000))
            self.cooldown = cooldown
            self.key = key
            self.seed = seed
        }
    }

    /// One recognised answer.
    public struct Reply: Sendable {
        /// Who answered.
        public var target: TargetSpace.Target
        /// The datagram's payload.
        public var payload: [UInt8]
    }

    /// What a scan did.
    public struct Report: Sendable, Hashable {
        /// Packets sent, and targets the scope refused (nothing sent to them).
        public var sent = 0
        public var refused = 0
        /// Datagrams received, those recognised as answers, and the number of distinct targets that answered is the
        /// caller's to count (it would be per-target state).
        public var received = 0
        public var matched = 0
        /// Datagrams from addresses or ports not scanned, or with a wrong cookie.
        public var unmatched = 0
        /// Seconds spent sending, and in all.
        public var sendSeconds = 0.0
        public var totalSeconds = 0.0

        /// The packet rate achieved while sending.
        public var achievedRate: Double { sendSeconds > 0 ? Double(sent) / sendSeconds : 0 }
    }

    /// Scans `space` with `module` under `scope`; `sink` is called on the socket's event loop for each answer and must
    /// return quickly.
    public static func run(
        _ space: TargetSpace, module: some UDPScanModule, scope: ProbeScope, configuration: Configuration,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, sink: @escaping @Sendable (Reply) -> Void
    ) async throws -> Report {
        var table = PrefixTable()
        for (i, block) in space.blocks.enumerated() { table.insert(block, payload: i) }
        let ipv6 = space.blocks.first?.network.bitWidth == 128
        let receiver = ScanReceiver(module: module, key: configuration.key, ports: Set(space.ports), table: table, sink: sink)
        let channel = try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_rcvbuf), value: 8 << 20)
            .channelOption(.socketOption(.so_sndbuf), value: 4 << 20)
            // recvmmsg: 64 datagrams a call, each given 2 KB of the buffer (the allocator's capacity is shared).
            .channelOption(.datagramVectorReadMessageCount, value: 64)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 64 * 2048))
            .channelOption(.maxMessagesPerRead, value: 16)
            .channelOption(.writeBufferWaterMark, value: .init(low: 256 << 10, high: 1 << 20))
            .channelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(receiver) } }
            .bind(host: ipv6 ? "::" : "0.0.0.0", port: 0)
            .get()
        let started = ContinuousClock.now
        let sender = ScanSender(space: space, module: module, scope: scope, configuration: configuration, channel: channel)
        let sent = try await sender.start().get()
        let sendSeconds = (ContinuousClock.now - started).seconds
        try await Task.sleep(for: configuration.cooldown)
        try await channel.close()
        var report = try await channel.eventLoop.submit { receiver.report }.get()
        report.sent = sent.sent
        report.refused = sent.refused
        report.sendSeconds = sendSeconds
        report.totalSeconds = (ContinuousClock.now - started).seconds
        return report
    }
}

/// The sending half, confined to the channel's event loop: every millisecond it adds tokens at the configured rate
/// (at most 10 ms' worth banked) and sends that many packets, while the socket takes them.
final class ScanSender: @unchecked Sendable {
    let space: TargetSpace
    let module: any UDPScanModule
    let scope: ProbeScope
    let key: SipHash
    let rate: Double
    let permutation: ScanPermutation
    let channel: any Channel
    var index: UInt64 = 0
    var tokens = 0.0
    var last = NIODeadline.now()
    var sent = 0
    var refused = 0
    var task: RepeatedTask?
    let done: EventLoopPromise<(sent: Int, refused: Int)>
    let ipv4: Bool

    init(space: TargetSpace, module: some UDPScanModule, scope: ProbeScope, configuration: UDPScanner.Configuration, channel: any Channel) {
        self.space = space
        self.module = module
        self.scope = scope
        self.key = configuration.key
        self.rate = Double(configuration.rate)
        self.permutation = ScanPermutation(count: space.count, seed: configuration.seed)
        self.channel = channel
        self.done = channel.eventLoop.makePromise()
        self.ipv4 = space.blocks.first?.network.bitWidth != 128
    }

    func start() -> EventLoopFuture<(sent: Int, refused: Int)> {
        channel.eventLoop.execute {
            self.last = .now()
            self.tokens = 1
            self.task = self.channel.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(1)) { _ in self.tick() }
        }
        return done.futureResult
    }

    private func tick() {
        let now = NIODeadline.now()
        tokens = min(tokens + rate * Double((now - last).nanoseconds) / 1e9, max(1, rate / 100))
        last = now
        var wrote = false
        while tokens >= 1 && index < space.count && channel.isWritable {
            let target = space.target(at: permutation.value(at: index))
            index += 1
            guard scope.check(target.address).isAllowed else {
                refused += 1
                continue
            }
            guard let remote = try? SocketAddress(target) else {
                refused += 1
                continue
            }
            let cookie = key.cookie(target)
            channel.write(AddressedEnvelope(remoteAddress: remote, data: ByteBuffer(bytes: module.request(cookie: cookie))), promise: nil)
            tokens -= 1
            sent += 1
            wrote = true
        }
        if wrote { channel.flush() }
        if index >= space.count {
            task?.cancel()
            task = nil
            done.succeed((sent, refused))
        }
    }
}

/// The receiving half: recomputes each answer's cookie from its source and asks the module whether it matches.
final class ScanReceiver: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let module: any UDPScanModule
    let key: SipHash
    let ports: Set<Int>
    let table: PrefixTable
    let sink: @Sendable (UDPScanner.Reply) -> Void
    var report = UDPScanner.Report()

    init(module: some UDPScanModule, key: SipHash, ports: Set<Int>, table: PrefixTable, sink: @escaping @Sendable (UDPScanner.Reply) -> Void) {
        self.module = module
        self.key = key
        self.ports = ports
        self.table = table
        self.sink = sink
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        report.received += 1
        guard let port = envelope.remoteAddress.port, ports.contains(port), let text = envelope.remoteAddress.ipAddress,
              let address = IPAddress(text), !table.payloads(containing: address).isEmpty else {
            report.unmatched += 1
            return
        }
        let target = TargetSpace.Target(address: address, port: port)
        guard module.matches(envelope.data, cookie: key.cookie(target)) else {
            report.unmatched += 1
            return
        }
        report.matched += 1
        sink(UDPScanner.Reply(target: target, payload: Array(envelope.data.readableBytesView)))
    }
}

extension SipHash {
    /// The cookie of a target: its address and port, hashed with the scan's key.
    func cookie(_ target: TargetSpace.Target) -> UInt64 {
        switch target.address {
        case .v4(let a): hash(UInt64(a.value), UInt64(target.port))
        case .v6(let a): hash(a.high ^ UInt64(target.port) << 48, a.low)
        }
    }
}

extension SocketAddress {
    /// The socket address of a target, without going through text.
    init(_ target: TargetSpace.Target) throws {
        switch target.address {
        case .v4(let a):
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = in_port_t(UInt16(target.port).bigEndian)
            sin.sin_addr = in_addr(s_addr: a.value.bigEndian)
            self.init(sin, host: "")
        case .v6:
            self = try SocketAddress(ipAddress: target.address.description, port: target.port)
        }
    }
}
