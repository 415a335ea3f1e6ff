import NettingCodec
import NettingCrypto
@testable import NettingMachine
import NettingVectors
import Testing

/// The canonical JSON form (spec/channel.yaml `canonical`): every state, input, output and
/// rejection the guard cases reach reads back as itself; hand-written documents, spelled by the
/// spec's rules, read as the values they describe; every way of breaking the rules is an error
/// with its code and key path.
@Suite struct CanonicalFormTests {
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test(arguments: GuardCases.all)
    func everythingAGuardCaseTouchesRoundTrips(_ c: GuardCase) throws {
        let (state, input) = try c.make()
        let step = ChannelMachine.step(state, input)
        for s in [state, step.state] {
            let bytes = s.canonicalJSON
            let back = try ChannelState(canonicalJSON: bytes)
            #expect(back == s)
            #expect(back.canonicalJSON == bytes, "writing what was read gives the same bytes")
        }
        let inputBytes = input.canonicalJSON
        #expect(try Input(canonicalJSON: inputBytes) == input)
        for o in step.outputs {
            #expect(try Output(canonicalJSON: o.canonicalJSON) == o, "\(o.name)")
        }
        if let r = step.rejection {
            #expect(try Rejection(canonicalJSON: r.canonicalJSON) == r)
        }
    }

    // MARK: Spelled by hand from the rules

