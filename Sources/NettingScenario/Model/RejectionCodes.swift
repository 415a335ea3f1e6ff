import NettingCodec
import NettingMachine

extension Scenario {
    /// Every code a step of a scenario can be rejected with, so `expect: {rejected: …}` is checked
    /// when the file loads: the machine's guard codes (spec/channel.yaml), the codec's decode
    /// errors for a message in flight (spec/messages.yaml), the contract's reverts
    /// (spec/errors.yaml and spec/vectors.yaml `reverts`) and the runner's own scenario codes.
    public static let rejectionCodes: Set<String> = Set(
        RejectionCode.allCases.map(\.rawValue) + DecodeErrorCode.allCases.map(\.rawValue) + ChainRevertCode.allCases.map(\.rawValue)
            + SettlementError.allCases.map(\.code) + ["scenario.unknown_payment", "scenario.secret_unknown"])
}
