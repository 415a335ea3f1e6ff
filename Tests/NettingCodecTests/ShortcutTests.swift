import NettingCodec
import NettingCrypto
import Testing

/// The shortcuts `netting message decode --json` and `netting run --json` take must give exactly
/// the bytes of the long way they replace.
@Suite struct ShortcutTests {
    /// `JSONWriter.value(json:)` (a copy when the text is already compact, else written from the
    /// tape) against `value(JSONParser.parse(text))`: compact and spaced text, escapes that
    /// need rewriting, duplicate keys, unicode, numbers kept as written, nesting, and after other
    /// values (the comma).
    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
        #"{ "a" : 1 , "b" : [ true , false , null ] }"#,
        #"{"r\u006fute":"\u00e9\n\t\"\\\/","x":"\u0001"}"#,
        #"{"k":1,"k":2,"é":"日本","n":-0.5e+10}"#,
        #"[[[[]]],{},"",0,1E400]"#,
        "\"plain\"",
        "  42  ",
    ])
    func writingJSONTextEqualsWritingItsParse(_ text: String) throws {
        let bytes = Array(text.utf8)
        var long = JSONWriter(), short = JSONWriter()
        for w in [0, 1] {
            if w == 1 { long.beginArray(); short.beginArray(); long.string("before"); short.string("before") }
            long.value(try JSONParser.parse(bytes))
            try short.value(json: bytes)
            if w == 1 { long.endArray(); short.endArray() }
        }
        #expect(short.bytes == long.bytes)
    }

    @Test func invalidJSONTextWritesNothingAndThrows() {
        var w = JSONWriter()
        w.beginArray()
        #expect(throws: JSONParseError.self) { try w.value(json: Array(#"{"a":"#.utf8)) }
        w.endArray()
        #expect(w.bytes == Array("[]".utf8))
    }

    /// A balance-proof message signs its packed balance proof (Raiden's `_data_to_sign` is
    /// `pack_balance_proof`): DecodeReport takes the signed bytes from the balance proof.
    @Test(arguments: ["LockedTransfer", "RefundTransfer", "Unlock", "LockExpired"])
    func aBalanceProofMessageSignsItsPackedBalanceProof(_ type: String) throws {
        let key = try PrivateKey(Array(repeating: 0x33, count: 32))
        let proof: BalanceProof
        let wire = Templates.example(type)!.wire.signed(with: key)
        switch wire.message {
        case .lockedTransfer(let m): proof = m.balanceProof
        case .refundTransfer(let m): proof = m.balanceProof
        case .unlock(let m): proof = m.balanceProof
        case .lockExpired(let m): proof = m.balanceProof
        default: Issue.record("\(type) carries no balance proof"); return
        }
        #expect(proof.balanceProofData() == wire.signedBytes())
        #expect(try wire.recoverSender(signedDigest: EIP191.digest(proof.balanceProofData())) == key.address)
    }
}
