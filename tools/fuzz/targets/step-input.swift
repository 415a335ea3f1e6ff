import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario

/// The step-input loader (`netting step --input`), against a channel opened with both deposits
/// (as `netting state init` makes it): any text parses to an input or throws a SpecError, and
/// the machine steps any parsed input without a trap.
let state: ChannelState = {
    let us = try! PrivateKey(Array(repeating: 0x11, count: 32)).address
    let them = try! PrivateKey(Array(repeating: 0x22, count: 32)).address
    let id = CanonicalIdentifier(
        chainIdentifier: UInt256(337), tokenNetworkAddress: try! Address(hex: "0x6e6574776f726b6e6574776f726b6e6574776f72"),
        channelIdentifier: UInt256(1))
    var s = ChannelState(ourAddress: us, seed: 1)
    for input: Input in [
        .contractReceiveChannelNew(.init(
            blockNumber: 100, canonicalIdentifier: id, tokenAddress: try! Address(hex: "0x746f6b656e746f6b656e746f6b656e746f6b656e"),
            partnerAddress: them, revealTimeout: 50, settleTimeout: 500)),
        .block(.init(blockNumber: 100)),
        .contractReceiveChannelDeposit(.init(blockNumber: 100, canonicalIdentifier: id, participant: us, contractBalance: UInt256(100))),
        .contractReceiveChannelDeposit(.init(blockNumber: 100, canonicalIdentifier: id, participant: them, contractBalance: UInt256(50))),
    ] { s = ChannelMachine.step(s, input).state }
    return s
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Harness.run(data, size) { bytes in
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        for policy in DecodePolicy.allCases {
            guard let input = try? InputText.parse(text, file: "fuzz.yaml", state: state, policy: policy) else { continue }
            _ = ChannelMachine.step(state, input)
        }
    }
}
