import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario
import Testing

/// Contract logs become each party's ContractReceive… input as Raiden's blockchain decoder builds
/// them (raiden/blockchain/decode.py, the `…_from_event` functions; raiden/blockchain/state.py
/// get_contractreceivechannelsettled_data_from_event for "our" and "partner").
@Suite struct ChainLogTests {
    static let alice = try! PrivateKey(secret: Hash32(words: (0, 0, 0, 0xA11CE)))
    static let bob = try! PrivateKey(secret: Hash32(words: (0, 0, 0, 0xB0B)))
    static let id = CanonicalIdentifier(chainIdentifier: 337, tokenNetworkAddress: try! Address(hex: "0x6e6574776f726b6e6574776f726b6e6574776f72"), channelIdentifier: 1)
    static let channel = ChainLog.Channel(tokenNetworkAddress: id.tokenNetworkAddress, channelIdentifier: id.channelIdentifier)

    /// A's state after the channel opened with B.
    static func state(_ us: PrivateKey, _ them: PrivateKey) -> ChannelState {
        var s = ChannelState(ourAddress: us.address, seed: 1)
        let open = ChannelMachine.step(s, .contractReceiveChannelNew(.init(
            blockNumber: 100, canonicalIdentifier: id, tokenAddress: .zero, partnerAddress: them.address, revealTimeout: 50, settleTimeout: 500)))
        s = open.state
        return s
    }

    static let locksroot = Hash32(words: (1, 2, 3, 4))

    static let settled = ChainLog.channelSettled(.init(
        blockNumber: 601, channel: channel,
        participant1: .init(address: bob.address, amount: 70, locksroot: .zero),
        participant2: .init(address: alice.address, amount: 73, locksroot: locksroot)))

    @Test func channelSettledIsOursAndThePartnersByAddress() throws {
        guard case .contractReceiveChannelSettled(let a) = try Self.settled.input(for: Self.state(Self.alice, Self.bob)),
            case .contractReceiveChannelSettled(let b) = try Self.settled.input(for: Self.state(Self.bob, Self.alice))
        else { Issue.record("not ContractReceiveChannelSettled"); return }
        #expect(a.ourTransferredAmount == 73 && a.partnerTransferredAmount == 70)
        #expect(b.ourTransferredAmount == 70 && b.partnerTransferredAmount == 73)
        #expect(a.ourOnchainLocksroot == Self.locksroot && b.partnerOnchainLocksroot == Self.locksroot)
        // An empty (zero) locksroot on chain is LOCKSROOT_OF_NO_LOCKS to the client.
        #expect(a.partnerOnchainLocksroot == BalanceProofConstants.locksrootOfNoLocks)
        #expect(b.ourOnchainLocksroot == BalanceProofConstants.locksrootOfNoLocks)
    }

