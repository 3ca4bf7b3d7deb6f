import ArgumentParser
import Foundation
import VigilAttribution
import VigilCore

/// Options that choose the reference data and organization directory: `--refdata`, `--config`, `--orgs`.
struct AttributionOptions: ParsableArguments {
    @Option(help: "Compiled reference table (default: $VIGIL_REFDATA, [refdata] table in the config, or the shipped one).")
    var refdata: String?
    @Option(help: "Configuration file (default ./vigil.toml when present).")
    var config: String?
    @Option(help: "Organization directory CSV to add to the default directory.")
    var orgs: String?

    /// The configuration in effect.
    func loadConfig() throws -> VigilConfig {
        do {
            return try VigilConfig.load(path: config, required: config != nil)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The reference table in effect.
    func table(_ cfg: VigilConfig) throws -> RefTable {
        if let path = refdata ?? ProcessInfo.processInfo.environment["VIGIL_REFDATA"] ?? cfg.refdataTable {
            do {
                return try RefTableFile.read(path: path)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        if let problem = RefTable.shippedLoadError {
            OutputFormatting.writeError("warning: \(problem); attribution is empty")
        }
        return .shipped
    }

    /// The organization directory: the default one, plus the configuration's and the CSV's organizations.
    func makeDirectory(_ cfg: VigilConfig) throws -> OrganizationDirectory {
        var extra = cfg.organizations
        for path in [cfg.organizationsCSV, orgs].compactMap({ $0 }) {
            do {
                extra += try OrganizationCSV.read(path: path)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        return OrganizationDirectory.standard.merging(extra)
    }

    /// Builds the attributor: table, Public Suffix List and directory (default + config + CSV).
    func makeAttributor() throws -> Attributor {
        let cfg = try loadConfig()
        let directory = try makeDirectory(cfg)
        var suffixes = PublicSuffixList.shipped
        if let psl = cfg.publicSuffixList {
            do {
                suffixes = try PublicSuffixList(path: psl)
            } catch {
                throw ValidationError("cannot read the Public Suffix List '\(psl)'; check [psl] file in the config")
            }
            guard suffixes.ruleCount > 0 else { throw ValidationError("'\(psl)' has no Public Suffix List rules; check [psl] file in the config") }
        } else if let problem = PublicSuffixList.shippedLoadError {
            OutputFormatting.writeError("warning: \(problem); registrable domains will be guessed as the last two labels")
        }
        return Attributor(table: try table(cfg), suffixes: suffixes, directory: directory)
    }
}
