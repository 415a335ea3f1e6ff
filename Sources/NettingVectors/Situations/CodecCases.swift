import NettingCodec
import NettingCrypto

/// The codec suite's curated content: the messages its valid cases sign (minimums, maximums,
/// route metadata, fee schedules…), and the texts of its invalid and acceptable cases, each made
/// from a valid case's signed wire by one edit and stating what a decoder must answer.
///
/// Where Raiden 3.0.1's own behaviour is the expectation, it is spec/messages.yaml `decoding`
/// (measured by running Raiden's MessageSerializer; see NettingCodecTests' LeniencyTests).
enum CodecCases {
    // MARK: Valid messages

    struct Valid {
        let type: String
        let name: String
        let comment: String
        /// Unsigned, except a RequestMonitoring's partner balance proof.
        let message: Message
    }

    static let sender = try! PrivateKey(CodecSuite.key)
    /// The channel partner (the bytes 32…63) and a mediator (64…95).
    static let partner = try! PrivateKey(Array(32..<64))
    static let mediator = try! PrivateKey(Array(64..<96))
    static let alice = sender.address, bob = partner.address, charlie = mediator.address
    static let tokenNetwork = try! Address(hex: "0x6e6574776f726b6e6574776f726b6e6574776f72")
    static let token = try! Address(hex: "0x746f6b656e746f6b656e746f6b656e746f6b656e")
    static let monitoringService = try! Address(hex: "0x6d6f6e69746f726d6f6e69746f726d6f6e69746f")
    static let maxAddress = try! Address(hex: "0xffffffffffffffffffffffffffffffffffffffff")
    static let secret = try! Hash32(hex: "0x7365637265747365637265747365637265747365637265747365637265747365")
    static let otherSecret = try! Hash32(hex: "0x6f746865726f746865726f746865726f746865726f746865726f746865726f74")
    static let maxHash = try! Hash32(hex: "0x" + String(repeating: "f", count: 64))
    static let max = UInt256.max
    static let chain: UInt256 = 337

    /// address_metadata as a 3.0.1 node publishes it: a Matrix user id, the EIP-191 signature of
    /// that id by the address's key as the display name, and its capabilities.
    static func addressMetadata(_ key: PrivateKey) -> [String: String] {
        let userID = "@\(key.address.hex):transport.raiden.example"
        return [
            "user_id": userID, "displayname": key.signEIP191(Array(userID.utf8)).hex,
            "capabilities": "mxc://raiden.network/cap?Delivery=1&Mediate=1&Receive=1&immutableMetadata=1&toDevice=1&webRTC=1",
        ]
    }

    /// `message` with its metadata replaced by `json` (as received: kept byte for byte).
    static func withMetadata(_ message: Message, _ json: String) throws -> Message {
        guard case .object(var o) = try JSONParser.parse(message.wire.wireJSON) else { throw SituationError("codec: not an object") }
        o.members = o.members.map { $0.key == "metadata" ? JSONMember(key: "metadata", value: try! JSONParser.parse(json)) : $0 }
        return try MessageCodec.decode(JSONValue.object(o).compactJSON(), policy: .strict, allowUnsigned: true).message
    }

    static func lockedTransfer(
        id: UInt64, nonce: UInt64, transferred: UInt256, locked: UInt256, locks: [Lock], lock: Lock, channel: UInt256 = 1,
        chain: UInt256 = chain, payment: UInt64, recipient: Address = bob, target: Address = bob, initiator: Address = alice,
        tokenNetwork: Address = tokenNetwork, token: Address = token, metadata: Metadata
    ) -> LockedTransfer {
        LockedTransfer(
            messageIdentifier: id, chainId: chain, nonce: nonce, transferredAmount: transferred, lockedAmount: locked,
            locksroot: Lock.locksroot(locks), channelIdentifier: channel, tokenNetworkAddress: tokenNetwork, paymentIdentifier: payment,
            token: token, recipient: recipient, lock: lock, target: target, initiator: initiator, metadata: metadata)
    }

    static func refund(_ t: LockedTransfer) -> RefundTransfer {
        RefundTransfer(
            messageIdentifier: t.messageIdentifier, chainId: t.chainId, nonce: t.nonce, transferredAmount: t.transferredAmount,
            lockedAmount: t.lockedAmount, locksroot: t.locksroot, channelIdentifier: t.channelIdentifier,
            tokenNetworkAddress: t.tokenNetworkAddress, paymentIdentifier: t.paymentIdentifier, token: t.token, recipient: t.recipient,
            lock: t.lock, target: t.target, initiator: t.initiator, metadata: t.metadata)
    }

    /// A RequestMonitoring for the partner's balance proof `bp`, which the partner signs here.
    static func requestMonitoring(_ bp: SignedBlindedBalanceProof, reward: UInt256, service: Address, nonClosing: Address) -> RequestMonitoring {
        var m = RequestMonitoring(balanceProof: bp, rewardAmount: reward, monitoringServiceContractAddress: service, nonClosingParticipant: nonClosing)
        m.balanceProof.signature = partner.signEIP191(m.signedBytesForBalanceProofSignature())
        return m
    }

