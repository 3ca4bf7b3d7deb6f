import ArgumentParser
import Foundation
import VigilAttribution
import VigilCore
import VigilStore

/// `vigil refdata`: compile, inspect and apply reference data.
struct RefdataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refdata", abstract: "Compile, inspect and apply the attribution reference table.",
        subcommands: [Compile.self, Info.self, Regions.self, Apply.self])

    /// The table at `path`, or the shipped one.
    static func table(_ path: String?) throws -> RefTable {
        if let path {
            do { return try RefTableFile.read(path: path) } catch { throw ValidationError("\(error)") }
        }
        if let problem = RefTable.shippedLoadError { throw ValidationError(problem) }
        return .shipped
    }

    struct Compile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge reference sources into one compact table (.vgrt).",
            discussion: """
                Example (the shipped table is built this way by scripts/build-refdata.sh):
                  vigil refdata compile --out my.vgrt --ip2region ip2region.txt --operator-lists china-operator-ip \\
                      --division-lists metowolf-iplist --apnic delegated-apnic-latest --asn prefixes.tsv --overrides mine.tsv
                Default precedence: overrides, operator lists (operator), division lists and ip2region (province, city),
                APNIC (country). Change it with --precedence province=ip2region,divisionLists.
                """)

        @Option(help: "Output file.") var out: String
        @Option(help: "ip2region text file (start|end|country|area|province|city|isp).") var ip2region: [String] = []
        @Option(name: .customLong("operator-lists"), help: "china-operator-ip directory (chinanet.txt, unicom6.txt, …).") var operatorLists: [String] = []
        @Option(name: .customLong("division-lists"), help: "metowolf-iplist root (data/cncity/<code>.txt, cncity_codes.tsv, data/isp).") var divisionLists: [String] = []
        @Option(help: "APNIC delegation file.") var apnic: [String] = []
        @Option(help: "prefix<TAB>asn table.") var asn: [String] = []
        @Option(help: "Your overrides: CIDR<TAB>field=value… (country, province, city, operator, asn).") var overrides: [String] = []
        @Option(help: "Precedence for a field: FIELD=kind,kind,… (fields: country, province, city, operator, asn).") var precedence: [String] = []

        func run() throws {
            var sources: [RefSourceData] = []
            do {
                for p in overrides { sources.append(try RefSourceReader.overrides(path: p)) }
                for p in operatorLists { sources.append(try RefSourceReader.operatorLists(directory: p)) }
                for p in divisionLists { sources.append(try RefSourceReader.divisionLists(root: p)) }
                for p in ip2region { sources.append(try RefSourceReader.ip2region(path: p)) }
                for p in apnic { sources.append(try RefSourceReader.apnic(path: p)) }
                for p in asn { sources.append(try RefSourceReader.asnTable(path: p)) }
            } catch {
                throw ValidationError("\(error)")
            }
            guard !sources.isEmpty else { throw ValidationError("give at least one source (--ip2region, --operator-lists, --division-lists, --apnic, --asn, --overrides)") }
            var order: [RefField: [RefSourceKind]] = [:]
            for p in precedence {
                let parts = p.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let field = RefField(rawValue: String(parts[0])) else {
                    throw ValidationError("--precedence takes FIELD=kind,kind with FIELD one of " + RefField.allCases.map(\.rawValue).joined(separator: ", "))
                }
                var kinds: [RefSourceKind] = []
                for k in parts[1].split(separator: ",") {
                    guard let kind = RefSourceKind(rawValue: String(k)), kind != .derived else {
                        throw ValidationError("'\(k)' is not a source kind; use " + RefSourceKind.allCases.filter { $0 != .derived }.map(\.rawValue).joined(separator: ", "))
                    }
                    kinds.append(kind)
                }
                order[field] = kinds
            }
            let started = Date()
            let table = RefDataCompiler(precedence: order).compile(sources)
            try RefTableFile.write(table, to: out)
            let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
            print(String(format: "%@: %d IPv4 ranges, %d IPv6 ranges, %d records, %.1f MB, %.1f s", out, table.v4Starts.count, table.v6Starts.count, table.attributions.count, Double(size) / 1_048_576, Date().timeIntervalSince(started)))
            for s in table.metadata.sources where !s.unmappedSpellings.isEmpty {
                print("warning: \(s.kind.rawValue) has operator spellings the catalogue does not list: \(s.unmappedSpellings.joined(separator: ", "))")
            }
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a table's sources, dates, range counts and disagreements.")
        @Option(help: "Table file (default: the shipped one).") var refdata: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let table = try RefdataCommand.table(refdata)
            let m = table.metadata
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(m), as: UTF8.self))
                return
            }
            print("built: \(m.builtAt)   IPv4 ranges: \(table.v4Starts.count)   IPv6 ranges: \(table.v6Starts.count)   records: \(table.attributions.count)")
            print("sources:")
            for s in m.sources {
                print("  \(OutputFormatting.pad(s.kind.rawValue, 14)) \(s.date)  v4=\(s.ipv4Ranges) v6=\(s.ipv6Ranges)  \(s.path)")
                if !s.unmappedSpellings.isEmpty { print("      unmapped operator spellings: \(s.unmappedSpellings.joined(separator: ", "))") }
            }
            print("precedence:")
            for f in RefField.allCases { print("  \(OutputFormatting.pad(f.rawValue, 9)) \((m.precedence[f.rawValue] ?? []).map(\.rawValue).joined(separator: " > "))") }
            print("disagreements (IPv4 addresses where both sources give a value):")
            for d in m.disagreements where d.compared > 0 {
                print(String(format: "  %@ %@ vs %@: %.2f%% of %llu differ", OutputFormatting.pad(d.field.rawValue, 9), d.first.rawValue, d.second.rawValue, d.rate * 100, d.compared))
            }
            print("Chinese provinces suppressed because the country is elsewhere: \(m.suppressedProvinces) addresses")
            if let relocated = m.relocatedCountries {
                print("registration countries elsewhere overruled by two agreeing location sources: \(relocated) addresses")
            }
        }
    }

    struct Regions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the 34 provincial-level divisions (GB/T 2260 code, Chinese and English names) and the cities the table names.")
        @Option(help: "Table file (default: the shipped one).") var refdata: String?
        @Option(help: "Only this province (code or name).") var province: String?

        func run() throws {
            let table = try RefdataCommand.table(refdata)
            var provinces = ProvinceCatalog.all
            if let province {
                guard let p = ProvinceCatalog.province(named: province) else {
                    throw ValidationError("'\(province)' is not a province; give a GB/T 2260 code (440000) or a name (广东, Guangdong)")
                }
                provinces = [p]
            }
            let cities = table.citiesByProvince
            for p in provinces {
                let names = cities[p.code] ?? []
                print("\(p.code)  \(p.chineseName)  \(p.englishName)  cities=\(names.count)")
                if !names.isEmpty { print("    " + names.joined(separator: " ")) }
            }
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-attribute every stored threat with the current reference data and directory.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var attribution: AttributionOptions

        func run() async throws {
            let attributor = try attribution.makeAttributor()
            let started = Date()
            let n = try await db.open().reattribute { _, indicator, old in
                var a = attributor.attribute(indicator, hosts: old.viaAddress.flatMap { IPAddress($0) }.map { [$0] } ?? [])
                // The ASN the source reported is used when the reference data has none.
                if a.asn == nil { a.asn = old.asn }
                return a
            }
            print(String(format: "re-attributed %d threats in %.1f s", n, Date().timeIntervalSince(started)))
        }
    }
}
