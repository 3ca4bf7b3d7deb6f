import VigilCore

/// Which columns of a generic CSV hold what. Columns are named by header text or by 1-based number.
public struct CSVMapping: Sendable, Hashable {
    /// A reference to a column.
    public enum Column: Sendable, Hashable, CustomStringConvertible {
        case name(String)
        case number(Int)

        /// Parses `3` as a column number and anything else as a header name.
        public init(_ text: String) {
            if let n = Int(text), n > 0 { self = .number(n) } else { self = .name(text) }
        }

        public var description: String {
            switch self {
            case .name(let n): "'\(n)'"
            case .number(let n): "#\(n)"
            }
        }
    }

    /// The indicator column (required).
    public var indicator: Column
    /// The indicator type; nil detects it per row.
    public var indicatorType: IndicatorType?
    /// A fixed kind for every row.
    public var kind: ThreatKind?
    /// A column holding the kind's wire name; wins over ``kind`` when filled.
    public var kindColumn: Column?
    /// The observation-time column; rows without one use the batch's received time.
    public var time: Column?
    /// A port column; with an IP indicator it makes a service indicator.
    public var port: Column?
    /// A transport column (`tcp`/`udp`); defaults to `tcp` when a port is given.
    public var transport: Column?
    /// An ASN column.
    public var asn: Column?
    /// A free-text note column.
    public var note: Column?
    /// The field separator.
    public var separator: UInt8
    /// True when the first record is a header.
    public var hasHeader: Bool
    /// Seconds east of UTC of times written without an offset (28800 for Beijing time); 0 reads them as UTC.
    public var localOffset: Int = 0

    /// Creates a mapping.
    public init(
        indicator: Column, indicatorType: IndicatorType? = nil, kind: ThreatKind? = nil, kindColumn: Column? = nil,
        time: Column? = nil, port: Column? = nil, transport: Column? = nil, asn: Column? = nil, note: Column? = nil,
        separator: UInt8 = UInt8(ascii: ","), hasHeader: Bool = true
    ) {
        self.indicator = indicator
        self.indicatorType = indicatorType
        self.kind = kind
        self.kindColumn = kindColumn
        self.time = time
        self.port = port
        self.transport = transport
        self.asn = asn
        self.note = note
        self.separator = separator
        self.hasHeader = hasHeader
    }
}
