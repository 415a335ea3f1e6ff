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
