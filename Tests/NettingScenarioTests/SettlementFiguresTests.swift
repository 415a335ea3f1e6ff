import Foundation
import NettingMachine
import NettingScenario
import NettingSpec
import Testing

/// With withdraws in the story, what the contract pays a party is three figures: what
/// setTotalWithdraw paid, what settleChannel transferred, what unlock paid. Raiden's listener
/// feeds its machine settle's own figure (the ChannelSettled log's participant amounts,
/// raiden/blockchain/decode.py contractreceivechannelsettled_from_event), never the total.
///
/// The story, by hand (TokenNetwork 0.40.2 getSettleTransferAmounts): deposits alice 100, bob
/// 50; alice pays bob 35; bob withdraws 20, alice 10. Total available deposit 150 − 30 = 120;
/// bob (participant1: transferred + locked 0 < 35) receives 35 + 50 − 20 = 65, alice the other
/// 120 − 65 = 55. In total the contract pays alice 10 + 55 = 65 and bob 20 + 65 = 85.
@Suite struct SettlementFiguresTests {
    static func story(settleExpect: String = "", unlock: Bool = false) -> String {
        """
        title: withdraws then settle
        parties:
          alice: {key: "0x1111111111111111111111111111111111111111111111111111111111111111", deposit: "100"}
          bob: {key: "0x2222222222222222222222222222222222222222222222222222222222222222", deposit: "50"}
        channel: {reveal_timeout: "5", settle_timeout: "10"}
        steps:
          - pay: {from: alice, to: bob, amount: "35"}
          - withdraw: {party: bob, total: "20"}
          - withdraw: {party: alice, total: "10"}
          - close: {by: bob}
          - settle: {}
        \(settleExpect.isEmpty ? "" : "    expect: " + settleExpect)
        \(unlock ? "  - unlock: {}" : "")
        """
    }

    /// Runs every step; returns the runner and each step's report.
    static func run(_ yaml: String) throws -> (ScenarioRunner, [StepReport]) {
        let scenario = try Scenario.load(yaml: yaml, file: "story.yaml")
        var runner = ScenarioRunner(scenario)
        var reports: [StepReport] = []
        for step in scenario.steps { reports.append(runner.run(step)) }
        return (runner, reports)
    }

    @Test func settleFeedsBothMachinesWhatSettleTransferredNotTheTotals() throws {
        let (_, reports) = try Self.run(Self.story())
        let settled = reports.last!.inputs.compactMap { fed -> (String, Input.ContractReceiveChannelSettled)? in
            if case .contractReceiveChannelSettled(let i) = fed.input { (fed.party, i) } else { nil }
        }
        #expect(settled.map(\.0) == ["alice", "bob"], "one ContractReceiveChannelSettled per machine")
        let alice = try #require(settled.first { $0.0 == "alice" }?.1)
        let bob = try #require(settled.first { $0.0 == "bob" }?.1)
        #expect(alice.ourTransferredAmount == 55 && alice.partnerTransferredAmount == 65)
        #expect(bob.ourTransferredAmount == 65 && bob.partnerTransferredAmount == 55)
        #expect(reports.allSatisfy { $0.rejections.isEmpty }, "\(reports.flatMap(\.rejections))")
    }

    @Test func theReportSeparatesWithdrawnPaidAtSettleUnlockedAndTotal() throws {
        let (runner, reports) = try Self.run(Self.story())
        let s = try #require(runner.settlement)
        #expect(s.withdrawn == ["alice": 10, "bob": 20])
        #expect(s.paidAtSettle == ["alice": 55, "bob": 65])
        #expect(s.unlocked == nil, "unlock has not run")
        #expect(s.total == ["alice": 65, "bob": 85])
        #expect(s.lockedRetained == 0)
        let note = try #require(reports.last!.notes.first { $0.hasPrefix("settle at block") })
        #expect(note == "settle at block 111 transferred alice 55 and bob 65 (withdrawn before: alice 10, bob 20; total paid by the contract: alice 65, bob 85)")

        let json = try Self.object(runner.settlementJSON())
        #expect(json["settled"] as? Bool == true)
        #expect(json["withdrawn"] as? [String: String] == ["alice": "10", "bob": "20"])
        #expect(json["paid_at_settle"] as? [String: String] == ["alice": "55", "bob": "65"])
        #expect(json["unlocked"] is NSNull)
        #expect(json["total"] as? [String: String] == ["alice": "65", "bob": "85"])
        #expect(json["locked_for_unlock"] as? String == "0")

    }

