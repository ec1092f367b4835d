import { sql, type Kysely } from 'kysely';

/**
 * Programme, award decisions and prize money, ceremony batches, certificates (issue 6).
 *
 * Rules tables (national, not per organisation): mức lương cơ sở by date, the award decrees by date with
 * their rounding rule, the award forms with their precedence and paying fund, and the coefficients per
 * decree × form × recipient kind. Every row says whether it was verified and where it came from
 * (shared/domain/REFERENCE.md §1–2). The values seeded here are what the reference gives; rows it marks
 * unverified are seeded with verified = false and the UI says "chưa xác minh".
 *
 * award.amount is written when the award is recorded, with the rule that produced it in award.prize_rule:
 * later edits of the rules never change a recorded amount (an explicit "recompute" does).
 */
export async function up(db: Kysely<any>): Promise<void> {
	await run(db, `
create table award_base_salary (
	id integer generated always as identity primary key,
	effective_from date not null,
	amount bigint not null,
	legal_basis text not null default '',
	verified boolean not null default false,
	source text not null default '',
	updated_at timestamptz not null default now(),
	updated_by integer references app_user(id) on delete set null,
	constraint award_base_salary_amount_check check (amount > 0 and amount < 1000000000)
);
create unique index award_base_salary_from_key on award_base_salary (effective_from);

create table award_decree (
	id integer generated always as identity primary key,
	code text not null,
	name text not null,
	effective_from date not null,
	effective_to date,
	rounding text not null default 'up_10000',
	rounding_verified boolean not null default false,
	rounding_source text not null default '',
	notes text not null default '',
	updated_at timestamptz not null default now(),
	updated_by integer references app_user(id) on delete set null,
	constraint award_decree_rounding_check check (rounding in ('up_10000','up_1000','nearest_10000','nearest_1000','none')),
	constraint award_decree_dates_check check (effective_to is null or effective_to >= effective_from)
);
create unique index award_decree_code_key on award_decree (code);

create table award_form (
	id integer generated always as identity primary key,
	organisation_id integer references organisation(id) on delete cascade,
	code text not null,
	name text not null,
	certificate_title text not null default 'BẰNG KHEN',
	level text not null default 'unit',
	precedence integer not null default 70,
	fund text not null default 'issuing_unit',
	prints_certificate boolean not null default true,
	created_at timestamptz not null default now(),
	constraint award_form_level_check check (level in ('state','government','province','unit')),
	constraint award_form_fund_check check (fund in ('central','province_fund','issuing_unit')),
	constraint award_form_name_nonempty check (length(trim(name)) > 0),
	constraint award_form_precedence_check check (precedence between 1 and 1000)
);
create unique index award_form_code_key on award_form (code);
create unique index award_form_org_name_key on award_form (coalesce(organisation_id, 0), lower(name));

create table award_coefficient (
	id integer generated always as identity primary key,
	decree_id integer not null references award_decree(id) on delete cascade,
	form_code text not null,
	recipient_kind text not null,
	coefficient numeric(8,3) not null,
	verified boolean not null default false,
	source text not null default '',
	updated_at timestamptz not null default now(),
	updated_by integer references app_user(id) on delete set null,
	constraint award_coefficient_kind_check check (recipient_kind in ('collective','individual','household')),
	constraint award_coefficient_value_check check (coefficient >= 0 and coefficient <= 100)
);
create unique index award_coefficient_key on award_coefficient (decree_id, form_code, recipient_kind);

create table programme_item (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	position integer not null,
	kind text not null default 'other',
	title text not null,
	presenter_name text not null default '',
	presenter_position text not null default '',
	presenter_delegate_id integer references delegate(id) on delete set null,
	submission_id integer,
	duration_minutes integer not null default 10,
	fixed_start timestamptz,
	notes text not null default '',
	actual_start timestamptz,
	actual_end timestamptz,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	constraint programme_item_kind_check check (kind in ('art','flag','opening','report','video','discussion','awards','directive','response','launch','closing','break','other')),
	constraint programme_item_duration_check check (duration_minutes between 0 and 720),
	constraint programme_item_title_nonempty check (length(trim(title)) > 0),
	constraint programme_item_actual_check check (actual_end is null or (actual_start is not null and actual_end >= actual_start)),
	constraint programme_item_event_position_key unique (event_id, position) deferrable initially deferred
);
create index programme_item_submission_idx on programme_item (event_id, submission_id);

create table award_decision (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	number text not null,
	decision_date date not null,
	form_id integer not null references award_form(id) on delete restrict,
	issuer text not null default '',
	authority_line text not null default '',
	subject text not null default '',
	signer_prefix text not null default '',
	signer_title text not null default '',
	signer_name text not null default '',
	fund text not null,
	fund_unit text not null default '',
	default_achievement text not null default '',
	created_by integer references app_user(id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	constraint award_decision_fund_check check (fund in ('central','province_fund','issuing_unit')),
	constraint award_decision_number_nonempty check (length(trim(number)) > 0)
);
create unique index award_decision_event_number_key on award_decision (event_id, lower(number));

create table ceremony_batch (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	position integer not null,
	decision_id integer references award_decision(id) on delete cascade,
	title text not null default '',
	presenter_delegate_id integer references delegate(id) on delete set null,
	presenter_name text not null default '',
	presenter_position text not null default '',
	status text not null default 'pending',
	called_at timestamptz,
	created_at timestamptz not null default now(),
	constraint ceremony_batch_status_check check (status in ('pending','on_stage','done')),
	constraint ceremony_batch_event_position_key unique (event_id, position) deferrable initially deferred
);

create table award (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	decision_id integer not null references award_decision(id) on delete cascade,
	kind text not null,
	name text not null,
	salutation text,
	household_head text,
	position text not null default '',
	unit text not null default '',
	achievement text not null default '',
	list_order integer not null default 0,
	amount bigint not null default 0,
	prize_rule jsonb not null default '{}'::jsonb,
	fund text not null,
	register_seq integer,
	register_number text,
	verification_code text not null,
	delegate_id integer references delegate(id) on delete set null,
	batch_id integer references ceremony_batch(id) on delete set null,
	batch_order integer not null default 0,
	notes text not null default '',
	search_key text not null default '',
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	constraint award_kind_check check (kind in ('collective','individual','household')),
	constraint award_name_nonempty check (length(trim(name)) > 0),
	constraint award_salutation_check check (salutation is null or salutation in ('Ông','Bà')),
	constraint award_amount_check check (amount >= 0),
	constraint award_fund_check check (fund in ('central','province_fund','issuing_unit')),
	constraint award_verification_code_format check (verification_code ~ '^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$')
);
create unique index award_verification_code_key on award (verification_code);
create unique index award_register_key on award (decision_id, register_seq);
create index award_decision_idx on award (decision_id, list_order);
create index award_event_idx on award (event_id);
create index award_batch_idx on award (batch_id, batch_order);
create index award_delegate_idx on award (delegate_id);

create table award_import (
	id integer generated always as identity primary key,
	event_id integer not null references event(id) on delete cascade,
	created_by integer references app_user(id) on delete set null,
	filename text not null default '',
	sha256 text not null,
	preview jsonb not null,
	decision_id integer references award_decision(id) on delete set null,
	committed_at timestamptz,
	created_at timestamptz not null default now()
);
create index award_import_event_idx on award_import (event_id, created_at desc);

create table ceremony_setting (
	event_id integer primary key references event(id) on delete cascade,
	stage_capacity integer not null default 10,
	current_batch_id integer references ceremony_batch(id) on delete set null,
	script_text text,
	script_generated_at timestamptz,
	script_updated_at timestamptz,
	script_updated_by integer references app_user(id) on delete set null,
	certificate_layout jsonb,
	certificate_options jsonb not null default '{}'::jsonb,
	updated_at timestamptz not null default now(),
	constraint ceremony_setting_capacity_check check (stage_capacity between 1 and 60)
);

insert into award_base_salary (effective_from, amount, legal_basis, verified, source) values
	('2019-07-01', 1490000, 'Nghị định 38/2019/NĐ-CP', false, 'Không có trong tài liệu tham chiếu của dự án: cần đối chiếu văn bản gốc'),
	('2023-07-01', 1800000, 'Nghị định 24/2023/NĐ-CP ngày 14/5/2023', true, 'sonoivu.namdinh.gov.vn: "…là 1.800.000 đồng … từ ngày 01/7/2023"'),
	('2024-07-01', 2340000, 'Nghị định 73/2024/NĐ-CP, Điều 3 khoản 2', true, '"Từ ngày 01 tháng 7 năm 2024, mức lương cơ sở là 2.340.000 đồng/tháng."'),
	('2026-07-01', 2530000, 'Nghị định 161/2026/NĐ-CP ngày 15/5/2026, Điều 3 khoản 2', false, 'Chưa xác minh từ nguồn chính thức: chỉ có nguồn thứ cấp (nhiều nguồn độc lập năm 2026)');

insert into award_decree (code, name, effective_from, effective_to, rounding, rounding_verified, rounding_source, notes) values
	('nd91_2017', 'Nghị định 91/2017/NĐ-CP', '2017-10-01', '2023-12-31', 'up_10000', false, 'Quy tắc làm tròn của NĐ 91/2017 chưa xác minh trong tài liệu tham chiếu', 'Hệ số Bằng khen, Giấy khen: Điều 73 (đã xác minh). Hệ số Huân chương và hộ gia đình: chưa xác minh.'),
	('nd98_2023', 'Nghị định 98/2023/NĐ-CP', '2024-01-01', '2025-06-30', 'up_10000', true, '"Tiền thưởng sau khi nhân với hệ số mức lương cơ sở được làm tròn số lên hàng chục nghìn đồng" (VGP, 07/01/2024)', 'Hệ số Bằng khen, Giấy khen (Điều 58) chưa xác minh: mặc định lấy bằng giá trị của NĐ 152/2025. Huân chương: rất có thể giống NĐ 91 và NĐ 152, chưa xác minh.'),
	('nd152_2025', 'Nghị định 152/2025/NĐ-CP', '2025-07-01', null, 'up_10000', false, 'Chưa xác minh NĐ 152/2025 có giữ quy tắc làm tròn lên hàng chục nghìn đồng; một nguồn thứ cấp ghi 702.000 đồng không làm tròn', 'Điều 51 (Huân chương), Điều 54 (Bằng khen, Giấy khen): đã xác minh.');

insert into award_form (organisation_id, code, name, certificate_title, level, precedence, fund, prints_certificate) values
	(null, 'hcld_1', 'Huân chương Lao động hạng Nhất', 'HUÂN CHƯƠNG LAO ĐỘNG HẠNG NHẤT', 'state', 10, 'central', false),
	(null, 'hcld_2', 'Huân chương Lao động hạng Nhì', 'HUÂN CHƯƠNG LAO ĐỘNG HẠNG NHÌ', 'state', 20, 'central', false),
	(null, 'hcld_3', 'Huân chương Lao động hạng Ba', 'HUÂN CHƯƠNG LAO ĐỘNG HẠNG BA', 'state', 30, 'central', false),
	(null, 'bk_ttg', 'Bằng khen của Thủ tướng Chính phủ', 'BẰNG KHEN', 'government', 40, 'central', false),
	(null, 'bk_tinh', 'Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh', 'BẰNG KHEN', 'province', 50, 'province_fund', true),
	(null, 'giay_khen', 'Giấy khen (sở, ban, ngành)', 'GIẤY KHEN', 'unit', 60, 'issuing_unit', true),
	(null, 'giay_khen_xa', 'Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã', 'GIẤY KHEN', 'unit', 65, 'issuing_unit', true)
`);

	// Coefficients: [form, individual, collective, household | null, verified flags, source].
	type Row = [string, number, number, number | null, [boolean, boolean, boolean], string];
	const HC_NOTE = 'Huân chương: cá nhân 9,0 / 7,5 / 4,5; tập thể gấp hai lần cá nhân';
	const rows: Record<string, Row[]> = {
		nd91_2017: [
			['hcld_1', 9, 18, null, [false, false, false], HC_NOTE + ' (REFERENCE §1.3: giống NĐ 152, chưa xem văn bản)'],
			['hcld_2', 7.5, 15, null, [false, false, false], HC_NOTE + ' (chưa xem văn bản)'],
			['hcld_3', 4.5, 9, null, [false, false, false], HC_NOTE + ' (chưa xem văn bản)'],
			['bk_ttg', 3.5, 7, 5.25, [true, true, false], 'Điều 73 NĐ 91/2017 (thukyluat, hieuluat, thuvienphapluat); hộ gia đình 1,5 × cá nhân: chưa xác minh'],
			['bk_tinh', 1, 2, 1.5, [true, true, false], 'Điều 73 NĐ 91/2017: Bằng khen bộ, tỉnh 1,0; tập thể 2 × cá nhân; hộ gia đình: chưa xác minh'],
			['giay_khen', 0.3, 0.6, 0.45, [true, true, false], 'Điều 73 NĐ 91/2017: Giấy khen 0,3; hộ gia đình: chưa xác minh'],
			['giay_khen_xa', 0.15, 0.3, 0.225, [true, true, false], 'Điều 73 NĐ 91/2017: Giấy khen của Chủ tịch UBND cấp xã 0,15; hộ gia đình: chưa xác minh']
		],
		nd98_2023: [
			['hcld_1', 9, 18, null, [false, false, false], 'Điều 55 NĐ 98/2023 chưa xem: rất có thể giống NĐ 91 và NĐ 152'],
			['hcld_2', 7.5, 15, null, [false, false, false], 'Điều 55 NĐ 98/2023 chưa xem: rất có thể giống NĐ 91 và NĐ 152'],
			['hcld_3', 4.5, 9, null, [false, false, false], 'Điều 55 NĐ 98/2023 chưa xem: rất có thể giống NĐ 91 và NĐ 152'],
			['bk_ttg', 3.5, 7, 5.25, [false, false, false], 'Điều 58 NĐ 98/2023 chưa xác minh: mặc định lấy giá trị của NĐ 152/2025'],
			['bk_tinh', 1.5, 3, 2.25, [false, false, false], 'Điều 58 NĐ 98/2023 chưa xác minh: mặc định lấy giá trị của NĐ 152/2025 (NĐ 91/2017 là 1,0)'],
			['giay_khen', 0.3, 0.6, 0.45, [false, false, false], 'Điều 58 NĐ 98/2023 chưa xác minh: mặc định lấy giá trị của NĐ 152/2025'],
			['giay_khen_xa', 0.3, 0.6, 0.45, [false, false, false], 'Điều 58 NĐ 98/2023 chưa xác minh: mặc định lấy giá trị Giấy khen của NĐ 152/2025']
		],
		nd152_2025: [
			['hcld_1', 9, 18, null, [true, true, false], 'Điều 51 NĐ 152/2025 (xazon; bảng tập thể năm 2025)'],
			['hcld_2', 7.5, 15, null, [true, true, false], 'Điều 51 NĐ 152/2025'],
			['hcld_3', 4.5, 9, null, [true, true, false], 'Điều 51 NĐ 152/2025'],
			['bk_ttg', 3.5, 7, 5.25, [true, true, true], 'Điều 54 NĐ 152/2025; hộ gia đình 1,5 × cá nhân (nguồn thứ cấp)'],
			['bk_tinh', 1.5, 3, 2.25, [true, true, true], 'Điều 54 khoản 1 NĐ 152/2025 (giadinh.suckhoedoisong.vn, baomoi); hộ gia đình 1,5 × cá nhân'],
			['giay_khen', 0.3, 0.6, 0.45, [true, true, true], 'Điều 54 NĐ 152/2025 (ja.laodong.vn; bảng tập thể năm 2025); hộ gia đình 1,5 × cá nhân'],
			['giay_khen_xa', 0.3, 0.6, 0.45, [true, true, true], 'Điều 54 NĐ 152/2025: "Giấy khen các cấp"']
		]
	};
	for (const [decree, list] of Object.entries(rows)) {
		for (const [form, ind, coll, hh, v, source] of list) {
			const kinds: [string, number | null, boolean][] = [
				['individual', ind, v[0]],
				['collective', coll, v[1]],
				['household', hh, v[2]]
			];
			for (const [kind, value, verified] of kinds) {
				if (value === null) continue;
				await sql`insert into award_coefficient (decree_id, form_code, recipient_kind, coefficient, verified, source)
					select id, ${form}, ${kind}, ${value}, ${verified}, ${source} from award_decree where code = ${decree}`.execute(db);
			}
		}
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	await run(db, `
drop table if exists ceremony_setting;
drop table if exists award_import;
drop table if exists award;
drop table if exists ceremony_batch;
drop table if exists award_decision;
drop table if exists programme_item;
drop table if exists award_coefficient;
drop table if exists award_form;
drop table if exists award_decree;
drop table if exists award_base_salary
`);
}

/** PGlite and postgres.js prepare each query: one statement per call. No ';' inside bodies here. */
async function run(db: Kysely<any>, ddl: string): Promise<void> {
	for (const stmt of ddl.split(/;\s*\n/)) if (stmt.trim()) await sql.raw(stmt).execute(db);
}
