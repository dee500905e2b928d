import Coverage
import Domain
import GRDB
import Store

extension Schema {
    /// The earliest and latest time in the status history, kept in a one-row table by a trigger,
    /// instead of an index on every event's time. Coverage needs only these two values (is any
    /// event later than the day asked for; where does a trend start), while the index made every
    /// event written land at a random place in a second B-tree (the bulk of a large bank
    /// import's insert).
    static func registerEventBounds(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("event time bounds instead of an index on event time") { db in
            try db.execute(
                sql: """
                    CREATE TABLE event_bounds (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        first_at INTEGER NOT NULL,
                        last_at INTEGER NOT NULL
                    );
                    INSERT INTO event_bounds(id, first_at, last_at)
                        SELECT 1, MIN(at), MAX(at) FROM qr_status_event HAVING COUNT(*) > 0;
                    DROP INDEX qr_status_event_at;
                    CREATE TRIGGER qr_status_event_bounds AFTER INSERT ON qr_status_event
                    BEGIN
                        INSERT INTO event_bounds(id, first_at, last_at) VALUES (1, NEW.at, NEW.at)
                        ON CONFLICT(id) DO UPDATE SET first_at = MIN(first_at, excluded.first_at), last_at = MAX(last_at, excluded.last_at);
                    END;
                    """)
        }
    }
}
