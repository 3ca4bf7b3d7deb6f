import VigilAttribution
import VigilCore
import VigilStore

/// Who receives which notice of a ticket, from the organization directory: the responsible organization for a new
/// ticket, a reminder or a withdrawal (plus its parent and the cyberspace administration when the ticket says so);
/// the parent organization, then the provincial communications administration, for escalations.
public struct NoticeRouter: Sendable {
    public let directory: OrganizationDirectory
    public let cyberspaceAdministration: [Contact]

    public init(directory: OrganizationDirectory, cyberspaceAdministration: [Contact] = []) {
        self.directory = directory
        self.cyberspaceAdministration = cyberspaceAdministration
    }

    /// The notices for `purpose` (a stored purpose text such as `escalation-parent-2`), or the reason there are none.
    public func requests(for ticket: Ticket, purpose: String) -> (requests: [NoticeRequest], missing: String?) {
        guard let kind = NoticePurpose(stored: purpose) else { return ([], "unknown notice purpose '\(purpose)'") }
        let organization = directory.organizations[ticket.organization]
        var contacts: [Contact] = []
        var who = ticket.organization
        switch kind {
        case .issued:
            contacts = organization?.contacts ?? []
            if ticket.notifyParent, let parent = organization?.parent.flatMap({ directory.organizations[$0] }) { contacts += parent.contacts }
            if ticket.notifyCyberspaceAdministration { contacts += cyberspaceAdministration }
        case .reminder, .withdrawn:
            contacts = organization?.contacts ?? []
        case .escalationParent:
            if let parent = organization?.parent.flatMap({ directory.organizations[$0] }) {
                contacts = parent.contacts
                who = parent.id
            } else if let province = provincialAdministration(ticket) {
                // No parent: the provincial administration is the next level up.
                contacts = province.contacts
                who = province.id
            }
        case .escalationProvince:
            if let province = provincialAdministration(ticket) {
                contacts = province.contacts
                who = province.id
            } else {
                who = "the provincial administration of \(ticket.province.map(String.init) ?? "an unknown province")"
            }
        }
        var seen = Set<String>()
        let requests = contacts.filter { seen.insert($0.channel.rawValue + " " + $0.address).inserted }.map {
            NoticeRequest(purpose: purpose, channel: $0.channel == .email ? .email : .webhook, recipient: $0.address)
        }
        return (requests, requests.isEmpty ? "\(who) has no e-mail or webhook contact in the organization directory; add one ([[organizations]] emails/webhooks or the directory CSV)" : nil)
    }

    /// The provincial communications administration of the ticket's province.
    func provincialAdministration(_ ticket: Ticket) -> Organization? {
        guard let province = ticket.province else { return nil }
        return directory.organizations.values.filter { $0.type == .provincialAdministration && $0.provinceCode == province }.min { $0.id < $1.id }
    }
}
