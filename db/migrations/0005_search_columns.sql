CREATE TABLE `register_counts` (
	`key` text PRIMARY KEY NOT NULL,
	`n` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `register_entries` (
	`centre_id` integer PRIMARY KEY NOT NULL,
	`certificate_id` integer NOT NULL,
	`status` text NOT NULL,
	`overall` real NOT NULL,
	`sort_name` text NOT NULL,
	`type` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `register_entries_status_score_idx` ON `register_entries` (`status`,"overall" DESC,`sort_name`,`centre_id`);--> statement-breakpoint
CREATE INDEX `register_entries_status_name_idx` ON `register_entries` (`status`,`sort_name`,`centre_id`);--> statement-breakpoint
CREATE INDEX `register_entries_score_idx` ON `register_entries` ("overall" DESC,`sort_name`,`centre_id`);--> statement-breakpoint
CREATE INDEX `register_entries_name_idx` ON `register_entries` (`sort_name`,`centre_id`);--> statement-breakpoint
CREATE TABLE `register_facets` (
	`facet` text NOT NULL,
	`centre_id` integer NOT NULL,
	PRIMARY KEY(`facet`, `centre_id`)
);
--> statement-breakpoint
CREATE INDEX `register_facets_centre_idx` ON `register_facets` (`centre_id`);--> statement-breakpoint
CREATE TABLE `register_promise_scores` (
	`centre_id` integer NOT NULL,
	`promise` text NOT NULL,
	`score` real,
	`status` text NOT NULL,
	`overall` real NOT NULL,
	`sort_name` text NOT NULL,
	PRIMARY KEY(`centre_id`, `promise`)
);
--> statement-breakpoint
CREATE INDEX `register_promise_scores_order_idx` ON `register_promise_scores` (`promise`,"score" DESC,"overall" DESC,`sort_name`,`centre_id`);--> statement-breakpoint
CREATE INDEX `register_promise_scores_status_order_idx` ON `register_promise_scores` (`promise`,`status`,"score" DESC,"overall" DESC,`sort_name`,`centre_id`);--> statement-breakpoint
-- The counts follow the rows they count.
CREATE TRIGGER register_counts_entry_ai AFTER INSERT ON register_entries BEGIN
  INSERT INTO register_counts(key, n) VALUES ('all', 1), ('status:' || new.status, 1)
    ON CONFLICT(key) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER register_counts_entry_au AFTER UPDATE OF status ON register_entries WHEN old.status <> new.status BEGIN
  UPDATE register_counts SET n = n - 1 WHERE key = 'status:' || old.status;
  INSERT INTO register_counts(key, n) VALUES ('status:' || new.status, 1) ON CONFLICT(key) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER register_counts_entry_ad AFTER DELETE ON register_entries BEGIN
  UPDATE register_counts SET n = n - 1 WHERE key IN ('all', 'status:' || old.status);
END;
--> statement-breakpoint
CREATE TRIGGER register_counts_promise_ai AFTER INSERT ON register_promise_scores BEGIN
  INSERT INTO register_counts(key, n) VALUES ('promise:' || new.promise, 1) ON CONFLICT(key) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER register_counts_promise_ad AFTER DELETE ON register_promise_scores BEGIN
  UPDATE register_counts SET n = n - 1 WHERE key = 'promise:' || old.promise;
END;
--> statement-breakpoint
-- Backfill: every centre with a certificate, described by its latest one (the highest id).
INSERT INTO register_entries(centre_id, certificate_id, status, overall, sort_name, type)
SELECT ce.id, k.id, k.status, k.overall, lower(ce.trade_name), ce.type
  FROM centres ce JOIN certificates k ON k.id = (SELECT max(id) FROM certificates WHERE centre_id = ce.id);
--> statement-breakpoint
INSERT OR IGNORE INTO register_promise_scores(centre_id, promise, score, status, overall, sort_name)
SELECT e.centre_id, json_extract(p.value, '$.id'), json_extract(p.value, '$.score'), e.status, e.overall, e.sort_name
  FROM register_entries e JOIN certificates k ON k.id = e.certificate_id, json_each(k.promise_scores) p;
--> statement-breakpoint
INSERT INTO register_facets(facet, centre_id)
SELECT DISTINCT f.facet, f.centre_id FROM (
  SELECT 'channel:' || j.value AS facet, ce.id AS centre_id FROM centres ce JOIN register_entries e ON e.centre_id = ce.id, json_each(ce.channels) j
  UNION ALL SELECT 'language:' || j.value, ce.id FROM centres ce JOIN register_entries e ON e.centre_id = ce.id, json_each(ce.languages) j
  UNION ALL SELECT 'sector:' || j.value, ce.id FROM centres ce JOIN register_entries e ON e.centre_id = ce.id, json_each(ce.sectors) j
) f;
--> statement-breakpoint
-- A new certificate is its centre's latest (ids only grow); the first one makes the centre public.
CREATE TRIGGER register_certificate_ai AFTER INSERT ON certificates BEGIN
  INSERT OR IGNORE INTO register_facets(facet, centre_id)
    SELECT 'channel:' || j.value, ce.id FROM centres ce, json_each(ce.channels) j WHERE ce.id = new.centre_id
    UNION SELECT 'language:' || j.value, ce.id FROM centres ce, json_each(ce.languages) j WHERE ce.id = new.centre_id
    UNION SELECT 'sector:' || j.value, ce.id FROM centres ce, json_each(ce.sectors) j WHERE ce.id = new.centre_id;
  DELETE FROM register_entries WHERE centre_id = new.centre_id;
  DELETE FROM register_promise_scores WHERE centre_id = new.centre_id;
  INSERT INTO register_entries(centre_id, certificate_id, status, overall, sort_name, type)
    SELECT ce.id, new.id, new.status, new.overall, lower(ce.trade_name), ce.type FROM centres ce WHERE ce.id = new.centre_id;
  INSERT OR IGNORE INTO register_promise_scores(centre_id, promise, score, status, overall, sort_name)
    SELECT new.centre_id, json_extract(p.value, '$.id'), json_extract(p.value, '$.score'), e.status, new.overall, e.sort_name
      FROM register_entries e, json_each(new.promise_scores) p WHERE e.centre_id = new.centre_id;
END;
--> statement-breakpoint
CREATE TRIGGER register_certificate_status_au AFTER UPDATE OF status ON certificates
  WHEN new.id = (SELECT certificate_id FROM register_entries WHERE centre_id = new.centre_id) BEGIN
  UPDATE register_entries SET status = new.status WHERE centre_id = new.centre_id;
  UPDATE register_promise_scores SET status = new.status WHERE centre_id = new.centre_id;
END;
--> statement-breakpoint
CREATE TRIGGER register_certificate_scores_au AFTER UPDATE OF overall, promise_scores ON certificates
  WHEN new.id = (SELECT certificate_id FROM register_entries WHERE centre_id = new.centre_id) BEGIN
  UPDATE register_entries SET overall = new.overall WHERE centre_id = new.centre_id;
  DELETE FROM register_promise_scores WHERE centre_id = new.centre_id;
  INSERT OR IGNORE INTO register_promise_scores(centre_id, promise, score, status, overall, sort_name)
    SELECT new.centre_id, json_extract(p.value, '$.id'), json_extract(p.value, '$.score'), e.status, new.overall, e.sort_name
      FROM register_entries e, json_each(new.promise_scores) p WHERE e.centre_id = new.centre_id;
END;
--> statement-breakpoint
CREATE TRIGGER register_centre_au AFTER UPDATE OF trade_name, type, channels, languages, sectors ON centres
  WHEN EXISTS (SELECT 1 FROM register_entries WHERE centre_id = new.id) BEGIN
  UPDATE register_entries SET sort_name = lower(new.trade_name), type = new.type WHERE centre_id = new.id;
  UPDATE register_promise_scores SET sort_name = lower(new.trade_name) WHERE centre_id = new.id;
  DELETE FROM register_facets WHERE centre_id = new.id;
  INSERT OR IGNORE INTO register_facets(facet, centre_id)
    SELECT 'channel:' || value, new.id FROM json_each(new.channels)
    UNION SELECT 'language:' || value, new.id FROM json_each(new.languages)
    UNION SELECT 'sector:' || value, new.id FROM json_each(new.sectors);
END;
--> statement-breakpoint
-- Certificates and centres are never deleted; if one ever is, the search rows go with it.
CREATE TRIGGER register_centre_ad AFTER DELETE ON centres BEGIN
  DELETE FROM register_entries WHERE centre_id = old.id;
  DELETE FROM register_promise_scores WHERE centre_id = old.id;
  DELETE FROM register_facets WHERE centre_id = old.id;
END;
