import NettingMachine

/// The state-file loader: any bytes decode or throw a CanonicalError; a state that decodes and
/// keeps every invariant re-encodes to bytes that decode to the same state, and steps a Block.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Harness.run(data, size) { bytes in
        guard let state = try? StateFileFormat.decode(bytes) else { return }
        guard let again = try? StateFileFormat.decode(StateFileFormat.encode(state)) else { Harness.fail("re-encoded state does not decode") }
        if again != state { Harness.fail("re-encoded state decodes to another state") }
        guard Invariants.check(state).isEmpty else { return }
        let next = state.blockNumber < .max ? state.blockNumber + 1 : state.blockNumber
        _ = ChannelMachine.step(state, .block(.init(blockNumber: next)))
    }
}
