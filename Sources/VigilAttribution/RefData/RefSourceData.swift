/// One source's ranges, read and ready to compile.
public struct RefSourceData: Sendable {
    /// What it is.
    public var info: RefSourceInfo
    /// IPv4 ranges (values in the low 32 bits).
    public var v4: [RefInterval]
    /// IPv6 ranges.
    public var v6: [RefInterval]

    /// Creates source data; the range counts in `info` are filled from the arrays.
    public init(info: RefSourceInfo, v4: [RefInterval], v6: [RefInterval]) {
        var info = info
        info.ipv4Ranges = v4.count
        info.ipv6Ranges = v6.count
        self.info = info
        self.v4 = v4
        self.v6 = v6
    }
}
