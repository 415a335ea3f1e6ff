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

    @Test func theStatusesAreTheSpecs() {
        #expect(Set(ChannelStatus.allCases.map(\.rawValue)) == Set(ChannelSpecTable.statuses))
    }

    /// Foundation's JSON parser, independent of ours, reads the canonical form as the spec's
    /// rules spell it: snake_case keys, integers as decimal strings.
    @Test func anIndependentParserReadsTheCanonicalForm() throws {
        let (p, _) = Fx.bobHoldsLock()
        let object = try JSONSerialization.jsonObject(with: Data(p.bob.canonicalJSON)) as! [String: Any]
        #expect(object["block_number"] as? String == "10")
        #expect((object["our_state"] as? [String: Any])?["contract_balance"] as? String == "1000")
        #expect(object["open_transaction"] is [String: Any])
        #expect(object["close_transaction"] is NSNull)
        #expect(Set(object.keys) == Set(ChannelState.canonicalKeys))
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