    static func valid() throws -> [Valid] {
        let lock = Lock(amount: 50, expiration: 109, secrethash: SecretHash.of(secret))
        let earlier = Lock(amount: 30, expiration: 120, secrethash: SecretHash.of(otherSecret))
        let maxLock = Lock(amount: max, expiration: max, secrethash: maxHash)
        let zeroLock = Lock(amount: 0, expiration: 0, secrethash: .zero)
        let route = Metadata(routes: [[alice, bob]])
        let typical = lockedTransfer(id: 5_109_385_112_744_210_093, nonce: 1, transferred: 0, locked: 50, locks: [lock], lock: lock, payment: 1_689_264_730_158_914_862, metadata: route)
        let minimum = lockedTransfer(id: 0, nonce: 1, transferred: 0, locked: 0, locks: [zeroLock], lock: zeroLock, chain: 0, payment: 0,
                                     recipient: .zero, target: .zero, initiator: .zero, tokenNetwork: .zero, token: .zero, metadata: Metadata(routes: [[.zero]]))
        let maximum = lockedTransfer(id: .max, nonce: .max, transferred: max, locked: max, locks: [maxLock], lock: maxLock, channel: max, chain: max,
                                     payment: .max, recipient: maxAddress, target: maxAddress, initiator: maxAddress, tokenNetwork: maxAddress,
                                     token: maxAddress, metadata: Metadata(routes: [[maxAddress]]))
        let mediated = lockedTransfer(
            id: 17_001_220_349_502_019_114, nonce: 5, transferred: 100, locked: 80, locks: [earlier, lock], lock: lock, channel: 1338,
            payment: 9_102_844_118_340_111, recipient: bob, target: charlie, initiator: alice,
            metadata: Metadata(routes: [[alice, bob, charlie]], addressMetadata: [bob: addressMetadata(partner), charlie: addressMetadata(mediator)]))
        let severalRoutes = lockedTransfer(
            id: 2, nonce: 2, transferred: 50, locked: 50, locks: [lock], lock: lock, payment: 2, target: charlie,
            metadata: Metadata(
                routes: [[alice, bob, charlie], [alice, charlie], [alice, bob, maxAddress, charlie]],
                addressMetadata: [alice: addressMetadata(sender), bob: addressMetadata(partner), charlie: addressMetadata(mediator)]))
        let fixtureRoute = #"{"routes":[{"route":["\#(alice.hex)","\#(bob.hex)"]}]}"#
        let encrypted = (0..<216).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let withSecret = #"{"routes":[{"route":["\#(alice.hex)","\#(bob.hex)"],"address_metadata":{}}],"secret":"0x04\#(Hex.encode(encrypted).dropFirst(2))"}"#

        let unlock = Unlock(
            messageIdentifier: 8_044_119_374_511_289_003, chainId: chain, nonce: 2, transferredAmount: 50, lockedAmount: 0,
            locksroot: Lock.locksroot([]), channelIdentifier: 1, tokenNetworkAddress: tokenNetwork, paymentIdentifier: 1_689_264_730_158_914_862, secret: secret)
        let lockExpired = LockExpired(
            messageIdentifier: 3_312_992_084_113_200_761, chainId: chain, nonce: 2, transferredAmount: 0, lockedAmount: 0,
            locksroot: Lock.locksroot([]), channelIdentifier: 1, tokenNetworkAddress: tokenNetwork, recipient: bob, secrethash: lock.secrethash)

        let canonical = CanonicalIdentifier(chainIdentifier: chain, tokenNetworkAddress: tokenNetwork, channelIdentifier: 1338)
        let partnerTransfer = lockedTransfer(
            id: 11, nonce: 3, transferred: 20, locked: 50, locks: [lock], lock: lock, channel: 1338, payment: 4, recipient: alice, target: alice,
            initiator: bob, metadata: Metadata(routes: [[bob, alice]])).signed(with: partner)
        let partnerProof = partnerTransfer.balanceProof

        return [
            Valid(type: "Processed", name: "typical", comment: "acknowledges a message by its identifier", message: Processed(messageIdentifier: 5_109_385_112_744_210_093).message),
            Valid(type: "Processed", name: "minimum", comment: "message identifier 0", message: Processed(messageIdentifier: 0).message),
            Valid(type: "Processed", name: "maximum", comment: "message identifier 2^64 − 1", message: Processed(messageIdentifier: .max).message),

            Valid(type: "Delivered", name: "typical", comment: "a transport acknowledgement", message: Delivered(deliveredMessageIdentifier: 5_109_385_112_744_210_093).message),
            Valid(type: "Delivered", name: "minimum", comment: "delivered message identifier 0", message: Delivered(deliveredMessageIdentifier: 0).message),
            Valid(type: "Delivered", name: "maximum", comment: "delivered message identifier 2^64 − 1", message: Delivered(deliveredMessageIdentifier: .max).message),

            Valid(type: "SecretRequest", name: "typical", comment: "the target asks for the secret of a 50-token lock",
                  message: SecretRequest(messageIdentifier: 6_012_447_951_205_004_119, paymentIdentifier: 1_689_264_730_158_914_862, secrethash: lock.secrethash, amount: 50, expiration: 109).message),
            Valid(type: "SecretRequest", name: "minimum", comment: "every integer 0, a zero secrethash",
                  message: SecretRequest(messageIdentifier: 0, paymentIdentifier: 0, secrethash: .zero, amount: 0, expiration: 0).message),
            Valid(type: "SecretRequest", name: "maximum", comment: "identifiers 2^64 − 1, amount and expiration 2^256 − 1",
                  message: SecretRequest(messageIdentifier: .max, paymentIdentifier: .max, secrethash: maxHash, amount: max, expiration: max).message),

            Valid(type: "RevealSecret", name: "typical", comment: "reveals a lock's secret", message: RevealSecret(messageIdentifier: 7_206_543_800_127_001_004, secret: secret).message),
            Valid(type: "RevealSecret", name: "minimum", comment: "message identifier 0, a zero secret", message: RevealSecret(messageIdentifier: 0, secret: .zero).message),
            Valid(type: "RevealSecret", name: "maximum", comment: "message identifier 2^64 − 1, an all-ones secret", message: RevealSecret(messageIdentifier: .max, secret: maxHash).message),

            Valid(type: "LockedTransfer", name: "typical", comment: "a direct payment's first lock: nonce 1, one route with empty address metadata", message: typical.message),
            Valid(type: "LockedTransfer", name: "minimum", comment: "every integer at its minimum (nonce and channel 1), zero addresses and hashes, a one-hop route",
                  message: minimum.message),
            Valid(type: "LockedTransfer", name: "maximum", comment: "nonce and identifiers 2^64 − 1, amounts, expiration, chain and channel 2^256 − 1, all-ones addresses",
                  message: maximum.message),
            Valid(type: "LockedTransfer", name: "mediated", comment: "a second pending lock to a target behind a mediator, with both hops' address metadata (user id, signed display name, capabilities)",
                  message: mediated.message),
            Valid(type: "LockedTransfer", name: "several_routes", comment: "three routes, address metadata for three nodes: the metadata hash covers all of it", message: severalRoutes.message),
            Valid(type: "LockedTransfer", name: "route_without_address_metadata", comment: "a route object without address_metadata, as Raiden's own fixture has it; hashed as received",
                  message: try withMetadata(typical.message, fixtureRoute)),
            Valid(type: "LockedTransfer", name: "encrypted_secret", comment: "metadata carrying an ECIES-encrypted secret for the target (its shape only: the codec does not decrypt it)",
                  message: try withMetadata(typical.message, withSecret)),

            Valid(type: "RefundTransfer", name: "typical", comment: "a lock sent back to the payer (3.0.1 decodes it but never sends one)", message: refund(typical).message),
            Valid(type: "RefundTransfer", name: "minimum", comment: "every integer at its minimum (nonce and channel 1), zero addresses and hashes", message: refund(minimum).message),
            Valid(type: "RefundTransfer", name: "maximum", comment: "every integer at its maximum, all-ones addresses", message: refund(maximum).message),
            Valid(type: "RefundTransfer", name: "several_routes", comment: "three routes with address metadata, which the signature does not cover", message: refund(severalRoutes).message),

            Valid(type: "Unlock", name: "typical", comment: "unlocks a 50-token lock: transferred 50, nothing left locked", message: unlock.message),
            Valid(type: "Unlock", name: "minimum", comment: "nonce and channel 1, every other integer 0, zero hashes",
                  message: Unlock(messageIdentifier: 0, chainId: 0, nonce: 1, transferredAmount: 0, lockedAmount: 0, locksroot: .zero, channelIdentifier: 1,
                                  tokenNetworkAddress: .zero, paymentIdentifier: 0, secret: .zero).message),
            Valid(type: "Unlock", name: "maximum", comment: "every integer at its maximum, all-ones hashes and address",
                  message: Unlock(messageIdentifier: .max, chainId: max, nonce: .max, transferredAmount: max, lockedAmount: max, locksroot: maxHash, channelIdentifier: max,
                                  tokenNetworkAddress: maxAddress, paymentIdentifier: .max, secret: maxHash).message),

            Valid(type: "LockExpired", name: "typical", comment: "removes an expired 50-token lock", message: lockExpired.message),
            Valid(type: "LockExpired", name: "minimum", comment: "nonce and channel 1, every other integer 0, zero hashes and addresses",
                  message: LockExpired(messageIdentifier: 0, chainId: 0, nonce: 1, transferredAmount: 0, lockedAmount: 0, locksroot: .zero, channelIdentifier: 1,
                                       tokenNetworkAddress: .zero, recipient: .zero, secrethash: .zero).message),
            Valid(type: "LockExpired", name: "maximum", comment: "every integer at its maximum, all-ones hashes and addresses",
                  message: LockExpired(messageIdentifier: .max, chainId: max, nonce: .max, transferredAmount: max, lockedAmount: max, locksroot: maxHash, channelIdentifier: max,
                                       tokenNetworkAddress: maxAddress, recipient: maxAddress, secrethash: maxHash).message),

            Valid(type: "WithdrawRequest", name: "typical", comment: "asks the partner to co-sign a total withdraw of 10",
                  message: WithdrawRequest(messageIdentifier: 4_470_001_238_009_311_054, chainId: chain, tokenNetworkAddress: tokenNetwork, channelIdentifier: 1,
                                           participant: alice, totalWithdraw: 10, nonce: 3, expiration: 199, coopSettle: false).message),
            Valid(type: "WithdrawRequest", name: "coop_settle", comment: "a withdraw that asks for a cooperative settle (coop_settle true; not signed)",
                  message: WithdrawRequest(messageIdentifier: 4_470_001_238_009_311_055, chainId: chain, tokenNetworkAddress: tokenNetwork, channelIdentifier: 1,
                                           participant: alice, totalWithdraw: 100, nonce: 4, expiration: 199, coopSettle: true).message),
            Valid(type: "WithdrawRequest", name: "minimum", comment: "nonce 1, every other integer 0, zero addresses",
                  message: WithdrawRequest(messageIdentifier: 0, chainId: 0, tokenNetworkAddress: .zero, channelIdentifier: 0, participant: .zero,
                                           totalWithdraw: 0, nonce: 1, expiration: 0, coopSettle: false).message),
            Valid(type: "WithdrawRequest", name: "maximum", comment: "every integer at its maximum, all-ones addresses",
                  message: WithdrawRequest(messageIdentifier: .max, chainId: max, tokenNetworkAddress: maxAddress, channelIdentifier: max, participant: maxAddress,
                                           totalWithdraw: max, nonce: .max, expiration: max, coopSettle: false).message),

            Valid(type: "WithdrawConfirmation", name: "typical", comment: "co-signs the partner's total withdraw of 10",
                  message: WithdrawConfirmation(messageIdentifier: 4_470_001_238_009_311_054, chainId: chain, tokenNetworkAddress: tokenNetwork, channelIdentifier: 1,
                                                participant: bob, totalWithdraw: 10, nonce: 2, expiration: 199).message),
            Valid(type: "WithdrawConfirmation", name: "minimum", comment: "nonce 1, every other integer 0, zero addresses",
                  message: WithdrawConfirmation(messageIdentifier: 0, chainId: 0, tokenNetworkAddress: .zero, channelIdentifier: 0, participant: .zero,
                                                totalWithdraw: 0, nonce: 1, expiration: 0).message),
            Valid(type: "WithdrawConfirmation", name: "maximum", comment: "every integer at its maximum, all-ones addresses",
                  message: WithdrawConfirmation(messageIdentifier: .max, chainId: max, tokenNetworkAddress: maxAddress, channelIdentifier: max, participant: maxAddress,
                                                totalWithdraw: max, nonce: .max, expiration: max).message),

            Valid(type: "WithdrawExpired", name: "typical", comment: "withdraws an expired request of 10",
                  message: WithdrawExpired(messageIdentifier: 7_700_123_004_511_902_316, chainId: chain, tokenNetworkAddress: tokenNetwork, channelIdentifier: 1,
                                           participant: alice, totalWithdraw: 10, expiration: 199, nonce: 4).message),
            Valid(type: "WithdrawExpired", name: "minimum", comment: "nonce 1, every other integer 0, zero addresses",
                  message: WithdrawExpired(messageIdentifier: 0, chainId: 0, tokenNetworkAddress: .zero, channelIdentifier: 0, participant: .zero,
                                           totalWithdraw: 0, expiration: 0, nonce: 1).message),
            Valid(type: "WithdrawExpired", name: "maximum", comment: "every integer at its maximum (the nonce packed as u256), all-ones addresses",
                  message: WithdrawExpired(messageIdentifier: .max, chainId: max, tokenNetworkAddress: maxAddress, channelIdentifier: max, participant: maxAddress,
                                           totalWithdraw: max, expiration: max, nonce: .max).message),

            Valid(type: "PFSCapacityUpdate", name: "typical", comment: "both sides' nonces and capacities of a channel",
                  message: PFSCapacityUpdate(canonicalIdentifier: canonical, updatingParticipant: alice, otherParticipant: bob, updatingNonce: 5, otherNonce: 3,
                                             updatingCapacity: 70, otherCapacity: 80, revealTimeout: 50).message),
            Valid(type: "PFSCapacityUpdate", name: "minimum", comment: "every integer 0, zero addresses",
                  message: PFSCapacityUpdate(canonicalIdentifier: CanonicalIdentifier(chainIdentifier: 0, tokenNetworkAddress: .zero, channelIdentifier: 0),
                                             updatingParticipant: .zero, otherParticipant: .zero, updatingNonce: 0, otherNonce: 0, updatingCapacity: 0,
                                             otherCapacity: 0, revealTimeout: 0).message),
            Valid(type: "PFSCapacityUpdate", name: "maximum", comment: "nonces 2^64 − 1, every other integer 2^256 − 1, all-ones addresses",
                  message: PFSCapacityUpdate(canonicalIdentifier: CanonicalIdentifier(chainIdentifier: max, tokenNetworkAddress: maxAddress, channelIdentifier: max),
                                             updatingParticipant: maxAddress, otherParticipant: maxAddress, updatingNonce: .max, otherNonce: .max,
                                             updatingCapacity: max, otherCapacity: max, revealTimeout: max).message),

            Valid(type: "PFSFeeUpdate", name: "typical", comment: "the default schedule: fees capped, no flat or proportional fee, no imbalance penalty (signed as RLP 0x80)",
                  message: PFSFeeUpdate(canonicalIdentifier: canonical, updatingParticipant: alice,
                                        feeSchedule: FeeSchedule(capFees: true, flat: 0, proportional: 0, imbalancePenalty: nil),
                                        timestamp: Timestamp(year: 2021, month: 11, day: 10, hour: 14, minute: 3, second: 27)).message),
            Valid(type: "PFSFeeUpdate", name: "fee_schedule", comment: "a flat and a proportional fee, uncapped, and a five-point imbalance penalty curve (signed as its RLP)",
                  message: PFSFeeUpdate(canonicalIdentifier: canonical, updatingParticipant: alice,
                                        feeSchedule: FeeSchedule(capFees: false, flat: 100, proportional: 4000, imbalancePenalty: [
                                            ImbalancePoint(x: 0, y: 2000), ImbalancePoint(x: 500, y: 1000), ImbalancePoint(x: 1000, y: 0),
                                            ImbalancePoint(x: 1500, y: 1000), ImbalancePoint(x: 2000, y: 2000),
                                        ]),
                                        timestamp: Timestamp(year: 2021, month: 11, day: 10, hour: 14, minute: 3, second: 27)).message),
            Valid(type: "PFSFeeUpdate", name: "microseconds", comment: "a timestamp with microseconds: isoformat writes and signs them",
                  message: PFSFeeUpdate(canonicalIdentifier: canonical, updatingParticipant: alice,
                                        feeSchedule: FeeSchedule(capFees: true, flat: 1, proportional: 1, imbalancePenalty: nil),
                                        timestamp: Timestamp(year: 2021, month: 11, day: 10, hour: 14, minute: 3, second: 27, microsecond: 120)).message),
            Valid(type: "PFSFeeUpdate", name: "minimum", comment: "every integer 0, zero addresses, the first second of year 1, an empty-valued penalty point",
                  message: PFSFeeUpdate(canonicalIdentifier: CanonicalIdentifier(chainIdentifier: 0, tokenNetworkAddress: .zero, channelIdentifier: 0),
                                        updatingParticipant: .zero, feeSchedule: FeeSchedule(capFees: false, flat: 0, proportional: 0, imbalancePenalty: [ImbalancePoint(x: 0, y: 0)]),
                                        timestamp: Timestamp(year: 1, month: 1, day: 1)).message),
            Valid(type: "PFSFeeUpdate", name: "maximum", comment: "every integer 2^256 − 1, a penalty whose RLP needs a long list header, the last microsecond of year 9999",
                  message: PFSFeeUpdate(canonicalIdentifier: CanonicalIdentifier(chainIdentifier: max, tokenNetworkAddress: maxAddress, channelIdentifier: max),
                                        updatingParticipant: maxAddress,
                                        feeSchedule: FeeSchedule(capFees: true, flat: max, proportional: max, imbalancePenalty: [
                                            ImbalancePoint(x: 0, y: max), ImbalancePoint(x: 1, y: 0), ImbalancePoint(x: max, y: max),
                                        ]),
                                        timestamp: Timestamp(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59, microsecond: 999_999)).message),

            Valid(type: "RequestMonitoring", name: "typical", comment: "asks a monitoring service to defend the partner's LockedTransfer balance proof (its hashes and signature as the partner signed them)",
                  message: requestMonitoring(SignedBlindedBalanceProof(
                      channelIdentifier: partnerProof.channelIdentifier, tokenNetworkAddress: partnerProof.tokenNetworkAddress, nonce: partnerProof.nonce,
                      additionalHash: partnerProof.additionalHash, chainId: partnerProof.chainId, balanceHash: partnerProof.balanceHash,
                      signature: .empty, nonClosingSignature: .empty), reward: 1_000_000_000_000_000, service: monitoringService, nonClosing: alice).message),
            Valid(type: "RequestMonitoring", name: "minimum", comment: "balance proof nonce 1, every other integer 0, zero hashes and addresses",
                  message: requestMonitoring(SignedBlindedBalanceProof(
                      channelIdentifier: 0, tokenNetworkAddress: .zero, nonce: 1, additionalHash: .zero, chainId: 0, balanceHash: .zero,
                      signature: .empty, nonClosingSignature: .empty), reward: 0, service: .zero, nonClosing: .zero).message),
            Valid(type: "RequestMonitoring", name: "maximum", comment: "every integer at its maximum, all-ones hashes and addresses",
                  message: requestMonitoring(SignedBlindedBalanceProof(
                      channelIdentifier: max, tokenNetworkAddress: maxAddress, nonce: .max, additionalHash: maxHash, chainId: max, balanceHash: maxHash,
                      signature: .empty, nonClosingSignature: .empty), reward: max, service: maxAddress, nonClosing: maxAddress).message),
        ]
    }

