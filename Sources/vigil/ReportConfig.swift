import Foundation
import TOMLKit
import VigilAttribution
import VigilPublish

/// `[report]` of vigil.toml: who issues the situation report, the next priorities, and the type of each reporting
/// source.
///
///     [report]
///     author = "某省通信管理局"
///     author_en = "Provincial Communications Administration"
///     priorities = ["开展勒索软件专项治理", "加强家庭宽带设备固件升级"]
///     priorities_en = ["Run a ransomware campaign", "Upgrade home modems' firmware"]
///     [report.source_types]                     # source name = type (see OrgType); others count as "other"
///     CNCERT = "professionalInstitution"
///     shadowserver = "securityCompany"
struct ReportConfig: Sendable {
    var author: [Language: String] = [:]
    var priorities: [Language: [String]] = [:]
    var sourceTypes: [String: OrgType] = [:]

    /// The report's settings with the organizations of `directory`.
    func settings(directory: OrganizationDirectory) -> ReportSettings {
        ReportSettings(directory: directory, sourceTypes: sourceTypes, author: author, priorities: priorities)
    }

    static func read(_ t: TOMLTable, into config: inout VigilConfig) throws {
        let known: Set<String> = ["author", "author_en", "priorities", "priorities_en", "source_types"]
        for key in t.keys where !known.contains(key) {
            throw ConfigError("unknown [report] key '\(key)'; use: " + known.sorted().joined(separator: ", "))
        }
        var r = ReportConfig()
        if let a = t["author"]?.string { r.author[.zh] = a }
        if let a = t["author_en"]?.string { r.author[.en] = a }
        for (key, lang) in [("priorities", Language.zh), ("priorities_en", .en)] {
            guard let value = t[key] else { continue }
            guard let array = value.array else { throw ConfigError("[report] \(key) is a list of strings, e.g. [\"…\", \"…\"]") }
            r.priorities[lang] = try array.map { v in
                guard let s = v.string, !s.isEmpty else { throw ConfigError("[report] \(key): every item is a non-empty string") }
                return s
            }
        }
        if let types = t["source_types"]?.table {
            for source in types.keys {
                guard let text = types[source]?.string, let type = OrgType(rawValue: text) else {
                    throw ConfigError("[report.source_types] \(source) must be one of " + OrgType.allCases.map(\.rawValue).joined(separator: ", "))
                }
                r.sourceTypes[source] = type
            }
        }
        config.report = r
    }
}
