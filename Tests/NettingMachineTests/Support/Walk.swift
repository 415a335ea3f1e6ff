import NettingCodec
import NettingCrypto
@testable import NettingMachine
import Testing

/// Two parties exchanging signed messages until nothing is in flight.
enum Walk {
    enum Party { case alice, bob }

    static func key(_ p: Party) -> PrivateKey { p == .alice ? Fx.aliceKey : Fx.bobKey }

    /// Applies `input` to `party`, checks the invariants and the declared outputs, and returns its outputs.
    static func apply(_ pair: inout Pair, _ party: Party, _ input: Input) -> Step {
        let before = party == .alice ? pair.alice : pair.bob
        let step = Declared.step(before, input)
        #expect(Invariants.check(step.state) == [], "\(input.name)")
        #expect(Invariants.checkStep(before, step.state) == [], "\(input.name)")
        if step.rejection != nil { #expect(step.state == before) }
        if party == .alice { pair.alice = step.state } else { pair.bob = step.state }
        return step
    }

    /// Delivers every Send* output to the other party, recursively, in order.
    static func exchange(_ pair: inout Pair, from party: Party, _ outputs: [Output]) {
        var queue = outputs.map { (party, $0) }
        while !queue.isEmpty {
            let (sender, output) = queue.removeFirst()
            guard let input = Fx.received(output, signedBy: key(sender)) else { continue }
            let receiver: Party = sender == .alice ? .bob : .alice
            let step = apply(&pair, receiver, input)
            #expect(step.rejection == nil, "\(String(describing: step.rejection))")
            queue += step.outputs.map { (receiver, $0) }
        }
    }

    /// A complete direct payment: lock, secret request, reveals, unlock.
    static func payAndSettleOffchain(_ pair: Pair, from payer: Party, _ amount: UInt256, secret n: UInt64) -> Pair {
        var pair = pair
        let step = apply(&pair, payer, Fx.pay(amount, secret: n, target: payer == .alice ? Fx.bob : Fx.alice))
        #expect(step.rejection == nil)
        exchange(&pair, from: payer, step.outputs)
        return pair
    }
}
