import Foundation
import VigilCore

/// Reads organizations from CSV: a header with `id`, `name`, `type`, and optionally `parent`, `province`, `emails`,
/// `webhooks`, `sensitive` (a Party or government body or critical infrastructure: yes/no) and `responsible_for` (lists separated by `;`, responsibilities in their text form such as
/// `operator:chinaUnicom@440000;cidr:203.0.113.0/24`).
public enum OrganizationCSV {
    /// Why a directory file could not be read.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        /// The 1-based line, or 0 when the file itself could not be read.
        public let line: Int
        /// What is wrong and what to do.
        public let message: String
        /// `organization CSV line N: message`.
        public var description: String { line == 0 ? "organization CSV: \(message)" : "organization CSV line \(line): \(message)" }
    }

    /// Parses CSV text.
    public static func parse(_ text: String) throws -> [Organization] {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let all = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        guard let headerIndex = all.firstIndex(where: { !$0.trimmingEdges().isEmpty }) else { return [] }
        let header = fields(all[headerIndex]).map { $0.trimmingEdges().lowercased() }
        // Data lines keep their position in the file, so errors name the right line.
        let lines = Array(all[(headerIndex + 1)...])
        let firstDataLine = headerIndex + 2
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let idCol = column("id"), let nameCol = column("name"), let typeCol = column("type") else {
            throw ReadError(line: headerIndex + 1, message: "the header needs id, name and type columns (and optionally parent, province, emails, webhooks, responsible_for)")
        }
        var out: [Organization] = []
        for (n, line) in lines.enumerated() where !line.trimmingEdges().isEmpty {
            let f = fields(line)
            func value(_ c: Int?) -> String? {
                guard let c, c < f.count else { return nil }
                let v = f[c].trimmingEdges()
                return v.isEmpty ? nil : v
            }
            guard let id = value(idCol), let name = value(nameCol) else { throw ReadError(line: n + firstDataLine, message: "id and name are required") }
            guard let typeText = value(typeCol), let type = OrgType(rawValue: typeText) else {
                throw ReadError(line: n + firstDataLine, message: "type must be one of " + OrgType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            var org = Organization(id: id, name: name, type: type, parent: value(column("parent")))
            if let p = value(column("province")) {
                guard let province = ProvinceCatalog.province(named: p) else { throw ReadError(line: n + firstDataLine, message: "unknown province '\(p)'") }
                org.provinceCode = province.code
            }
            for e in (value(column("emails")) ?? "").split(separator: ";") { org.contacts.append(Contact(channel: .email, address: String(e).trimmingEdges())) }
            for w in (value(column("webhooks")) ?? "").split(separator: ";") { org.contacts.append(Contact(channel: .webhook, address: String(w).trimmingEdges())) }
            if let flag = value(column("sensitive")) {
                guard let sensitive = Self.flag(flag) else {
                    throw ReadError(line: n + firstDataLine, message: "sensitive must be yes or no (true/false, 1/0), not '\(flag)'")
                }
                org.sensitive = sensitive
            }
            for r in (value(column("responsible_for")) ?? "").split(separator: ";") {
                guard let resp = Responsibility(r) else { throw ReadError(line: n + firstDataLine, message: "'\(r)' is not a responsibility such as cidr:…, asn:…, operator:…@province, suffix:…, registrar:…, host:…") }
                org.responsibilities.append(resp)
            }
            out.append(org)
        }
        return out
    }

    /// yes/no, true/false, 1/0, 是/否.
    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "true", "1", "y", "是": true
        case "no", "false", "0", "n", "否": false
        default: nil
        }
    }

    /// Reads a file.
    public static func read(path: String) throws -> [Organization] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(line: 0, message: "cannot read \(path); check [directory] csv in vigil.toml or --orgs")
        }
        return try parse(String(decoding: data, as: UTF8.self))
    }

    static func fields(_ line: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false
        var chars = Array(line)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" {
                        current.append("\"")
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append(current)
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        out.append(current)
        chars.removeAll()
        return out
    }
}