    // MARK: Edits

    /// A change to a valid case's signed wire JSON: of its parsed value, or of its bytes.
    enum Edit {
        case value((JSONValue) throws -> JSONValue)
        case bytes(([UInt8]) -> [UInt8])

        func apply(_ v: JSONValue) throws -> [UInt8] {
            switch self {
            case .value(let f): try f(v).compactJSON()
            case .bytes(let f): f(v.compactJSON())
            }
        }
    }

    /// The value at `path` set to the JSON `text`.
    static func set(_ path: String, _ text: String) -> Edit { .value { try $0.setting(JSONPath(path), to: try JSONParser.parse(text)) } }
    static func set(_ path: String, _ value: JSONValue) -> Edit { .value { try $0.setting(JSONPath(path), to: value) } }
    /// The string at `path` changed by `f`.
    static func string(_ path: String, _ f: @escaping (String) -> String) -> Edit {
        .value { v in
            guard case .string(let s)? = v.at(JSONPath(path)) else { throw SituationError("codec: no string at \(path)") }
            return try v.setting(JSONPath(path), to: .string(f(s)))
        }
    }
    /// The signature at `path` changed by `f`.
    static func signature(_ path: String, _ f: @escaping (Signature) -> Signature) -> Edit {
        string(path) { (try? Signature(hex: $0)).map { f($0).hex } ?? $0 }
    }
    static func remove(_ path: String) -> Edit { .value { try $0.removing(JSONPath(path)) } }
    /// A member `key: text` added at the end of the object at `path`.
    static func append(_ path: String, _ key: String, _ text: String) -> Edit {
        .value { try $0.adding(key, try JSONParser.parse(text), to: JSONPath(path)) }
    }
    /// The member at `path` repeated, the first time with the JSON `text` (Python keeps the last).
    static func twice(_ path: String, first text: String) -> Edit {
        .value { try $0.repeating(JSONPath(path), first: try JSONParser.parse(text)) }
    }
    /// The member `key` replaced by one of another name, same value.
    static func rename(_ path: String, to key: String) -> Edit {
        .value { v in
            let p = JSONPath(path)
            guard let value = v.at(p) else { throw SituationError("codec: nothing at \(path)") }
            return try v.removing(p).adding(key, value, to: p.parent)
        }
    }

