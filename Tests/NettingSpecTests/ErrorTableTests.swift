import Foundation
import NettingSpec
import Testing

/// One table of error codes (spec/errors.yaml plus every other spec file's codes), which
/// `netting explain` reads: every code the Swift sources can produce must be in it.
@Suite struct ErrorTableTests {
    static let table = try! GeneratedCodeTests.specs().errorTable
    static let codes = Set(table.map(\.code))

    /// The code literals the sources can produce, with where each is written: a `code:` argument
    /// (`CLIError(…, code: "input.invalid", …)`, `StepRejection(…, code: "scenario.…")`), an enum's
    /// dotted raw value (`case timeout = "adapter.timeout"`), and the strings of a `var code: String`
    /// switch (`case .empty: "value.empty"`).
    static func sourceCodes() throws -> [(code: String, at: String)] {
        let sources = GeneratedCodeTests.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted()
        let literal = #/"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"/#
        let codeArgument = #/code: "([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"/#
        let rawValue = #/^\s*case [a-zA-Z0-9_]+ = "([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"/#
        // A code as the first positional argument: the adapter's answers (`Failure("adapter.bad_request", …)`,
        // `error(&w, "adapter.unsupported", …)`).
        let positional = #/(?:Failure\(|error\(&w, )"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"/#
        var found: [(String, String)] = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            var depth = 0, inCode = false
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let at = "Sources/\(file):\(n + 1)"
                for m in line.matches(of: codeArgument) { found.append((String(m.1), at)) }
                for m in line.matches(of: positional) { found.append((String(m.1), at)) }
                if let m = line.firstMatch(of: rawValue) { found.append((String(m.1), at)) }
                if line.contains("var code: String {") { inCode = true; depth = 0 }
                if inCode {
                    for m in line.matches(of: literal) { found.append((String(m.1), at)) }
                    depth += line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count
                    if depth <= 0 { inCode = false }
                }
            }
        }
        return found
    }

    @Test func everyCodeTheSourcesCanProduceIsInTheTable() throws {
        let found = try Self.sourceCodes()
        #expect(found.count > 60, "the scan finds the codes (found \(found.count))")
        // Codes the scan must see, from each way a code is written.
        for code in ["input.invalid", "adapter.timeout", "value.empty", "scenario.unknown_payment", "json.invalid_token", "adapter.bad_request"] {
            #expect(found.contains { $0.code == code }, "the scan finds \(code)")
        }
        let missing = found.filter { !Self.codes.contains($0.code) }
        let list = Dictionary(grouping: missing, by: \.code).sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value.map(\.at).joined(separator: ", ")))" }
        #expect(missing.isEmpty, "codes the sources produce that no spec file declares — add them to spec/errors.yaml (then netting spec generate): \(list.joined(separator: "; "))")
    }

    @Test func theTableHasEveryKindOnceEach() {
        #expect(Self.codes.count == Self.table.count, "one entry per code")
        let kinds = Set(Self.table.map(\.kind))
        #expect(kinds == ["guard", "canonical", "decode", "leniency", "revert", "crypto", "error"])
        #expect(Self.codes.contains("LockedTransfer.nonce_mismatch"))
        #expect(Self.codes.contains("chain.settle_too_early"))
        #expect(Self.codes.contains("settle.deposit_overflow"))
    }

    /// The chain reverts quote the contract's own reason strings: each one is in TokenNetwork.sol
    /// of raiden-contracts 0.40.2 (unpacked in .raiden-src by `make test`).
    @Test func chainRevertsQuoteTheContract() throws {
        let sol = GeneratedCodeTests.root.appendingPathComponent(".raiden-src/raiden_contracts/data/source/raiden/TokenNetwork.sol")
        let text = try String(contentsOf: sol, encoding: .utf8)
        let reverts = try GeneratedCodeTests.specs().errors.reverts
        #expect(reverts.count >= 20)
        // Checked arithmetic panics with 0x11 from Solidity 0.8 on: no reason string in the source.
        for r in reverts where r.revert != "Panic(0x11)" {
            let quoted = r.revert.replacingOccurrences(of: " (or 2)", with: "")
            #expect(text.contains("\"\(quoted)\""), "\(r.code): \"\(quoted)\" is not a reason string of TokenNetwork.sol")
        }
    }

    static func load(_ errorsText: String) -> SpecError? {
        let s = try! GeneratedCodeTests.specs()
        let declared = ErrorTable.declared(messages: s.messages, channel: s.channel, vectors: s.vectors)
        do { _ = try ErrorsSpec.load(yaml: errorsText, declaredElsewhere: declared); return nil } catch { return error }
    }

    @Test func aCodeDeclaredInAnotherSpecFileIsRefused() throws {
        let text = try GeneratedCodeTests.read("spec/errors.yaml")
        #expect(Self.load(text) == nil)
        let twice = text.replacingOccurrences(of: "{code: value.empty,", with: "{code: field.missing,")
        #expect(Self.load(twice)?.reason.contains("already declared by another spec file") == true)
        let badForm = text.replacingOccurrences(of: "{code: value.empty,", with: "{code: Value-Empty,")
        #expect(Self.load(badForm)?.reason.contains("must be <group>.<name>") == true)
        let revert = text.replacingOccurrences(of: "{code: chain.deposit_zero,", with: "{code: deposit.zero,")
        #expect(Self.load(revert)?.reason.contains("must start with `chain.`") == true)
    }

    @Test func aYAMLSyntaxErrorIsOneLineWithItsPosition() {
        let e = Self.load("schema: nettingkit.errors/1\ncodes: [a\nreverts: []\n")
        #expect(e?.line == 3)
        #expect(e?.description.contains("\n") == false)
        #expect(e?.description.hasPrefix("3:") == true)
        let dup = Self.load("schema: x\nschema: y\n")
        #expect(dup?.reason.contains("has a key twice") == true)
        #expect(dup?.reason.contains("schema: y") == false, "the text is not echoed")
    }
}
