import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of the schema (migrations/*.sql for SQLite, migrations/postgres/*.sql for PostgreSQL: the same tables
 * and columns), for Kysely. Times are epoch milliseconds (BIGINT on PostgreSQL, read back as numbers); flags are
 * 0/1 integers on both; JSON columns hold text. Keep in step with the migrations.
 */
export interface StationsTable {
  id: string;
  name: string;
  address: string;
  district: string;
  district_code: string;
  lat: number;
  lng: number;
  kind: string;
  grade: number;
  honours: string;
  amenities: string;
  hours: string;
  phone: string;
  smart: number;
  smart_kind: string | null;
  /** 015: 1 when a keeper is there during opening hours (the lighter door rule while open). */
  attended: Generated<number>;
}
export interface DoorsTable {
  id: string;
  station_id: string;
  name: string;
  has_screen: number;
  has_reader: number;
  /** 013: the generation of the door's device key (deviceKeys.ts) and of its printed code's MAC (doorCodes.ts). */
  device_key_gen: Generated<number>;
  code_key_gen: Generated<number>;
  created_at: number | null;
}
/** 013: every grade change of a station, with who made it and why. */
export interface StationGradeHistoryTable {
  id: string;
  station_id: string;
  at: number;
  staff_id: string | null;
  staff_name: string;
  from_grade: number;
  to_grade: number;
  reason: string;
}
export interface WorkersTable {
  id: string;
  name: string;
  id_number_enc: string;
  id_number_hmac: string;
  id_number_masked: string;
  phone_enc: string;
  phone_masked: string;
  occupation: string;
  privacy_version: string;
  sensitive_consent_at: number;
  created_at: number;
}
export interface AccountsTable {
  id: string;
  /** secretHash of the device id (core/crypto.ts); migration 006. */
  device_id_hash: string | null;
  wx_openid: string | null;
  worker_id: string | null;
  created_at: number;
}
export interface MetaTable {
  name: string;
  value: string;
}
export interface SessionsTable {
  /** 009: insertion order (the tie-break of the per-account cap). */
  seq: Generated<number>;
  token_hash: string;
  account_id: string;
  expires_at: number;
  created_at: number;
}
/** Migration 004: append-only consent record; the latest row of a kind is the current state. */
export interface ConsentsTable {
  /** 009: insertion order. */
  seq: Generated<number>;
  id: string;
  account_id: string;
  kind: 'privacy' | 'id_number' | 'location';
  version: string;
  at: number;
  withdrawn: number;
}
export interface EntriesTable {
  /** 009: insertion order. */
  seq: Generated<number>;
  id: string;
  worker_id: string | null;
  door_id: string;
  station_id: string;
  at: number;
  outcome: 'granted' | 'refused';
  reason: string | null;
  code_kind: string | null;
  location_present: number;
  distance_m: number | null;
  door_acked_at: number | null;
  /** 002: the worker pass this entry came through. */
  pass_id: string | null;
  /** 011: the staff member who opened the door remotely (the entry is remote when set), and why. */
  remote_staff_id: ColumnType<string | null, string | null | undefined, string | null>;
  remote_reason: ColumnType<string | null, string | null | undefined, string | null>;
}
/** 002: worker passes (single use). */
export interface PassesTable {
  id: string;
  worker_id: string;
  nonce: string;
  expires_at: number;
  created_at: number;
  used_at: number | null;
  used_door_id: string | null;
  /** 015: when a newer pass of the worker retired this one. */
  retired_at: Generated<number | null>;
}
/** 002: emergency alerts. */
export interface AlertsTable {
  id: string;
  at: number;
  station_id: string;
  door_id: string | null;
  worker_id: string | null;
  entry_id: string | null;
  lat: number | null;
  lng: number | null;
  accuracy_m: number | null;
  /** 010: the account that pressed (also unregistered sessions). */
  account_id: string | null;
  /** 010: open -> acknowledged -> resolved; 017: open or acknowledged -> withdrawn (by the worker who raised it). */
  state: Generated<'open' | 'acknowledged' | 'resolved' | 'withdrawn'>;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  resolved_at: number | null;
  resolved_by: string | null;
  resolution_note: string | null;
  /** 010: 0 the station's keepers were told, 1 the district staff, 2 the city admins. */
  escalation_level: Generated<number>;
  /** 017: when the worker who raised it withdrew it (取消求助). */
  withdrawn_at: Generated<number | null>;
}
export interface GrantsTable {
  id: string;
  door_id: string;
  entry_id: string;
  expires_at: number;
  acked_at: number | null;
}
export interface HealthStationsTable {
  id: string;
  name: string;
  address: string;
  district: string;
  lat: number;
  lng: number;
  phone: string;
  status: string;
  opened_on: string | null;
  /** 010: the district's code, for district staff's scope. */
  district_code: string | null;
}
export interface DoctorsTable {
  id: string;
  health_station_id: string;
  name: string;
  title: string;
  specialty: string;
  hospital: string;
}
export interface SessionTemplatesTable {
  id: string;
  doctor_id: string;
  weekday: number;
  start: string;
  end: string;
  slot_minutes: number;
  capacity: number;
}
export interface ClinicSessionsTable {
  id: string;
  template_id: string | null;
  health_station_id: string;
  doctor_id: string;
  date: string;
  starts_at: number;
  ends_at: number;
  status: string;
  /** 014: why it was cancelled (doctor_absent | other); NULL while not cancelled. */
  cancel_reason: Generated<'doctor_absent' | 'other' | null>;
}
export interface SlotsTable {
  id: string;
  session_id: string;
  starts_at: number;
  ends_at: number;
  capacity: number;
  booked: number;
}
export interface BookingsTable {
  id: string;
  worker_id: string | null;
  slot_id: string;
  session_id: string;
  status: 'booked' | 'checked_in' | 'cancelled' | 'no_show';
  check_in_code: string;
  created_at: number;
  cancelled_at: number | null;
  checked_in_at: number | null;
  /** 003: worker | station. */
  cancelled_by: 'worker' | 'station' | null;
  /** 003: the slot's end, when the booking became a no-show. */
  no_show_at: number | null;
  /** 003: the waitlist entry this booking was promoted from. */
  waitlist_id: string | null;
}
export interface IdempotencyKeysTable {
  account_id: string;
  key: string;
  status: number;
  body: string;
  created_at: number;
  /** 003: hash of the request body; a reused key with another body is refused. */
  request_hash: string | null;
}
export interface WaitlistEntriesTable {
  seq: Generated<number>;
  id: string;
  worker_id: string | null;
  slot_id: string;
  session_id: string;
  status: 'waiting' | 'promoted' | 'left' | 'skipped' | 'expired' | 'cancelled';
  created_at: number;
  ended_at: number | null;
  booking_id: string | null;
}
export interface OutboxTable {
  id: string;
  dedupe_key: string;
  worker_id: string | null;
  kind: 'reminder_24h' | 'reminder_2h' | 'promoted' | 'session_cancelled';
  booking_id: string | null;
  slot_id: string;
  due_at: number;
  status: Generated<'pending' | 'sent' | 'dropped' | 'undeliverable' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

/** Fixed-window rate-limit counts (migration 005; core/db/rateCounts.ts). */
export interface RateCountsTable {
  key: string;
  expires_ms: number;
  count: number;
}

/** 010: one role an account holds over one scope (features/staff). */
export interface StaffMembersTable {
  id: string;
  account_id: string | null;
  role: 'city' | 'district' | 'keeper' | 'clinic';
  district_code: string | null;
  station_id: string | null;
  health_station_id: string | null;
  display_name: string;
  invitation_id: string;
  invited_by: string | null;
  created_at: number;
  suspended_at: number | null;
  suspended_by: string | null;
}
/** 010: one-time invitations (only the code's hash). */
export interface StaffInvitationsTable {
  id: string;
  code_hash: string;
  role: 'city' | 'district' | 'keeper' | 'clinic';
  district_code: string | null;
  station_id: string | null;
  health_station_id: string | null;
  name: string;
  invited_by: string | null;
  created_at: number;
  expires_at: number;
  redeemed_at: number | null;
  redeemed_by: string | null;
}
/** 010: the append-only, hash-chained audit trail (core/db/audit.ts). */
export interface AuditLogTable {
  seq: number;
  at: number;
  account_id: string | null;
  staff_id: string | null;
  role: string | null;
  scope: string | null;
  action: string;
  outcome: string;
  target_type: string | null;
  target_id: string | null;
  station_id: string | null;
  address: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}
/** 010: who was told about an alarm or an offline door. */
export interface StaffNoticesTable {
  id: string;
  kind: 'alarm' | 'alarm_withdrawn' | 'door_offline' | 'station_report';
  ref_id: string;
  level: number;
  staff_id: string;
  station_id: string;
  status: Generated<'pending' | 'sent' | 'undeliverable' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}
/** 010: door controllers' heartbeats and door contacts. */
export interface DoorStatusTable {
  door_id: string;
  last_seen_at: number;
  contact: 'open' | 'closed' | null;
  contact_since: number | null;
  offline_notified_at: number | null;
}
/** 012: QR sign-ins of the desk console (issue 15). */
export interface ConsoleLoginsTable {
  id: string;
  poll_hash: string;
  created_at: number;
  expires_at: number;
  staff_id: string | null;
  approved_at: number | null;
  collected_at: number | null;
  /** 018: the 4-digit confirmation code the console shows, its two decoys ("dddd,dddd"), the coarse address. */
  code: Generated<string>;
  decoys: Generated<string>;
  address: string | null;
  wrong_codes: Generated<number>;
}
/** 012: desk console sessions, one staff member's role each (only the token's hash). */
export interface ConsoleSessionsTable {
  token_hash: string;
  staff_id: string;
  created_at: number;
  expires_at: number;
}

/** 011: keepers' fault and supplies reports, the photo in the row (BLOB / BYTEA). */
export interface StationReportsTable {
  id: string;
  station_id: string;
  kind: 'hot_water' | 'microwave' | 'air_conditioning' | 'charger' | 'medicine_box' | 'umbrella' | 'other';
  note: string;
  photo: Buffer | null;
  photo_mime: string | null;
  state: Generated<'open' | 'resolved'>;
  created_at: number;
  created_by: string;
  created_by_name: string;
  resolved_at: number | null;
  resolved_by: string | null;
  resolved_by_name: string | null;
  resolution_note: string | null;
}
export interface DB {
  station_reports: StationReportsTable;
  staff_members: StaffMembersTable;
  staff_invitations: StaffInvitationsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  staff_notices: StaffNoticesTable;
  door_status: DoorStatusTable;
  console_logins: ConsoleLoginsTable;
  console_sessions: ConsoleSessionsTable;
  rate_counts: RateCountsTable;
  stations: StationsTable;
  doors: DoorsTable;
  station_grade_history: StationGradeHistoryTable;
  workers: WorkersTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  meta: MetaTable;
  consents: ConsentsTable;
  entries: EntriesTable;
  grants: GrantsTable;
  passes: PassesTable;
  alerts: AlertsTable;
  health_stations: HealthStationsTable;
  doctors: DoctorsTable;
  session_templates: SessionTemplatesTable;
  clinic_sessions: ClinicSessionsTable;
  slots: SlotsTable;
  bookings: BookingsTable;
  idempotency_keys: IdempotencyKeysTable;
  waitlist_entries: WaitlistEntriesTable;
  outbox: OutboxTable;
}
