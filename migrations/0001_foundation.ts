import { sql, type Kysely } from 'kysely';

/** Accounts, sessions, organisations, memberships, events with their delegate tiers, audit log. */
export async function up(db: Kysely<any>): Promise<void> {
	await run(db, `
create table app_user (
	id integer generated always as identity primary key,
	email text not null,
	full_name text not null,
	password_hash text not null,
	is_system_admin boolean not null default false,
	disabled_at timestamptz,
	created_at timestamptz not null default now(),
	constraint app_user_email_format check (email = lower(email) and email ~ '^[^@\\s]+@[^@\\s]+$'),
	constraint app_user_full_name_nonempty check (length(trim(full_name)) > 0)
);
create unique index app_user_email_key on app_user (email);

create table user_session (
	id text primary key,
	user_id integer not null references app_user(id) on delete cascade,
	expires_at timestamptz not null,
	created_at timestamptz not null default now(),
	ip text,
	user_agent text,
	constraint user_session_id_is_sha256_hex check (id ~ '^[0-9a-f]{64}$')
);
create index user_session_user_idx on user_session (user_id);

create table login_attempt (
	id bigint generated always as identity primary key,
	email text not null,
	ip text not null,
	success boolean not null,
	at timestamptz not null default now()
);
create index login_attempt_email_idx on login_attempt (email, at);
create index login_attempt_ip_idx on login_attempt (ip, at);

create table organisation (
	id integer generated always as identity primary key,
	name text not null,
	short_name text,
	kind text not null default 'other',
	address text,
	created_at timestamptz not null default now(),
	archived_at timestamptz,
	constraint organisation_kind_check check (kind in ('province_office','department','commune','other')),
	constraint organisation_name_nonempty check (length(trim(name)) > 0)
);
create unique index organisation_name_key on organisation (lower(name));

create table membership (
	user_id integer not null references app_user(id) on delete cascade,
	organisation_id integer not null references organisation(id) on delete cascade,
	role text not null,
	created_at timestamptz not null default now(),
	primary key (user_id, organisation_id),
	constraint membership_role_check check (role in ('admin','organiser','finance','reception','viewer'))
);
create index membership_org_idx on membership (organisation_id);

create table api_token (
	id integer generated always as identity primary key,
	user_id integer not null references app_user(id) on delete cascade,
	name text not null,
	token_hash text not null,
	token_prefix text not null,
	created_by integer references app_user(id) on delete set null,
	created_at timestamptz not null default now(),
	last_used_at timestamptz,
	expires_at timestamptz,
	revoked_at timestamptz,
	constraint api_token_hash_is_sha256_hex check (token_hash ~ '^[0-9a-f]{64}$')
);
create unique index api_token_hash_key on api_token (token_hash);

create table event (
	id integer generated always as identity primary key,
	organisation_id integer not null references organisation(id) on delete restrict,
	kind text not null,
	title text not null,
	movement text not null default '',
	period_label text not null default '',
	starts_at timestamptz not null,
	ends_at timestamptz,
	venue text not null default '',
	address text not null default '',
	organiser_name text not null default '',
	-- letterhead of the issuing authority (NĐ 30/2020 Phụ lục I)
	authority_parent text not null default '',
	authority_name text not null default '',
	place_name text not null default '',
	doc_number text not null default '',
	doc_symbol text not null default 'GM-UBND',
	signer_prefix text not null default '',
	signer_title text not null default '',
	signer_name text not null default '',
	notes text not null default '',
	created_by integer references app_user(id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	archived_at timestamptz,
	constraint event_kind_check check (kind in ('so_ket','tong_ket','other')),
	constraint event_title_nonempty check (length(trim(title)) > 0),
	constraint event_ends_after_start check (ends_at is null or ends_at > starts_at)
);
create index event_org_idx on event (organisation_id, starts_at desc);

create table tier (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	name text not null,
	position integer not null,
	is_leader boolean not null default false,
	constraint tier_name_nonempty check (length(trim(name)) > 0),
	constraint tier_position_positive check (position > 0),
	constraint tier_event_position_key unique (event_id, position) deferrable initially deferred
);
create unique index tier_event_name_key on tier (event_id, lower(name));

create table audit_log (
	id bigint generated always as identity primary key,
	at timestamptz not null default now(),
	actor_user_id integer references app_user(id) on delete set null,
	actor_label text not null default '',
	organisation_id integer references organisation(id) on delete set null,
	event_id integer references event(id) on delete set null,
	action text not null,
	entity_type text not null default '',
	entity_id text,
	data jsonb not null default '{}'::jsonb,
	ip text,
	constraint audit_action_dotted check (action ~ '^[a-z_]+(\\.[a-z_]+)+$')
);
create index audit_log_event_idx on audit_log (event_id, at desc);
create index audit_log_org_idx on audit_log (organisation_id, at desc);

create table setting (
	id integer generated always as identity primary key,
	organisation_id integer references organisation(id) on delete cascade,
	key text not null,
	value jsonb not null,
	updated_at timestamptz not null default now(),
	updated_by integer references app_user(id) on delete set null
);
create unique index setting_scope_key on setting (coalesce(organisation_id, 0), key);
`);
}

export async function down(db: Kysely<any>): Promise<void> {
	await run(db, `
drop table if exists setting;
drop table if exists audit_log;
drop table if exists tier;
drop table if exists event;
drop table if exists api_token;
drop table if exists membership;
drop table if exists organisation;
drop table if exists login_attempt;
drop table if exists user_session;
drop table if exists app_user;
`);
}

/** PGlite and postgres.js prepare each query: one statement per call. No ';' inside bodies here. */
async function run(db: Kysely<any>, ddl: string): Promise<void> {
	for (const stmt of ddl.split(/;\s*\n/)) if (stmt.trim()) await sql.raw(stmt).execute(db);
}