    /// A Block input, written as the rules say: a tagged object, the u64 a decimal string.
    @Test func aBlockIsATaggedObjectWithADecimalString() throws {
        let input = try Input(canonicalJSON: Array(#"{"type":"Block","block_number":"18446744073709551615"}"#.utf8))
        #expect(input == .block(.init(blockNumber: .max)))
        #expect(Self.text(input.canonicalJSON) == #"{"type":"Block","block_number":"18446744073709551615"}"#)
    }

    @Test func aSecretRevealOnChainSpellsItsHashesInLowercaseHex() throws {
        let secret = Hash32(words: (0, 0, 0, 0xff))
        let hex = "0x00000000000000000000000000000000000000000000000000000000000000ff"
        let text = #"{"type":"ContractReceiveSecretReveal","block_number":"7","secrethash":"\#(SecretHash.of(secret).hex)","secret":"\#(hex)"}"#
        let input = try Input(canonicalJSON: Array(text.utf8))
        #expect(input == .contractReceiveSecretReveal(.init(blockNumber: 7, secrethash: SecretHash.of(secret), secret: secret)))
        #expect(Self.text(input.canonicalJSON) == text)
    }

    @Test func aRejectionIsItsCodeAndReason() throws {
        let r = try Rejection(canonicalJSON: Array(#"{"code":"LockedTransfer.nonce_mismatch","reason":"r"}"#.utf8))
        #expect(r == Rejection(.lockedTransferNonceMismatch, "r"))
    }

    @Test func anAbsentOptionalIsNullAndTheKeyIsThere() throws {
        let s = ChannelState(ourAddress: Fx.alice, seed: 1)
        let text = Self.text(s.canonicalJSON)
        #expect(text.contains(#""open_transaction":null"#))
        #expect(text.contains(#""balance_proof":null"#))
        #expect(text.hasPrefix(#"{"config":{"verify_signatures":true},"block_number":"0","prng":{"state":"1"},"#))
    }

    /// A wire message is embedded as the object Raiden writes (the codec's wire JSON).
    @Test func aMessageIsEmbeddedAsItsWireObject() throws {
        let (p, m) = Fx.aliceSends(Fx.opened())
        let input = Input.receiveLockedTransfer(.init(sender: Fx.alice, message: m.signed(with: Fx.aliceKey)))
        let text = Self.text(input.canonicalJSON)
        let wire = Self.text(m.signed(with: Fx.aliceKey).wireJSON)
        #expect(text == #"{"type":"ReceiveLockedTransfer","sender":"\#(Fx.alice.hex)","message":\#(wire),"secret_registered":false}"#)
        _ = p
    }

    // MARK: Strict reading

    struct Bad: Sendable, CustomTestStringConvertible {
        let json: String
        let code: CanonicalError.Code
        let path: String
        var testDescription: String { "\(code.rawValue) at \(path.isEmpty ? "(document)" : path)" }
    }

    static let bad: [Bad] = [
        Bad(json: #"{"type":"Block","block_number":"1""#, code: .syntax, path: ""),
        Bad(json: #"{"type":"Block","block_number":"1","extra":1}"#, code: .unknownKey, path: "extra"),
        Bad(json: #"{"type":"Block"}"#, code: .missingKey, path: "block_number"),
        Bad(json: #"{"type":"Block","block_number":"1","block_number":"2"}"#, code: .duplicateKey, path: "block_number"),
        Bad(json: #"{"type":"Block","block_number":1}"#, code: .wrongType, path: "block_number"),
        Bad(json: #"{"type":"Block","block_number":"18446744073709551616"}"#, code: .outOfRange, path: "block_number"),
        Bad(json: #"{"type":"Block","block_number":"01"}"#, code: .badValue, path: "block_number"),
        Bad(json: #"{"type":"Block","block_number":"-1"}"#, code: .badValue, path: "block_number"),
        Bad(json: #"{"type":"Block","block_number":" 1"}"#, code: .badValue, path: "block_number"),
        Bad(json: #"{"type":"Blok","block_number":"1"}"#, code: .unknownType, path: "type"),
        Bad(json: #"["Block"]"#, code: .wrongType, path: ""),
        Bad(json: #"{"type":"ActionChannelClose","canonical_identifier":{"chain_identifier":"1","token_network_address":"0xAB00000000000000000000000000000000000000","channel_identifier":"1"}}"#,
            code: .badValue, path: "canonical_identifier.token_network_address"),
        Bad(json: #"{"type":"ActionChannelClose","canonical_identifier":{"chain_identifier":"1","token_network_address":"0xab","channel_identifier":"1"}}"#,
            code: .badValue, path: "canonical_identifier.token_network_address"),
        Bad(json: #"{"type":"ActionChannelWithdraw","canonical_identifier":{"chain_identifier":"1","token_network_address":"0x0000000000000000000000000000000000000000","channel_identifier":"1"},"total_withdraw":"115792089237316195423570985008687907853269984665640564039457584007913129639936"}"#,
            code: .outOfRange, path: "total_withdraw"),
        Bad(json: #"{"type":"ActionInitInitiator","payment_identifier":"1","amount":"1","target":"0x0000000000000000000000000000000000000000","secret":"0x0000000000000000000000000000000000000000000000000000000000000000"}"#,
            code: .missingKey, path: "lock_timeout"),
        Bad(json: #"{"type":"ReceiveProcessed","sender":"0x0000000000000000000000000000000000000000","message":{"type":"Delivered","delivered_message_identifier":"1","signature":"0x0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"}}"#,
            code: .badMessage, path: "message"),
        Bad(json: #"{"type":"EventPaymentSentFailed","token_network_address":"0x0000000000000000000000000000000000000000","identifier":"1","target":"0x0000000000000000000000000000000000000000","reason":"r","code":"Nope.nope"}"#,
            code: .badValue, path: "code"),
    ]

    @Test(arguments: bad)
    func aDocumentOffTheRulesIsRejectedWithItsCodeAndPath(_ b: Bad) {
        let parse: ([UInt8]) throws(CanonicalError) -> Void = { bytes throws(CanonicalError) in
            if b.json.contains("EventPaymentSentFailed") { _ = try Output(canonicalJSON: bytes) } else { _ = try Input(canonicalJSON: bytes) }
        }
        do throws(CanonicalError) {
            try parse(Array(b.json.utf8))
            Issue.record("accepted \(b.json)")
        } catch {
            #expect(error.code == b.code, "\(error)")
            #expect(error.path == b.path, "\(error)")
        }
    }

    @Test func aStateFieldOffTheRulesNamesItsFullPath() throws {
        let (p, _) = Fx.bobHoldsLock()
        let text = Self.text(p.bob.canonicalJSON)
        let amount = #""amount":"10""#
        #expect(text.contains(amount))
        let broken = text.replacingOccurrences(of: amount, with: #""amount":"010""#)
        do throws(CanonicalError) {
            _ = try ChannelState(canonicalJSON: Array(broken.utf8))
            Issue.record("accepted a leading zero")
        } catch {
            #expect(error.code == .badValue)
            #expect(error.path == "partner_state.secrethashes_to_lockedlocks[0].amount")
        }
    }

    @Test func theCodesAreTheSpecs() throws {
        let names = CanonicalError.Code.allCases.map(\.rawValue)
        #expect(names == ChannelSpecTable.canonicalErrors)
    }
}
