import VigilAttribution
import VigilCore

/// Everything the disposal engine follows: the determination rules, ticket planning, escalation, incident grading
/// and the notice channels (`[determination]`, `[disposal]` and `[notices]` in vigil.toml). Every value has a default.
public struct DisposalSettings: Sendable {
    /// Where and how e-mail notices are sent.
    public struct Mail: Sendable, Hashable {
        public var host: String
        public var port: Int
        /// The sender address.
        public var from: String
        public var heloName: String
        /// Never send in the clear.
        public var requireTLS: Bool

        public init(host: String, port: Int = 25, from: String, heloName: String = "vigil.localdomain", requireTLS: Bool = false) {
            self.host = host
            self.port = port
            self.from = from
            self.heloName = heloName
            self.requireTLS = requireTLS
        }
    }

    public var rules: DeterminationRules
    public var planner: TicketPlanner
    public var escalation: EscalationPolicy
    public var grading: IncidentGradingPolicy
    /// The SMTP server; without one, e-mail notices wait (pending) until one is configured.
    public var mail: Mail?
    /// The HMAC-SHA256 key webhook notices are signed with.
    public var webhookSecret: String
    /// PEM file of certificate authorities to trust for STARTTLS and HTTPS webhooks, instead of the system's.
    public var trustRootsFile: String?
    /// When failed deliveries are tried again.
    public var retry: RetrySchedule
    /// Contacts of the cyberspace administration (网信部门), told of tickets for sensitive owners.
    public var cyberspaceAdministration: [Contact]
    /// Where organizations answer, as written in notices.
    public var answerAt: String
    /// Threats read per determination page (ticketing reads five times as many: one transaction per ticket per page).
    public var pageSize: Int

    public init(
        rules: DeterminationRules = DeterminationRules(), planner: TicketPlanner = TicketPlanner(), escalation: EscalationPolicy = .standard,
        grading: IncidentGradingPolicy = .standard, mail: Mail? = nil, webhookSecret: String = "", trustRootsFile: String? = nil,
        retry: RetrySchedule = .standard,
        cyberspaceAdministration: [Contact] = [], answerAt: String = "vigil tickets ack|done|appeal|extend (or the Vigil API)", pageSize: Int = 10_000
    ) {
        self.rules = rules
        self.planner = planner
        self.escalation = escalation
        self.grading = grading
        self.mail = mail
        self.webhookSecret = webhookSecret
        self.trustRootsFile = trustRootsFile
        self.retry = retry
        self.cyberspaceAdministration = cyberspaceAdministration
        self.answerAt = answerAt
        self.pageSize = pageSize
    }
}
