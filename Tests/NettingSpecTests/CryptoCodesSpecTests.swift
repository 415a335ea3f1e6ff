@testable import NettingSpec
import Testing

/// spec/vectors.yaml `crypto_codes` is read strictly: every code once and well formed, of a
/// known kind, with flags that exist, and never a guard code.
@Suite struct CryptoCodesSpecTests {
    static let flags: Set<String> = ["high_s", "malformed_signature"]

    static func load(_ entries: String, guardCodes: [String] = ["Block.block_number_decreased"]) throws(SpecError) -> [VectorsSpec.CryptoCode] {
        try VectorsSpec.loadCryptoCodes(try YAMLNode.parse("crypto_codes:\n" + entries, file: "t.yaml").record(required: ["crypto_codes"])["crypto_codes"]!,
                                        declared: flags, guardCodes: guardCodes)
    }

    static func reason(_ entries: String, guardCodes: [String] = ["Block.block_number_decreased"]) -> String? {
        do { _ = try load(entries, guardCodes: guardCodes); return nil } catch { return error.description }
    }

    @Test func theShippedCodesLoadWithTheirFlags() throws {
        let codes = try Self.load("""
              - {code: signature.high_s, kind: leniency, flags: [high_s], doc: "s above n/2"}
              - {code: signature.invalid_v, kind: error, flags: [malformed_signature], doc: "v"}
            """)
        #expect(codes.map(\.code) == ["signature.high_s", "signature.invalid_v"])
        #expect(codes[0].flags == ["high_s"] && codes[0].kind == "leniency")
    }

    @Test func anUndeclaredFlagIsRejected() {
        #expect(Self.reason("  - {code: signature.high_s, kind: leniency, flags: [high_ess], doc: x}\n")?.contains("`high_ess` is not a flag") == true)
    }

    @Test func aCodeWithoutFlagsIsRejected() {
        #expect(Self.reason("  - {code: signature.high_s, kind: leniency, flags: [], doc: x}\n")?.contains("at least one flag") == true)
    }

    @Test func anUnknownKindIsRejected() {
        #expect(Self.reason("  - {code: signature.high_s, kind: warning, flags: [high_s], doc: x}\n")?.contains("must be one of error, leniency") == true)
    }

    @Test func aCodeTwiceOrAGuardCodeIsRejected() {
        let twice = """
              - {code: signature.high_s, kind: leniency, flags: [high_s], doc: x}
              - {code: signature.high_s, kind: error, flags: [high_s], doc: y}
            """
        #expect(Self.reason(twice)?.contains("declared twice") == true)
        #expect(Self.reason("  - {code: block.decreased, kind: error, flags: [high_s], doc: x}\n", guardCodes: ["block.decreased"])?.contains("is a guard code") == true)
    }

    @Test func aMalformedCodeOrAnUnknownKeyIsRejected() {
        #expect(Self.reason("  - {code: Signature.High-S, kind: error, flags: [high_s], doc: x}\n")?.contains("<subject>.<reason>") == true)
        #expect(Self.reason("  - {code: signature.high_s, kind: error, flags: [high_s], doc: x, raiden: y}\n")?.contains("raiden") == true)
    }
}
