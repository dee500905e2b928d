import Coverage
import Domain
import GRDB
import Store

extension Schema {
    /// The columns coverage reads — commune, opening and closing days, current status — move to a
    /// narrow table clustered by `(commune_code, merchant_id)`, kept by triggers; the merchant row
    /// keeps the merchant's details. And the status `CHECK`s become comparisons.
    ///
    /// The current status had lived in the merchant row, under a covering index for the coverage
    /// count. A bank file of a million rows sets the status of most merchants, and updating it
    /// there re-encoded each 19-column row and moved each merchant's entry in the index. In the
    /// narrow table the "today" count is still one ordered scan, as the covering index was, and
    /// its statuses are updated in one pass over it. A narrow table keyed by merchant id with a
    /// covering index was tried too: updating it costs the same, but the index must be rebuilt
    /// after.
    ///
    /// `CHECK (status IN (…))` made SQLite build a look-up table for every row checked, a large
    /// share of the time of inserting events; the same rule as comparisons joined by `OR` costs
    /// far less. The history is rebuilt with that form; `merchant_state` has no check of its own:
    /// its statuses come only from the checked history.
    ///
    /// `opened_on` and `closed_on` stay in `merchant` too (the merchant's details); the triggers
    /// copy every change of them, of the commune and of the id, and add and remove the state row
    /// with the merchant. The current status is derived from the history as before, by the
    /// domain's rule (``StatusRecord``): the latest event by time, then by id. The trigger
    /// `qr_status_event_current` applies it to each event appended: the new event has the
    /// largest id, so it becomes the status unless it is earlier
    /// (``StatusRecord/appendedEvent(at:replacesCurrentSince:)``). The bulk paths that set this
    /// trigger aside apply that same function in its place (``MerchantStateLoad`` for a first load,
    /// ``ImportStatusUpdate`` for a bank import), and `StatusRulePropertyTests` holds them equal to
    /// it on random histories. Tables are rebuilt as SQLite's documentation describes (create,
    /// copy, drop, rename; `DROP COLUMN` cannot remove the status columns: the old definition has
    /// a comment before them); foreign keys are off during migrations and checked after.
    static func registerMerchantState(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("merchant state: coverage columns and current status in a narrow table") { db in
            try db.execute(
                sql: """
                    CREATE TABLE merchant_state (
                        commune_code TEXT NOT NULL,
                        merchant_id INTEGER NOT NULL,
                        opened_on TEXT,
                        closed_on TEXT,
                        status TEXT NOT NULL DEFAULT 'none',
                        status_at INTEGER,
                        PRIMARY KEY (commune_code, merchant_id)
                    ) WITHOUT ROWID;
                    INSERT INTO merchant_state(commune_code, merchant_id, opened_on, closed_on, status, status_at)
                        SELECT commune_code, id, opened_on, closed_on, status, status_at FROM merchant ORDER BY commune_code, id;
                    DROP TRIGGER qr_status_event_current;
                    DROP TRIGGER qr_status_event_bounds;
                    DROP TRIGGER qr_status_event_no_update;
                    DROP TRIGGER qr_status_event_no_delete;

                    CREATE TABLE merchant_new (
                        id INTEGER PRIMARY KEY,
                        commune_code TEXT NOT NULL REFERENCES commune(code),
                        hamlet TEXT,
                        hamlet_key TEXT NOT NULL DEFAULT '',
                        address TEXT,
                        name TEXT NOT NULL,
                        owner_name TEXT,
                        phone TEXT,
                        tax_code TEXT,
                        business_type TEXT,
                        opened_on TEXT,
                        closed_on TEXT,
                        bank_bin TEXT,
                        account_number TEXT,
                        account_name TEXT,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    INSERT INTO merchant_new
                        SELECT id, commune_code, hamlet, hamlet_key, address, name, owner_name, phone, tax_code, business_type,
                               opened_on, closed_on, bank_bin, account_number, account_name, created_at, updated_at
                        FROM merchant ORDER BY id;
                    DROP TABLE merchant;
                    ALTER TABLE merchant_new RENAME TO merchant;
                    -- Duplicate detection.
                    CREATE INDEX merchant_phone ON merchant(phone) WHERE phone IS NOT NULL;
                    CREATE INDEX merchant_tax_code ON merchant(tax_code) WHERE tax_code IS NOT NULL;
                    CREATE INDEX merchant_account ON merchant(account_number, bank_bin) WHERE account_number IS NOT NULL;

                    CREATE TABLE qr_status_event_new (
                        id INTEGER PRIMARY KEY,
                        merchant_id INTEGER NOT NULL REFERENCES merchant(id),
                        status TEXT NOT NULL CHECK (status = 'none' OR status = 'registered' OR status = 'displayed' OR status = 'verified'),
                        at INTEGER NOT NULL,
                        source TEXT NOT NULL,
                        actor TEXT,
                        note TEXT
                    );
                    INSERT INTO qr_status_event_new SELECT id, merchant_id, status, at, source, actor, note FROM qr_status_event ORDER BY id;
                    DROP TABLE qr_status_event;
                    ALTER TABLE qr_status_event_new RENAME TO qr_status_event;
                    -- The latest event of a merchant at or before a time, read from the index alone.
                    CREATE INDEX qr_status_event_merchant ON qr_status_event(merchant_id, at, id, status);

                    CREATE TRIGGER qr_status_event_no_update BEFORE UPDATE ON qr_status_event
                    BEGIN SELECT RAISE(ABORT, 'QR status history is append-only'); END;
                    CREATE TRIGGER qr_status_event_no_delete BEFORE DELETE ON qr_status_event
                    BEGIN SELECT RAISE(ABORT, 'QR status history is append-only'); END;
                    CREATE TRIGGER qr_status_event_bounds AFTER INSERT ON qr_status_event
                    BEGIN
                        INSERT INTO event_bounds(id, first_at, last_at) VALUES (1, NEW.at, NEW.at)
                        ON CONFLICT(id) DO UPDATE SET first_at = MIN(first_at, excluded.first_at), last_at = MAX(last_at, excluded.last_at);
                    END;
                    CREATE TRIGGER qr_status_event_current AFTER INSERT ON qr_status_event
                    BEGIN
                        UPDATE merchant_state SET status = NEW.status, status_at = NEW.at
                        WHERE commune_code = (SELECT commune_code FROM merchant WHERE id = NEW.merchant_id)
                          AND merchant_id = NEW.merchant_id AND (status_at IS NULL OR status_at <= NEW.at);
                    END;
                    CREATE TRIGGER merchant_state_insert AFTER INSERT ON merchant
                    BEGIN
                        INSERT INTO merchant_state(commune_code, merchant_id, opened_on, closed_on)
                        VALUES (NEW.commune_code, NEW.id, NEW.opened_on, NEW.closed_on);
                    END;
                    CREATE TRIGGER merchant_state_update AFTER UPDATE OF id, commune_code, opened_on, closed_on ON merchant
                    BEGIN
                        UPDATE merchant_state
                        SET commune_code = NEW.commune_code, merchant_id = NEW.id, opened_on = NEW.opened_on, closed_on = NEW.closed_on
                        WHERE commune_code = OLD.commune_code AND merchant_id = OLD.id;
                    END;
                    CREATE TRIGGER merchant_state_delete AFTER DELETE ON merchant
                    BEGIN
                        DELETE FROM merchant_state WHERE commune_code = OLD.commune_code AND merchant_id = OLD.id;
                    END;
                    """)
        }
    }
}
