-- A worker may withdraw their own emergency alert for a short while after pressing (issue 14: 取消求助,
-- ALERT_WITHDRAW_S): the alert's state becomes 'withdrawn' and keeps when. Who is the account that raised it
-- (alerts.account_id): only that account may withdraw, so no second column is needed.
ALTER TABLE alerts ADD COLUMN withdrawn_at INTEGER;
