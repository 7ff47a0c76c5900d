-- Complaints filed before the response time was recorded: due 10 working days (the default,
-- KM-2026.1 has no other) after the day received, weekends skipped as addWorkingDays does:
-- 14 calendar days from a weekday, 13 from a Saturday, 12 from a Sunday.
UPDATE complaints SET due_on = date(created_at, CASE strftime('%w', created_at)
    WHEN '6' THEN '+13 days' WHEN '0' THEN '+12 days' ELSE '+14 days' END)
  WHERE due_on IS NULL;
--> statement-breakpoint
-- The old form required a name and an address to answer to.
UPDATE complaints SET wants_replies = 1 WHERE reporter_email IS NOT NULL;
