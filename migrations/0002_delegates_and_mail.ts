import { sql, type Kysely } from 'kysely';

/**
 * Delegates (the invitation list) and the mail outbox, the two tables most capabilities build on.
 * - delegate.token_hash: the personal link token is derived (HMAC of the app secret) and never stored;
 *   only its SHA-256 is kept, for lookup.
 * - mail_message.idempotency_key: one row per logical mail, so a second round, a double click or a
 *   restart never queues the same invitation twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await run(db, `
create table delegate (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	tier_id integer not null references tier(id) on delete restrict,
	kind text not null default 'person',
	salutation text,
	full_name text not null default '',
	position text not null default '',
	unit text not null default '',
	addressed_to text not null default '',
	places integer not null default 1,
	email text,
	phone text,
	seat text not null default '',
	notes text not null default '',
	protocol_rank integer not null default 1000,
	sort_order integer not null default 0,
	reply_status text not null default 'pending',
	reply_note text not null default '',
	replied_at timestamptz,
	replied_via text,
	substitute_for integer references delegate(id) on delete set null,
	parent_unit_id integer references delegate(id) on delete cascade,
	status text not null default 'active',
	source text not null default 'manual',
	code text not null,
	token_version integer not null default 1,
	token_hash text not null,
	search_key text not null default '',
	identity_key text not null default '',
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	constraint delegate_kind_check check (kind in ('person','unit')),
	constraint delegate_salutation_check check (salutation is null or salutation in ('Ông','Bà')),
	constraint delegate_places_check check (places between 1 and 100),
	constraint delegate_reply_status_check check (reply_status in ('pending','attending','declined','substituted')),
	constraint delegate_status_check check (status in ('active','cancelled','replaced')),
	constraint delegate_source_check check (source in ('manual','import','substitute','unit_reply','walk_in','api','demo')),
	constraint delegate_person_has_name check (kind = 'unit' or length(trim(full_name)) > 0),
	constraint delegate_unit_has_addressee check (kind = 'person' or length(trim(addressed_to)) > 0 or length(trim(unit)) > 0),
	constraint delegate_not_own_substitute check (substitute_for is null or substitute_for <> id),
	constraint delegate_email_format check (email is null or email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'),
	constraint delegate_token_hash_format check (token_hash ~ '^[0-9a-f]{64}$')
);
create unique index delegate_token_hash_key on delegate (token_hash);
create unique index delegate_event_code_key on delegate (event_id, code);
create unique index delegate_event_identity_key on delegate (event_id, identity_key) where status = 'active' and kind = 'person' and identity_key <> '';
create index delegate_event_order_idx on delegate (event_id, tier_id, protocol_rank, sort_order);
create index delegate_substitute_idx on delegate (substitute_for);
create index delegate_parent_idx on delegate (parent_unit_id);

create table mail_batch (
	id integer generated always as identity primary key,
	organisation_id integer references organisation(id) on delete cascade,
	event_id integer references event(id) on delete cascade,
	kind text not null,
	label text not null default '',
	created_by integer references app_user(id) on delete set null,
	created_at timestamptz not null default now()
);
create index mail_batch_event_idx on mail_batch (event_id, created_at desc);

create table mail_message (
	id bigint generated always as identity primary key,
	organisation_id integer references organisation(id) on delete cascade,
	event_id integer references event(id) on delete cascade,
	batch_id integer references mail_batch(id) on delete set null,
	kind text not null,
	idempotency_key text not null,
	delegate_id integer references delegate(id) on delete set null,
	to_address text not null,
	to_name text not null default '',
	subject text not null,
	text_body text not null,
	html_body text,
	attachments jsonb not null default '[]'::jsonb,
	status text not null default 'queued',
	attempts integer not null default 0,
	next_attempt_at timestamptz not null default now(),
	locked_until timestamptz,
	claim_token text,
	last_error text,
	error_kind text,
	transport text,
	provider_message_id text,
	sent_at timestamptz,
	sensitive boolean not null default false,
	created_by integer references app_user(id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	constraint mail_message_status_check check (status in ('queued','sending','sent','retry','failed','uncertain','cancelled')),
	constraint mail_message_error_kind_check check (error_kind is null or error_kind in ('transient','permanent','interrupted'))
);
create unique index mail_message_idempotency_key on mail_message (idempotency_key);
create index mail_message_due_idx on mail_message (next_attempt_at) where status in ('queued','retry');
create index mail_message_sending_idx on mail_message (locked_until) where status = 'sending';
create index mail_message_batch_idx on mail_message (batch_id, status);
create index mail_message_event_idx on mail_message (event_id, created_at desc);
create index mail_message_delegate_idx on mail_message (delegate_id);
`);
}

export async function down(db: Kysely<any>): Promise<void> {
	await run(db, `
drop table if exists mail_message;
drop table if exists mail_batch;
drop table if exists delegate;
`);
}

/** PGlite and postgres.js prepare each query: one statement per call. No ';' inside bodies here. */
async function run(db: Kysely<any>, ddl: string): Promise<void> {
	for (const stmt of ddl.split(/;\s*\n/)) if (stmt.trim()) await sql.raw(stmt).execute(db);
}
