import Foundation
@testable import NettingSpec
import Testing

/// spec/vectors.yaml `reverts` (the settlement suite's codes) is read strictly: every code once,
/// in the `settle.` or `unlock.` family, with a reason string and at least one declared flag.
@Suite struct VectorsRevertsSpecTests {
    static let flags = ["revert", "overflow", "participant_order"]

    static func load(_ entries: String) throws(SpecError) -> [VectorsSpec.Revert] {
        let root = try YAMLNode.parse("reverts:\n" + entries, file: "reverts.yaml")
        let top = try root.record(required: ["reverts"])
        return try VectorsSpec.loadReverts(top["reverts"]!, flagNames: flags)
    }

    static func error(_ entries: String) -> SpecError? {
        do { _ = try load(entries); return nil } catch { return error }
    }

    @Test func theShippedRevertsAreReadWithTheirReasonsAndFlags() throws {
        let text = try String(contentsOf: GeneratedCodeTests.root.appendingPathComponent("spec/vectors.yaml"), encoding: .utf8)
        let start = try #require(text.range(of: "\nreverts:\n"))
        let block = String(text[start.upperBound...]).components(separatedBy: "\n\n")[0]
        let flags = text.components(separatedBy: "\n").compactMap { line -> String? in
            guard let r = line.range(of: "  - {name: ") else { return nil }
            return String(line[r.upperBound...].prefix { $0 != "," })
        }
        let root = try YAMLNode.parse("reverts:\n" + block + "\n", file: "spec/vectors.yaml")
        let reverts = try VectorsSpec.loadReverts(try root.record(required: ["reverts"])["reverts"]!, flagNames: flags)
        #expect(reverts.map(\.code) == [
            "settle.deposit_overflow", "settle.withdraw_underflow", "settle.transfers_not_ordered",
            "unlock.unlocked_amount_overflow", "unlock.locksroot_mismatch", "unlock.zero_locked_amount",
        ])
        #expect(reverts.first { $0.code == "settle.transfers_not_ordered" }?.revert == "TN: transfers not ordered")
        #expect(reverts.allSatisfy { $0.flags.first == "revert" })
    }

    @Test func theShippedSpecNeedsItsRevertsAndTheirFlagsDeclared() throws {
        let text = try GeneratedCodeTests.read("spec/vectors.yaml")
        let channel = try ChannelSpec.load(yaml: GeneratedCodeTests.read("spec/channel.yaml"))
        let messages = try MessagesSpec.load(yaml: GeneratedCodeTests.read("spec/messages.yaml"))
        func error(_ mutated: String) -> SpecError? {
            #expect(mutated != text, "the mutation applies")
            do { _ = try VectorsSpec.load(yaml: mutated, channel: channel, messages: messages); return nil } catch { return error }
        }
        #expect(try VectorsSpec.load(yaml: text, channel: channel, messages: messages).reverts.count == 6)
        #expect(error(text.replacingOccurrences(of: "\nreverts:\n", with: "\nreverts_:\n")) != nil, "reverts is required")
        let e = error(text.replacingOccurrences(of: "  - {name: wrong_locks,", with: "  - {name: wrong_lock,"))
        #expect(e?.path == "reverts[4].flags[1]", "\(String(describing: e))")
    }

    @Test func aWellFormedEntryLoads() throws {
        let r = try Self.load(#"  - {code: settle.x_1, revert: "TN: x", flags: [revert, overflow], doc: "d"}"# + "\n")
        #expect(r == [VectorsSpec.Revert(code: "settle.x_1", revert: "TN: x", flags: ["revert", "overflow"], doc: "d")])
    }

    @Test func aFlagTheSpecDoesNotDeclareIsRejected() {
        let e = Self.error(#"  - {code: settle.x, revert: "r", flags: [revert, nope], doc: "d"}"# + "\n")
        #expect(e?.path == "reverts[0].flags[1]" && e?.reason.contains("`nope` is not a flag") == true, "\(String(describing: e))")
    }

    @Test func aRevertWithoutFlagsIsRejected() {
        let e = Self.error(#"  - {code: unlock.x, revert: "r", flags: [], doc: "d"}"# + "\n")
        #expect(e?.path == "reverts[0].flags" && e?.reason.contains("at least one flag") == true, "\(String(describing: e))")
    }

    @Test func aCodeOutsideTheSettleAndUnlockFamiliesIsRejected() {
        for code in ["close.x", "settle", "settle.X", "settle.a.b", "unlock."] {
            let e = Self.error("  - {code: \(code), revert: \"r\", flags: [revert], doc: \"d\"}\n")
            #expect(e?.path == "reverts[0].code", "\(code): \(String(describing: e))")
        }
    }

    @Test func aCodeDeclaredTwiceIsRejected() {
        let line = #"  - {code: settle.x, revert: "r", flags: [revert], doc: "d"}"# + "\n"
        let e = Self.error(line + line)
        #expect(e?.path == "reverts[1].code" && e?.reason.contains("declared twice") == true, "\(String(describing: e))")
    }

    @Test func anUnknownOrMissingKeyIsRejected() {
        #expect(Self.error(#"  - {code: settle.x, revert: "r", flags: [revert], doc: "d", extra: 1}"# + "\n") != nil)
        #expect(Self.error(#"  - {code: settle.x, flags: [revert], doc: "d"}"# + "\n") != nil)
    }
}
