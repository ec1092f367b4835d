import { sql, type Kysely } from 'kysely';

/**
 * Delegate list extras (issue 3, delegates part):
 * - delegate.placed_at: when the organiser placed a substitute or a person named by a unit in the
 *   protocol order. Such rows "need placing" while it is null (ngôi thứ không ủy quyền: a substitute
 *   keeps the tier, not the principal's rank). Rows typed or imported by the office are placed.
 * - seating_row / seat_assignment: the seating plan of the front of the hall (presidium, front rows).
 *   seat_index is the physical seat counted from the left as seen from the hall; the protocol number
 *   of a seat (1 = centre for the 'centre' numbering) is computed, not stored.
 * - delegate_import: an uploaded list between preview and commit. The file itself is kept (bytea) and
 *   re-parsed on commit, so what is written is computed from the same bytes and the list as it is at
 *   commit time; the random id is the handle, rows expire after a day.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await run(db, `
alter table delegate add column placed_at timestamptz;
update delegate set placed_at = created_at where source not in ('substitute','unit_reply');

create table seating_row (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	position integer not null,
	kind text not null default 'row',
	label text not null,
	short_label text not null,
	seat_count integer not null,
	numbering text not null default 'centre',
	name_cards boolean not null default false,
	created_at timestamptz not null default now(),
	constraint seating_row_kind_check check (kind in ('presidium','row')),
	constraint seating_row_numbering_check check (numbering in ('centre','left','right')),
	constraint seating_row_seat_count_check check (seat_count between 1 and 80),
	constraint seating_row_label_nonempty check (length(trim(label)) > 0 and length(trim(short_label)) > 0)
);
create unique index seating_row_event_position_key on seating_row (event_id, position);

create table seat_assignment (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	row_id integer not null references seating_row(id) on delete cascade,
	seat_index integer not null,
	delegate_id integer not null references delegate(id) on delete cascade,
	created_at timestamptz not null default now(),
	constraint seat_assignment_index_check check (seat_index >= 1)
);
create unique index seat_assignment_seat_key on seat_assignment (row_id, seat_index);
create unique index seat_assignment_delegate_key on seat_assignment (event_id, delegate_id);
create index seat_assignment_event_idx on seat_assignment (event_id);

create table delegate_import (
	id text primary key,
	event_id integer not null references event(id) on delete cascade,
	created_by integer references app_user(id) on delete set null,
	filename text not null,
	sha256 text not null,
	size integer not null,
	bytes bytea,
	options jsonb not null default '{}'::jsonb,
	plan_digest text not null default '',
	created_at timestamptz not null default now(),
	expires_at timestamptz not null,
	committed_at timestamptz,
	result jsonb,
	constraint delegate_import_id_format check (id ~ '^[a-z2-7]{32}$'),
	constraint delegate_import_sha256_format check (sha256 ~ '^[0-9a-f]{64}$')
);
create index delegate_import_event_idx on delegate_import (event_id, created_at desc);
create index delegate_import_expiry_idx on delegate_import (expires_at);
`);
}

export async function down(db: Kysely<any>): Promise<void> {
	await run(db, `
drop table if exists delegate_import;
drop table if exists seat_assignment;
drop table if exists seating_row;
alter table delegate drop column if exists placed_at;
`);
}

/** PGlite and postgres.js prepare each query: one statement per call. No ';' inside bodies here. */
async function run(db: Kysely<any>, ddl: string): Promise<void> {
	for (const stmt of ddl.split(/;\s*\n/)) if (stmt.trim()) await sql.raw(stmt).execute(db);
}
