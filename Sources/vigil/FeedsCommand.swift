import ArgumentParser
import Foundation
import VigilCore
import VigilFeeds

/// `vigil feeds`: what Vigil reads, and keeping the Shadowserver schema current.
struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds", abstract: "Inspect feed formats and update the Shadowserver report schema.",
        subcommands: [List.self, Shadowserver.self, UpdateShadowserverSchema.self])

    /// `vigil feeds list`: the named feed families.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the feed families Vigil reads by name (--format NAME).")
        @Flag(help: "Print a Markdown table (as in docs/feeds.md).") var markdown = false

        func run() {
            if markdown {
                print("| --format | feed | publisher | kinds |")
                print("|---|---|---|---|")
            }
            for preset in FeedPreset.all {
                let kinds = preset.kinds.map(\.rawValue).joined(separator: ", ")
                if markdown {
                    print("| `\(preset.name)` | \(preset.title) | \(preset.publisher) | \(kinds) |")
                } else {
                    print("\(OutputFormatting.pad(preset.name, 20)) \(OutputFormatting.pad(preset.title, 40)) \(kinds)")
                }
            }
        }
    }

    /// `vigil feeds shadowserver`: the report types in effect and the kind each maps to.
    struct Shadowserver: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the Shadowserver report types Vigil reads, with the kind and indicator each gives.")
        @Flag(help: "Print a Markdown table (as in docs/feeds.md).") var markdown = false
        @Argument(help: "Only these types (names or aliases).") var types: [String] = []

        func run() throws {
            let schema: ShadowserverSchema
            do {
                schema = try ShadowserverSchema.active.get()
            } catch {
                throw ValidationError("\(error)")
            }
            var reports = schema.reports
            if !types.isEmpty {
                reports = try types.map { name in
                    guard let report = schema.report(named: name) else {
                        throw ValidationError("'\(name)' is not a Shadowserver report type in \(schema.source)")
                    }
                    return report
                }
            }
            if markdown {
                print("| report type | IntelMQ classification | kind | indicator |")
                print("|---|---|---|---|")
            } else {
                print("Shadowserver schema: \(schema.source), \(schema.reports.count) types")
            }
            for report in reports {
                let classification = [report.classification, report.identifier].compactMap { $0 }.joined(separator: " / ")
                let names = ([report.name] + report.aliases).joined(separator: markdown ? "<br>" : ", ")
                if markdown {
                    print("| \(names) | \(classification) | `\(report.kind.rawValue)` \(report.kind.chineseName) | \(indicatorText(report)) |")
                } else {
                    print("\(OutputFormatting.pad(report.name, 34)) \(OutputFormatting.pad(report.kind.rawValue, 16)) "
                        + "\(OutputFormatting.pad(indicatorText(report), 22)) \(classification)")
                }
            }
        }

        func indicatorText(_ report: ShadowserverReport) -> String {
            if report.isService {
                let (port, transport) = report.defaultService
                return "service" + (port.map { " (default \($0)/\(transport.rawValue))" } ?? "")
            }
            let c = report.columns
            switch report.kind {
            case .malwareURL where c.url != nil || c.destinationURL != nil,
                .phishingURL where c.url != nil || c.destinationURL != nil:
                return "URL"
            case .maliciousDomain where c.query != nil: return "domain (\(c.query ?? ""))"
            case .dataLeak where c.email != nil || c.account != nil: return "e-mail"
            default: break
            }
            if report.kind == .compromisedHost, let fqdn = c.fqdn { return "domain (\(fqdn))" + (c.ip != nil ? ", else IP" : "") }
            if c.network != nil { return "IP or CIDR" }
            if c.ip != nil { return "IP" }
            if let fqdn = c.fqdn { return "domain (\(fqdn))" }
            return "-"
        }
    }

    /// `vigil feeds update-shadowserver-schema FILE…`: compile Shadowserver's schema into the mapping Vigil uses.
    struct UpdateShadowserverSchema: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update-shadowserver-schema",
            abstract: "Compile Shadowserver's report schema (intelmq.json, reports.json) into the mapping Vigil reads.",
            discussion: """
                Download intelmq.json (and, for full CSV headers, reports.json) from
                https://github.com/The-Shadowserver-Foundation/report_schema and pass them here. The compiled mapping
                replaces the shipped one for this user: it is written to $VIGIL_SHADOWSERVER_SCHEMA, else
                $XDG_DATA_HOME/vigil/shadowserver-schema.json (~/.local/share/vigil/…). Remove that file to go back to
                the shipped mapping.
                """)
        @Argument(help: "intelmq.json and/or reports.json, told apart by content.") var files: [String]
        @Option(help: "Write the compiled mapping here instead of the default place.") var out: String?

        func run() throws {
            guard !files.isEmpty, files.count <= 2 else {
                throw ValidationError("pass intelmq.json, reports.json, or both")
            }
            var intelmq: Data?
            var reports: Data?
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw ValidationError("cannot read '\(file)'; check the path")
                }
                let kind: ShadowserverSchemaCompiler.FileKind
                do {
                    kind = try ShadowserverSchemaCompiler.fileKind(of: data)
                } catch {
                    throw ValidationError("\(file): \(error)")
                }
                switch kind {
                case .intelmq: intelmq = data
                case .reports: reports = data
                }
            }
            let schema: ShadowserverSchema
            do {
                schema = try ShadowserverSchemaCompiler.compile(intelmq: intelmq, reports: reports)
            } catch {
                throw ValidationError("\(error)")
            }
            let previous = (try? ShadowserverSchema.active.get()) ?? .shipped
            let path = out ?? ShadowserverSchema.userPath
            do {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                let data = try schema.encoded()
                let temporary = path + ".tmp"
                try data.write(to: URL(fileURLWithPath: temporary))
                if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
                try FileManager.default.moveItem(atPath: temporary, toPath: path)
            } catch {
                throw ValidationError("cannot write '\(path)': \(error.localizedDescription); pass --out with a writable path")
            }
            let before = Set(previous.names)
            let after = Set(schema.names)
            print("compiled \(schema.reports.count) Shadowserver report types from \(schema.source)")
            print("wrote \(path)")
            let added = after.subtracting(before).sorted()
            let removed = before.subtracting(after).sorted()
            if !added.isEmpty { print("new types: " + added.joined(separator: ", ")) }
            if !removed.isEmpty { print("types no longer in the schema: " + removed.joined(separator: ", ")) }
            let kinds = Dictionary(grouping: schema.reports, by: \.kind).map { ($0.key.rawValue, $0.value.count) }.sorted { $0.1 > $1.1 }
            print("kinds: " + kinds.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
        }
    }
}
