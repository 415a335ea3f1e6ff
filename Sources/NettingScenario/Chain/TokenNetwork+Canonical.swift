import NettingCodec
import NettingCrypto
import NettingMachine

/// The contract's storage for one channel in canonical JSON (spec/chain.yaml `chain_file`, the
/// spelling of spec/channel.yaml `canonical`: integers as decimal strings, hex lowercase, every
/// key present; the readers' keys are generated from it), so that a
/// channel driven by hand keeps its on-chain side in a file between commands:
/// `{"chain_id","token_network_address","channel_identifier","settle_timeout","phase",
/// "settle_block","participants":[{"address","deposit","withdrawn","is_the_closer",
/// "balance_hash","nonce"}×2],"secret_reveal_blocks":[{"secrethash","block_number"}],
/// "unlock_data":[{"sender","receiver","locksroot","locked_amount"}],
/// "payouts":[{"address","withdrawn","paid_at_settle","unlocked"}]}`.
extension TokenNetwork {
    package func write(canonical w: inout JSONWriter) {
        w.beginObject()
        w.canonicalField("chain_id", chainId)
        w.canonicalField("token_network_address", address)
        w.canonicalField("channel_identifier", channelIdentifier)
        w.canonicalField("settle_timeout", settleTimeout)
        switch phase {
        case .opened:
            w.canonicalField("phase", "opened")
            w.key("settle_block"); w.null()
        case .closed(let settleBlock):
            w.canonicalField("phase", "closed")
            w.canonicalField("settle_block", settleBlock)
        case .settled:
            w.canonicalField("phase", "settled")
            w.key("settle_block"); w.null()
        }
        w.key("participants")
        w.beginArray()
        for p in participants {
            w.beginObject()
            w.canonicalField("address", p.address)
            w.canonicalField("deposit", p.deposit)
            w.canonicalField("withdrawn", p.withdrawn)
            w.canonicalField("is_the_closer", p.isTheCloser)
            w.canonicalField("balance_hash", p.balanceHash)
            w.canonicalField("nonce", p.nonce)
            w.endObject()
        }
        w.endArray()
        w.key("secret_reveal_blocks")
        w.beginArray()
        for (hash, block) in secretRevealBlock.sorted(by: { $0.key.hex < $1.key.hex }) {
            w.beginObject()
            w.canonicalField("secrethash", hash)
            w.canonicalField("block_number", block)
            w.endObject()
        }
        w.endArray()
        w.key("unlock_data")
        w.beginArray()
        for d in unlockData {
            w.beginObject()
            w.canonicalField("sender", d.sender)
            w.canonicalField("receiver", d.receiver)
            w.canonicalField("locksroot", d.locksroot)
            w.canonicalField("locked_amount", d.lockedAmount)
            w.endObject()
        }
        w.endArray()
        w.key("payouts")
        w.beginArray()
        for p in participants {
            let paid = payout(p.address)
            w.beginObject()
            w.canonicalField("address", p.address)
            w.canonicalField("withdrawn", paid.withdrawn)
            w.canonicalField("paid_at_settle", paid.paidAtSettle)
            w.canonicalField("unlocked", paid.unlocked)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// Reads the form `write(canonical:)` writes; every key known, two distinct participants.
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        var o = try CanonicalObject(value, path: path, kind: "token network")
        let participantsPath = canonicalPath(path, "participants")
        guard case .array(let items) = try o.value("participants"), items.count == 2 else {
            throw CanonicalError(.badValue, path: participantsPath, "must be an array of the channel's two participants")
        }
        var read: [Participant] = []
        for (i, item) in items.enumerated() {
            var p = try CanonicalObject(item, path: canonicalPath(participantsPath, index: i), kind: "participant")
            var participant = Participant(address: try p.field("address"))
            participant.deposit = try p.field("deposit")
            participant.withdrawn = try p.field("withdrawn")
            participant.isTheCloser = try p.field("is_the_closer")
            participant.balanceHash = try p.field("balance_hash")
            participant.nonce = try p.field("nonce")
            try p.finish(allowed: ChainFormat.keys("Participant"))
            read.append(participant)
        }
        guard read[0].address != read[1].address else {
            throw CanonicalError(.badValue, path: participantsPath, "names one address twice")
        }
        self.init(
            chainId: try o.field("chain_id"), address: try o.field("token_network_address"),
            channelIdentifier: try o.field("channel_identifier"), settleTimeout: try o.field("settle_timeout"),
            participants: (read[0].address, read[1].address))
        participants = read
        let phaseName: String = try o.field("phase")
        let settleBlock: UInt64? = try o.field("settle_block")
        switch (phaseName, settleBlock) {
        case ("opened", nil): phase = .opened
        case ("closed", let block?): phase = .closed(settleBlock: block)
        case ("settled", nil): phase = .settled
        default:
            throw CanonicalError(.badValue, path: canonicalPath(path, "phase"), "must be opened or settled with settle_block null, or closed with a settle_block, got \(excerpt(phaseName))")
        }
        func objects(_ key: String) throws(CanonicalError) -> [CanonicalObject] {
            guard case .array(let list) = try o.value(key) else {
                throw CanonicalError(.wrongType, path: canonicalPath(path, key), "must be an array")
            }
            // spec/chain.yaml `max_count`; every list read here declares one.
            let most = ChainFormat.chainFileMaxCounts["TokenNetwork.\(key)"] ?? 0
            guard list.count <= most else { throw CanonicalError(.outOfRange, path: canonicalPath(path, key), "has more than \(most) entries") }
            var out: [CanonicalObject] = []
            for (i, item) in list.enumerated() {
                out.append(try CanonicalObject(item, path: canonicalPath(canonicalPath(path, key), index: i), kind: key))
            }
            return out
        }
        for var e in try objects("secret_reveal_blocks") {
            secretRevealBlock[try e.field("secrethash")] = try e.field("block_number")
            try e.finish(allowed: ChainFormat.keys("SecretRevealBlock"))
        }
        for var e in try objects("unlock_data") {
            unlockData.append(UnlockData(
                sender: try e.field("sender"), receiver: try e.field("receiver"), locksroot: try e.field("locksroot"),
                lockedAmount: try e.field("locked_amount")))
            try e.finish(allowed: ChainFormat.keys("UnlockData"))
        }
        for var e in try objects("payouts") {
            let who: Address = try e.field("address")
            guard participant(who) != nil else {
                throw CanonicalError(.badValue, path: canonicalPath(e.path, "address"), "is not a participant")
            }
            let paid = Payout(withdrawn: try e.field("withdrawn"), paidAtSettle: try e.field("paid_at_settle"), unlocked: try e.field("unlocked"))
            // The model records an address once something is paid to it (`pay` skips zero).
            if paid != Payout() { payouts[who] = paid }
            try e.finish(allowed: ChainFormat.keys("Payout"))
        }
        try o.finish(allowed: ChainFormat.keys("TokenNetwork"))
    }
}
