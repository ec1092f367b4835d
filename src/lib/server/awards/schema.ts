/** Parsing of award decision and award input (forms and the JSON API). Throws invalid() with per-field messages. */
import { normalizeText, parseVnDate, stripSalutation, type Salutation } from '$lib/format';
import { invalid } from '$lib/server/errors';
import type { Fund, RecipientKind } from './tables';

export interface DecisionInput {
	number: string;
	decisionDate: string;
	formId: number;
	issuer: string;
	authorityLine: string;
	subject: string;
	signerPrefix: string;
	signerTitle: string;
	signerName: string;
	/** Default: the form's fund. */
	fund: Fund | null;
	fundUnit: string;
	defaultAchievement: string;
}

const FUNDS: Fund[] = ['central', 'province_fund', 'issuing_unit'];
const KINDS: RecipientKind[] = ['collective', 'individual', 'household'];

const TEXT: Record<string, number> = {
	number: 60,
	issuer: 200,
	authorityLine: 200,
	subject: 500,
	signerPrefix: 60,
	signerTitle: 120,
	signerName: 120,
	fundUnit: 200,
	defaultAchievement: 1000
};

function text(raw: Record<string, unknown>, key: string, errors: Record<string, string>): string {
	const v = raw[key];
	if (v != null && typeof v !== 'string') {
		errors[key] = 'Giá trị phải là chuỗi ký tự';
		return '';
	}
	const s = normalizeText(String(v ?? ''));
	if (TEXT[key] && s.length > TEXT[key]) errors[key] = `Tối đa ${TEXT[key]} ký tự`;
	return s;
}

/** A decision from a form or JSON; `partial` for PATCH (only the keys given). */
export function parseDecisionInput(raw: Record<string, unknown>, opts: { partial?: boolean } = {}): Partial<DecisionInput> {
	const errors: Record<string, string> = {};
	const out: Partial<DecisionInput> = {};
	const has = (k: string) => !opts.partial || raw[k] !== undefined;
	for (const k of Object.keys(TEXT)) if (has(k)) (out as Record<string, unknown>)[k] = text(raw, k, errors);
	if (has('number') && !out.number) errors.number = 'Nhập số quyết định (ví dụ 512/QĐ-UBND)';
	if (has('decisionDate')) {
		const d = parseVnDate(String(raw.decisionDate ?? ''));
		if (!d) errors.decisionDate = 'Nhập ngày quyết định hợp lệ';
		else out.decisionDate = d;
	}
	if (has('formId')) {
		const n = Number(raw.formId);
		if (!Number.isSafeInteger(n) || n <= 0) errors.formId = 'Chọn hình thức khen thưởng';
		else out.formId = n;
	}
	if (raw.fund !== undefined && raw.fund !== '' && raw.fund !== null) {
		if (!FUNDS.includes(raw.fund as Fund)) errors.fund = 'Nguồn chi không hợp lệ';
		else out.fund = raw.fund as Fund;
	} else if (!opts.partial) out.fund = null;
	if (Object.keys(errors).length) throw invalid(errors);
	return out;
}

export interface AwardInput {
	kind: RecipientKind;
	name: string;
	salutation: Salutation | null;
	householdHead: string | null;
	position: string;
	unit: string;
	achievement: string;
	notes: string;
}

/** One recipient typed by hand or sent by the API. "Ông"/"Bà" before a person's name becomes the salutation. */
export function parseAwardInput(raw: Record<string, unknown>, opts: { partial?: boolean } = {}): Partial<AwardInput> {
	const errors: Record<string, string> = {};
	const out: Partial<AwardInput> = {};
	const has = (k: string) => !opts.partial || raw[k] !== undefined;
	if (has('kind')) {
		if (!KINDS.includes(raw.kind as RecipientKind)) errors.kind = 'Chọn tập thể, cá nhân hoặc hộ gia đình';
		else out.kind = raw.kind as RecipientKind;
	}
	if (has('name')) {
		let name = normalizeText(String(raw.name ?? ''));
		if (out.kind === 'individual') {
			const s = stripSalutation(name);
			name = s.name;
			if (s.salutation) out.salutation = s.salutation;
		}
		if (!name) errors.name = 'Nhập tên tập thể, cá nhân hoặc hộ gia đình';
		else if (name.length > 300) errors.name = 'Tối đa 300 ký tự';
		out.name = name;
	}
	if (raw.salutation !== undefined) {
		const s = String(raw.salutation ?? '');
		if (s === '') out.salutation = null;
		else if (s === 'Ông' || s === 'Bà') out.salutation = s;
		else errors.salutation = 'Chọn Ông hoặc Bà';
	} else if (!opts.partial && out.salutation === undefined) out.salutation = null;
	if (raw.householdHead !== undefined) out.householdHead = normalizeText(String(raw.householdHead ?? '')) || null;
	else if (!opts.partial) out.householdHead = null;
	for (const [k, max] of [
		['position', 300],
		['unit', 400],
		['achievement', 2000],
		['notes', 2000]
	] as const) {
		if (!has(k)) continue;
		const v = String(raw[k] ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
		if (v.length > max) errors[k] = `Tối đa ${max} ký tự`;
		out[k] = v;
	}
	if (Object.keys(errors).length) throw invalid(errors);
	return out;
}
