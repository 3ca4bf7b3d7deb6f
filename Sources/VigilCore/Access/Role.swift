/// What a user may see and do (DESIGN.md §5).
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    /// The ministry: everything.
    case ministry
    /// A provincial communications administration: its own province.
    case province
    /// A responsible organization: the tickets and threats assigned to it.
    case organization
    /// A reporting source: its own submissions.
    case reporter
    /// Reads everything, changes nothing.
    case auditor
}
