import ArgumentParser
import Foundation
import VigilEngine
import VigilStore

/// `vigil demo`: generate a seeded mixed data set, ingest it and print the statistics.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a realistic seeded data set (several sources and formats), ingest it and print statistics.")

    @Option(help: "SQLite database file, or postgres://user@host[:port]/db.") var database: String = "vigil-demo.db"
    @Option(help: "Directory for the generated input files (default: a temporary directory).") var dataDir: String?
    @Option(help: "Random seed.") var seed: UInt64 = 20181001
    @Option(help: "Size multiplier.") var scale: Int = 1
    @OptionGroup var attribution: AttributionOptions

    func run() async throws {
        guard scale >= 1, scale <= 1000 else { throw ValidationError("--scale must be 1-1000") }
        let dir = dataDir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("vigil-demo-\(seed)-\(scale)")
        let dataset = try DemoDataset(directory: dir, seed: seed, scale: scale)
        let store = try await DatabaseOptions.open(database)
        let pipeline = IngestPipeline(store: store, attributor: try attribution.makeAttributor())
        print("Vigil demo: ingesting \(dataset.inputs.count) files from \(dir) into \(database)")
        for input in dataset.inputs {
            let summary = try await pipeline.ingest(path: input.path, format: input.format, sourceName: input.source)
            print("  [\(input.source)] " + IngestCommand.render(summary, json: false))
        }
        print("")
        print(StatsCommand.render(try await store.statistics(), json: false))
        print("")
        // Determination and disposal with the defaults: the rules decide, confirmed threats become tickets.
        let context = try await DisposalContext.open(store: store, attribution)
        let pass = try await context.engine.pass(at: try DisposalContext.now())
        print("Determination and disposal (one engine pass with the default rules):")
        print("  " + RunCommand.describe(pass).replacingOccurrences(of: "\n", with: "\n  "))
        print("")
        let word = OutputFormatting.shellWord(database)
        print("Try: vigil threats --database \(word) --category hazard --limit 10")
        print("     vigil rejects --database \(word)")
        print("     vigil review --database \(word) --limit 10")
        print("     vigil tickets list --database \(word) --limit 10")
        print("     vigil run --database \(word) --config vigil.toml     # the engine loop, with notices (docs/disposal.md)")
    }
}
