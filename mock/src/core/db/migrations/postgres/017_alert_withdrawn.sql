-- PostgreSQL twin of ../017_alert_withdrawn.sql: when the worker withdrew their emergency alert (epoch ms).
ALTER TABLE alerts ADD COLUMN withdrawn_at BIGINT;
