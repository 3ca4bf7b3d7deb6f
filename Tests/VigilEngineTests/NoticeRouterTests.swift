import Testing
import VigilAttribution
import VigilCore
import VigilEngine
import VigilStore

@Suite struct NoticeRouterTests {
    static let directory = OrganizationDirectory([
        Organization(id: "branch", name: "Branch", type: .operatorBranch, parent: "group", provinceCode: 440000,
                     contacts: [Contact(channel: .email, address: "soc@branch.example"), Contact(channel: .webhook, address: "https://branch.example/hook")]),
        Organization(id: "group", name: "Group", type: .basicOperator, contacts: [Contact(channel: .email, address: "hq@group.example")]),
        Organization(id: "orphan", name: "Orphan", type: .internetCompany, provinceCode: 440000, contacts: [Contact(channel: .email, address: "a@orphan.example")]),
        Organization(id: "ca-440000", name: "GD CA", type: .provincialAdministration, provinceCode: 440000,
                     contacts: [Contact(channel: .email, address: "gd@ca.example")]),
        Organization(id: "silent", name: "Silent", type: .internetCompany),
    ])

    static func ticket(_ org: String, province: Int? = 440000, parent: Bool = false, cac: Bool = false) -> Ticket {
        Ticket(id: 1, organization: org, measure: .stopService, state: .issued, severity: .high, province: province, issuedAt: 0, deadline: 100,
               acknowledgedAt: nil, reportedDoneAt: nil, verifiedAt: nil, closedAt: nil, escalations: 0, reopenings: 0, notifyParent: parent,
               notifyCyberspaceAdministration: cac, note: nil, evidence: nil, threats: 1)
    }

    @Test func eachPurposeReachesItsRecipients() {
        let router = NoticeRouter(directory: Self.directory, cyberspaceAdministration: [Contact(channel: .email, address: "cac@cac.example")])
        func recipients(_ t: Ticket, _ purpose: String) -> [String] { router.requests(for: t, purpose: purpose).requests.map(\.recipient) }
        #expect(recipients(Self.ticket("branch"), "issued") == ["soc@branch.example", "https://branch.example/hook"])
        #expect(router.requests(for: Self.ticket("branch"), purpose: "issued").requests.map(\.channel) == [.email, .webhook])
        #expect(recipients(Self.ticket("branch", parent: true, cac: true), "issued")
            == ["soc@branch.example", "https://branch.example/hook", "hq@group.example", "cac@cac.example"])
        #expect(recipients(Self.ticket("branch"), "reminder-1") == ["soc@branch.example", "https://branch.example/hook"])
        #expect(recipients(Self.ticket("branch"), "escalation-parent-2") == ["hq@group.example"])
        #expect(recipients(Self.ticket("branch"), "escalation-province-3") == ["gd@ca.example"])
        // No parent: the provincial administration is the next level up.
        #expect(recipients(Self.ticket("orphan"), "escalation-parent-2") == ["gd@ca.example"])
        #expect(router.requests(for: Self.ticket("orphan"), purpose: "issued").requests.allSatisfy { $0.purpose == "issued" })
    }

    @Test func missingContactsAreExplained() {
        let router = NoticeRouter(directory: Self.directory)
        let silent = router.requests(for: Self.ticket("silent"), purpose: "issued")
        #expect(silent.requests.isEmpty && silent.missing?.contains("silent has no e-mail or webhook contact") == true)
        let unknownProvince = router.requests(for: Self.ticket("branch", province: nil), purpose: "escalation-province-1")
        #expect(unknownProvince.requests.isEmpty && unknownProvince.missing != nil)
        #expect(router.requests(for: Self.ticket("branch"), purpose: "gossip").missing?.contains("unknown notice purpose") == true)
        #expect(NoticePurpose(stored: "escalation-parent-12") == .escalationParent && NoticePurpose(stored: "withdrawn") == .withdrawn)
    }
}
