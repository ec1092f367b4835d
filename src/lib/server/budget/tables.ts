/** Column types of the budget tables (migrations/0007_budget.ts). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, DateString, Timestamp } from '$lib/server/db/foundation-tables';

export type BudgetCategory =
	| 'hall'
	| 'decoration'
	| 'sound_light'
	| 'printing'
	| 'refreshments'
	| 'meals'
	| 'travel'
	| 'certificates'
	| 'prizes'
	| 'culture'
	| 'media'
	| 'other';

export type FundType = 'programme' | 'emulation_fund' | 'unit_budget' | 'other';

/** numeric(12,2) comes back as a string ("12.50"); written as a string too, never as a float. */
export type Numeric = ColumnType<string, string, string>;

export interface BudgetNormTable {
	id: Generated<number>;
	organisation_id: number;
	/** Stable key of a seeded norm ("tt40.meal.province"); null for norms typed by the organisation. */
	code: string | null;
	category: BudgetCategory;
	name: string;
	/** "đồng/người/ngày" */
	unit: Generated<string>;
	/** Ceiling per unit in đồng; null while the rate is not known (e.g. the provincial resolution). */
	max_amount: number | null;
	legal_basis: Generated<string>;
	verified: Generated<boolean>;
	effective_from: DateString | null;
	effective_to: DateString | null;
	notes: Generated<string>;
	archived_at: Timestamp | null;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
}

export interface FundingSourceTable {
	id: Generated<number>;
	event_id: number;
	name: string;
	fund_type: FundType;
	decision_no: Generated<string>;
	decision_date: DateString | null;
	issuer: Generated<string>;
	amount: number;
	notes: Generated<string>;
	position: Generated<number>;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
}

export interface BudgetLineTable {
	id: Generated<number>;
	event_id: number;
	funding_source_id: number;
	category: BudgetCategory;
	description: string;
	unit: Generated<string>;
	quantity: Numeric;
	unit_price: number;
	amount: number;
	norm_id: number | null;
	over_reason: string | null;
	/** null | 'attendance' | 'letters' | 'booklet' | 'certificates' | 'awards:<fund>' */
	derived_from: string | null;
	/** The rule's settings chosen by finance (tiers counted, sessions override, copies…). */
	derived_params: ColumnType<Record<string, unknown>, string | undefined, string>;
	/** The figures used at the last computation ({ expected: 148, sessions: 1, source: 'delegates' }). */
	derived_inputs: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
	derived_at: Timestamp | null;
	notes: Generated<string>;
	position: Generated<number>;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
}

export interface ExpenseTable {
	id: Generated<number>;
	event_id: number;
	line_id: number;
	funding_source_id: number;
	spent_on: DateString;
	payee: string;
	voucher_no: string;
	description: string;
	/** Positive; negative only for a reversal entry (reverses_id set). */
	amount: number;
	reverses_id: number | null;
	over_reason: string | null;
	receipt_key: string | null;
	receipt_name: string | null;
	receipt_type: 'image/jpeg' | 'image/png' | 'application/pdf' | null;
	receipt_size: number | null;
	receipt_sha256: string | null;
	created_by: number | null;
	created_at: CreatedAt;
}

export interface BudgetTables {
	budget_norm: BudgetNormTable;
	funding_source: FundingSourceTable;
	budget_line: BudgetLineTable;
	expense: ExpenseTable;
}
