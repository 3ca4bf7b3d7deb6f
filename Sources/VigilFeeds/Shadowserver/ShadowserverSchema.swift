import Foundation

/// Every Shadowserver report type Vigil can read, compiled from Shadowserver's schema by
/// ``ShadowserverSchemaCompiler``.
///
/// Vigil ships a compiled schema (``shipped``). `vigil feeds update-shadowserver-schema FILE` compiles a newer one
/// into ``userPath``, which then takes precedence (``active``), so new report types work without a new Vigil.
public struct ShadowserverSchema: Sendable, Codable {
    /// The compiled format's version; a file with another version is refused.
    public static let formatVersion = 1

    /// The format version of this mapping.
    public var format: Int
    /// What it was compiled from, e.g. `intelmq.json (2026-03-24T15:31:20Z) + reports.json`.
    public var source: String
    /// The report types, sorted by name.
    public var reports: [ShadowserverReport]
    private var index: [String: Int] = [:]

    enum CodingKeys: String, CodingKey { case format, source, reports }

    /// Why a compiled schema could not be loaded.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// A schema of the given reports.
    public init(reports: [ShadowserverReport], source: String) {
        self.format = Self.formatVersion
        self.source = source
        self.reports = reports
        buildIndex()
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(Int.self, forKey: .format)
        source = try container.decode(String.self, forKey: .source)
        reports = try container.decode([ShadowserverReport].self, forKey: .reports)
        buildIndex()
    }

    private mutating func buildIndex() {
        index = [:]
        for (i, report) in reports.enumerated() {
            index[report.name] = i
            for alias in report.aliases where index[alias] == nil { index[alias] = i }
        }
    }

    /// Names accepted for types that were renamed or that tools use for Shadowserver's test data.
    static let extraAliases: [String: String] = ["test_telnet": "scan_telnet"]

    /// The report type named `name` (its file-name type or an alias). A `scan_*` or `scan6_*` type the schema does
    /// not know yet is read as a generic exposed service.
    public func report(named name: String) -> ShadowserverReport? {
        let lower = name.lowercased()
        if let i = index[Self.extraAliases[lower] ?? lower] { return reports[i] }
        if lower.hasPrefix("scan_") || lower.hasPrefix("scan6_") { return .genericScan(name: lower) }
        return nil
    }

    /// Every name a type is known by, sorted.
    public var names: [String] { reports.map(\.name).sorted() }

    /// The compiled schema as JSON (sorted keys, one stable text for the same schema).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a compiled schema written by ``encoded()``.
    public static func decode(_ data: Data, from origin: String) throws(LoadError) -> ShadowserverSchema {
        let schema: ShadowserverSchema
        do {
            schema = try JSONDecoder().decode(ShadowserverSchema.self, from: data)
        } catch {
            throw LoadError(
                message: "\(origin) is not a compiled Shadowserver schema (\(error)); recreate it with "
                    + "`vigil feeds update-shadowserver-schema intelmq.json`")
        }
        guard schema.format == formatVersion else {
            throw LoadError(
                message: "\(origin) has compiled-schema format \(schema.format), this Vigil reads \(formatVersion); "
                    + "recreate it with `vigil feeds update-shadowserver-schema intelmq.json`")
        }
        return schema
    }

    /// The schema compiled into Vigil.
    public static let shipped: ShadowserverSchema = {
        do {
            return try decode(Data(shippedJSON.utf8), from: "the shipped Shadowserver schema")
        } catch {
            // The shipped text is checked by the test suite; reaching this is a build defect.
            return ShadowserverSchema(reports: [], source: "missing: \(error)")
        }
    }()

    /// Where `update-shadowserver-schema` writes by default and where ``active`` looks first:
    /// `$VIGIL_SHADOWSERVER_SCHEMA`, else `$XDG_DATA_HOME/vigil/shadowserver-schema.json`, else
    /// `~/.local/share/vigil/shadowserver-schema.json`.
    public static var userPath: String {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["VIGIL_SHADOWSERVER_SCHEMA"], !explicit.isEmpty { return explicit }
        let dataHome = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (dataHome as NSString).appendingPathComponent("vigil/shadowserver-schema.json")
    }

    /// The schema in effect: the file at ``userPath`` when there is one, else ``shipped``. Loaded once per process.
    public static let active: Result<ShadowserverSchema, LoadError> = {
        let path = userPath
        guard FileManager.default.fileExists(atPath: path) else { return .success(shipped) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(LoadError(message: "cannot read the Shadowserver schema \(path); check its permissions or remove it"))
        }
        do throws(LoadError) {
            return .success(try decode(data, from: path))
        } catch {
            return .failure(error)
        }
    }()
}
