import BankSync
import Domain
import Foundation
import GRDB
import PropertyBased
import Store
import Testing

@testable import SQLiteStore

/// The rule of which event is a merchant's status (``StatusRecord``) is kept in `merchant_state`
/// by the schema's trigger `qr_status_event_current`, and by the Swift paths that set the
/// trigger aside and stand in for it: a first load (``MerchantStateLoad``, through `bulkInsert`)
/// and a bank import's set-wise update (``ImportStatusUpdate``, through ``SyncSession/apply(_:record:now:)``).
/// On random histories — merchants in several communes, events whose times collide, in any order,
/// recorded in several batches — every path gives every merchant the (status, status_at) that the
/// domain's rule gives over the same events in memory.
@Suite struct StatusRulePropertyTests {
    struct EventSpec: Sendable, CustomStringConvertible {
        /// Which merchant (an index into the merchants, modulo their number).
        var merchant: Int
        var status: QRStatus
        /// Seconds after ``base``: a few values, so that events of one merchant often share a second.
        var second: Int64

        var description: String { "m\(merchant) \(status) +\(second)" }
    }

    static let communes = ["11953", "11977", "11980"]
    static let base = Days.at("2025-10-05 09:00").storedSeconds
    static let second = Gen<Int64?>.element(of: [0, 0, 1, 2, 3_600, 86_400, -86_400]).map { $0 ?? 0 }
    static let event = zip(Gen.int(in: 0...7), Gen<QRStatus>.case, second).map {
        EventSpec(merchant: $0, status: $1, second: $2)
    }
    /// The merchants' communes (two or more communes: the state table's order is not the ids').
    static let merchants = Gen.int(in: 0...2).array(of: 1...8)
    /// The history, batch by batch (a batch may be empty).
    static let batches = event.array(of: 0...12).array(of: 1...4)

    /// Each merchant's `(status, status_at)` in `merchant_state`, by id.
    static func states(_ registry: SQLiteRegistry) throws -> [Int64: String] {
        try registry.writer.read { db in
            var states: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT merchant_id, status, status_at FROM merchant_state") {
                states[row[0]] = "\(row[1] as String) \((row[2] as Int64?).map(String.init) ?? "NULL")"
            }
            return states
        }
    }

    static func merchant(_ commune: Int, _ n: Int) -> ValidMerchant {
        ValidMerchant(communeCode: communes[commune], name: "Shop \(n)")
    }

    static func change(_ event: EventSpec) -> StatusChange {
        StatusChange(event.status, at: Date(storedSeconds: base + event.second))
    }

    /// Records a batch of events the way a bank import does: one session, the merchants read first
    /// when `readingMerchants` (as an import does, so that the update knows the table's order),
    /// the events applied set-wise with the triggers set aside.
    static func importBatch(
        _ registry: SQLiteRegistry, _ batch: [(id: Int64, event: EventSpec)], number: Int, readingMerchants: Bool
    ) throws {
        try registry.withBankImportSession(writing: true) { session in
            if readingMerchants { try session.forEachMerchant { _ in } }
            var changes = SyncChanges(source: "bank:test", note: "batch \(number)")
            changes.events = batch.map {
                SyncEvent(merchant: .existing($0.id), status: $0.event.status, at: change($0.event).at)
            }
            let record = ImportRecord(
                sha256: String(repeating: "\(number % 10)", count: 64), profile: "generic", bank: nil,
                source: "bank:test", fileName: "batch-\(number).csv", importedAt: Date(), counts: ImportCounts())
            try session.apply(&changes, record: record, now: Date())
        }
    }

    @Test func everyPathKeepsTheStatusTheRuleGives() async throws {
        await propertyCheck(count: 80, input: Self.merchants, Self.batches) { communes, specBatches in
            do {
                let batches = specBatches.map { batch in
                    batch.map {
                        EventSpec(merchant: $0.merchant % communes.count, status: $0.status, second: $0.second)
                    }
                }
                let events = batches.flatMap { $0 }

                // (a) The trigger: merchants added one by one, each event marked on its own, in order.
                let byTrigger = try SQLiteRegistry.hungYen()
                let ids = try communes.enumerated().map { n, commune in
                    try byTrigger.add(Self.communes[commune], "Shop \(n)")
                }
                for event in events { try byTrigger.mark([ids[event.merchant]], Self.change(event)) }

                // (b) A first load of the whole history (the triggers set aside, the state written at the end).
                let byLoad = try SQLiteRegistry.hungYen()
                let loadIds = try byLoad.bulkInsert(
                    communes.enumerated().map { n, commune in
                        BulkMerchant(
                            merchant: Self.merchant(commune, n),
                            events: events.filter { $0.merchant == n }.map(Self.change))
                    })

                // (b') A first load of the first batch, then each later batch as a bank import.
                let byImport = try SQLiteRegistry.hungYen()
                let importIds = try byImport.bulkInsert(
                    communes.enumerated().map { n, commune in
                        BulkMerchant(
                            merchant: Self.merchant(commune, n),
                            events: batches[0].filter { $0.merchant == n }.map(Self.change))
                    })
                for (number, batch) in batches.enumerated().dropFirst() {
                    try Self.importBatch(
                        byImport, batch.map { (importIds[$0.merchant], $0) }, number: number,
                        readingMerchants: number % 2 == 1)
                }

                // (c) The domain's rule over the same events in memory, each event's order its place in the history.
                let records = events.enumerated().map { order, event in
                    (
                        event.merchant,
                        StatusRecord(status: event.status, at: Self.base + event.second, order: Int64(order))
                    )
                }
                func expected(_ merchant: Int, atOrBefore instant: Int64 = .max) -> String {
                    let latest = StatusRecord.latest(
                        of: records.lazy.filter { $0.0 == merchant }.map(\.1), atOrBefore: instant)
                    return "\((latest ?? .beforeHistory).status.rawValue) \(latest.map { String($0.at) } ?? "NULL")"
                }

                let trigger = try Self.states(byTrigger)
                let load = try Self.states(byLoad)
                let imported = try Self.states(byImport)
                #expect(ids == loadIds && ids == importIds)
                for merchant in communes.indices {
                    let id = ids[merchant]
                    let rule = expected(merchant)
                    #expect(trigger[id] == rule, "trigger, merchant \(merchant): \(events)")
                    #expect(load[id] == rule, "first load, merchant \(merchant): \(events)")
                    #expect(imported[id] == rule, "bank import, merchant \(merchant): \(batches)")
                }

                // The status at an instant: the rule's fold agrees with the history's order in SQL
                // (the latest event at or before it by time, then id), at every time the events use.
                for instant in Set(events.map { Self.base + $0.second }) {
                    for merchant in communes.indices {
                        let stored = try byTrigger.writer.read { db in
                            try Row.fetchOne(
                                db,
                                sql: """
                                    SELECT status, at FROM qr_status_event WHERE merchant_id = ? AND at <= ? ORDER BY at DESC, id DESC LIMIT 1
                                    """, arguments: [ids[merchant], instant])
                        }
                        let sql = stored.map { "\($0[0] as String) \($0[1] as Int64)" } ?? "none NULL"
                        #expect(
                            sql == expected(merchant, atOrBefore: instant),
                            "merchant \(merchant) at +\(instant - Self.base): \(events)")
                    }
                }
            } catch {
                Issue.record(error)
            }
        }
    }
}
