import Testing
import VigilCore

@Suite struct IncidentGradeTests {
    @Test func recordsLeakedFollowThePlan() {
        let policy = IncidentGradingPolicy.standard
        #expect(policy.grade(IncidentImpact(recordsLeaked: 100_000_000)) == .I)
        #expect(policy.grade(IncidentImpact(recordsLeaked: 99_999_999)) == .II)
        #expect(policy.grade(IncidentImpact(recordsLeaked: 10_000_000)) == .II)
        #expect(policy.grade(IncidentImpact(recordsLeaked: 1_000_000)) == .III)
        #expect(policy.grade(IncidentImpact(recordsLeaked: 100_000)) == .IV)
        #expect(policy.grade(IncidentImpact(recordsLeaked: 99_999)) == nil)
        #expect(policy.grade(IncidentImpact()) == nil)
    }

    @Test func theGravestThresholdWins() {
        let policy = IncidentGradingPolicy.standard
        #expect(policy.grade(IncidentImpact(usersAffected: 5_000_000, recordsLeaked: 200_000)) == .III)
        #expect(policy.grade(IncidentImpact(recordsLeaked: 200_000, provinces: 10)) == .I)
        #expect(policy.grade(IncidentImpact(recordsLeaked: 200_000, criticalInfrastructure: true)) == .II)
        let strict = IncidentGradingPolicy(recordsLeaked: [1000, 100, 10, 1], usersAffected: [4, 3, 2, 1], provinces: [4, 3, 2, 1], criticalInfrastructure: .I)
        #expect(strict.grade(IncidentImpact(recordsLeaked: 50)) == .III)
        #expect(strict.grade(IncidentImpact(criticalInfrastructure: true)) == .I)
    }

    @Test func gradesRaiseSeverityAndShortenDeadlines() {
        #expect(IncidentGrade.I.severity == .critical && IncidentGrade.III.severity == .high && IncidentGrade.IV.severity == .medium)
        #expect(IncidentGrade.I < IncidentGrade.IV)
        #expect(IncidentGrade.I.colour == "red" && IncidentGrade.IV.colour == "blue" && IncidentGrade.II.chineseName == "重大")
        let policy = DeadlinePolicy.standard
        #expect(policy.deadline(measure: .notifyParent, severity: IncidentGrade.I.severity, issuedAt: 0)
            < policy.deadline(measure: .notifyParent, severity: Severity.default(for: .dataLeak), issuedAt: 0))
    }
}
