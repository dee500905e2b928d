import Coverage
import Domain
import GRDB
import Store

/// The registry's schema, as GRDB migrations. Shipped migrations are never edited; changes are new ones.
enum Schema {
    /// The schema version this build writes into `PRAGMA user_version` when it creates or
    /// migrates a registry: how many migrations it has. A registry stating a higher one, or
    /// holding migrations this build does not know, is refused (``RegistryFileCheck``).
    static var version: Int { migrator.migrations.count }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: communes, merchants, status events") { db in
            try db.execute(
                sql: """
                    CREATE TABLE province (
                        code TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL
                    ) WITHOUT ROWID;

                    CREATE TABLE commune (
                        code TEXT PRIMARY KEY NOT NULL,
                        province_code TEXT NOT NULL REFERENCES province(code),
                        name TEXT NOT NULL,
                        type TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX commune_province ON commune(province_code);

                    CREATE TABLE merchant (
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
                        updated_at INTEGER NOT NULL,
                        -- Derived from qr_status_event by the trigger below: the latest event (by time, then id).
                        status TEXT NOT NULL DEFAULT 'none' CHECK (status IN ('none', 'registered', 'displayed', 'verified')),
                        status_at INTEGER
                    );
                    -- Covering index for the coverage counts: one ordered scan, no table look-ups.
                    CREATE INDEX merchant_coverage ON merchant(commune_code, opened_on, closed_on, status);
                    -- Duplicate detection.
                    CREATE INDEX merchant_phone ON merchant(phone) WHERE phone IS NOT NULL;
                    CREATE INDEX merchant_tax_code ON merchant(tax_code) WHERE tax_code IS NOT NULL;
                    CREATE INDEX merchant_account ON merchant(account_number, bank_bin) WHERE account_number IS NOT NULL;

                    CREATE TABLE qr_status_event (
                        id INTEGER PRIMARY KEY,
                        merchant_id INTEGER NOT NULL REFERENCES merchant(id),
                        status TEXT NOT NULL CHECK (status IN ('none', 'registered', 'displayed', 'verified')),
                        at INTEGER NOT NULL,
                        source TEXT NOT NULL,
                        actor TEXT,
                        note TEXT
                    );
                    -- The latest event of a merchant at or before a time, read from the index alone.
                    CREATE INDEX qr_status_event_merchant ON qr_status_event(merchant_id, at, id, status);
                    CREATE INDEX qr_status_event_at ON qr_status_event(at);

                    CREATE TRIGGER qr_status_event_no_update BEFORE UPDATE ON qr_status_event
                    BEGIN SELECT RAISE(ABORT, 'QR status history is append-only'); END;
                    CREATE TRIGGER qr_status_event_no_delete BEFORE DELETE ON qr_status_event
                    BEGIN SELECT RAISE(ABORT, 'QR status history is append-only'); END;
                    CREATE TRIGGER qr_status_event_current AFTER INSERT ON qr_status_event
                    BEGIN
                        UPDATE merchant SET status = NEW.status, status_at = NEW.at
                        WHERE id = NEW.merchant_id AND (status_at IS NULL OR status_at <= NEW.at);
                    END;
                    """)
        }
        registerBankSync(&migrator)
        registerEventBounds(&migrator)
        registerMerchantState(&migrator)
        return migrator
    }
}
