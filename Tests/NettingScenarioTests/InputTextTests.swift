import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario
import NettingSpec
import Testing

/// `netting step`'s input files: a received LockedTransfer carries the secret registry's answer
/// (raiden/message_handler.py MessageHandler.handle_message_lockedtransfer asks it first).
@Suite struct InputTextTests {
    static let key = try! PrivateKey(secret: Hash32(words: (0, 0, 0, 0xA11CE)))

    static func transferText(_ extra: String) -> String {
        guard case .lockedTransfer(let m)? = Templates.example("LockedTransfer") else { return "" }
        let wire = m.signed(with: key).wireJSONString
        return "input: ReceiveLockedTransfer\nmessage: '\(wire)'\n" + extra
    }

    static func parse(_ text: String) throws(SpecError) -> Input {
        try InputText.parse(text, file: "in.yaml", state: ChannelState(ourAddress: .zero, seed: 1))
    }

    @Test func theRegistryAnswerIsFalseUnlessGiven() throws {
        guard case .receiveLockedTransfer(let i) = try Self.parse(Self.transferText("")) else { Issue.record("not a ReceiveLockedTransfer"); return }
        #expect(i.secretRegistered == false)
        #expect(i.sender == Self.key.address)
    }

    @Test func aRegisteredSecretIsTakenFromTheFile() throws {
        guard case .receiveLockedTransfer(let i) = try Self.parse(Self.transferText("secret_registered: true\n")) else {
            Issue.record("not a ReceiveLockedTransfer"); return
        }
        #expect(i.secretRegistered == true)
    }

    @Test func aRegistryAnswerThatIsNotABooleanIsAnError() {
        #expect(throws: SpecError.self) { try Self.parse(Self.transferText("secret_registered: maybe\n")) }
    }
}

/// A hand-written input has only the keys of its kind: a misspelled key is an error naming the
/// key and the allowed ones, never silently a default.
@Suite struct InputTextKeyTests {
    static let state = ChannelState(ourAddress: .zero, seed: 1)

    @Test func aMisspelledLockTimeoutIsRejectedNamingTheKey() {
        let text = "input: ActionInitInitiator\npayment_identifier: 1\namount: \"5\"\nsecret: \"0x\(String(repeating: "01", count: 32))\"\nlock_timeot: 10\n"
        do {
            _ = try InputText.parse(text, file: "pay.yaml", state: Self.state)
            Issue.record("accepted lock_timeot")
        } catch {
            #expect(error.path == "lock_timeot")
            #expect(error.line == 5)
            #expect(error.reason.contains("is not a known key here (allowed: amount, input, lock_timeout, payment_identifier, secret, target)"))
        }
    }

    @Test func aBlockNumberOnAnActionIsRejected() {
        #expect(throws: SpecError.self) { try InputText.parse("input: ActionChannelClose\nblock_number: 5\n", file: "c.yaml", state: Self.state) }
    }

    /// Every key a kind allows is one its parser reads: a kind's full set of keys parses.
    @Test func theAllowedKeysOfABlockAreEnough() throws {
        #expect(try InputText.parse("input: Block\nblock_number: 7\n", file: "b.yaml", state: Self.state) == .block(.init(blockNumber: 7)))
    }
}