    // MARK: Invalid texts

    /// A text every decoder must reject, with the code and path it must name under each policy.
    struct Broken {
        let type: String
        let name: String
        let comment: String
        let text: [UInt8]
        let expected: [(policy: DecodePolicy, code: DecodeErrorCode, path: String)]
    }

    /// The same rejection under both policies.
    static func both(_ code: DecodeErrorCode, _ path: String) -> [(policy: DecodePolicy, code: DecodeErrorCode, path: String)] {
        [(.strict, code, path), (.raiden, code, path)]
    }

    /// Integer fields packed in 64 bits (spec/messages.yaml type u64); every other decimal field is a u256.
    static let u64Keys: Set<String> = ["message_identifier", "payment_identifier", "nonce", "delivered_message_identifier", "updating_nonce", "other_nonce"]
    /// Keys Raiden fills with a default when they are missing (spec/messages.yaml `default`).
    static let defaulted: Set<String> = [
        "coop_settle", "fee_schedule.cap_fees", "fee_schedule.flat", "fee_schedule.proportional", "fee_schedule.imbalance_penalty",
        "balance_proof.non_closing_signature",
    ]
    static let twoTo64 = "18446744073709551616"
    static let twoTo256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936"

    /// For every field of a type's typical message but the metadata: the message without it
    /// (field.missing; a key Raiden fills with a default is `lenient`'s instead), and the message
    /// with a value just outside its type (a 2^64 or 2^256 integer, hex one byte short, a boolean
    /// that is none, a date that does not exist), each under both policies.
    static func systematic(type: String, typical: JSONValue) throws -> [Broken] {
        var out: [Broken] = []
        for (path, value) in typical.leaves() where !path.hasPrefix("metadata") && path != "type" {
            let p = JSONPath(path), last = p.lastKey ?? path, id = path.replacingOccurrences(of: ".", with: "_")
            if !defaulted.contains(path) {  // `lenient` has these: acceptable, and invalid under strict
                out.append(Broken(type: type, name: "missing_" + id, comment: "`\(path)` is missing", text: try typical.removing(p).compactJSON(),
                                  expected: both(.fieldMissing, path)))
            }
            let wide: (String, String, JSONValue, [(policy: DecodePolicy, code: DecodeErrorCode, path: String)])?
            switch value {
            case .string(let s) where s.count >= 2 && s.hasPrefix("0x") && s.dropFirst(2).allSatisfy(\.isHexDigit):
                let bytes = (s.count - 2) / 2
                wide = ("short_" + id, "`\(path)` one byte short (\(bytes - 1) of \(bytes))", .string(String(s.dropLast(2))), both(.fieldWrongLength, path))
            case .string(let s) where !s.isEmpty && s.allSatisfy(\.isASCII) && s.allSatisfy(\.isNumber):
                wide = u64Keys.contains(last)
                    ? ("too_large_" + id, "`\(path)` is 2^64, one past a u64", .string(twoTo64), both(.fieldOutOfRange, path))
                    : ("too_large_" + id, "`\(path)` is 2^256, one past a u256", .string(twoTo256), both(.fieldOutOfRange, path))
            case .string where last == "timestamp":
                wide = ("no_such_date_" + id, "`\(path)` is February 30th", .string("2021-02-30T14:03:27"), both(.fieldBadTimestamp, path))
            case .bool:
                wide = ("not_a_bool_" + id, "`\(path)` is \"maybe\"", .string("maybe"), [(.strict, .fieldWrongJsonType, path), (.raiden, .fieldBadBool, path)])
            default:
                wide = nil
            }
            if let (name, comment, v, expected) = wide {
                out.append(Broken(type: type, name: name, comment: comment, text: try typical.setting(p, to: v).compactJSON(), expected: expected))
            }
        }
        return out
    }

    /// Every invalid text: the systematic ones of each type's typical message, then the curated.
    static func broken(base: (String, String) throws -> JSONValue) throws -> [Broken] {
        var out: [Broken] = []
        for type in Message.typeNames { out += try systematic(type: type, typical: try base(type, "typical")) }
        func add(_ type: String, _ name: String, _ comment: String, from: String = "typical", _ edit: Edit,
                 _ expected: [(policy: DecodePolicy, code: DecodeErrorCode, path: String)]) throws {
            out.append(Broken(type: type, name: name, comment: comment, text: try edit.apply(try base(type, from)), expected: expected))
        }
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)

