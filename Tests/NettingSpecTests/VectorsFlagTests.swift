import NettingSpec
import Testing

/// spec/vectors.yaml's flags cover guard codes (`codes`), decode error codes (`decode_errors`)
/// and leniency codes (`leniencies`); the loader checks every pattern and every code.
@Suite struct VectorsFlagTests {
    static let text = try! GeneratedCodeTests.read("spec/vectors.yaml")
    static let channel = try! ChannelSpec.load(yaml: GeneratedCodeTests.read("spec/channel.yaml"))
    static let messages = try! MessagesSpec.load(yaml: GeneratedCodeTests.read("spec/messages.yaml"))

    static func error(replacing old: String, with new: String) -> SpecError? {
        #expect(text.contains(old), "the mutation applies")
        do {
            _ = try VectorsSpec.load(yaml: text.replacingOccurrences(of: old, with: new), channel: channel, messages: messages)
            return nil
        } catch {
            return error
        }
    }

    @Test func everyDecodeErrorAndLeniencyCodeCarriesAFlag() throws {
        let spec = try VectorsSpec.load(yaml: Self.text, channel: Self.channel, messages: Self.messages)
        #expect(spec.decodeErrorCodes == Self.messages.errors.map(\.code))
        #expect(spec.leniencyCodes == Self.messages.leniencies.map(\.code))
        for code in spec.decodeErrorCodes { #expect(!spec.flags(forDecodeError: code).isEmpty, "\(code)") }
        for code in spec.leniencyCodes { #expect(!spec.flags(forLeniency: code).isEmpty, "\(code)") }
        #expect(spec.flags(forDecodeError: "field.not_canonical") == ["lenient_encoding"])
        #expect(spec.flags(forLeniency: "integer.json_number") == ["wrong_type", "lenient_encoding"])
    }

    @Test func aDecodeErrorPatternMustMatchACode() {
        let e = Self.error(replacing: #"decode_errors: ["json.*"]"#, with: #"decode_errors: ["json.*", "jsn.*"]"#)
        #expect(e?.path == "flags.malformed_json.decode_errors")
        #expect(e?.reason.contains("`jsn.*` matches no decode error code") == true)
    }

    @Test func aLeniencyPatternMustMatchACode() {
        let e = Self.error(replacing: #"leniencies: ["*.*"]"#, with: #"leniencies: ["*.*", "integer.hex"]"#)
        #expect(e?.path == "flags.lenient_encoding.leniencies")
    }

    @Test func aDecodeErrorWithoutAFlagIsRejected() {
        let e = Self.error(replacing: #", decode_errors: ["signature.*"]"#, with: "")
        #expect(e?.reason == "no flag covers the decode error code signature.invalid_v")
    }

    @Test func aLeniencyWithoutAFlagIsRejected() {
        let e = Self.error(replacing: #"leniencies: ["*.*"]"#, with: #"leniencies: ["integer.*", "hex.*", "address.*", "bool.*", "object.*", "metadata.*"]"#)
        #expect(e?.reason == "no flag covers the leniency code timestamp.form")
    }

    @Test func aGuardCodeWithoutAFlagIsStillRejected() {
        let e = Self.error(replacing: #", codes: ["Block.block_number_decreased"]"#, with: "")
        #expect(e?.reason == "no flag covers the guard code Block.block_number_decreased")
    }

    @Test func flagKeysAreStillChecked() {
        let e = Self.error(replacing: #"decode_errors: ["json.*"]"#, with: #"decode_error: ["json.*"]"#)
        #expect(e?.reason.contains("is not a known key here") == true)
    }
}
