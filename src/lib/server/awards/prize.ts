/**
 * Prize money (tiền thưởng) from effective-dated rules, as a pure function of the rules tables:
 * amount = coefficient (of the decree in force on the decision date, per award form and recipient kind)
 *          × mức lương cơ sở (in force on the decision date), then rounded by the decree's rule.
 * REFERENCE.md §1.1–1.4, §2. The decision date picks both the decree and the base salary, never the
 * ceremony date.
 */
import type { PrizeRule, RecipientKind, Rounding } from './tables';

export interface BaseSalaryRule {
	effectiveFrom: string;
	amount: number;
	legalBasis: string;
	verified: boolean;
}

export interface DecreeRule {
	code: string;
	name: string;
	effectiveFrom: string;
	effectiveTo: string | null;
	rounding: Rounding;
	roundingVerified: boolean;
}

export interface CoefficientRule {
	decreeCode: string;
	formCode: string;
	kind: RecipientKind;
	/** As PostgreSQL prints numeric: "1.500", "0.225". */
	coefficient: string;
	verified: boolean;
	source: string;
}

export interface PrizeRules {
	baseSalaries: BaseSalaryRule[];
	decrees: DecreeRule[];
	coefficients: CoefficientRule[];
}

export const ROUNDING_LABELS: Record<Rounding, string> = {
	up_10000: 'Làm tròn lên hàng chục nghìn đồng',
	up_1000: 'Làm tròn lên hàng nghìn đồng',
	nearest_10000: 'Làm tròn đến hàng chục nghìn đồng gần nhất',
	nearest_1000: 'Làm tròn đến hàng nghìn đồng gần nhất',
	none: 'Không làm tròn'
};

export const ROUNDINGS = Object.keys(ROUNDING_LABELS) as Rounding[];

/** The base salary in force on a date ('YYYY-MM-DD'): the latest period that started on or before it. */
export function baseSalaryOn(rules: Pick<PrizeRules, 'baseSalaries'>, date: string): BaseSalaryRule | null {
	let best: BaseSalaryRule | null = null;
	for (const b of rules.baseSalaries) {
		if (b.effectiveFrom <= date && (!best || b.effectiveFrom > best.effectiveFrom)) best = b;
	}
	return best;
}

/** The decree in force on a date; when periods overlap (a data error) the one that started last wins. */
export function decreeOn(rules: Pick<PrizeRules, 'decrees'>, date: string): DecreeRule | null {
	let best: DecreeRule | null = null;
	for (const d of rules.decrees) {
		if (d.effectiveFrom <= date && (d.effectiveTo === null || date <= d.effectiveTo)) {
			if (!best || d.effectiveFrom > best.effectiveFrom) best = d;
		}
	}
	return best;
}

/** A numeric string ("1.500", "2,25", "0.3") as thousandths, exactly (no binary floating point). */
export function coefficientMilli(value: string | number): number {
	const s = String(value).trim().replace(',', '.');
	const m = /^(\d+)(?:\.(\d{1,3})\d*)?$/.exec(s);
	if (!m) throw new RangeError(`Hệ số không hợp lệ: ${value}`);
	return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}

/** "1,5", "0,225", "18": a coefficient the Vietnamese way. */
export function formatCoefficient(value: string | number): string {
	const milli = coefficientMilli(value);
	const int = Math.floor(milli / 1000);
	const frac = String(milli % 1000).padStart(3, '0').replace(/0+$/, '');
	return frac ? `${int},${frac}` : String(int);
}

/** Applies a rounding rule to a whole number of đồng. */
export function roundAmount(raw: number, rounding: Rounding): number {
	switch (rounding) {
		case 'up_10000':
			return Math.ceil(raw / 10_000) * 10_000;
		case 'up_1000':
			return Math.ceil(raw / 1_000) * 1_000;
		case 'nearest_10000':
			return Math.round(raw / 10_000) * 10_000;
		case 'nearest_1000':
			return Math.round(raw / 1_000) * 1_000;
		case 'none':
			return raw;
	}
}

/**
 * The prize for one award: which decree and base salary apply on the decision date, the coefficient for
 * the form and kind, and the rounded amount. Never throws for missing rules: `missing` says what is
 * lacking and the amount is 0, so a list can still be recorded and the gap shown.
 */
export function computePrize(
	rules: PrizeRules,
	input: { decisionDate: string; formCode: string; kind: RecipientKind },
	now = new Date()
): PrizeRule {
	const decree = decreeOn(rules, input.decisionDate);
	const base = baseSalaryOn(rules, input.decisionDate);
	const coef = decree
		? rules.coefficients.find(
				(c) => c.decreeCode === decree.code && c.formCode === input.formCode && c.kind === input.kind
			)
		: undefined;
	const rule: PrizeRule = {
		decree: decree?.code ?? null,
		decreeName: decree?.name ?? null,
		formCode: input.formCode,
		kind: input.kind,
		coefficient: coef ? formatCoefficient(coef.coefficient).replace(',', '.') : null,
		coefficientVerified: coef?.verified ?? false,
		coefficientSource: coef?.source ?? '',
		baseSalary: base?.amount ?? null,
		baseSalaryFrom: base?.effectiveFrom ?? null,
		baseSalaryBasis: base?.legalBasis ?? null,
		baseSalaryVerified: base?.verified ?? false,
		rounding: decree?.rounding ?? null,
		roundingVerified: decree?.roundingVerified ?? false,
		raw: null,
		amount: 0,
		missing: null,
		decisionDate: input.decisionDate,
		computedAt: now.toISOString()
	};
	if (!decree) return { ...rule, missing: 'no_decree' };
	if (!base) return { ...rule, missing: 'no_base_salary' };
	if (!coef) return { ...rule, missing: 'no_coefficient' };
	// Thousandths × đồng stays an exact integer below 2^53 for any sane value (100 × 10^9 × 1000).
	const rawMilli = coefficientMilli(coef.coefficient) * base.amount;
	const raw = Math.ceil(rawMilli / 1000);
	return { ...rule, raw, amount: roundAmount(raw, decree.rounding) };
}

export const MISSING_LABELS: Record<string, string> = {
	no_decree: 'Không có nghị định nào có hiệu lực vào ngày quyết định',
	no_base_salary: 'Không có mức lương cơ sở cho ngày quyết định',
	no_coefficient: 'Nghị định không quy định hệ số cho hình thức và đối tượng này'
};

/** True when the rule an amount was recorded with differs from what the rules give today. */
export function ruleChanged(recorded: Partial<PrizeRule>, current: PrizeRule): boolean {
	return (
		recorded.amount !== current.amount ||
		recorded.decree !== current.decree ||
		recorded.coefficient !== current.coefficient ||
		recorded.baseSalary !== current.baseSalary ||
		recorded.rounding !== current.rounding
	);
}
