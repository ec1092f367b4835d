/** Column types of the programme, awards and certificates tables (migrations/0006_programme_awards_certificates.ts). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, DateString, Timestamp } from '$lib/server/db/foundation-tables';

export type RecipientKind = 'collective' | 'individual' | 'household';
export type Fund = 'central' | 'province_fund' | 'issuing_unit';
export type AwardLevel = 'state' | 'government' | 'province' | 'unit';
export type Rounding = 'up_10000' | 'up_1000' | 'nearest_10000' | 'nearest_1000' | 'none';
export type ProgrammeKind =
	| 'art'
	| 'flag'
	| 'opening'
	| 'report'
	| 'video'
	| 'discussion'
	| 'awards'
	| 'directive'
	| 'response'
	| 'launch'
	| 'closing'
	| 'break'
	| 'other';
export type BatchStatus = 'pending' | 'on_stage' | 'done';

/** numeric columns come back as strings from both drivers. */
type Numeric = ColumnType<string, number | string, number | string>;

export interface AwardBaseSalaryTable {
	id: Generated<number>;
	effective_from: DateString;
	amount: number;
	legal_basis: Generated<string>;
	verified: Generated<boolean>;
	source: Generated<string>;
	updated_at: Generated<Date>;
	updated_by: number | null;
}

export interface AwardDecreeTable {
	id: Generated<number>;
	code: string;
	name: string;
	effective_from: DateString;
	effective_to: DateString | null;
	rounding: Generated<Rounding>;
	rounding_verified: Generated<boolean>;
	rounding_source: Generated<string>;
	notes: Generated<string>;
	updated_at: Generated<Date>;
	updated_by: number | null;
}

export interface AwardFormTable {
	id: Generated<number>;
	/** null: built in (national forms); otherwise added by that organisation. */
	organisation_id: number | null;
	code: string;
	name: string;
	/** "BẰNG KHEN", "GIẤY KHEN": the big red title of the certificate. */
	certificate_title: Generated<string>;
	level: Generated<AwardLevel>;
	/** Lower is higher: Huân chương 10–30, BK TTg 40, BK tỉnh 50, Giấy khen 60+. */
	precedence: Generated<number>;
	fund: Generated<Fund>;
	/** The organiser prints the certificate (BK tỉnh, Giấy khen); state awards arrive printed. */
	prints_certificate: Generated<boolean>;
	created_at: CreatedAt;
}

export interface AwardCoefficientTable {
	id: Generated<number>;
	decree_id: number;
	form_code: string;
	recipient_kind: RecipientKind;
	coefficient: Numeric;
	verified: Generated<boolean>;
	source: Generated<string>;
	updated_at: Generated<Date>;
	updated_by: number | null;
}

export interface ProgrammeItemTable {
	id: Generated<number>;
	event_id: number;
	position: number;
	kind: Generated<ProgrammeKind>;
	title: string;
	presenter_name: Generated<string>;
	presenter_position: Generated<string>;
	presenter_delegate_id: number | null;
	/** The tham luận this item presents (submissions capability); no foreign key across capabilities. */
	submission_id: number | null;
	duration_minutes: Generated<number>;
	/** A pinned start (e.g. after the lunch break); other items follow the one before them. */
	fixed_start: Timestamp | null;
	notes: Generated<string>;
	actual_start: Timestamp | null;
	actual_end: Timestamp | null;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
}

export interface AwardDecisionTable {
	id: Generated<number>;
	event_id: number;
	/** "512/QĐ-UBND". */
	number: string;
	decision_date: DateString;
	form_id: number;
	/** "Chủ tịch Ủy ban nhân dân tỉnh". */
	issuer: Generated<string>;
	/** Printed red on the certificate: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA". */
	authority_line: Generated<string>;
	/** "về việc tặng Bằng khen cho các tập thể, cá nhân, hộ gia đình …" */
	subject: Generated<string>;
	signer_prefix: Generated<string>;
	signer_title: Generated<string>;
	signer_name: Generated<string>;
	fund: Fund;
	/** For Giấy khen: the sở or xã whose fund pays. */
	fund_unit: Generated<string>;
	default_achievement: Generated<string>;
	created_by: number | null;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
}

export interface CeremonyBatchTable {
	id: Generated<number>;
	event_id: number;
	position: number;
	decision_id: number | null;
	title: Generated<string>;
	presenter_delegate_id: number | null;
	/** Shown when no delegate is linked, or as the delegate's name when the batch was generated. */
	presenter_name: Generated<string>;
	presenter_position: Generated<string>;
	status: Generated<BatchStatus>;
	called_at: Timestamp | null;
	created_at: CreatedAt;
}

/** The rule that produced an award's amount, stored with it. */
export interface PrizeRule {
	decree: string | null;
	decreeName: string | null;
	formCode: string;
	kind: RecipientKind;
	coefficient: string | null;
	coefficientVerified: boolean;
	coefficientSource: string;
	baseSalary: number | null;
	baseSalaryFrom: string | null;
	baseSalaryBasis: string | null;
	baseSalaryVerified: boolean;
	rounding: Rounding | null;
	roundingVerified: boolean;
	/** coefficient × base before rounding (may carry a fraction of a đồng in theory; integer here). */
	raw: number | null;
	amount: number;
	/** Why there is no amount: 'no_decree', 'no_base_salary', 'no_coefficient'. */
	missing: string | null;
	decisionDate: string;
	computedAt: string;
}

export interface AwardTable {
	id: Generated<number>;
	event_id: number;
	decision_id: number;
	kind: RecipientKind;
	/** As printed: a collective's name, a person's name without Ông/Bà, a household as written. */
	name: string;
	salutation: 'Ông' | 'Bà' | null;
	household_head: string | null;
	position: Generated<string>;
	/** Unit for people and collectives, address for households. */
	unit: Generated<string>;
	achievement: Generated<string>;
	list_order: Generated<number>;
	amount: Generated<number>;
	prize_rule: JSONColumnType<PrizeRule | Record<string, never>, string, string>;
	fund: Fund;
	register_seq: number | null;
	register_number: string | null;
	verification_code: string;
	/** Who comes on stage: the person, or the delegate representing the collective or household. */
	delegate_id: number | null;
	batch_id: number | null;
	batch_order: Generated<number>;
	notes: Generated<string>;
	search_key: Generated<string>;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
}

export interface AwardImportTable {
	id: Generated<number>;
	event_id: number;
	created_by: number | null;
	filename: Generated<string>;
	sha256: string;
	preview: JSONColumnType<Record<string, unknown>, string, string>;
	decision_id: number | null;
	committed_at: Timestamp | null;
	created_at: CreatedAt;
}

export interface CeremonySettingTable {
	event_id: number;
	stage_capacity: Generated<number>;
	current_batch_id: number | null;
	script_text: string | null;
	script_generated_at: Timestamp | null;
	script_updated_at: Timestamp | null;
	script_updated_by: number | null;
	certificate_layout: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
	certificate_options: JSONColumnType<Record<string, unknown>, string, string>;
	updated_at: Generated<Date>;
}

export interface AwardTables {
	award_base_salary: AwardBaseSalaryTable;
	award_decree: AwardDecreeTable;
	award_form: AwardFormTable;
	award_coefficient: AwardCoefficientTable;
	programme_item: ProgrammeItemTable;
	award_decision: AwardDecisionTable;
	ceremony_batch: CeremonyBatchTable;
	award: AwardTable;
	award_import: AwardImportTable;
	ceremony_setting: CeremonySettingTable;
}
