import { sql, type Kysely } from 'kysely';

/**
 * Giấy mời: the per-event text of the letter and of its mail, and the rounds of sending (invitations,
 * reminders).
 * - invitation_settings: one row per event (absent = defaults derived from the event).
 * - invitation_round: one row per "send" the organiser confirmed. request_key is the form's nonce, so a
 *   double click or a retried request finds the round already there; number numbers reminders per event
 *   (their mail keys are `reminder:<number>:<delegateId>`).
 * A substitute named on the reply page "needs placing" through delegate.placed_at (0003, null until placed).
 */
export async function up(db: Kysely<any>): Promise<void> {
	await run(db, `
create table invitation_settings (
	event_id integer primary key references event(id) on delete cascade,
	subject text not null default '',
	host_name text not null default '',
	programme_summary text not null default '',
	notes text not null default '',
	closing text not null default '',
	recipients_list text not null default '',
	issue_date date,
	reply_deadline date,
	mail_subject text not null default '',
	mail_message text not null default '',
	updated_at timestamptz not null default now(),
	updated_by integer references app_user(id) on delete set null
);

create table invitation_round (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	kind text not null,
	number integer not null,
	request_key text not null,
	batch_id integer references mail_batch(id) on delete set null,
	audience jsonb not null default '{}'::jsonb,
	recipients integer not null default 0,
	created_by integer references app_user(id) on delete set null,
	created_at timestamptz not null default now(),
	constraint invitation_round_kind_check check (kind in ('invitation','reminder')),
	constraint invitation_round_request_key_format check (length(request_key) between 8 and 100)
);
create unique index invitation_round_request_key on invitation_round (event_id, request_key);
create unique index invitation_round_number_key on invitation_round (event_id, kind, number)
`);
}

export async function down(db: Kysely<any>): Promise<void> {
	await run(db, `
drop table if exists invitation_round;
drop table if exists invitation_settings
`);
}

/** PGlite and postgres.js prepare each query: one statement per call. No ';' inside bodies here. */
async function run(db: Kysely<any>, ddl: string): Promise<void> {
	for (const stmt of ddl.split(/;\s*\n/)) if (stmt.trim()) await sql.raw(stmt).execute(db);
}
