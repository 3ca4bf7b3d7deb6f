import ArgumentParser

/// The `vigil` command-line tool.
@main
struct VigilCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Public-internet threat monitoring and disposal: collect, normalize, attribute, correlate, determine, dispose.",
        subcommands: [ServeCommand.self, IngestCommand.self, ThreatsCommand.self, StatsCommand.self, RejectsCommand.self, BatchesCommand.self, DemoCommand.self, KindsCommand.self, FeedsCommand.self, WarninglistsCommand.self, RefdataCommand.self, WhoisCommand.self, AttributeCommand.self, RunCommand.self, ReviewCommand.self, DetermineCommand.self, TicketsCommand.self, OrgsCommand.self, PerformanceCommand.self, CampaignsCommand.self, IncidentsCommand.self, AuditCommand.self, UsersCommand.self, TokensCommand.self, ProbeCommand.self, RechecksCommand.self, WatchCommand.self, ExportCommand.self, ReportCommand.self]
    )
}
