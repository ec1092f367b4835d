import { sql, type Kysely } from 'kysely';

/**
 * Tham luận (papers from invited units), internal documents (báo cáo, phát biểu), their versions, reviews
 * and the conference booklet; and the registry of stored files.
 *
 * - stored_file: one row per file kept under FILES_DIR, addressed by its SHA-256. A file on disk without a
 *   row is an orphan (a transaction that failed after the file was written) and the cleanup removes it.
 * - submission_unit: an office invited to send a tham luận (from the delegate list or typed in). It has no
 *   account: it reaches its page through a personal link whose token is random and stored only as SHA-256
 *   (submission_link, several may be live: each mail carries its own, all revocable together).
 * - submission: kind 'tham_luan' belongs to a unit and carries the review status; the internal documents
 *   (main_report, directing_speech, opening_speech; one each per event) carry an owner and doc_status.
 * - submission_version: every uploaded file, never changed or deleted while the submission exists.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await run(db, `
create table stored_file (
	sha256 text primary key,
	size bigint not null,
	content_type text not null,
	created_at timestamptz not null default now(),
	constraint stored_file_sha256_format check (sha256 ~ '^[0-9a-f]{64}$'),
	constraint stored_file_size_check check (size >= 0)
);

create table submission_call (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	guidance text not null default '',
	deadline timestamptz not null,
	accept_pdf boolean not null default true,
	accept_docx boolean not null default true,
	max_size_mb integer not null default 20,
	expected_length text not null default '',
	speaking_minutes integer not null default 7,
	created_by integer references app_user(id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	constraint submission_call_some_type check (accept_pdf or accept_docx),
	constraint submission_call_max_size_check check (max_size_mb between 1 and 20),
	constraint submission_call_speaking_check check (speaking_minutes between 1 and 120)
);
create unique index submission_call_event_key on submission_call (event_id);

create table submission_unit (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	name text not null,
	email text,
	contact_name text not null default '',
	delegate_id integer references delegate(id) on delete set null,
	reopened_until timestamptz,
	invited_at timestamptz,
	last_reminded_at timestamptz,
	reminder_count integer not null default 0,
	created_by integer references app_user(id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	constraint submission_unit_name_nonempty check (length(trim(name)) > 0),
	constraint submission_unit_email_format check (email is null or email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$')
);
create unique index submission_unit_event_name_key on submission_unit (event_id, lower(name));

create table submission_link (
	id integer generated always as identity primary key,
	unit_id integer not null references submission_unit(id) on delete cascade,
	event_id integer not null references event(id) on delete cascade,
	token_hash text not null,
	purpose text not null default 'manual',
	created_by integer references app_user(id) on delete set null,
	created_at timestamptz not null default now(),
	revoked_at timestamptz,
	last_used_at timestamptz,
	constraint submission_link_token_hash_format check (token_hash ~ '^[0-9a-f]{64}$'),
	constraint submission_link_purpose_check check (purpose in ('invite','reminder','revision','manual','demo'))
);
create unique index submission_link_token_hash_key on submission_link (token_hash);
create index submission_link_unit_idx on submission_link (unit_id);

create table submission (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	kind text not null,
	unit_id integer references submission_unit(id) on delete restrict,
	title text not null default '',
	presenter_name text not null default '',
	presenter_position text not null default '',
	summary text not null default '',
	owner_user_id integer references app_user(id) on delete set null,
	owner_unit text not null default '',
	doc_status text,
	status text,
	decision_note text not null default '',
	decided_at timestamptz,
	decided_by integer references app_user(id) on delete set null,
	presentation_order integer,
	speaking_minutes integer,
	current_version_id integer,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	constraint submission_kind_check check (kind in ('tham_luan','main_report','directing_speech','opening_speech')),
	constraint submission_unit_iff_paper check ((kind = 'tham_luan') = (unit_id is not null)),
	constraint submission_status_check check (status is null or status in ('submitted','presented','printed','revision','rejected')),
	constraint submission_status_only_paper check (kind = 'tham_luan' or status is null),
	constraint submission_doc_status_check check (doc_status is null or doc_status in ('draft','for_approval','approved')),
	constraint submission_doc_status_only_internal check ((kind = 'tham_luan') = (doc_status is null)),
	constraint submission_speaking_check check (speaking_minutes is null or speaking_minutes between 1 and 120),
	constraint submission_order_check check (presentation_order is null or presentation_order > 0)
);
create unique index submission_unit_key on submission (unit_id) where unit_id is not null;
create unique index submission_event_internal_kind_key on submission (event_id, kind) where kind <> 'tham_luan';
create index submission_event_idx on submission (event_id, kind, status);

create table submission_version (
	id integer generated always as identity primary key,
	submission_id integer not null references submission(id) on delete cascade,
	event_id integer not null references event(id) on delete cascade,
	number integer not null,
	sha256 text not null references stored_file(sha256) on delete restrict,
	size bigint not null,
	content_type text not null,
	file_kind text not null,
	file_name text not null,
	page_count integer,
	converted_sha256 text references stored_file(sha256) on delete set null,
	uploaded_via text not null,
	uploaded_by integer references app_user(id) on delete set null,
	uploaded_by_label text not null default '',
	created_at timestamptz not null default now(),
	constraint submission_version_kind_check check (file_kind in ('pdf','docx')),
	constraint submission_version_via_check check (uploaded_via in ('link','staff','api','demo')),
	constraint submission_version_number_positive check (number > 0)
);
create unique index submission_version_number_key on submission_version (submission_id, number);
create index submission_version_sha_idx on submission_version (sha256);

alter table submission add constraint submission_current_version_fk foreign key (current_version_id) references submission_version(id) on delete set null;

create table submission_review (
	id integer generated always as identity primary key,
	submission_id integer not null references submission(id) on delete cascade,
	event_id integer not null references event(id) on delete cascade,
	version_id integer references submission_version(id) on delete set null,
	author_user_id integer references app_user(id) on delete set null,
	author_label text not null default '',
	decision text,
	body text not null default '',
	reopened_until timestamptz,
	created_at timestamptz not null default now(),
	constraint submission_review_decision_check check (decision is null or decision in ('presented','printed','revision','rejected')),
	constraint submission_review_has_content check (decision is not null or length(trim(body)) > 0)
);
create index submission_review_submission_idx on submission_review (submission_id, created_at);

create table submission_booklet (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	sha256 text not null references stored_file(sha256) on delete restrict,
	size bigint not null,
	page_count integer not null,
	contents jsonb not null default '[]'::jsonb,
	missing jsonb not null default '[]'::jsonb,
	duration_ms integer not null default 0,
	created_by integer references app_user(id) on delete set null,
	created_at timestamptz not null default now()
);
create index submission_booklet_event_idx on submission_booklet (event_id, created_at desc);
`);
}

export async function down(db: Kysely<any>): Promise<void> {
	await run(db, `
drop table if exists submission_booklet;
drop table if exists submission_review;
alter table submission drop constraint if exists submission_current_version_fk;
drop table if exists submission_version;
drop table if exists submission;
drop table if exists submission_link;
drop table if exists submission_unit;
drop table if exists submission_call;
drop table if exists stored_file;
`);
}

/** PGlite and postgres.js prepare each query: one statement per call. No ';' inside bodies here. */
async function run(db: Kysely<any>, ddl: string): Promise<void> {
	for (const stmt of ddl.split(/;\s*\n/)) if (stmt.trim()) await sql.raw(stmt).execute(db);
}
