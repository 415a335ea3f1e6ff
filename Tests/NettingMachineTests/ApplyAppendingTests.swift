import NettingCodec
import NettingCrypto
import NettingMachine
import NettingVectors
import Testing

/// `ChannelMachine.apply(_:_:appendingTo:)` is `apply(_:_:)` with the outputs appended to the
/// caller's buffer: the same state, the same rejection, and after what the buffer held, exactly
/// the outputs `apply` returns — on every guard case (reject, reject-committed and ignore) and
/// on a whole payment.
@Suite struct ApplyAppendingTests {
    /// Something already in the buffer, which must stay in front.
    let held: [Output] = [.eventUnlockClaimSuccess(.init(identifier: 99, secrethash: Fx.secrethash(99)))]

    func expectSame(_ state: ChannelState, _ input: Input, sourceLocation: SourceLocation = #_sourceLocation) -> ChannelState {
        var returned = state, appended = state
        let (outputs, rejection) = ChannelMachine.apply(&returned, input)
        var buffer = held
        let appendedRejection = ChannelMachine.apply(&appended, input, appendingTo: &buffer)
        #expect(appended == returned, sourceLocation: sourceLocation)
        #expect(appendedRejection == rejection, sourceLocation: sourceLocation)
        #expect(buffer == held + outputs, sourceLocation: sourceLocation)
        return returned
    }

    @Test(arguments: GuardCases.all)
    func aRejectedInputAppendsExactlyItsRejectionOutputs(_ c: GuardCase) throws {
        let (state, input) = try c.make()
        _ = expectSame(state, input)
    }

    @Test func aWholePaymentAppendsWhatApplyReturns() {
        var p = Fx.opened()
        var inFlight: [(to: Bool, input: Input)] = [(false, Fx.pay(10, secret: 1))]  // false: to Alice
        while !inFlight.isEmpty {
            let (toBob, input) = inFlight.removeFirst()
            let before = toBob ? p.bob : p.alice
            var outputs: [Output] = []
            var after = before
            _ = ChannelMachine.apply(&after, input, appendingTo: &outputs)
            #expect(expectSame(before, input) == after)
            if toBob { p.bob = after } else { p.alice = after }
            for output in outputs {
                if let next = Fx.received(output, signedBy: toBob ? Fx.bobKey : Fx.aliceKey) { inFlight.append((!toBob, next)) }
            }
        }
        #expect(p.bob.partnerState.transferredAmount == 10, "the payment completed")
    }
}
