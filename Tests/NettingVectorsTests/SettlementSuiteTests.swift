import Foundation
import NettingCrypto
import NettingMachine
@testable import NettingVectors
import Testing

/// The settlement suite: NettingKit passes it, planted bugs are caught at the right case and
/// path, every revert code has an invalid case, and raiden-contracts 0.40.2's own fixtures and
/// Python references (read from the unpacked wheel at test time, as CitationTests reads Raiden's
/// sources) agree with every case.
@Suite struct SettlementSuiteTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func run(_ implementation: any VectorImplementation) -> VectorReport {
        VectorRunner.run(read: CorpusTests.read, implementation: implementation)
    }

    static func settlementIDs() throws -> [String] { try SettlementSuite.files().flatMap { $0.cases.map(\.id) } }

    // MARK: NettingKit and planted bugs

    @Test func nettingKitPassesEverySettlementCase() throws {
        let report = Self.run(NettingKitImplementation())
        #expect(report.failures.filter { $0.caseID.hasPrefix("settlement.") } == [])
        let ids = try Self.settlementIDs()
        #expect(Set(report.passed).isSuperset(of: ids), "not passed: \(Set(ids).subtracting(report.passed).sorted().prefix(5))")
        #expect(ids.count >= 60)
    }

    /// Runs settlement cases only: another suite's cases are skipped, never passed.
    struct Planted: SettlementImplementation {
        var settleBody: (_ p1: [UInt8], _ p2: [UInt8]) throws -> SettlementAnswer = { try NettingKitImplementation().settle(participant1: $0, participant2: $1) }
        var unlockBody: (_ locks: [UInt8], _ amount: [UInt8], _ root: [UInt8], _ secrets: [UInt8]) throws -> SettlementAnswer = {
            try NettingKitImplementation().unlock(locks: $0, lockedAmount: $1, locksroot: $2, secrets: $3)
        }
        func settle(participant1: [UInt8], participant2: [UInt8]) throws -> SettlementAnswer { try settleBody(participant1, participant2) }
        func unlock(locks: [UInt8], lockedAmount: [UInt8], locksroot: [UInt8], secrets: [UInt8]) throws -> SettlementAnswer {
            try unlockBody(locks, lockedAmount, locksroot, secrets)
        }
    }

    static func object(_ bytes: [UInt8]) -> [String: Any] { (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:] }
    static func bytes(_ object: Any) -> [UInt8] { [UInt8]((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()) }

    static func expectCaught(_ report: VectorReport, _ caseID: String, at path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(report.failures.contains { $0.caseID == caseID && $0.path == path },
                "\(caseID) at \(path) not among \(report.failures.prefix(8))", sourceLocation: sourceLocation)
        #expect(report.failures.allSatisfy { $0.caseID.hasPrefix("settlement.") }, sourceLocation: sourceLocation)
        #expect(!report.allPassed, sourceLocation: sourceLocation)
    }

    @Test func anImplementationThatSwapsTheParticipantsIsCaught() {
        // Computes with participant2 as participant1 and hands the answer back in the case's order.
        let swapped = Planted(settleBody: { p1, p2 in
            switch try NettingKitImplementation().settle(participant1: p2, participant2: p1) {
            case .reverted(let code): return .reverted(code: code)
            case .returned(let json):
                let a = Self.object(json)
                return .returned(Self.bytes([
                    "participant1_amount": a["participant2_amount"]!, "participant2_amount": a["participant1_amount"]!,
                    "participant1_locked": a["participant2_locked"]!, "participant2_locked": a["participant1_locked"]!,
                ]))
            }
        })
        let report = Self.run(swapped)
        Self.expectCaught(report, "settlement.settle.one_way", at: "settle")
        Self.expectCaught(report, "settlement.order.larger_sum_first", at: "code")
        let f = report.failures.first { $0.caseID == "settlement.settle.one_way" }
        #expect(f?.got == "revert \"settle.transfers_not_ordered\"")
        // A tie settles the same either way round: no bug shows there.
        #expect(report.passed.contains("settlement.order.tie_alice_first"))
    }

    @Test func anImplementationThatIgnoresLockedAmountsIsCaught() {
        let unlocked = Planted(settleBody: { p1, p2 in
            func zeroLocked(_ side: [UInt8]) -> [UInt8] { var o = Self.object(side); o["locked_amount"] = "0"; return Self.bytes(o) }
            return try NettingKitImplementation().settle(participant1: zeroLocked(p1), participant2: zeroLocked(p2))
        })
        let report = Self.run(unlocked)
        Self.expectCaught(report, "settlement.settle.with_locks_both_ways", at: "settle.participant1_amount")
        let f = report.failures.first { $0.caseID == "settlement.settle.with_locks_both_ways" }
        #expect(f?.expected == "\"65\"" && f?.got == "\"75\"", "\(String(describing: f))")
    }

    @Test func anImplementationThatPaysALockRevealedAtItsExpirationIsCaught() {
        // The 3.0.1 client's rule (reveal block ≤ expiration) instead of the contract's (<).
        let clientRule = Planted(unlockBody: { locks, amount, root, secrets in
            let expirations = Dictionary(((try? JSONSerialization.jsonObject(with: Data(locks))) as? [[String: String]] ?? []).map { ($0["secrethash"]!, $0["expiration"]!) }, uniquingKeysWith: { a, _ in a })
            let moved = ((try? JSONSerialization.jsonObject(with: Data(secrets))) as? [[String: String]] ?? []).map { s -> [String: String] in
                guard let expiration = expirations[s["secrethash"]!], expiration == s["reveal_block"], let block = UInt64(expiration) else { return s }
                return ["secrethash": s["secrethash"]!, "reveal_block": String(block - 1)]
            }
            return try NettingKitImplementation().unlock(locks: locks, lockedAmount: amount, locksroot: root, secrets: Self.bytes(moved))
        })
        let report = Self.run(clientRule)
        Self.expectCaught(report, "settlement.settle.secret_registered_at_expiration", at: "unlocks[0].unlocked")
        Self.expectCaught(report, "settlement.unlock.registered_at_expiration", at: "unlocked")
        #expect(report.passed.contains("settlement.settle.secret_registered_after_expiration"))
    }

    @Test func aMachineWithoutSettlementSkipsTheSuiteAndIsNotPassed() throws {
        struct MachineOnly: ChannelImplementation {
            func step(state: [UInt8], input: [UInt8]) throws -> (state: [UInt8], outputs: [[UInt8]], rejection: [UInt8]?) {
                try NettingKitImplementation().step(state: state, input: input)
            }
        }
        let report = Self.run(MachineOnly())
        #expect(Set(report.skipped).isSuperset(of: try Self.settlementIDs()))
        #expect(report.passed.allSatisfy { !$0.hasPrefix("settlement.") })
    }

    // MARK: Codes

    /// Every way SettlementError can revert, as a switch the compiler keeps complete.
    static let allErrors: [SettlementError] = [.depositOverflow, .withdrawUnderflow, .transfersNotOrdered, .unlockedAmountOverflow, .locksrootMismatch, .zeroLockedAmount]
    static func listed(_ e: SettlementError) -> Bool {
        switch e {
        case .depositOverflow, .withdrawUnderflow, .transfersNotOrdered, .unlockedAmountOverflow, .locksrootMismatch, .zeroLockedAmount: true
        }
    }

    @Test func everySettlementRevertCodeHasAnInvalidCaseWithItsReasonAndFlags() throws {
        #expect(Self.allErrors.allSatisfy(Self.listed))
        #expect(VectorsSpecTable.reverts.map(\.code) == Self.allErrors.map(\.code), "spec/vectors.yaml reverts and SettlementError")
        for e in Self.allErrors {
            #expect(VectorsSpecTable.reverts.first { $0.code == e.code }?.revert == e.contractRevert, "\(e.code)")
        }
        var invalid: [String: Int] = [:]
        for file in try SettlementSuite.files() {
            for c in file.cases {
                let members = Dictionary(c.members.map { ($0.key, String(decoding: $0.json, as: UTF8.self)) }, uniquingKeysWith: { a, _ in a })
                switch c.result {
                case .invalid:
                    let code = try #require(try JSONSerialization.jsonObject(with: Data(members["code"]!.utf8), options: .fragmentsAllowed) as? String)
                    invalid[code, default: 0] += 1
                    #expect(Set(VectorFlag.byRevertCode[code] ?? []).isSubset(of: c.flags) && c.flags.contains(.revert), "\(c.id)")
                    let reason = VectorsSpecTable.reverts.first { $0.code == code }!.revert
                    #expect(members["revert"] == "\"\(reason)\"", "\(c.id)")
                case .valid:
                    #expect(members["code"] == "null" && members["revert"] == "null", "\(c.id)")
                    #expect(!c.flags.contains(.revert), "\(c.id)")
                case .acceptable:
                    Issue.record("\(c.id): the contract either pays or reverts")
                }
            }
        }
        #expect(Set(invalid.keys) == Set(Self.allErrors.map(\.code)), "codes without an invalid case: \(Set(Self.allErrors.map(\.code)).subtracting(invalid.keys))")
    }

    // MARK: raiden-contracts 0.40.2

    struct ContractsUnavailable: Error, CustomStringConvertible { let description: String }

    static var raidenSource: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["RAIDEN_SRC"] ?? root.appendingPathComponent(".raiden-src").path)
    }

    /// tools/vectors/contracts_settlement.py over the suite's files: the contracts' fixture rows and
    /// their references' answer for every case. Fails, never skips, without the sources or the venv.
    static func contracts() throws -> [String: Any] {
        let python = ProcessInfo.processInfo.environment["NETTING_TEST_PYTHON"] ?? root.appendingPathComponent(".venv-test/bin/python").path
        let fixtures = raidenSource.appendingPathComponent("raiden_contracts/tests/fixtures/channel_test_values.py")
        guard FileManager.default.fileExists(atPath: fixtures.path) else {
            throw ContractsUnavailable(description: "no raiden-contracts 0.40.2 at \(raidenSource.path): run `make test` (it unpacks them there) or set RAIDEN_SRC")
        }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw ContractsUnavailable(description: "no test Python at \(python): run `make test` (it creates the venv)")
        }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("settlement-\(UUID().uuidString).json")
        try Data(("[" + (try SettlementSuite.files()).map { String(decoding: $0.bytes, as: UTF8.self) }.joined(separator: ",") + "]").utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [root.appendingPathComponent("tools/vectors/contracts_settlement.py").path, "--raiden-src", raidenSource.path]
        let stdout = Pipe(), stderr = Pipe()
        process.standardInput = try FileHandle(forReadingFrom: input)
        (process.standardOutput, process.standardError) = (stdout, stderr)
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let out = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ContractsUnavailable(description: "contracts_settlement.py failed (\(process.terminationStatus)): \(errors)")
        }
        return out
    }

    /// The suite's cases as JSON objects, by id.
    static func cases() throws -> [(id: String, c: [String: Any])] {
        try SettlementSuite.files().flatMap { file in
            ((try JSONSerialization.jsonObject(with: Data(file.bytes)) as? [String: Any])?["cases"] as? [[String: Any]] ?? []).map { ($0["id"] as! String, $0) }
        }
    }

    static func result(_ o: [String: Any], codeKey: String = "code") -> [String: String] {
        if let code = o[codeKey] as? String { return ["revert": code] }
        return o.compactMapValues { $0 as? String }
    }

    static func flags(_ c: [String: Any]) -> [String] { c["flags"] as? [String] ?? [] }

    /// p's paid_at_settle + unlocked: what settle and the unlocks paid it.
    static func paidOut(_ c: [String: Any], _ p: String) -> String? {
        guard let payout = c["payout"] as? [String: Any], let mine = payout[p] as? [String: String] else { return nil }
        return (try? UInt256(decimal: mine["paid_at_settle"]!).adding(UInt256(decimal: mine["unlocked"]!)))?.decimal
    }

    @Test func raidenContractsReferencesAgreeWithEveryCase() throws {
        let contracts = try Self.contracts()
        let answers = try #require(contracts["cases"] as? [String: [String: Any]])
        var honest: [String] = []
        for (id, c) in try Self.cases() {
            let answer = try #require(answers[id], "\(id) not evaluated")
            if let unlock = answer["unlock"] as? [String: String] {
                let expected = c["code"] is String ? ["revert": c["code"] as! String] : ["unlocked": c["unlocked"] as! String, "returned": c["returned"] as! String]
                #expect(unlock == expected, "\(id)")
                continue
            }
            let settle = (c["settle"] as? [String: Any]).map { Self.result($0) } ?? ["revert": c["code"] as! String]
            #expect(answer["settle"] as? [String: String] == settle, "\(id): settle")
            let unlocks = c["unlocks"] as? [[String: Any]] ?? []
            let referenceUnlocks = answer["unlocks"] as? [[String: String]] ?? []
            #expect(unlocks.count == referenceUnlocks.count, "\(id)")
            for (k, (entry, reference)) in zip(unlocks, referenceUnlocks).enumerated() {
                let expected = entry["code"] is String ? ["revert": entry["code"] as! String]
                    : ["unlocked": entry["unlocked"] as! String, "returned": entry["returned"] as! String]
                #expect(reference == expected, "\(id): unlocks[\(k)]")
            }
            // Latest, valid proofs (the contracts' are_balance_proofs_valid): settle and both
            // unlocks pay each side D − W + T_partner − T_own + Lc_partner − Lc_own.
            if c["result"] as? String == "valid", answer["proofs_valid"] as? Bool == true,
                !Self.flags(c).contains("old_balance_proof"), !Self.flags(c).contains("invalid_balance_proof")
            {
                honest.append(id)
                #expect([Self.paidOut(c, "participant1"), Self.paidOut(c, "participant2")] == (answer["expected_final"] as? [String] ?? []).map(Optional.some), "\(id): totals")
            }
        }
        #expect(Set(["settlement.settle.worked_example", "settlement.settle.with_locks_both_ways", "settlement.settle.honest_amounts_near_2_256",
                     "settlement.settle.secret_registered_at_expiration", "settlement.order.tie_bob_first"]).isSubset(of: honest), "\(honest)")
        #expect(honest.count >= 18)
    }

    @Test func casesTakenFromTheContractsFixturesMatchThem() throws {
        let contracts = try Self.contracts()
        let rows = Dictionary(try #require(contracts["fixtures"] as? [[String: Any]]).map { ($0["path"] as! String, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(rows.count == 34, "raiden-contracts 0.40.2 has 5 valid_last, 19 old and 10 invalid settlement rows")
        var matched = Set<String>()
        for (id, c) in try Self.cases() {
            guard let source = c["source"] as? String, source.hasPrefix("raiden_contracts/tests/fixtures/channel_test_values.py") else { continue }
            let path = String(try #require(source.split(separator: " ").last))
            let row = try #require(rows[path], "\(id): no fixture row \(path)")
            matched.insert(path)
            // Inputs: deposit, withdrawn, transferred, and the locked amount split by the registry.
            let secrets = Dictionary((c["secrets"] as! [[String: String]]).map { ($0["secrethash"]!, UInt64($0["reveal_block"]!)!) }, uniquingKeysWith: { a, _ in a })
            for p in ["participant1", "participant2"] {
                let side = c[p] as! [String: Any], fixture = row[p] as! [String: String]
                var claimable = UInt256.zero
                for lock in side["locks"] as! [[String: String]] {
                    if let block = secrets[lock["secrethash"]!], try UInt256(block) < UInt256(decimal: lock["expiration"]!) {
                        claimable = try claimable.adding(UInt256(decimal: lock["amount"]!))
                    }
                }
                let locked = try UInt256(decimal: side["locked_amount"] as! String)
                #expect(fixture == [
                    "deposit": side["deposit"] as! String, "withdrawn": side["withdrawn"] as! String, "transferred": side["transferred_amount"] as! String,
                    "claimable": claimable.decimal, "unclaimable": try locked.subtracting(claimable).decimal,
                ], "\(id) \(p)")
            }
            #expect(row["onchain"] as? [String: String] == Self.result(c["settle"] as! [String: Any]), "\(id): settle")
            let totals = [Self.paidOut(c, "participant1"), Self.paidOut(c, "participant2")].map { try? UInt256(decimal: $0 ?? "") }
            func amount(_ key: String, _ n: Int) -> UInt256? { (row[key] as? [String]).flatMap { try? UInt256(decimal: $0[n]) } }
            switch row["kind"] as! String {
            case "valid_last":
                #expect(totals == [amount("expected_final", 0), amount("expected_final", 1)], "\(id): totals")
            case "old_last":  // participant2 submitted an old proof of participant1: it must not gain by it
                #expect(totals[0]! >= amount("latest_expected_final", 0)! && totals[1]! <= amount("latest_expected_final", 1)!, "\(id)")
            case "last_old":  // participant1 submitted an old proof of participant2
                #expect(totals[0]! <= amount("latest_expected_final", 0)! && totals[1]! >= amount("latest_expected_final", 1)!, "\(id)")
            default:  // invalid values: no more than the available deposit leaves the contract
                let payout = c["payout"] as! [String: Any]
                let stranded = try UInt256(decimal: payout["stranded"] as! String)
                let available = try ["participant1", "participant2"].reduce(UInt256.zero) { sum, p in
                    let side = c[p] as! [String: Any]
                    return try sum.adding(UInt256(decimal: side["deposit"] as! String)).subtracting(UInt256(decimal: side["withdrawn"] as! String))
                }
                #expect(try totals[0]!.adding(totals[1]!).adding(stranded) == available, "\(id)")
            }
        }
        #expect(matched.count >= 16, "\(matched.sorted())")
        #expect(matched.contains("channel_settle_test_values[0].valid_last"))
    }

    @Test func anOldProofPaysItsSubmitterMoreWhenALockPaidOffChainWasAlsoRegistered() throws {
        // raiden-contracts#188, attack [1] case b (SettlementTests pins it on the machine).
        let cases = Dictionary(try Self.cases().map { ($0.id, $0.c) }, uniquingKeysWith: { a, _ in a })
        let latest = try #require(cases["settlement.attacks.issue_188_latest_proofs"])
        let old = try #require(cases["settlement.attacks.issue_188_old_proof_pays_its_submitter_more"])
        #expect((Self.paidOut(latest, "participant1"), Self.paidOut(latest, "participant2")) == ("1", "1"))
        #expect((Self.paidOut(old, "participant1"), Self.paidOut(old, "participant2")) == ("2", "0"))
        #expect(Self.flags(old) == ["old_balance_proof"])
    }

    @Test func theRevertReasonsAreTheContractsOwn() throws {
        let source = Self.raidenSource.appendingPathComponent("raiden_contracts/data/source/raiden/TokenNetwork.sol")
        guard let text = try? String(contentsOf: source, encoding: .utf8) else {
            throw ContractsUnavailable(description: "no \(source.path): run `make test` (it unpacks raiden-contracts 0.40.2) or set RAIDEN_SRC")
        }
        // Checked arithmetic panics with 0x11 from Solidity 0.8 on.
        #expect(text.contains("pragma solidity 0.8."))
        for r in VectorsSpecTable.reverts where r.revert != "Panic(0x11)" {
            #expect(text.contains("\"\(r.revert)\""), "\(r.code): \(r.revert) is not a reason string of TokenNetwork.sol")
        }
    }
}
