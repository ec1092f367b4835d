import { sql, type Kysely } from 'kysely';

/**
 * Budget (kinh phí): funding sources of an event, the organisation's spending norms, dự toán lines and
 * thực chi entries.
 * - Money is integer đồng (bigint). A line's amount is round(quantity × unit price), half away from zero
 *   (quantities and prices are never negative, so half up); the CHECK keeps the stored amount honest.
 * - One source per line (NOT NULL). An expense names its line and its source, and the composite foreign key
 *   (line_id, funding_source_id) → budget_line (id, funding_source_id) makes it impossible to settle an
 *   expense of a line from another source (TT 55/2023 Điều 3.1 as amended: no double funding).
 * - Expenses are never edited: corrections are reversal entries (negative amount, reverses_id UNIQUE so an
 *   entry is reversed at most once). A trigger refuses UPDATE of any field but a first receipt attachment.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await run(db, `
create table budget_norm (
	id integer generated always as identity primary key,
	organisation_id integer not null references organisation(id) on delete cascade,
	code text,
	category text not null,
	name text not null,
	unit text not null default '',
	max_amount bigint,
	legal_basis text not null default '',
	verified boolean not null default false,
	effective_from date,
	effective_to date,
	notes text not null default '',
	archived_at timestamptz,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	constraint budget_norm_category_check check (category in ('hall','decoration','sound_light','printing','refreshments','meals','travel','certificates','prizes','culture','media','other')),
	constraint budget_norm_name_nonempty check (length(trim(name)) > 0),
	constraint budget_norm_max_check check (max_amount is null or max_amount >= 0),
	constraint budget_norm_dates_check check (effective_from is null or effective_to is null or effective_to >= effective_from)
);
create unique index budget_norm_org_code_key on budget_norm (organisation_id, code) where code is not null;
create index budget_norm_org_idx on budget_norm (organisation_id, category);

create table funding_source (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	name text not null,
	fund_type text not null,
	decision_no text not null default '',
	decision_date date,
	issuer text not null default '',
	amount bigint not null,
	notes text not null default '',
	position integer not null default 0,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	constraint funding_source_fund_type_check check (fund_type in ('programme','emulation_fund','unit_budget','other')),
	constraint funding_source_name_nonempty check (length(trim(name)) > 0),
	constraint funding_source_amount_check check (amount >= 0)
);
create unique index funding_source_event_name_key on funding_source (event_id, lower(name));
create unique index funding_source_id_event_key on funding_source (id, event_id);

create table budget_line (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	funding_source_id integer not null,
	category text not null,
	description text not null,
	unit text not null default '',
	quantity numeric(12,2) not null,
	unit_price bigint not null,
	amount bigint not null,
	norm_id integer references budget_norm(id) on delete restrict,
	over_reason text,
	derived_from text,
	derived_params jsonb not null default '{}'::jsonb,
	derived_inputs jsonb,
	derived_at timestamptz,
	notes text not null default '',
	position integer not null default 0,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	constraint budget_line_source_fk foreign key (funding_source_id, event_id) references funding_source (id, event_id),
	constraint budget_line_category_check check (category in ('hall','decoration','sound_light','printing','refreshments','meals','travel','certificates','prizes','culture','media','other')),
	constraint budget_line_description_nonempty check (length(trim(description)) > 0),
	constraint budget_line_quantity_check check (quantity >= 0),
	constraint budget_line_unit_price_check check (unit_price >= 0),
	constraint budget_line_amount_rounding check (amount = round(quantity * unit_price)),
	constraint budget_line_derived_check check (derived_from is null or derived_from in ('attendance','letters','booklet','certificates') or derived_from ~ '^awards:[a-z0-9_]{1,40}$')
);
create unique index budget_line_id_source_key on budget_line (id, funding_source_id);
create unique index budget_line_id_event_key on budget_line (id, event_id);
create unique index budget_line_derived_key on budget_line (event_id, derived_from, category) where derived_from is not null;
create index budget_line_event_idx on budget_line (event_id, funding_source_id, position);

create table expense (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	line_id integer not null,
	funding_source_id integer not null,
	spent_on date not null,
	payee text not null,
	voucher_no text not null,
	description text not null,
	amount bigint not null,
	reverses_id integer references expense(id),
	over_reason text,
	receipt_key text,
	receipt_name text,
	receipt_type text,
	receipt_size integer,
	receipt_sha256 text,
	created_by integer references app_user(id) on delete set null,
	created_at timestamptz not null default now(),
	constraint expense_line_source_fk foreign key (line_id, funding_source_id) references budget_line (id, funding_source_id),
	constraint expense_line_event_fk foreign key (line_id, event_id) references budget_line (id, event_id),
	constraint expense_amount_sign_check check ((reverses_id is null and amount > 0) or (reverses_id is not null and amount < 0)),
	constraint expense_not_self_check check (reverses_id is null or reverses_id <> id),
	constraint expense_payee_nonempty check (length(trim(payee)) > 0),
	constraint expense_voucher_nonempty check (length(trim(voucher_no)) > 0),
	constraint expense_description_nonempty check (length(trim(description)) > 0),
	constraint expense_receipt_type_check check (receipt_type is null or receipt_type in ('image/jpeg','image/png','application/pdf')),
	constraint expense_receipt_size_check check (receipt_size is null or receipt_size between 1 and 10485760),
	constraint expense_receipt_complete check ((receipt_key is null) = (receipt_sha256 is null)),
	constraint expense_receipt_sha256_format check (receipt_sha256 is null or receipt_sha256 ~ '^[0-9a-f]{64}$')
);
create unique index expense_reverses_key on expense (reverses_id);
create index expense_event_idx on expense (event_id, spent_on, id);
create index expense_line_idx on expense (line_id)
`);
	// The trigger body holds semicolons: its own statements, not split by run().
	await sql
		.raw(
			`create function expense_refuse_edit() returns trigger language plpgsql as $$ begin ` +
				`if (new.event_id, new.line_id, new.funding_source_id, new.spent_on, new.payee, new.voucher_no, new.description, new.amount, new.reverses_id, new.over_reason, new.created_by, new.created_at) ` +
				`is distinct from (old.event_id, old.line_id, old.funding_source_id, old.spent_on, old.payee, old.voucher_no, old.description, old.amount, old.reverses_id, old.over_reason, old.created_by, old.created_at) ` +
				`or (old.receipt_key is not null and (new.receipt_key, new.receipt_name, new.receipt_type, new.receipt_size, new.receipt_sha256) is distinct from (old.receipt_key, old.receipt_name, old.receipt_type, old.receipt_size, old.receipt_sha256)) then ` +
				`raise exception 'an expense is never edited: record a reversal entry' using errcode = '23514', constraint = 'expense_immutable'; ` +
				`end if; return new; end $$`
		)
		.execute(db);
	await sql
		.raw(`create trigger expense_refuse_edit before update on expense for each row execute function expense_refuse_edit()`)
		.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await run(db, `
drop table if exists expense;
drop function if exists expense_refuse_edit();
drop table if exists budget_line;
drop table if exists funding_source;
drop table if exists budget_norm
`);
}

/** PGlite and postgres.js prepare each query: one statement per call. No ';' inside bodies here. */
async function run(db: Kysely<any>, ddl: string): Promise<void> {
	for (const stmt of ddl.split(/;\s*\n/)) if (stmt.trim()) await sql.raw(stmt).execute(db);
}
