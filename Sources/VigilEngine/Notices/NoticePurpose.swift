/// Why a notice is sent; stored as the notice's purpose text (`issued`, `reminder-1`, `escalation-parent-2`,
/// `escalation-province-3`, `withdrawn`).
public enum NoticePurpose: String, Sendable, Hashable, CaseIterable {
    /// A new ticket.
    case issued
    /// The deadline is near.
    case reminder
    /// Overdue: told to the parent organization.
    case escalationParent = "escalation-parent"
    /// Overdue: told to the provincial communications administration.
    case escalationProvince = "escalation-province"
    /// The ticket was withdrawn (its threats reversed on appeal).
    case withdrawn

    /// The purpose of a stored purpose text (its step number dropped).
    public init?(stored: String) {
        let base = stored.split(separator: "-").filter { Int($0) == nil }.joined(separator: "-")
        self.init(rawValue: base)
    }

    /// The bracketed tag that opens the subject.
    var subjectTag: String {
        switch self {
        case .issued: "【网络安全威胁处置通知】"
        case .reminder: "【处置期限提醒】"
        case .escalationParent: "【逾期督办】"
        case .escalationProvince: "【逾期督办·报省通信管理局】"
        case .withdrawn: "【撤销处置通知】"
        }
    }

    /// The English subject prefix.
    var englishTag: String {
        switch self {
        case .issued: "Notice of threats to dispose of"
        case .reminder: "Reminder: deadline near"
        case .escalationParent: "Overdue ticket (escalated to the parent organization)"
        case .escalationProvince: "Overdue ticket (escalated to the provincial administration)"
        case .withdrawn: "Ticket withdrawn"
        }
    }

    /// The opening lines, Chinese then English; none for a new ticket.
    var lead: [String] {
        switch self {
        case .issued: []
        case .reminder: ["【提醒】以下工单即将到期，请尽快处置并反馈。", "Reminder: the ticket below is close to its deadline."]
        case .escalationParent:
            ["【督办】以下工单已超过处置期限，现通报上级单位，请督促处置。", "Escalation: the ticket below is overdue; its parent organization is informed and asked to see it done."]
        case .escalationProvince:
            ["【督办】以下工单已超过处置期限，现报请省通信管理局督办。", "Escalation: the ticket below is overdue; the provincial communications administration is informed."]
        case .withdrawn:
            ["【撤销】经申诉复核，以下工单所涉威胁认定已撤销，工单撤回，无需处置。", "Withdrawn: on appeal the threats of the ticket below were reversed; no action is needed."]
        }
    }
}
