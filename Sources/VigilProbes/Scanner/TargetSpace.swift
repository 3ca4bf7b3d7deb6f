import VigilCore

/// The targets of a scan: address blocks times ports, indexed `0..<count` without listing them, so a scan of millions of
/// addresses holds only the blocks.
public struct TargetSpace: Sendable {
    /// One target.
    public struct Target: Sendable, Hashable {
        public var address: IPAddress
        public var port: Int
    }

    /// The blocks (a single address is a /32 or /128).
    public let blocks: [CIDRBlock]
    /// The ports.
    public let ports: [Int]
    private let starts: [UInt64]
    /// The number of targets: addresses times ports.
    public let count: UInt64

    /// The targets in `blocks` on each of `ports`. IPv6 blocks wider than /64 count as their first 2^64 addresses.
    public init(blocks: [CIDRBlock], ports: [Int]) {
        self.blocks = blocks
        self.ports = ports.isEmpty ? [0] : ports
        var starts: [UInt64] = []
        var total: UInt64 = 0
        for block in blocks {
            starts.append(total)
            let (sum, overflow) = total.addingReportingOverflow(Self.size(block))
            total = overflow ? UInt64.max / 2 : min(sum, UInt64.max / 2)
        }
        self.starts = starts
        let (product, overflow) = total.multipliedReportingOverflow(by: UInt64(self.ports.count))
        count = overflow ? UInt64.max / 2 : product
    }

    static func size(_ block: CIDRBlock) -> UInt64 {
        let hostBits = block.network.bitWidth - block.prefixLength
        return hostBits >= 64 ? UInt64.max / 2 : UInt64(1) << UInt64(hostBits)
    }

    /// The number of addresses.
    public var addressCount: UInt64 { count / UInt64(ports.count) }

    /// The `index`-th target (`index < count`): ports vary fastest.
    public func target(at index: UInt64) -> Target {
        let port = ports[Int(index % UInt64(ports.count))]
        let n = index / UInt64(ports.count)
        // The block holding address n: the last start not above n.
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= n { low = mid } else { high = mid - 1 }
        }
        let block = blocks[low]
        let offset = n - starts[low]
        switch block.network {
        case .v4(let a): return Target(address: .v4(IPv4Address(a.value &+ UInt32(truncatingIfNeeded: offset))), port: port)
        case .v6(let a): return Target(address: .v6(IPv6Address(high: a.high, low: a.low &+ offset)), port: port)
        }
    }

    /// Parses targets as the command line takes them: an address, a CIDR block, or `address:port` (`[v6]:port`);
    /// targets without a port get `defaultPorts`; `ip:port/proto` (a service indicator) is read too. Returns the spaces
    /// grouped by port list and address family (one socket serves one family).
    public static func parse(_ texts: [String], defaultPorts: [Int]) throws -> [TargetSpace] {
        var byPorts: [[Int]: [CIDRBlock]] = [:]
        var order: [[Int]] = []
        for raw in texts {
            // `ip:port/udp` as a service indicator writes it: the transport is the probe's business.
            var text = raw
            if let slash = raw.lastIndex(of: "/"), ["tcp", "udp", "sctp"].contains(raw[raw.index(after: slash)...].lowercased()) { text = String(raw[..<slash]) }
            var host = Substring(text), ports = defaultPorts
            if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
                host = text[text.index(after: text.startIndex)..<close]
                let rest = text[text.index(after: close)...]
                if rest.hasPrefix(":"), let p = Int(rest.dropFirst()), (1...65535).contains(p) { ports = [p] }
            } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
                guard let p = Int(text[text.index(after: colon)...]), (1...65535).contains(p) else { throw TargetError(text: raw) }
                host = text[..<colon]
                ports = [p]
            }
            let block: CIDRBlock
            if let b = CIDRBlock(host) {
                block = b
            } else if let a = IPAddress(host) {
                block = CIDRBlock(address: a, prefixLength: a.bitWidth)
            } else {
                throw TargetError(text: raw)
            }
            let key = ports + [-block.network.bitWidth]  // the family, as a negative marker after the ports
            if byPorts[key] == nil { order.append(key) }
            byPorts[key, default: []].append(block)
        }
        return order.map { TargetSpace(blocks: byPorts[$0] ?? [], ports: $0.filter { $0 >= 0 }) }
    }
}

/// A target the command line cannot read.
public struct TargetError: Error, Sendable, CustomStringConvertible {
    public let text: String
    public var description: String { "'\(text)' is not a target: give an IP address, a CIDR block (203.0.113.0/24) or IP:PORT" }
}
