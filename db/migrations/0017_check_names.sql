-- Name lookup for the bulk check: every trigram of the trade and legal names, accents and case
-- folded, so a name typed with a typo or without its accents still shares most trigrams with
-- the right centre and is found through the index, not by reading every centre.
CREATE VIRTUAL TABLE check_names_fts USING fts5(
  trade_name, legal_name,
  content='centres', content_rowid='id',
  tokenize = 'trigram remove_diacritics 1'
);
--> statement-breakpoint
-- How many centres carry each trigram: the check looks names up by their rarest trigrams.
CREATE VIRTUAL TABLE check_names_vocab USING fts5vocab(check_names_fts, 'row');
--> statement-breakpoint
INSERT INTO check_names_fts(check_names_fts) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER check_names_ai AFTER INSERT ON centres BEGIN
  INSERT INTO check_names_fts(rowid, trade_name, legal_name) VALUES (new.id, new.trade_name, new.legal_name);
END;
--> statement-breakpoint
CREATE TRIGGER check_names_ad AFTER DELETE ON centres BEGIN
  INSERT INTO check_names_fts(check_names_fts, rowid, trade_name, legal_name)
  VALUES ('delete', old.id, old.trade_name, old.legal_name);
END;
--> statement-breakpoint
CREATE TRIGGER check_names_au AFTER UPDATE OF trade_name, legal_name ON centres BEGIN
  INSERT INTO check_names_fts(check_names_fts, rowid, trade_name, legal_name)
  VALUES ('delete', old.id, old.trade_name, old.legal_name);
  INSERT INTO check_names_fts(rowid, trade_name, legal_name) VALUES (new.id, new.trade_name, new.legal_name);
END;
