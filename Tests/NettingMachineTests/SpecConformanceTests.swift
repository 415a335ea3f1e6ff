import Foundation
import NettingCodec
import NettingCrypto
@testable import NettingMachine
import Testing

// The machine against the tables generated from spec/channel.yaml. (That the generated file
// matches the YAML is the generic `netting spec generate --check` test.)

@Suite struct SpecConformanceTests {
    @Test func everyRejectionCodeBelongsToExactlyOneTransition() {
        let listed = ChannelSpecTable.transitions.flatMap(\.guards)
        #expect(listed.count == Set(listed).count)
        #expect(Set(listed) == Set(RejectionCode.allCases))
    }

    @Test func everyInputHasATransitionAndEveryOutputIsEmitted() {
        #expect(Set(ChannelSpecTable.transitions.map(\.input)) == Set(InputName.allCases))
        let emitted = Set(ChannelSpecTable.transitions.flatMap { $0.outputs + $0.onReject })
        #expect(emitted == Set(OutputName.allCases))
    }

    @Test func aCodesSubjectIsItsTransitionsSubject() {
        for t in ChannelSpecTable.transitions {
            let subjects = Set(t.guards.map { $0.rawValue.split(separator: ".")[0] })
            #expect(subjects.count <= 1, "\(t.name) mixes \(subjects)")
        }
    }

    @Test func stateCodableKeysAreTheSpecsFieldNames() {
        func keys<K: CodingKey & CaseIterable>(_: K.Type) -> Set<String> { Set(K.allCases.map(\.stringValue)) }
        let table = ChannelSpecTable.stateFields
        #expect(keys(ChannelState.CodingKeys.self) == Set(table["ChannelState"]!))
        #expect(keys(EndState.CodingKeys.self) == Set(table["EndState"]!))
        #expect(keys(MachineConfig.CodingKeys.self) == Set(table["MachineConfig"]!))
        #expect(keys(PendingWithdraw.CodingKeys.self) == Set(table["PendingWithdraw"]!))
        #expect(keys(BalanceProofState.CodingKeys.self) == Set(table["BalanceProofState"]!))
        #expect(keys(TransactionStatus.CodingKeys.self) == Set(table["TransactionStatus"]!))
        #expect(keys(InitiatorTask.CodingKeys.self) == Set(table["InitiatorTask"]!))
        #expect(keys(TargetTask.CodingKeys.self) == Set(table["TargetTask"]!))
        #expect(Set(ChannelStatus.allCases.map(\.rawValue)) == Set(ChannelSpecTable.statuses))
    }

    @Test func aStateSurvivesAJSONRoundTrip() throws {
        let (p, _) = Fx.bobHoldsLock()
        let data = try JSONEncoder().encode(p.bob)
        #expect(try JSONDecoder().decode(ChannelState.self, from: data) == p.bob)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(object["block_number"] as? Int == 10)
        #expect((object["our_state"] as? [String: Any])?["contract_balance"] as? String == "1000")
    }

    @Test func theMachineIsDeterministic() {
        let run = { () -> [Output] in
            var a = Fx.opened().alice
            var out: [Output] = []
            for n in 1...5 {
                let step = ChannelMachine.step(a, Fx.pay(UInt256(UInt64(n)), secret: UInt64(n)))
                a = step.state
                out += step.outputs
            }
            return out
        }
        #expect(run() == run())
    }
}
