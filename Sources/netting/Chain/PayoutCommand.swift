import ArgumentParser
import Foundation
import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario

struct PayoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payout",
        abstract: "What the contract pays each end of a channel: settle and unlock, from the two state files.",
        discussion: """
            The figures are those of `netting run` and its settlement.json: withdrawn
            (setTotalWithdraw while open), paid_at_settle (what settleChannel transferred:
            its ChannelSettled log's amount), unlocked (what unlock paid, to the receiver
            or back to the sender), and total. With --chain, what the contract did comes
            from the chain file, and the calls not made yet are made on a copy; without
            it, the channel is taken as both states saw it open. A call still to come uses
            what the states hold: close with the latest balance proof each side received,
            settle at the first block allowed, each receiver registering the secrets it
            knows while their locks can still pay, unlock in both directions — the
            contract's arithmetic (TokenNetwork 0.40.2) on the model of
            Sources/NettingScenario/Chain. `final` says whether every call had already
            been made (nothing predicted).

            --json prints one line in the canonical form (integers as decimal strings),
            the participants in the order the state files are given:
              {"final":true,"block":"…","participants":[
                {"address":"0x…","withdrawn":"…","paid_at_settle":"…",
                 "unlocked":"…","total":"…"},{…}],"locked_for_unlock":"…"}

            Examples:
              netting payout alice.json bob.json
              netting payout --chain chain.json alice.json bob.json --json
            """)

    @Option(help: "The chain file (netting chain open), if the channel's contract calls are being made by hand.")
    var chain: String?
    @Flag(help: "One line of canonical JSON (described above).") var json = false
    @Argument(help: "The two parties' state files.") var states: [String]

    func run() throws {
        let (a, b) = try twoStates(states)
        let file = try chain.map { try ChainFile.read($0) }
        let block = [a.blockNumber, b.blockNumber].reduce(file?.block ?? 0, max)
        let (result, final) = try chainCall(nil, chain: chain) { () throws(HandChain.Failure) in try HandChain.payout(file?.chain, states: [a, b], block: block) }
        let payouts = [a, b].map { result.payout($0.ourState.address) }
        let locked = payouts.reduce(UInt256.zero) { $0.saturatingAdding($1.unlocked) }
        if json {
            var w = JSONWriter(capacity: 512)
            w.beginObject()
            w.canonicalField("final", final)
            w.canonicalField("block", block)
            w.key("participants")
            w.beginArray()
            for (s, p) in zip([a, b], payouts) {
                w.beginObject()
                w.canonicalField("address", s.ourState.address)
                w.canonicalField("withdrawn", p.withdrawn)
                w.canonicalField("paid_at_settle", p.paidAtSettle)
                w.canonicalField("unlocked", p.unlocked)
                w.canonicalField("total", p.total)
                w.endObject()
            }
            w.endArray()
            w.canonicalField("locked_for_unlock", locked)
            w.endObject()
            return print(String(decoding: w.bytes, as: UTF8.self))
        }
        print(final ? "The contract has paid (every call made):" : "The contract pays, once the calls still to come are made:")
        let header = ["", "address", "withdrawn", "paid at settle", "unlocked", "total"]
        let rows = zip(states, zip([a, b], payouts)).map { path, sp in
            [path, sp.0.ourState.address.checksummed, sp.1.withdrawn.decimal, sp.1.paidAtSettle.decimal, sp.1.unlocked.decimal, sp.1.total.decimal]
        }
        let widths = header.indices.map { i in max(header[i].count, rows.map { $0[i].count }.max() ?? 0) }
        for r in [header] + rows { print(r.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingTrailingSpaces) }
        print("settle kept \(locked) locked for unlock")
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
