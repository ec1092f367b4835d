import { sql, type Kysely } from 'kysely';

/**
 * Check-in at the door (issue 4).
 * - check_in: one active row per delegate per event (partial unique index on undone_at is null), so two
 *   devices scanning the same QR at the same moment can record only one arrival. checked_in_at is the
 *   recorded time: the server's for online scans, the device's for scans queued offline, and the earliest
 *   of them when an offline scan arrives later than an online one. An undo keeps the row (undone_at/by).
 * - checkin_scan: every scan a device sends, with its result: the scan log (refused scans and their reasons,
 *   for the report) and the nonce registry (event, device, nonce unique) that makes a retried request
 *   answer the same thing instead of scanning twice. response holds the answer given, for that replay.
 * - attendance_mark: attendance beyond the door: absent with a reason, present for part of the day,
 *   present from a paper list, with who marked it. One row per delegate; the history is in the audit log.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await run(db, `
create table check_in (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	delegate_id integer not null references delegate(id) on delete cascade,
	method text not null,
	checked_in_at timestamptz not null,
	client_time timestamptz,
	server_time timestamptz not null default now(),
	device_id text not null default '',
	device_label text not null default '',
	nonce text,
	staff_user_id integer references app_user(id) on delete set null,
	staff_label text not null default '',
	undone_at timestamptz,
	undone_by integer references app_user(id) on delete set null,
	undone_by_label text not null default '',
	undo_reason text not null default '',
	constraint check_in_method_check check (method in ('scan','manual','bulk','walk_in','offline_sync')),
	constraint check_in_nonce_format check (nonce is null or nonce ~ '^[A-Za-z0-9_-]{8,64}$')
);
create unique index check_in_active_key on check_in (event_id, delegate_id) where undone_at is null;
create unique index check_in_device_nonce_key on check_in (event_id, device_id, nonce) where nonce is not null;
create index check_in_event_time_idx on check_in (event_id, checked_in_at desc);
create index check_in_delegate_idx on check_in (delegate_id);

create table checkin_scan (
	id bigint generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	delegate_id integer references delegate(id) on delete set null,
	check_in_id integer references check_in(id) on delete set null,
	device_id text not null,
	device_label text not null default '',
	nonce text not null,
	method text not null,
	result text not null,
	reason text not null default '',
	raw_excerpt text not null default '',
	client_time timestamptz,
	server_time timestamptz not null default now(),
	staff_user_id integer references app_user(id) on delete set null,
	staff_label text not null default '',
	response jsonb not null default '{}'::jsonb,
	constraint checkin_scan_method_check check (method in ('scan','manual','walk_in','offline_sync','offline_refused')),
	constraint checkin_scan_result_check check (result in ('ok','already_checked_in','invalid_token','wrong_event','cancelled','replaced','not_found')),
	constraint checkin_scan_nonce_format check (nonce ~ '^[A-Za-z0-9_-]{8,64}$')
);
create unique index checkin_scan_nonce_key on checkin_scan (event_id, device_id, nonce);
create index checkin_scan_event_idx on checkin_scan (event_id, server_time desc);
create index checkin_scan_delegate_idx on checkin_scan (delegate_id);
create index checkin_scan_check_in_idx on checkin_scan (check_in_id);

create table attendance_mark (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	delegate_id integer not null references delegate(id) on delete cascade,
	status text not null,
	note text not null default '',
	marked_by integer references app_user(id) on delete set null,
	marked_by_label text not null default '',
	marked_at timestamptz not null default now(),
	constraint attendance_mark_status_check check (status in ('present','absent','partial'))
);
create unique index attendance_mark_delegate_key on attendance_mark (event_id, delegate_id);
create index attendance_mark_delegate_idx on attendance_mark (delegate_id);
`);
}

export async function down(db: Kysely<any>): Promise<void> {
	await run(db, `
drop table if exists attendance_mark;
drop table if exists checkin_scan;
drop table if exists check_in;
`);
}

/** PGlite and postgres.js prepare each query: one statement per call. No ';' inside bodies here. */
async function run(db: Kysely<any>, ddl: string): Promise<void> {
	for (const stmt of ddl.split(/;\s*\n/)) if (stmt.trim()) await sql.raw(stmt).execute(db);
}