    @Test func afterUnlockTheUnlockedFigureIsReported() throws {
        let (runner, reports) = try Self.run(Self.story(unlock: true))
        #expect(reports.last!.rejections.isEmpty)
        #expect(runner.settlement?.unlocked == ["alice": 0, "bob": 0])
        #expect(runner.settlement?.total == ["alice": 65, "bob": 85])
        let json = try Self.object(runner.settlementJSON())
        #expect(json["unlocked"] as? [String: String] == ["alice": "0", "bob": "0"])
        #expect(json["total"] as? [String: String] == ["alice": "65", "bob": "85"])
    }

    @Test func beforeCloseSettlementJSONPredictsTheSameThreeFigures() throws {
        let yaml = Self.story().components(separatedBy: "\n").filter { !$0.contains("close:") && !$0.contains("settle: {}") }
            .joined(separator: "\n")
        let (runner, _) = try Self.run(yaml)
        #expect(runner.settlement == nil)
        let json = try Self.object(runner.settlementJSON())
        #expect(json["settled"] as? Bool == false)
        #expect(json["withdrawn"] as? [String: String] == ["alice": "10", "bob": "20"])
        #expect(json["predicted_paid_at_settle"] as? [String: String] == ["alice": "55", "bob": "65"])
        #expect(json["predicted_unlocked"] as? [String: String] == ["alice": "0", "bob": "0"])
        #expect(json["predicted_total"] as? [String: String] == ["alice": "65", "bob": "85"])
    }

    @Test func expectationsPinEachFigure() throws {
        let right = #"{withdrawn: {alice: "10", bob: "20"}, paid_at_settle: {alice: "55", bob: "65"}, payout: {alice: "65", bob: "85"}}"#
        let (_, good) = try Self.run(Self.story(settleExpect: right))
        #expect(good.last!.failures.isEmpty, "\(good.last!.failures)")

        // The totals given as settle's figure, and settle's figure given as the totals.
        let swapped = #"{paid_at_settle: {alice: "65", bob: "85"}, payout: {alice: "55", bob: "65"}, withdrawn: {bob: "0"}}"#
        let (_, bad) = try Self.run(Self.story(settleExpect: swapped))
        let failures = bad.last!.failures
        #expect(failures.contains("alice's paid_at_settle is 55, expected 65"))
        #expect(failures.contains("bob's paid_at_settle is 65, expected 85"))
        #expect(failures.contains("the contract paid alice 65 in total (withdrawn 10 + paid at settle 55 + unlocked 0), expected 55"))
        #expect(failures.contains("bob's withdrawn is 20, expected 0"))
        #expect(failures.count == 5, "\(failures)")
    }

    @Test func aMisspelledFigureIsAnError() {
        #expect(throws: (any Error).self) { try Self.run(Self.story(settleExpect: #"{paid_at_setle: {alice: "55"}}"#)) }
        do { _ = try Self.run(Self.story(settleExpect: #"{paid_at_setle: {alice: "55"}}"#)) } catch let error as SpecError {
            #expect(error.path == "steps[4].expect.paid_at_setle")
            #expect(error.reason.contains("paid_at_settle"), "names the allowed keys: \(error.reason)")
        } catch { Issue.record("unexpected \(error)") }
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Deposits of 2^256 − 1 each: TokenNetwork's getChannelAvailableDeposit (D1 + D2, Solidity
    /// 0.8 checked addition) reverts with Panic(0x11), so settle cannot run. Before this, the
    /// prediction said 0 and 0; now it names the revert and predicts nothing.
    @Test func aSettleThatWouldRevertIsPredictedAsTheRevertNotAsZeros() throws {
        let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        let yaml = """
            title: deposits at the limit
            parties:
              alice: {key: "0x1111111111111111111111111111111111111111111111111111111111111111", deposit: "\(max)"}
              bob: {key: "0x2222222222222222222222222222222222222222222222222222222222222222", deposit: "\(max)"}
            steps:
              - pay: {from: alice, to: bob, amount: "5"}
            """
        let (runner, _) = try Self.run(yaml)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(runner.settlementJSON().utf8)) as? [String: Any])
        #expect(json["predicted_revert"] as? String == "settle.deposit_overflow", "\(json)")
        #expect(json["predicted_total"] is NSNull && json["predicted_paid_at_settle"] is NSNull && json["locked_for_unlock"] is NSNull)
        let (honest, _) = try Self.run(Self.story())
        #expect(!honest.settlementJSON().contains("predicted_revert"))
    }
}