        // Not JSON, not a message.
        try add("Processed", "truncated", "the last byte is missing", .bytes { Array($0.dropLast()) }, both(.jsonSyntax, ""))
        try add("Processed", "two_messages", "two messages back to back: one text is one message", .bytes { $0 + $0 }, both(.jsonSyntax, ""))
        try add("Processed", "trailing_comma", "a comma after the last member", .bytes { Array($0.dropLast()) + Array(",}".utf8) }, both(.jsonSyntax, ""))
        try add("Processed", "nan", "NaN for an integer (Python's json reads it; Raiden never writes it; deviation)",
                .bytes { Array(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: #""message_identifier":"5109385112744210093""#, with: #""message_identifier":NaN"#).utf8) },
                both(.jsonSyntax, ""))
        try add("Processed", "single_quotes", "JavaScript-style single quotes", .bytes { $0.map { $0 == UInt8(ascii: "\"") ? UInt8(ascii: "'") : $0 } }, both(.jsonSyntax, ""))
        try add("Processed", "too_deep", "an extra key holding arrays nested 100 deep: past the nesting limit before any field is read",
                .bytes { Array($0.dropLast()) + Array(",\"extra\":\(deep)}".utf8) }, both(.jsonTooDeep, ""))
        try add("Processed", "array", "the message inside an array", .bytes { Array("[".utf8) + $0 + Array("]".utf8) }, both(.messageNotAnObject, ""))
        try add("Processed", "null_document", "the JSON null", .bytes { _ in Array("null".utf8) }, both(.messageNotAnObject, ""))
        try add("Processed", "no_type", "no \"type\" key", remove("type"), both(.messageMissingType, "type"))
        try add("Processed", "type_lower_case", "\"processed\": type names are exact, case-sensitive class names", set("type", #""processed""#), both(.messageUnknownType, "type"))
        try add("Processed", "type_in_a_list", "the type inside a list", set("type", #"["Processed"]"#), both(.messageUnknownType, "type"))
        try add("Delivered", "type_ping", "Ping, a 3.0.1 message class no node sends, is not one of the 14", set("type", #""Ping""#), both(.messageUnknownType, "type"))
        try add("LockedTransfer", "type_with_space", "a trailing space in the type", set("type", #""LockedTransfer ""#), both(.messageUnknownType, "type"))

        // Integers that are no integer, or out of range.
        try add("Processed", "message_identifier_null", "message_identifier is null", set("message_identifier", "null"), both(.fieldNull, "message_identifier"))
        try add("Processed", "message_identifier_object", "message_identifier is an object", set("message_identifier", "{}"), both(.fieldWrongJsonType, "message_identifier"))
        try add("Processed", "message_identifier_true", "message_identifier is true", set("message_identifier", "true"), both(.fieldWrongJsonType, "message_identifier"))
        try add("Processed", "message_identifier_hex", "message_identifier in hex", set("message_identifier", #""0x10""#), both(.fieldBadInteger, "message_identifier"))
        try add("Processed", "message_identifier_empty", "message_identifier is the empty string", set("message_identifier", #""""#), both(.fieldBadInteger, "message_identifier"))
        try add("Processed", "message_identifier_exponent_string", "message_identifier is \"1e3\": Python's int() reads no exponent", set("message_identifier", #""1e3""#),
                both(.fieldBadInteger, "message_identifier"))
        try add("Processed", "message_identifier_double_underscore", "message_identifier is \"1__0\": one underscore between digits at most", set("message_identifier", #""1__0""#),
                both(.fieldBadInteger, "message_identifier"))
        try add("Processed", "message_identifier_negative", "message_identifier is \"-1\"",
                set("message_identifier", #""-1""#), both(.fieldOutOfRange, "message_identifier"))
        try add("Processed", "message_identifier_negative_number", "message_identifier is the JSON number -1",
                set("message_identifier", "-1"), [(.strict, .fieldWrongJsonType, "message_identifier"), (.raiden, .fieldOutOfRange, "message_identifier")])
        try add("Processed", "message_identifier_huge_float", "message_identifier is 1e400, which no float holds",
                set("message_identifier", "1e400"), [(.strict, .fieldWrongJsonType, "message_identifier"), (.raiden, .fieldBadInteger, "message_identifier")])
        try add("Delivered", "delivered_message_identifier_decimal_point", "\"1.0\" as a string: Python's int() reads no decimal point",
                set("delivered_message_identifier", #""1.0""#), both(.fieldBadInteger, "delivered_message_identifier"))
        try add("LockedTransfer", "nonce_zero", "nonce 0: a balance proof's nonce starts at 1", set("nonce", #""0""#), both(.fieldOutOfRange, "nonce"))
        try add("LockedTransfer", "channel_identifier_zero", "channel identifier 0: channels start at 1", set("channel_identifier", #""0""#), both(.fieldOutOfRange, "channel_identifier"))
        try add("Unlock", "nonce_zero", "nonce 0", set("nonce", #""0""#), both(.fieldOutOfRange, "nonce"))
        try add("LockExpired", "nonce_zero", "nonce 0", set("nonce", #""0""#), both(.fieldOutOfRange, "nonce"))
        try add("RefundTransfer", "nonce_zero", "nonce 0", set("nonce", #""0""#), both(.fieldOutOfRange, "nonce"))
        try add("WithdrawRequest", "nonce_zero", "nonce 0, which Raiden never sends (its decoder takes it; the channel then rejects it)", set("nonce", #""0""#),
                [(.strict, .fieldOutOfRange, "nonce")])
        try add("WithdrawConfirmation", "nonce_zero", "nonce 0, which Raiden never sends", set("nonce", #""0""#), [(.strict, .fieldOutOfRange, "nonce")])
        try add("WithdrawExpired", "nonce_zero", "nonce 0, which Raiden never sends", set("nonce", #""0""#), [(.strict, .fieldOutOfRange, "nonce")])
        try add("RequestMonitoring", "balance_proof_nonce_zero", "a balance proof with nonce 0, which Raiden never sends", set("balance_proof.nonce", #""0""#),
                [(.strict, .fieldOutOfRange, "balance_proof.nonce")])
        try add("RefundTransfer", "lock_amount_negative", "a negative lock amount", set("lock.amount", #""-50""#), both(.fieldOutOfRange, "lock.amount"))
        try add("SecretRequest", "amount_too_large_number", "amount 2^256 as a JSON number", set("amount", twoTo256),
                [(.strict, .fieldWrongJsonType, "amount"), (.raiden, .fieldOutOfRange, "amount")])

        // Hex and addresses.
        try add("Processed", "signature_not_hex", "a signature with a letter that is not hex", string("signature") { "0xg" + $0.dropFirst(3) }, both(.fieldBadHex, "signature"))
        try add("Processed", "signature_number", "the signature as the number 0", set("signature", "0"), both(.fieldWrongJsonType, "signature"))
        try add("RevealSecret", "secret_too_long", "a 33-byte secret", string("secret") { $0 + "00" }, both(.fieldWrongLength, "secret"))
        try add("SecretRequest", "secrethash_not_hex", "a secrethash with a space in it", string("secrethash") { "0x " + $0.dropFirst(3) }, both(.fieldBadHex, "secrethash"))
        try add("Unlock", "secret_empty", "the secret \"0x\": no bytes at all", set("secret", #""0x""#), both(.fieldWrongLength, "secret"))
        try add("LockedTransfer", "token_not_hex", "a token address with a z in it", string("token") { "0xz" + $0.dropFirst(3) }, both(.fieldBadHex, "token"))
        try add("WithdrawRequest", "participant_too_long", "a 21-byte participant", string("participant") { $0 + "00" }, both(.fieldWrongLength, "participant"))
        try add("LockExpired", "recipient_null", "recipient is null", set("recipient", "null"), both(.fieldNull, "recipient"))

        // Objects, metadata and keys.
        try add("LockedTransfer", "lock_not_an_object", "the lock as a string", set("lock", #""50""#), both(.fieldWrongJsonType, "lock"))
        try add("LockedTransfer", "lock_null", "the lock is null", set("lock", "null"), both(.fieldNull, "lock"))
        try add("LockedTransfer", "metadata_null", "metadata is null", set("metadata", "null"), both(.fieldNull, "metadata"))
        try add("LockedTransfer", "metadata_without_routes", "metadata without routes", set("metadata", "{}"), both(.fieldMissing, "metadata.routes"))
        try add("LockedTransfer", "metadata_routes_not_a_list", "routes as an object", set("metadata.routes", "{}"), both(.fieldWrongJsonType, "metadata.routes"))
        try add("LockedTransfer", "metadata_route_missing", "a route object without its route", set("metadata.routes", "[{}]"), both(.fieldMissing, "metadata.routes[0].route"))
        try add("LockedTransfer", "metadata_route_short_address", "a 19-byte address in a route", string("metadata.routes[0].route[1]") { String($0.dropLast(2)) },
                both(.fieldWrongLength, "metadata.routes[0].route[1]"))
        try add("LockedTransfer", "metadata_route_not_hex", "a route address with a z in it", string("metadata.routes[0].route[0]") { "0xz" + $0.dropFirst(3) },
                both(.fieldBadHex, "metadata.routes[0].route[0]"))
        try add("LockedTransfer", "metadata_address_metadata_a_list", "address_metadata as a list", set("metadata.routes[0].address_metadata", "[]"),
                both(.fieldWrongJsonType, "metadata.routes[0].address_metadata"))
        try add("LockedTransfer", "metadata_address_metadata_not_keyed_by_address", "address_metadata keyed by a name, not an address",
                set("metadata.routes[0].address_metadata", #"{"bob":{"user_id":"@bob:transport.raiden.example"}}"#),
                both(.fieldBadHex, "metadata.routes[0].address_metadata.bob"))
        try add("LockedTransfer", "metadata_address_metadata_value_a_number", "a user_id that is a number",
                set("metadata.routes[0].address_metadata", #"{"\#(bob.hex)":{"user_id":1}}"#),
                both(.fieldWrongJsonType, "metadata.routes[0].address_metadata.\(bob.hex).user_id"))
        try add("LockedTransfer", "metadata_secret_a_number", "an encrypted secret that is a number", append("metadata", "secret", "1"),
                both(.fieldWrongJsonType, "metadata.secret"))
        try add("LockedTransfer", "metadata_secret_null", "an encrypted secret written as null, which Raiden omits instead (its decoder takes it)",
                append("metadata", "secret", "null"), [(.strict, .fieldNull, "metadata.secret")])
        try add("LockedTransfer", "metadata_address_metadata_null", "address_metadata written as null, which Raiden omits instead (its decoder takes it)",
                set("metadata.routes[0].address_metadata", "null"), [(.strict, .fieldNull, "metadata.routes[0].address_metadata")])
        try add("PFSCapacityUpdate", "canonical_identifier_a_list", "canonical_identifier as a list", set("canonical_identifier", "[]"),
                both(.fieldWrongJsonType, "canonical_identifier"))
        try add("PFSCapacityUpdate", "chain_id_for_chain_identifier", "canonical_identifier with `chain_id`, the balance-proof messages' name, for `chain_identifier`",
                rename("canonical_identifier.chain_identifier", to: "chain_id"),
                [(.strict, .fieldUnknown, "canonical_identifier.chain_id"), (.raiden, .fieldMissing, "canonical_identifier.chain_identifier")])
        try add("RequestMonitoring", "balance_proof_null", "the balance proof is null", set("balance_proof", "null"), both(.fieldNull, "balance_proof"))

        // Booleans, timestamps, imbalance penalties.
        try add("WithdrawRequest", "coop_settle_null", "coop_settle is null", set("coop_settle", "null"), both(.fieldNull, "coop_settle"))
        try add("WithdrawRequest", "coop_settle_two", "coop_settle is 2, in no boolean spelling", set("coop_settle", "2"),
                [(.strict, .fieldWrongJsonType, "coop_settle"), (.raiden, .fieldBadBool, "coop_settle")])
        try add("PFSFeeUpdate", "timestamp_with_zone", "a timestamp with a time zone: Raiden's are naive", set("timestamp", #""2021-11-10T14:03:27Z""#),
                both(.fieldBadTimestamp, "timestamp"))
        try add("PFSFeeUpdate", "timestamp_date_only", "a date without a time", set("timestamp", #""2021-11-10""#), both(.fieldBadTimestamp, "timestamp"))
        try add("PFSFeeUpdate", "timestamp_unicode_digits", "a year in fullwidth digits (deviation: rejected under both policies)", set("timestamp", #""２０２１-11-10T14:03:27""#),
                both(.fieldBadTimestamp, "timestamp"))
        try add("PFSFeeUpdate", "timestamp_number", "a timestamp as seconds since 1970", set("timestamp", "1636553007"), both(.fieldWrongJsonType, "timestamp"))
        try add("PFSFeeUpdate", "imbalance_penalty_not_increasing", "two penalty points with the same x", from: "fee_schedule",
                set("fee_schedule.imbalance_penalty", #"[["0","1"],["0","2"]]"#), both(.fieldBadImbalancePenalty, "fee_schedule.imbalance_penalty[1]"))
        try add("PFSFeeUpdate", "imbalance_penalty_decreasing", "penalty points in decreasing x", from: "fee_schedule",
                set("fee_schedule.imbalance_penalty", #"[["10","1"],["5","2"]]"#), both(.fieldBadImbalancePenalty, "fee_schedule.imbalance_penalty[1]"))
        try add("PFSFeeUpdate", "imbalance_penalty_triple", "a penalty point with three numbers", from: "fee_schedule",
                set("fee_schedule.imbalance_penalty", #"[["0","1","2"]]"#), both(.fieldBadImbalancePenalty, "fee_schedule.imbalance_penalty[0]"))
        try add("PFSFeeUpdate", "imbalance_penalty_an_object", "the penalty as an object", set("fee_schedule.imbalance_penalty", "{}"),
                both(.fieldWrongJsonType, "fee_schedule.imbalance_penalty"))
        try add("PFSFeeUpdate", "imbalance_penalty_bad_integer", "a penalty point whose x is no integer", from: "fee_schedule",
                set("fee_schedule.imbalance_penalty", #"[["x","1"]]"#), both(.fieldBadInteger, "fee_schedule.imbalance_penalty[0][0]"))

        // Signatures: decoded, then refused when the signer is recovered.
        let n = Secp256k1.order
        for (type, path) in [("Processed", "signature"), ("LockedTransfer", "signature"), ("WithdrawRequest", "signature"), ("PFSFeeUpdate", "signature"),
                             ("RequestMonitoring", "non_closing_signature"), ("RequestMonitoring", "balance_proof.signature")] {
            let id = path.replacingOccurrences(of: ".", with: "_")
            try add(type, id + "_v_29", "`\(path)` with v = 29", signature(path) { Signature(r: $0.r, s: $0.s, v: 29) }, both(.signatureInvalidV, path))
            try add(type, id + "_zero", "`\(path)` is 65 zero bytes: r = 0", signature(path) { _ in .empty }, both(.signatureROutOfRange, path))
            try add(type, id + "_s_is_the_order", "`\(path)` with s = n, the group order", signature(path) { Signature(r: $0.r, s: n, v: $0.v) }, both(.signatureSOutOfRange, path))
            try add(type, id + "_r_not_on_the_curve", "`\(path)` with r = 5: no curve point has x = 5, so no key recovers",
                    signature(path) { Signature(r: Hash32(words: (0, 0, 0, 5)), s: $0.s, v: $0.v) }, both(.signatureUnrecoverable, path))
        }
        try add("Processed", "signature_r_is_the_order", "r = n, the group order", signature("signature") { Signature(r: n, s: $0.s, v: $0.v) },
                both(.signatureROutOfRange, "signature"))
        try add("Delivered", "signature_s_zero", "s = 0", signature("signature") { Signature(r: $0.r, s: .zero, v: $0.v) }, both(.signatureSOutOfRange, "signature"))
        return out
    }

    // MARK: Acceptable texts

    /// A text Raiden 3.0.1 accepts but never emits: the leniencies the `raiden` policy must
    /// name, and the code and path `strict` must reject it with.
    struct Lenient {
        let type: String
        let name: String
        let comment: String
        let text: [UInt8]
        let leniencies: [(code: LeniencyCode, path: String)]
        let strict: (code: DecodeErrorCode, path: String)
        /// Whether the sender's signature still recovers the sender's address.
        let sameSigner: Bool
    }

    /// Every acceptable text: a missing defaulted key of each type, then the curated.
    static func lenient(base: (String, String) throws -> JSONValue) throws -> [Lenient] {
        var out: [Lenient] = []
        func add(_ type: String, _ name: String, _ comment: String, from: String = "typical", _ edit: Edit, _ leniencies: [(LeniencyCode, String)],
                 strict: (DecodeErrorCode, String), sameSigner: Bool = true, resign: Bool = false) throws {
            var text = try edit.apply(try base(type, from))
            if resign { text = try self.resign(text, type: type) }
            out.append(Lenient(type: type, name: name, comment: comment, text: text, leniencies: leniencies.map { ($0.0, $0.1) },
                               strict: (strict.0, strict.1), sameSigner: sameSigner))
        }
        for type in Message.typeNames {
            for (path, _) in try base(type, "typical").leaves() where defaulted.contains(path) {
                try add(type, "missing_" + path.replacingOccurrences(of: ".", with: "_"), "`\(path)` is missing: Raiden fills in its default, the value signed",
                        remove(path), [(.objectDefaultUsed, path)], strict: (.fieldMissing, path))
            }
        }

        // Integer spellings.
        try add("Processed", "message_identifier_json_number", "message_identifier as a JSON number", set("message_identifier", "5109385112744210093"),
                [(.integerJsonNumber, "message_identifier")], strict: (.fieldWrongJsonType, "message_identifier"))
        try add("LockedTransfer", "lock_amount_json_number", "the lock amount as a JSON number", set("lock.amount", "50"),
                [(.integerJsonNumber, "lock.amount")], strict: (.fieldWrongJsonType, "lock.amount"))
        try add("SecretRequest", "amount_exponent", "amount as the JSON number 5e1: a float, truncated to 50", set("amount", "5e1"),
                [(.integerJsonFloat, "amount")], strict: (.fieldWrongJsonType, "amount"))
        try add("Unlock", "transferred_amount_fraction", "transferred_amount as 50.9: Python's int(float) truncates it to the signed 50", set("transferred_amount", "50.9"),
                [(.integerJsonFloat, "transferred_amount")], strict: (.fieldWrongJsonType, "transferred_amount"))
        try add("LockedTransfer", "nonce_whitespace", "the nonce with spaces and a tab around it", set("nonce", #"" 1\t""#),
                [(.integerWhitespace, "nonce")], strict: (.fieldNotCanonical, "nonce"))
        try add("WithdrawRequest", "total_withdraw_leading_zeros", "total_withdraw as \"0010\"", set("total_withdraw", #""0010""#),
                [(.integerLeadingZeros, "total_withdraw")], strict: (.fieldNotCanonical, "total_withdraw"))
        try add("LockedTransfer", "chain_id_plus_sign", "chain_id as \"+337\"", set("chain_id", #""+337""#),
                [(.integerPlusSign, "chain_id")], strict: (.fieldNotCanonical, "chain_id"))
        try add("LockedTransfer", "transferred_amount_minus_zero", "transferred_amount as \"-0\"", set("transferred_amount", #""-0""#),
                [(.integerPlusSign, "transferred_amount")], strict: (.fieldNotCanonical, "transferred_amount"))
        try add("PFSCapacityUpdate", "updating_capacity_underscores", "updating_capacity as \"7_0\" (Python's int() takes underscores between digits)",
                set("updating_capacity", #""7_0""#), [(.integerUnderscores, "updating_capacity")], strict: (.fieldNotCanonical, "updating_capacity"))
        try add("Delivered", "delivered_message_identifier_fullwidth", "the identifier in fullwidth digits",
                string("delivered_message_identifier") { String($0.unicodeScalars.map { Character(Unicode.Scalar($0.value - 0x30 + 0xFF10)!) }) },
                [(.integerUnicodeDigits, "delivered_message_identifier")], strict: (.fieldNotCanonical, "delivered_message_identifier"))
        try add("LockExpired", "chain_id_arabic_indic_digits", "chain_id as \"٣٣٧\" (Arabic-Indic digits)", set("chain_id", #""٣٣٧""#),
                [(.integerUnicodeDigits, "chain_id")], strict: (.fieldNotCanonical, "chain_id"))
        try add("PFSFeeUpdate", "imbalance_penalty_json_numbers", "penalty points as JSON numbers", from: "fee_schedule",
                set("fee_schedule.imbalance_penalty", #"[[0,"2000"],["500","1000"],["1000","0"],["1500","1000"],["2000",2000]]"#),
                [(.integerJsonNumber, "fee_schedule.imbalance_penalty[0][0]"), (.integerJsonNumber, "fee_schedule.imbalance_penalty[4][1]")],
                strict: (.fieldWrongJsonType, "fee_schedule.imbalance_penalty[0][0]"))

        // Hex spellings.
        try add("LockedTransfer", "locksroot_without_0x", "the locksroot without 0x", string("locksroot") { String($0.dropFirst(2)) },
                [(.hexNoPrefix, "locksroot")], strict: (.fieldNotCanonical, "locksroot"))
        try add("RevealSecret", "secret_capital_0X", "the secret with a capital 0X", string("secret") { "0X" + $0.dropFirst(2) },
                [(.hexNoPrefix, "secret")], strict: (.fieldNotCanonical, "secret"))
        try add("Processed", "signature_upper_case", "the signature in upper-case hex", string("signature") { "0x" + $0.dropFirst(2).uppercased() },
                [(.hexUpperCase, "signature")], strict: (.fieldNotCanonical, "signature"))
        try add("SecretRequest", "secrethash_upper_case_without_0x", "the secrethash in upper case without 0x", string("secrethash") { $0.dropFirst(2).uppercased() },
                [(.hexNoPrefix, "secrethash"), (.hexUpperCase, "secrethash")], strict: (.fieldNotCanonical, "secrethash"))
        try add("RevealSecret", "secret_odd_length", "the zero secret in 63 hex digits: a zero nibble is put in front", from: "minimum",
                string("secret") { String($0.dropLast()) }, [(.hexOddLength, "secret")], strict: (.fieldBadHex, "secret"))
        try add("LockExpired", "locksroot_odd_length", "a locksroot whose first digit is dropped, then read with a zero nibble in front", from: "minimum",
                string("locksroot") { "0x" + $0.dropFirst(3) }, [(.hexOddLength, "locksroot")], strict: (.fieldBadHex, "locksroot"))

        // Addresses.
        try add("LockedTransfer", "recipient_checksummed", "the recipient in its EIP-55 mixed case", string("recipient") { (try? Address(hex: $0).checksummed) ?? $0 },
                [(.addressNotLowerCase, "recipient")], strict: (.fieldNotCanonical, "recipient"))
        try add("WithdrawRequest", "participant_bad_checksum", "the participant in mixed case with a wrong EIP-55 checksum: Raiden never checks it",
                string("participant") { s in
                    let c = (try? Address(hex: s).checksummed) ?? s
                    // Swap the case of the first letter: the checksum no longer holds.
                    guard let k = c.dropFirst(2).firstIndex(where: \.isLetter) else { return c }
                    return String(c[..<k]) + (c[k].isUppercase ? c[k].lowercased() : c[k].uppercased()) + String(c[c.index(after: k)...])
                },
                [(.addressNotLowerCase, "participant")], strict: (.fieldBadChecksum, "participant"))
        try add("WithdrawConfirmation", "participant_upper_case_without_0x", "the participant in upper case without 0x",
                string("participant") { $0.dropFirst(2).uppercased() },
                [(.hexNoPrefix, "participant"), (.addressNotLowerCase, "participant")], strict: (.fieldNotCanonical, "participant"))
        try add("RequestMonitoring", "monitoring_service_upper_case", "the monitoring service address in upper case",
                string("monitoring_service_contract_address") { "0x" + $0.dropFirst(2).uppercased() },
                [(.addressNotLowerCase, "monitoring_service_contract_address")], strict: (.fieldNotCanonical, "monitoring_service_contract_address"))
        try add("LockedTransfer", "metadata_route_checksummed_after_signing", "a route address re-cased after the initiator signed: the metadata is hashed as received, so the signature recovers another address",
                string("metadata.routes[0].route[1]") { (try? Address(hex: $0).checksummed) ?? $0 },
                [(.addressNotLowerCase, "metadata.routes[0].route[1]")], strict: (.fieldNotCanonical, "metadata.routes[0].route[1]"), sameSigner: false)
        try add("LockedTransfer", "metadata_route_checksummed", "a route address in mixed case, as the initiator signed it", from: "mediated",
                string("metadata.routes[0].route[2]") { (try? Address(hex: $0).checksummed) ?? $0 },
                [(.addressNotLowerCase, "metadata.routes[0].route[2]")], strict: (.fieldNotCanonical, "metadata.routes[0].route[2]"), resign: true)
        try add("RefundTransfer", "metadata_route_checksummed", "a route address re-cased: a refund's signature does not cover the metadata",
                string("metadata.routes[0].route[1]") { (try? Address(hex: $0).checksummed) ?? $0 },
                [(.addressNotLowerCase, "metadata.routes[0].route[1]")], strict: (.fieldNotCanonical, "metadata.routes[0].route[1]"))
        try add("LockedTransfer", "address_metadata_key_checksummed", "an address_metadata key in mixed case, as the initiator signed it", from: "mediated",
                .value { v in
                    let p = JSONPath("metadata.routes[0].address_metadata")
                    guard case .object(var o)? = v.at(p) else { throw SituationError("codec: no address_metadata") }
                    o.members = o.members.map { JSONMember(key: $0.key == charlie.hex ? charlie.checksummed : $0.key, value: $0.value) }
                    return try v.setting(p, to: .object(o))
                },
                [(.addressNotLowerCase, "metadata.routes[0].address_metadata.\(charlie.checksummed)")],
                strict: (.fieldNotCanonical, "metadata.routes[0].address_metadata.\(charlie.checksummed)"), resign: true)

        // Booleans and timestamps.
        try add("WithdrawRequest", "coop_settle_string_false", "coop_settle as the string \"false\"", set("coop_settle", #""false""#),
                [(.boolSpelling, "coop_settle")], strict: (.fieldWrongJsonType, "coop_settle"))
        try add("WithdrawRequest", "coop_settle_zero", "coop_settle as the number 0", set("coop_settle", "0"),
                [(.boolSpelling, "coop_settle")], strict: (.fieldWrongJsonType, "coop_settle"))
        try add("WithdrawRequest", "coop_settle_yes", "coop_settle as \"yes\"", from: "coop_settle", set("coop_settle", #""yes""#),
                [(.boolSpelling, "coop_settle")], strict: (.fieldWrongJsonType, "coop_settle"))
        try add("PFSFeeUpdate", "cap_fees_one", "cap_fees as the number 1", set("fee_schedule.cap_fees", "1"),
                [(.boolSpelling, "fee_schedule.cap_fees")], strict: (.fieldWrongJsonType, "fee_schedule.cap_fees"))
        try add("PFSFeeUpdate", "timestamp_space", "a space between date and time", set("timestamp", #""2021-11-10 14:03:27""#),
                [(.timestampForm, "timestamp")], strict: (.fieldNotCanonical, "timestamp"))
        try add("PFSFeeUpdate", "timestamp_single_digits", "single-digit month, day, hour, minute and second, no seconds at all for the first second of year 1", from: "minimum",
                set("timestamp", #""0001-1-1T0:0""#), [(.timestampForm, "timestamp")], strict: (.fieldNotCanonical, "timestamp"))
        try add("PFSFeeUpdate", "timestamp_long_fraction", "nine fraction digits: the first six are read, the signed value has microsecond 120", from: "microseconds",
                set("timestamp", #""2021-11-10T14:03:27.000120999""#), [(.timestampForm, "timestamp")], strict: (.fieldNotCanonical, "timestamp"))
        try add("PFSFeeUpdate", "timestamp_zero_microseconds", "\".000000\" written out: isoformat leaves a zero microsecond out", set("timestamp", #""2021-11-10T14:03:27.000000""#),
                [(.timestampForm, "timestamp")], strict: (.fieldNotCanonical, "timestamp"))
        try add("PFSFeeUpdate", "timestamp_trailing_newline", "a newline after the timestamp (the pattern's `$` allows one)", set("timestamp", #""2021-11-10T14:03:27\n""#),
                [(.timestampForm, "timestamp")], strict: (.fieldNotCanonical, "timestamp"))

        // Keys.
        try add("Processed", "unknown_key", "a key Raiden 3.0.1 does not know, ignored", append("", "ping", #""pong""#),
                [(.objectUnknownKey, "ping")], strict: (.fieldUnknown, "ping"))
        try add("LockedTransfer", "lock_unknown_key", "an unknown key inside the lock", append("lock", "secret", #""0x00""#),
                [(.objectUnknownKey, "lock.secret")], strict: (.fieldUnknown, "lock.secret"))
        try add("PFSCapacityUpdate", "canonical_identifier_chain_id_too", "canonical_identifier with a `chain_id` beside its `chain_identifier`",
                append("canonical_identifier", "chain_id", #""1""#), [(.objectUnknownKey, "canonical_identifier.chain_id")], strict: (.fieldUnknown, "canonical_identifier.chain_id"))
        try add("LockedTransfer", "metadata_unknown_key", "an unknown key in the metadata, as the initiator signed it: hashed and forwarded as received",
                append("metadata", "hint", #""direct""#), [(.objectUnknownKey, "metadata.hint")], strict: (.fieldUnknown, "metadata.hint"), resign: true)
        try add("Processed", "message_identifier_twice", "message_identifier twice: Python's json keeps the last", twice("message_identifier", first: #""1""#),
                [(.objectDuplicateKey, "message_identifier")], strict: (.fieldDuplicateKey, "message_identifier"))
        try add("LockedTransfer", "lock_amount_twice", "the lock amount twice, the first one larger", twice("lock.amount", first: #""5000""#),
                [(.objectDuplicateKey, "lock.amount")], strict: (.fieldDuplicateKey, "lock.amount"))
        try add("WithdrawExpired", "type_twice", "the type tag twice", twice("type", first: #""WithdrawRequest""#),
                [(.objectDuplicateKey, "type")], strict: (.fieldDuplicateKey, "type"))
        try add("LockedTransfer", "metadata_type_keys", "\"_type\" keys inside the metadata, removed before it is hashed: the signature still recovers",
                .value { v in
                    var m = try v.adding("_type", .string("Metadata"), to: JSONPath("metadata"))
                    m = try m.adding("_type", .string("RouteMetadata"), to: JSONPath("metadata.routes[0]"))
                    return m
                },
                [(.metadataTypeKey, "metadata")], strict: (.fieldUnknown, "metadata"))
        return out
    }

    /// `text` with the sender's signatures made again over what it now holds (decoded leniently).
    static func resign(_ text: [UInt8], type: String) throws -> [UInt8] {
        let decoded = try MessageCodec.decode(text, policy: .raiden)
        guard case .object(let signed) = try JSONParser.parse(decoded.message.wire.signed(with: sender).wireJSON) else { throw SituationError("codec: not an object") }
        var value = try JSONParser.parse(text)
        for key in CodecSuite.senderSignatures(type) { value = try value.setting(JSONPath(key), to: signed[key]!) }
        return value.compactJSON()
    }
}

// MARK: Key paths

/// A key path into a JSON value, as decode errors name it: keys joined by dots, array indices
/// in brackets (`metadata.routes[0].route[1]`). Keys hold no dot or bracket.
struct JSONPath {
    enum Part { case key(String), index(Int) }
    let parts: [Part]

    init(_ text: String) {
        var parts: [Part] = []
        for segment in text.split(separator: ".", omittingEmptySubsequences: true) {
            var rest = Substring(segment)
            if let open = rest.firstIndex(of: "[") {
                parts.append(.key(String(rest[..<open])))
                rest = rest[open...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    parts.append(.index(Int(rest[rest.index(after: rest.startIndex)..<close])!))
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                parts.append(.key(String(rest)))
            }
        }
        self.parts = parts
    }

    init(parts: [Part]) { self.parts = parts }

    var parent: JSONPath { JSONPath(parts: Array(parts.dropLast())) }
    var lastKey: String? { if case .key(let k)? = parts.last { k } else { nil } }
}

extension JSONValue {
    func at(_ path: JSONPath) -> JSONValue? {
        var v = self
        for part in path.parts {
            switch (part, v) {
            case (.key(let k), .object(let o)): guard let next = o[k] else { return nil }; v = next
            case (.index(let i), .array(let a)) where a.indices.contains(i): v = a[i]
            default: return nil
            }
        }
        return v
    }

    /// The value with the one at `path` changed by `f` (the last member of a repeated key).
    func updating(_ path: ArraySlice<JSONPath.Part>, _ f: (JSONValue) throws -> JSONValue?) throws -> JSONValue? {
        guard let part = path.first else { return try f(self) }
        switch (part, self) {
        case (.key(let k), .object(var o)):
            guard let i = o.members.lastIndex(where: { $0.key == k }) else { throw SituationError("codec: no key \(k)") }
            if let v = try o.members[i].value.updating(path.dropFirst(), f) { o.members[i].value = v } else { o.members.remove(at: i) }
            return .object(o)
        case (.index(let i), .array(var a)) where a.indices.contains(i):
            if let v = try a[i].updating(path.dropFirst(), f) { a[i] = v } else { a.remove(at: i) }
            return .array(a)
        default:
            throw SituationError("codec: the path does not lead anywhere")
        }
    }

    func setting(_ path: JSONPath, to value: JSONValue) throws -> JSONValue {
        try updating(path.parts[...]) { _ in value } ?? .null
    }

    func removing(_ path: JSONPath) throws -> JSONValue {
        try updating(path.parts[...]) { _ in nil } ?? .null
    }

    /// The object at `path` with the member `key: value` added last.
    func adding(_ key: String, _ value: JSONValue, to path: JSONPath) throws -> JSONValue {
        try updating(path.parts[...]) { v in
            guard case .object(var o) = v else { throw SituationError("codec: not an object") }
            o.members.append(JSONMember(key: key, value: value))
            return .object(o)
        } ?? .null
    }

    /// The member at `path` with a copy holding `first` in front of it.
    func repeating(_ path: JSONPath, first: JSONValue) throws -> JSONValue {
        guard let key = path.lastKey else { throw SituationError("codec: not a key") }
        return try updating(path.parent.parts[...]) { v in
            guard case .object(var o) = v, let i = o.members.lastIndex(where: { $0.key == key }) else { throw SituationError("codec: no key \(key)") }
            o.members.insert(JSONMember(key: key, value: first), at: i)
            return .object(o)
        } ?? .null
    }

    /// Every scalar and every null, and every member that holds an object, by path (objects
    /// before their members; array elements left out): the fields of a message.
    func leaves(_ prefix: String = "") -> [(path: String, value: JSONValue)] {
        guard case .object(let o) = self else { return [] }
        var out: [(path: String, value: JSONValue)] = []
        for m in o.members {
            let path = prefix.isEmpty ? m.key : prefix + "." + m.key
            if case .object = m.value, m.key != "metadata" {
                out.append((path, m.value))
                out += m.value.leaves(path)
            } else {
                out.append((path, m.value))
            }
        }
        return out
    }
}