    @Test func channelClosedNamesTheClosingParticipantAsTransactionFrom() throws {
        let log = ChainLog.channelClosed(.init(blockNumber: 120, channel: Self.channel, closingParticipant: Self.bob.address, nonce: 3, balanceHash: .zero))
        #expect(try log.input(for: Self.state(Self.alice, Self.bob))
            == .contractReceiveChannelClosed(.init(blockNumber: 120, canonicalIdentifier: Self.id, transactionFrom: Self.bob.address)))
    }

    /// contractreceivechanneldeposit_from_event / …withdraw_from_event: the participant's new
    /// totals, for either end.
    @Test func depositAndWithdrawLogsCarryTheNewTotals() throws {
        let deposit = ChainLog.channelNewDeposit(.init(blockNumber: 101, channel: Self.channel, participant: Self.bob.address, total: 80))
        #expect(try deposit.input(for: Self.state(Self.alice, Self.bob))
            == .contractReceiveChannelDeposit(.init(blockNumber: 101, canonicalIdentifier: Self.id, participant: Self.bob.address, contractBalance: 80)))
        let withdraw = ChainLog.channelWithdraw(.init(blockNumber: 102, channel: Self.channel, participant: Self.alice.address, total: 5))
        #expect(try withdraw.input(for: Self.state(Self.bob, Self.alice))
            == .contractReceiveChannelWithdraw(.init(blockNumber: 102, canonicalIdentifier: Self.id, participant: Self.alice.address, totalWithdraw: 5)))
    }

    @Test func aLogOfAnotherChannelIsRefused() {
        var other = Self.channel
        other.channelIdentifier = 2
        let log = ChainLog.nonClosingBalanceProofUpdated(.init(blockNumber: 120, channel: other, closingParticipant: Self.bob.address, nonce: 3, balanceHash: .zero))
        #expect(throws: ChainLogMismatch.self) { try log.input(for: Self.state(Self.alice, Self.bob)) }
    }

    @Test func everyLogReadsBackFromItsCanonicalJSON() throws {
        let logs: [ChainLog] = [
            Self.settled,
            .channelClosed(.init(blockNumber: 120, channel: Self.channel, closingParticipant: Self.bob.address, nonce: 3, balanceHash: Self.locksroot)),
            .nonClosingBalanceProofUpdated(.init(blockNumber: 121, channel: Self.channel, closingParticipant: Self.bob.address, nonce: 2, balanceHash: Self.locksroot)),
            .channelUnlocked(.init(blockNumber: 602, channel: Self.channel, receiver: Self.bob.address, sender: Self.alice.address, locksroot: Self.locksroot, unlockedAmount: 7, returnedTokens: 0)),
            .secretRevealed(.init(blockNumber: 130, secret: Self.locksroot)),
            .channelNewDeposit(.init(blockNumber: 101, channel: Self.channel, participant: Self.alice.address, total: 120)),
            .channelWithdraw(.init(blockNumber: 102, channel: Self.channel, participant: Self.bob.address, total: 20)),
        ]
        for log in logs {
            let value = try JSONParser.parse(log.canonicalJSON)
            #expect(try ChainLog(canonical: value, path: "") == log)
        }
    }

    @Test func anUnknownKeyOrAWrongSecrethashIsAnError() throws {
        let line = String(decoding: ChainLog.secretRevealed(.init(blockNumber: 1, secret: Self.locksroot)).canonicalJSON, as: UTF8.self)
        let extra = try JSONParser.parse(line.replacingOccurrences(of: "{", with: "{\"extra\":\"1\","))
        #expect(throws: CanonicalError.self) { try ChainLog(canonical: extra, path: "") }
        var tampered = line
        tampered = tampered.replacingOccurrences(of: SecretHash.of(Self.locksroot).hex, with: Hash32.zero.hex)
        do {
            _ = try ChainLog(canonical: try JSONParser.parse(tampered), path: "")
            Issue.record("accepted a secrethash that is not the secret's")
        } catch let error as CanonicalError { #expect(error.path == "secrethash") }
    }
}

/// The chain file holds the TokenNetwork model's storage; reading it back gives the same model.
@Suite struct TokenNetworkCanonicalTests {
    @Test func aSettledContractReadsBackAsItWas() throws {
        let a = ChainLogTests.state(ChainLogTests.alice, ChainLogTests.bob), b = ChainLogTests.state(ChainLogTests.bob, ChainLogTests.alice)
        var chain = try HandChain.open(a, b)
        chain.registerSecret(ChainLogTests.locksroot, block: 150)
        _ = try HandChain.close(&chain, closer: a, key: ChainLogTests.alice, block: 160)
        _ = try HandChain.settle(&chain, states: [a, b], block: 661)
        var w = JSONWriter(capacity: 1024)
        chain.write(canonical: &w)
        #expect(try TokenNetwork(canonical: try JSONParser.parse(w.bytes), path: "") == chain)
    }

    /// closeChannel by a party whose key is not its state's is refused before the contract.
    @Test func closingWithAnotherPartysKeyIsRefused() throws {
        let a = ChainLogTests.state(ChainLogTests.alice, ChainLogTests.bob), b = ChainLogTests.state(ChainLogTests.bob, ChainLogTests.alice)
        var chain = try HandChain.open(a, b)
        do {
            _ = try HandChain.close(&chain, closer: a, key: ChainLogTests.bob, block: 160)
            Issue.record("closed with the wrong key")
        } catch { #expect(error.cause == .refused(.notAParticipant)) }
    }

    /// TokenNetwork updateNonClosingBalanceProof: the closer cannot update (it is not the
    /// non-closing participant; the model reverts with the contract's reason).
    @Test func settleBeforeTheTimeoutRevertsWithTheContractsReason() throws {
        let a = ChainLogTests.state(ChainLogTests.alice, ChainLogTests.bob), b = ChainLogTests.state(ChainLogTests.bob, ChainLogTests.alice)
        var chain = try HandChain.open(a, b)
        _ = try HandChain.close(&chain, closer: a, key: ChainLogTests.alice, block: 160)
        do {
            _ = try HandChain.settle(&chain, states: [a, b], block: 660)
            Issue.record("settled within the settle timeout")
        } catch {
            #expect(error.cause == .reverted(ChainRevert(.settleTooEarly)), "\(error)")
            #expect(error.reason.contains("TN/settle: settlement timeout"))
        }
    }
}
