import NettingCodec
import NettingCrypto
import NettingMachine

/// A 128-bit fingerprint of a world, for deduplication (hash compaction: only fingerprints
/// are kept, 16 bytes a state; two different states share one with probability about
/// n² / 2¹²⁹, negligible for the millions of states the checker visits).
public struct Fingerprint: Hashable, Sendable {
    public var a: UInt64
    public var b: UInt64
}

/// Two independent multiply-rotate lanes over 64-bit words.
struct FingerprintHasher {
    var a: UInt64 = 0x9E37_79B9_7F4A_7C15
    var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    mutating func word(_ w: UInt64) {
        a = (a ^ w) &* 0xFF51_AFD7_ED55_8CCD
        a = (a << 31) | (a >> 33)
        b = (b ^ (w &* 0x9E37_79B9_7F4A_7C15)) &* 0xC4CE_B9FE_1A85_EC53
        b = (b << 29) | (b >> 35)
    }

    mutating func bytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var i = 0
            let n = raw.count
            while i + 8 <= n {
                word(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(raw[i]) << shift
                shift += 8
                i += 1
            }
            word(tail ^ UInt64(n) << 56)
        }
    }

    mutating func amount(_ v: UInt256) { word(v.w0); word(v.w1); word(v.w2); word(v.w3) }
    mutating func hash(_ h: Hash32) { word(h.w0); word(h.w1); word(h.w2); word(h.w3) }

    mutating func proof(_ p: SignedProof?) {
        guard let p else { return word(0xDEAD) }
        word(p.nonce)
        amount(p.transferred)
        amount(p.locked)
        hash(p.locksroot)
        word(UInt64(p.locks.count))
        for l in p.locks { amount(l.amount); amount(l.expiration); hash(l.secrethash) }
    }

    mutating func optional(_ v: UInt64?) { if let v { word(1); word(v) } else { word(0) } }
    mutating func address(_ a: Address) { word(a.hi); word(a.mid); word(UInt64(a.lo)) }
    mutating func lock(_ l: Lock) { amount(l.amount); amount(l.expiration); hash(l.secrethash) }
    mutating func locks(_ ls: [Lock]) { word(UInt64(ls.count)); for l in ls { lock(l) } }
    mutating func unlocked(_ ls: [UnlockedLock]) { word(UInt64(ls.count)); for l in ls { lock(l.lock); hash(l.secret) } }
    mutating func withdraws(_ ws: [PendingWithdraw]) {
        word(UInt64(ws.count))
        for w in ws { amount(w.totalWithdraw); amount(w.expiration); word(w.nonce) }
    }
    mutating func transaction(_ t: TransactionStatus?) {
        guard let t else { return word(0) }
        word(1); optional(t.startedBlockNumber); optional(t.finishedBlockNumber)
        switch t.result {
        case nil: word(0)
        case .success: word(1)
        case .failure: word(2)
        }
    }

    /// Every field of an end but its fixed address; of its balance proof, the values it signs
    /// (message hash and signature left out, as in `World.normalized`).
    mutating func end(_ e: EndState) {
        address(e.address)
        amount(e.contractBalance); amount(e.onchainTotalWithdraw)
        withdraws(e.withdrawsPending); withdraws(e.withdrawsExpired)
        locks(e.secrethashesToLockedlocks); unlocked(e.secrethashesToUnlockedlocks); unlocked(e.secrethashesToOnchainUnlockedlocks)
        if let p = e.balanceProof { word(1); word(p.nonce); amount(p.transferredAmount); amount(p.lockedAmount); hash(p.locksroot) } else { word(0) }
        locks(e.pendingLocks)
        hash(e.onchainLocksroot)
        word(e.nonce)
    }

    /// Every field of the honest state but its message-identifier generator (`World.normalized`).
    mutating func state(_ s: ChannelState) {
        word(s.config.verifySignatures ? 1 : 0)
        word(s.blockNumber)
        amount(s.canonicalIdentifier.chainIdentifier); amount(s.canonicalIdentifier.channelIdentifier)
        address(s.canonicalIdentifier.tokenNetworkAddress); address(s.tokenAddress)
        word(s.revealTimeout); word(s.settleTimeout)
        end(s.ourState); end(s.partnerState)
        transaction(s.openTransaction); transaction(s.closeTransaction); transaction(s.settleTransaction); transaction(s.updateTransaction)
        word(s.removed ? 1 : 0)
        word(UInt64(s.initiatorTasks.count))
        for t in s.initiatorTasks {
            word(t.paymentIdentifier); amount(t.amount); address(t.target); hash(t.secret); lock(t.lock)
            word(t.receivedSecretRequest ? 1 : 0)
            switch t.transferState {
            case .pending: word(1)
            case .secretRevealed: word(2)
            case .expired: word(3)
            }
        }
        word(UInt64(s.targetTasks.count))
        for t in s.targetTasks {
            word(t.paymentIdentifier); address(t.initiator); address(t.sender); lock(t.lock)
            if let secret = t.secret { word(1); hash(secret) } else { word(0) }
            switch t.state {
            case .secretRequest: word(1)
            case .revealSecret: word(2)
            case .onchainSecretReveal: word(3)
            case .onchainUnlock: word(4)
            case .expired: word(5)
            }
        }
    }

    var value: Fingerprint {
        var x = a ^ (b >> 17), y = b ^ (a << 13)
        x = (x ^ (x >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        y = (y ^ (y >> 29)) &* 0xC4CE_B9FE_1A85_EC53
        return Fingerprint(a: x ^ (x >> 33), b: y ^ (y >> 32))
    }
}

extension World {
    /// The fingerprint of everything that decides the future: the honest state in its
    /// canonical form (spec/channel.yaml `canonical`), the chain, what the adversary knows and
    /// the move counters. The honest party's replayable messages (secp256k1 mode) are left out:
    /// they are its balance proofs, already in.
    ///
    /// Message identifiers (the machine's generator) and message hashes are normalised away:
    /// no guard and no payout reads them, so two states that differ only there behave alike.
    public var fingerprint: Fingerprint {
        var h = FingerprintHasher()
        h.state(honest)
        for i in 0..<2 {
            h.amount(chain.deposit[i]); h.amount(chain.withdrawn[i]); h.proof(chain.proof[i])
            h.amount(chain.paidAtSettle[i]); h.amount(chain.unlocked[i])
        }
        switch chain.phase {
        case .opened: h.word(1)
        case .closed(let settleBlock, let closer): h.word(2); h.word(settleBlock); h.word(UInt64(closer))
        case .settled: h.word(3)
        }
        h.amount(chain.stranded)
        for r in chain.registry { h.hash(r.secrethash); h.word(r.block) }
        h.word(0xA5A5)
        for p in knows.honestProofs { h.proof(p) }
        h.word(0x5A5A)
        for p in knows.adversaryProofs { h.proof(p) }
        for s in knows.secrets { h.hash(s) }
        h.word(UInt64(knows.adversaryMessages.count))
        h.word(knows.withdrawRequest.map { $0.totalWithdraw.w3 &+ 1 } ?? 0)
        h.word(knows.withdrawConfirmation.map { $0.totalWithdraw.w3 &+ 1 } ?? 0)
        h.word(block)
        h.word(UInt64(honestPayments) | UInt64(adversaryLocks) << 8 | UInt64(honestWithdraws) << 16 | UInt64(adversaryWithdraws) << 24)
        return h.value
    }

    /// The fingerprint of the honest state alone, through its canonical JSON form (slow; the
    /// tests check that `FingerprintHasher.state` tells apart every two states this does).
    public static func canonicalFingerprint(_ s: ChannelState) -> Fingerprint {
        var w = JSONWriter(capacity: 2048)
        normalized(s).write(canonical: &w)
        var h = FingerprintHasher()
        h.bytes(w.bytes)
        return h.value
    }

    /// The honest state's own fingerprint, field by field.
    public static func stateFingerprint(_ s: ChannelState) -> Fingerprint {
        var h = FingerprintHasher()
        h.state(s)
        return h.value
    }

    static func normalized(_ s: ChannelState) -> ChannelState {
        var s = s
        s.prng = SplitMix64(seed: 0)
        s.ourState.balanceProof?.messageHash = .zero
        s.partnerState.balanceProof?.messageHash = .zero
        s.ourState.balanceProof?.signature = .empty
        s.partnerState.balanceProof?.signature = .empty
        return s
    }
}
