import Foundation
import Testing

/// `netting check` end to end: its JSON report, its exit status, its refusal of bad options.
@Suite struct CheckCommandTests {
    @Test func aSmallRunPrintsOneJSONReportAndExitsZero() throws {
        let r = try CLITests.netting(["check", "--depth", "3", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "nettingkit.check-report/1")
        #expect(object["verdict"] as? String == "no_violation")
        #expect(object["depth_reached"] as? String == "3")
        #expect((object["states_per_depth"] as? [String])?.count == 4)
        #expect(r.err.contains("states"))  // the progress line
    }

    @Test func aPlantedBugExitsOneWithItsCounterexample() throws {
        let r = try CLITests.netting(["check", "--depth", "3", "--bug", "settles_with_participants_swapped"])
        #expect(r.status == 1)
        #expect(r.out.contains("VIOLATION: honest_payout_at_least_latest_view"))
        #expect(r.out.contains("the channel is settled"))
    }

    @Test func badOptionsAreRefusedWithTheirCode() throws {
        let bug = try CLITests.netting(["check", "--bug", "nonsense"])
        #expect(bug.status != 0 && bug.err.contains("--bug") && bug.err.contains("[input.invalid]"))
        let depth = try CLITests.netting(["check", "--depth", "0"])
        #expect(depth.status != 0 && depth.err.contains("[value.out_of_range]"))
    }
}
