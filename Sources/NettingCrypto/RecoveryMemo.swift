/// A scope in which recovering the same signature over the same digest again costs nothing.
///
/// A node that reads a message recovers its sender, and its channel machine then checks the
/// message's balance-proof (or withdraw) signature: the very same signature over the very same
/// digest, since a balance-proof message signs its packed balance proof. The scenario runner
/// delivers each message inside a scope, where `Secp256k1.recover` remembers its last result;
/// that saves 2 of a payment's 9 recoveries, about 11 % of `netting run` (whose `make bench` floor
/// is 7 signatures and 7 recoveries a payment).
///
/// A hit needs the same digest and all 65 signature bytes, so it returns exactly what
/// recovering would. Outside a scope nothing is remembered: benchmarks and tests that recover
/// one signature many times measure recovery.
public final class RecoveryMemo: @unchecked Sendable {
    /// Unsynchronized: a scope belongs to the one task (or thread) that opened it.
    var last: (digest: Hash32, signature: Signature, signer: Address)?

    @TaskLocal static var current: RecoveryMemo?

    private init() {}

    /// Runs `body` with recoveries remembered (one: the last).
    public static func scope<R>(_ body: () -> R) -> R {
        $current.withValue(RecoveryMemo(), operation: body)
    }
}
