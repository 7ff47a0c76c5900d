-- Full-text search over the public register; accents folded so "Geneve" finds "Genève".
CREATE VIRTUAL TABLE centres_fts USING fts5(
  trade_name, legal_name, city, registration_number,
  content='centres', content_rowid='id',
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER centres_fts_ai AFTER INSERT ON centres BEGIN
  INSERT INTO centres_fts(rowid, trade_name, legal_name, city, registration_number)
  VALUES (new.id, new.trade_name, new.legal_name, new.city, new.registration_number);
END;
--> statement-breakpoint
CREATE TRIGGER centres_fts_ad AFTER DELETE ON centres BEGIN
  INSERT INTO centres_fts(centres_fts, rowid, trade_name, legal_name, city, registration_number)
  VALUES ('delete', old.id, old.trade_name, old.legal_name, old.city, old.registration_number);
END;
--> statement-breakpoint
CREATE TRIGGER centres_fts_au AFTER UPDATE ON centres BEGIN
  INSERT INTO centres_fts(centres_fts, rowid, trade_name, legal_name, city, registration_number)
  VALUES ('delete', old.id, old.trade_name, old.legal_name, old.city, old.registration_number);
  INSERT INTO centres_fts(rowid, trade_name, legal_name, city, registration_number)
  VALUES (new.id, new.trade_name, new.legal_name, new.city, new.registration_number);
END;
--> statement-breakpoint
-- The event log and status history are append-only: no code path may rewrite them.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER certificate_history_no_update BEFORE UPDATE ON certificate_status_history BEGIN
  SELECT RAISE(ABORT, 'certificate history is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER certificate_history_no_delete BEFORE DELETE ON certificate_status_history BEGIN
  SELECT RAISE(ABORT, 'certificate history is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER scheme_versions_no_update BEFORE UPDATE ON scheme_versions BEGIN
  SELECT RAISE(ABORT, 'scheme versions are immutable');
END;
