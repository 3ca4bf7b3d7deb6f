import ArgumentParser
import Foundation
import VigilCore
import VigilPublish
import VigilStore

/// `vigil report`: the situation report (网络安全威胁态势分析与工作综述) of a quarter, a month or a range of days, in
/// Chinese or English, as Markdown, self-contained HTML, or PDF (HTML printed by headless Chromium).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write the situation report of a quarter, a month or a range of days (Markdown, HTML or PDF; Chinese or English).",
        discussion: """
            Examples: vigil report --quarter 2018Q4                          (Chinese Markdown on standard output)
                      vigil report --quarter 2018Q4 --lang en --format html --out q4.html
                      vigil report --month 2018-11 --format pdf --out 2018-11.pdf   (needs chromium)
                      vigil report --range 2018-10-01..2018-10-31
            Counts come from rollups kept on write: monitored threats by the day of their first sighting, disposed threats
            by the day they were first reported done, verified by the day of verification (Beijing days). [report] in
            vigil.toml names the author, the next priorities and the type of each reporting source.
            """)

    @Option(help: "A quarter, e.g. 2018Q3.") var quarter: String?
    @Option(help: "A month, e.g. 2018-07.") var month: String?
    @Option(help: "Days, both included, e.g. 2018-07-01..2018-09-30.") var range: String?
    @Option(help: "zh (default) or en.") var lang: String = "zh"
    @Option(help: "md (default), html, pdf, or json (the figures, for other tools).") var format: String = "md"
    @Option(help: "Write here instead of standard output (required for pdf).") var out: String?
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var attribution: AttributionOptions

    func run() async throws {
        let given = [quarter, month, range].compactMap { $0 }
        guard given.count == 1 else { throw ValidationError("give exactly one of --quarter 2018Q3, --month 2018-07 or --range 2018-07-01..2018-09-30") }
        let period: ReportPeriod
        do {
            // Each option is read as what it names: a quarter, a month or a range.
            if let quarter { period = try .quarter(quarter) } else if let month { period = try .month(month) } else { period = try .range(given[0]) }
        } catch {
            throw ValidationError("\(error)")
        }
        guard let language = Language(rawValue: lang) else { throw ValidationError("--lang is zh or en") }
        guard let kind = ReportFormat(rawValue: format) else { throw ValidationError("--format is md, html, pdf or json") }
        if kind == .pdf && out == nil { throw ValidationError("--format pdf needs --out FILE.pdf") }
        let config = try attribution.loadConfig()
        let settings = config.report.settings(directory: try attribution.makeDirectory(config))
        let store = try await db.open()
        let started = ContinuousClock.now
        let report = try await SituationReport.build(store, period: period, settings: settings, at: try DisposalContext.now())
        let built = ContinuousClock.now - started
        let document = ReportWriter(report, lang: language).document()
        switch kind {
        case .md: try write(ReportRenderer.markdown(document))
        case .html: try write(ReportRenderer.html(document))
        case .pdf: try printPDF(ReportRenderer.html(document))
        case .json: try write(try report.json())
        }
        let ms = built.components.seconds * 1000 + built.components.attoseconds / 1_000_000_000_000_000
        OutputFormatting.writeError("vigil report \(period.label): \(report.current.monitored) threats monitored, \(report.current.disposed) disposed of, "
            + "\(report.current.verified) verified; figures read in \(ms) ms")
    }

    /// Writes to --out through a temporary file renamed into place, or prints.
    func write(_ text: String) throws { try OutputFormatting.write(text, to: out) }

    /// The Chromium to print with: `$VIGIL_CHROMIUM`, else the first of chromium, chromium-browser, google-chrome on PATH.
    static func chromium() -> String? {
        if let path = ProcessInfo.processInfo.environment["VIGIL_CHROMIUM"], FileManager.default.isExecutableFile(atPath: path) { return path }
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for dir in dirs where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return nil
    }

    /// Prints the HTML to --out as PDF with headless Chromium.
    func printPDF(_ html: String) throws {
        guard let out else { return }
        guard let chromium = Self.chromium() else {
            throw ValidationError("--format pdf needs Chromium (apt-get install chromium, or set VIGIL_CHROMIUM); --format html gives the same report to print from a browser")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let target = URL(fileURLWithPath: out).standardizedFileURL.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
                             "--print-to-pdf=\(target + ".vigil-tmp")", page.absoluteString]
        let log = dir.appendingPathComponent("chromium.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try? handle.close()
        let printed = (try? FileManager.default.attributesOfItem(atPath: target + ".vigil-tmp")[.size] as? Int) ?? 0
        guard process.terminationStatus == 0, printed > 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw ValidationError("Chromium (\(chromium)) did not print the PDF (status \(process.terminationStatus)): \(text.suffix(400))")
        }
        if rename(target + ".vigil-tmp", target) != 0 { throw ValidationError("cannot write '\(out)': \(String(cString: strerror(errno)))") }
    }
}
