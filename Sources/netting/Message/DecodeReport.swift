import NettingCodec
import NettingCrypto

/// What `netting message decode` says about one valid message.
///
/// Each hash is computed once (a LockedTransfer's took 14 Keccak permutations, now 6): the balance
/// proof, the signed bytes, their EIP-191 digest (`signedDigest()`), and the sender recovered
/// from that digest.
struct DecodeReport {
    let decoded: Decoded
    let signers: [(field: String, signer: Address)]
    let signedBytes: [UInt8]
    let messageHash: Hash32
    let balanceProof: BalanceProof?

    init(_ decoded: Decoded) throws {
        self.decoded = decoded
        let wire = decoded.message.wire
        balanceProof = Self.balanceProof(decoded.message)
        // A balance-proof message signs its packed balance proof (Raiden's `_data_to_sign` is
        // `pack_balance_proof`): the same bytes, without hashing its balance and additional hash again.
        signedBytes = balanceProof?.balanceProofData() ?? wire.signedBytes()
        messageHash = EIP191.digest(signedBytes)
        if case .requestMonitoring = decoded.message {
            signers = try wire.recoverSigners()  // its inner signatures too
        } else {
            // What `recoverSigners()` gives for a message with one signature, from the digest above.
            signers = [("signature", try wire.recoverSender(signedDigest: messageHash))]
        }
    }

    var rows: [(String, String)] {
        let wire = decoded.message.wire
        var rows: [(String, String)] = [
            ("type", type(of: wire).typeName),
            ("sender", signers[0].signer.checksummed),
        ]
        for extra in signers.dropFirst() { rows.append(("\(extra.field) signer", extra.signer.checksummed)) }
        rows.append(("signed bytes", "\(signedBytes.count) bytes " + Hex.encode(signedBytes)))
        rows.append(("message hash", messageHash.hex))
        if let bp = balanceProof {
            rows.append(("balance proof", "nonce \(bp.nonce), chain \(bp.chainId), channel \(bp.channelIdentifier), token network \(bp.tokenNetworkAddress.hex)"))
            rows.append(("balance hash", bp.balanceHash.hex))
            rows.append(("additional hash", bp.additionalHash.hex))
        }
        for l in decoded.leniencies { rows.append(("leniency", l.description)) }
        return rows
    }

    static func balanceProof(_ message: Message) -> BalanceProof? {
        switch message {
        case .lockedTransfer(let m): m.balanceProof
        case .refundTransfer(let m): m.balanceProof
        case .unlock(let m): m.balanceProof
        case .lockExpired(let m): m.balanceProof
        case .processed, .delivered, .secretRequest, .revealSecret, .withdrawRequest, .withdrawConfirmation,
            .withdrawExpired, .pfsCapacityUpdate, .pfsFeeUpdate, .requestMonitoring:
            nil
        }
    }

    func printForPeople(index: Int?) {
        if let index { print("message \(index)") }
        let width = rows.map(\.0.count).max() ?? 0
        for (label, value) in rows {
            print((index == nil ? "" : "  ") + label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
        }
    }

    /// The JSON object, as UTF-8.
    var json: [UInt8] {
        var w = JSONWriter(capacity: 2048)
        w.beginObject()
        w.field("type", type(of: decoded.message.wire).typeName)
        w.field("sender", signers[0].signer)
        w.key("signers")
        w.beginObject()
        for s in signers {
            w.key(s.field)
            w.string(s.signer.hex)
        }
        w.endObject()
        w.key("signed_bytes"); w.hexString(signedBytes)
        w.field("message_hash", messageHash)
        if let bp = balanceProof {
            w.key("balance_proof"); bp.writeJSON(to: &w)
        }
        w.key("leniencies")
        w.beginArray()
        for l in decoded.leniencies {
            w.beginObject(); w.field("code", l.code.rawValue); w.field("path", l.path); w.endObject()
        }
        w.endArray()
        w.key("message"); try! w.value(json: decoded.message.wire.wireJSON)
        w.endObject()
        return w.bytes
    }
}
