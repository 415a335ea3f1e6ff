import NettingCodec
import NettingCrypto
@testable import NettingMachine
import NettingVectors
import Testing

/// The codes a rejection carries in its outputs.
func carriedCodes(_ outputs: [Output]) -> [RejectionCode] {
    outputs.compactMap { o -> RejectionCode? in
        switch o {
        case .eventInvalidReceivedLockedTransfer(let e): e.code
        case .eventInvalidReceivedUnlock(let e): e.code
        case .eventInvalidReceivedLockExpired(let e): e.code
        case .eventInvalidReceivedWithdrawRequest(let e): e.code
        case .eventInvalidReceivedWithdraw(let e): e.code
        case .eventInvalidReceivedWithdrawExpired(let e): e.code
        case .eventInvalidActionWithdraw(let e): e.code
        case .eventInvalidActionCoopSettle(let e): e.code
        case .eventInvalidActionSetRevealTimeout(let e): e.code
        case .eventInvalidSecretRequest(let e): e.code
        case .eventPaymentSentFailed(let e): e.code
        default: nil
        }
    }
}

@Suite struct GuardTests {
    @Test(arguments: GuardCases.all)
    func guardFailsWithItsCode(_ c: GuardCase) throws {
        let (state, input) = try c.make()
        let step = Declared.step(state, input)
        #expect(step.rejection?.code == c.code, "\(step.rejection.map(\.description) ?? "accepted")")
        let spec = ChannelSpecTable.transitions.first { $0.guards.contains(c.code) }!
        #expect(spec.input == input.name)
        switch c.code.outcome {
        case .ignore:
            #expect(step.state == state, "an ignored input leaves the state unchanged")
            #expect(step.outputs == [])
        case .reject, .rejectCommitted:
            if c.code.outcome == .reject { #expect(step.state == state, "a rejected input leaves the state unchanged") }
            // The declared on_reject outputs, in order; a later one may be conditional
            // (EventUnlockClaimFailed after an invalid LockExpired).
            let names = step.outputs.map(\.name)
            #expect(names.first == spec.onReject.first)
            #expect(names.allSatisfy(spec.onReject.contains) && names == spec.onReject.filter(names.contains))
            #expect(carriedCodes(step.outputs) == [c.code])
        }
    }

    @Test func everyRejectionCodeHasAGuardCase() {
        let covered = Set(GuardCases.all.map(\.code))
        for code in RejectionCode.allCases {
            #expect(covered.contains(code), "no test reaches \(code.rawValue)")
        }
        #expect(GuardCases.all.count == RejectionCode.allCases.count, "one case per code")
    }
}
