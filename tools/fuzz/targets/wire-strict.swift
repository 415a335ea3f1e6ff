import NettingCodec

/// The wire decoder under the strict policy: any bytes decode or throw a DecodeError; whatever
/// decodes re-encodes to wire JSON that decodes again to the same message, and its signers are
/// recovered or refused with a DecodeError.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Harness.run(data, size) { bytes in
        guard let decoded = try? MessageCodec.decode(bytes, policy: .strict) else { return }
        _ = try? decoded.message.wire.recoverSigners()
        let wire = decoded.message.wire.wireJSON
        guard let again = try? MessageCodec.decode(wire, policy: .strict) else { Harness.fail("re-encoded message does not decode") }
        if again.message != decoded.message { Harness.fail("re-encoded message decodes to another message") }
    }
}
