/**
 * Parsing of budget input from a form (strings, Vietnamese number style) or the JSON API (numbers or
 * strings). Money: integer đồng ("1.500.000", 1500000). Quantities: up to two decimals ("12,5", 12.5).
 */
import { normalizeText, parseMoney, parseVnDate } from '$lib/format';
import { isCategory, isFundType } from './labels';
import { parseQuantity, quantityFromDb } from './money';
import { readParams, type DerivedParams } from './derive';
import type { BudgetCategory, FundType } from './tables';

export type ParseResult<T> =
	| { ok: true; value: T }
	| { ok: false; errors: Record<string, string>; values: Record<string, string> };

type Raw = Record<string, unknown>;

function valuesOf(raw: Raw): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
	return out;
}

class Reader {
	errors: Record<string, string> = {};
	constructor(
		private raw: Raw,
		private partial: boolean
	) {}
	has(k: string) {
		return this.raw[k] !== undefined;
	}
	skip(k: string) {
		return this.partial && !this.has(k);
	}
	text(k: string, max: number, opts: { required?: string; multiline?: boolean } = {}): string | undefined {
		if (this.skip(k)) return undefined;
		const v = this.raw[k];
		if (v != null && typeof v !== 'string') {
			this.errors[k] = 'Giá trị phải là chuỗi ký tự';
			return undefined;
		}
		const t = opts.multiline ? String(v ?? '').normalize('NFC').trim() : normalizeText(String(v ?? ''));
		if (opts.required && !t) this.errors[k] = opts.required;
		else if (t.length > max) this.errors[k] = `Tối đa ${max} ký tự`;
		return t;
	}
	money(k: string, opts: { required?: string; nullable?: boolean; positive?: boolean } = {}): number | null | undefined {
		if (this.skip(k)) return undefined;
		const v = this.raw[k];
		if ((v == null || v === '') && opts.nullable) return null;
		let n: number | null = null;
		if (typeof v === 'number') n = Number.isSafeInteger(v) ? v : null;
		else if (typeof v === 'string' && v.trim()) n = parseMoney(v);
		else {
			this.errors[k] = opts.required ?? 'Vui lòng nhập số tiền';
			return undefined;
		}
		if (n == null) this.errors[k] = 'Số tiền không hợp lệ (số nguyên đồng, ví dụ 1.500.000)';
		else if (n < 0 || (opts.positive && n === 0)) this.errors[k] = opts.positive ? 'Số tiền phải lớn hơn 0' : 'Số tiền không được âm';
		else return n;
		return undefined;
	}
	quantity(k: string): number | undefined {
		if (this.skip(k)) return undefined;
		const v = this.raw[k];
		let q: number | null = null;
		if (typeof v === 'number') {
			try {
				q = quantityFromDb(v);
			} catch {
				q = null;
			}
		} else if (typeof v === 'string') q = parseQuantity(v);
		if (q == null) {
			this.errors[k] = 'Số lượng không hợp lệ (tối đa 2 chữ số thập phân, ví dụ 12,5)';
			return undefined;
		}
		return q;
	}
	id(k: string, opts: { required?: string } = {}): number | null | undefined {
		if (this.skip(k)) return undefined;
		const v = this.raw[k];
		if (v == null || v === '') {
			if (opts.required) this.errors[k] = opts.required;
			return null;
		}
		const n = typeof v === 'number' ? v : /^\d+$/.test(String(v).trim()) ? Number(String(v).trim()) : NaN;
		if (!Number.isSafeInteger(n) || n <= 0 || n > 2147483647) {
			this.errors[k] = 'Mã không hợp lệ';
			return undefined;
		}
		return n;
	}
	date(k: string, opts: { required?: string } = {}): string | null | undefined {
		if (this.skip(k)) return undefined;
		const v = this.raw[k];
		if (v == null || v === '') {
			if (opts.required) this.errors[k] = opts.required;
			return null;
		}
		const d = typeof v === 'string' ? parseVnDate(v) : null;
		if (!d) this.errors[k] = 'Ngày không hợp lệ (dd/mm/yyyy)';
		return d ?? undefined;
	}
	bool(k: string): boolean | undefined {
		if (this.skip(k)) return undefined;
		const v = this.raw[k];
		return v === true || v === 'true' || v === 'on' || v === '1';
	}
}

// ------------------------------------------------------------------ funding sources

export interface SourceInput {
	name: string;
	fundType: FundType;
	decisionNo: string;
	decisionDate: string | null;
	issuer: string;
	amount: number;
	notes: string;
}

export function parseSourceInput(raw: Raw, opts: { partial?: boolean } = {}): ParseResult<Partial<SourceInput>> {
	const r = new Reader(raw, !!opts.partial);
	const out: Partial<SourceInput> = {};
	out.name = r.text('name', 300, { required: 'Vui lòng nhập tên nguồn kinh phí' });
	if (!r.skip('fundType')) {
		if (isFundType(raw.fundType)) out.fundType = raw.fundType;
		else r.errors.fundType = 'Chọn loại nguồn';
	}
	out.decisionNo = r.text('decisionNo', 80);
	out.decisionDate = r.date('decisionDate');
	out.issuer = r.text('issuer', 200);
	out.amount = r.money('amount', { required: 'Vui lòng nhập số kinh phí được giao' }) ?? undefined;
	out.notes = r.text('notes', 2000, { multiline: true });
	return finish(r, raw, out);
}

// ------------------------------------------------------------------ norms

export interface NormInput {
	category: BudgetCategory;
	name: string;
	unit: string;
	maxAmount: number | null;
	legalBasis: string;
	verified: boolean;
	effectiveFrom: string | null;
	effectiveTo: string | null;
	notes: string;
}

export function parseNormInput(raw: Raw, opts: { partial?: boolean } = {}): ParseResult<Partial<NormInput>> {
	const r = new Reader(raw, !!opts.partial);
	const out: Partial<NormInput> = {};
	if (!r.skip('category')) {
		if (isCategory(raw.category)) out.category = raw.category;
		else r.errors.category = 'Chọn khoản chi';
	}
	out.name = r.text('name', 300, { required: 'Vui lòng nhập tên định mức' });
	out.unit = r.text('unit', 80);
	const m = r.money('maxAmount', { nullable: true });
	if (m !== undefined) out.maxAmount = m;
	out.legalBasis = r.text('legalBasis', 500);
	out.verified = r.bool('verified');
	out.effectiveFrom = r.date('effectiveFrom');
	out.effectiveTo = r.date('effectiveTo');
	if (out.effectiveFrom && out.effectiveTo && out.effectiveTo < out.effectiveFrom) r.errors.effectiveTo = 'Ngày hết hiệu lực phải sau ngày có hiệu lực';
	out.notes = r.text('notes', 2000, { multiline: true });
	return finish(r, raw, out);
}

// ------------------------------------------------------------------ dự toán lines

export interface LineInput {
	fundingSourceId: number;
	category: BudgetCategory;
	description: string;
	unit: string;
	/** Hundredths. */
	quantity: number;
	unitPrice: number;
	normId: number | null;
	notes: string;
	derivedFrom: string | null;
	derivedParams: DerivedParams;
	overReason: string | null;
}

export function parseLineInput(raw: Raw, opts: { partial?: boolean } = {}): ParseResult<Partial<LineInput>> {
	const r = new Reader(raw, !!opts.partial);
	const out: Partial<LineInput> = {};
	out.fundingSourceId = r.id('fundingSourceId', { required: 'Chọn nguồn kinh phí (mỗi khoản chi chỉ một nguồn)' }) ?? undefined;
	if (!r.skip('category')) {
		if (isCategory(raw.category)) out.category = raw.category;
		else r.errors.category = 'Chọn khoản chi';
	}
	out.description = r.text('description', 500, { required: 'Vui lòng nhập nội dung chi' });
	out.unit = r.text('unit', 80);
	const derived = raw.derivedFrom;
	if (!r.skip('derivedFrom')) {
		if (derived == null || derived === '') out.derivedFrom = null;
		else if (typeof derived === 'string' && /^(attendance|letters|booklet|certificates|awards:[a-z0-9_]{1,40})$/.test(derived)) out.derivedFrom = derived;
		else r.errors.derivedFrom = 'Cách tính tự động không hợp lệ';
	}
	// A derived line's quantity comes from the data; a typed one is still read (used while data is missing).
	if (!r.skip('quantity')) {
		if ((raw.quantity == null || raw.quantity === '') && out.derivedFrom) out.quantity = 0;
		else out.quantity = r.quantity('quantity');
	}
	out.unitPrice = r.money('unitPrice', { required: 'Vui lòng nhập đơn giá' }) ?? undefined;
	const normId = r.id('normId');
	if (normId !== undefined) out.normId = normId;
	out.notes = r.text('notes', 2000, { multiline: true });
	if (!r.skip('derivedParams') || raw.tierIds !== undefined || raw.sessions !== undefined || raw.days !== undefined) {
		out.derivedParams = readDerivedParams(raw, r);
	}
	const reason = r.text('overReason', 1000, { multiline: true });
	if (reason !== undefined) out.overReason = reason || null;
	return finish(r, raw, out);
}

/** From JSON: derivedParams: {...}; from a form: tierIds (repeated or comma list), sessions, days, letters, copies. */
function readDerivedParams(raw: Raw, r: Reader): DerivedParams {
	if (raw.derivedParams && typeof raw.derivedParams === 'object') return readParams(raw.derivedParams);
	const int = (k: string) => {
		const v = raw[k];
		if (v == null || v === '') return undefined;
		const n = Number(String(v).trim());
		if (!Number.isSafeInteger(n) || n < 0 || n > 10_000_000) {
			r.errors[k] = 'Số không hợp lệ';
			return undefined;
		}
		return n;
	};
	const tiers = raw.tierIds;
	const list = Array.isArray(tiers) ? tiers : typeof tiers === 'string' && tiers ? tiers.split(',') : [];
	return readParams({
		tierIds: list.map((t) => Number(String(t).trim())).filter((t) => Number.isSafeInteger(t) && t > 0),
		sessions: int('sessions'),
		days: int('days'),
		copies: int('copies'),
		letters: raw.letters
	});
}

// ------------------------------------------------------------------ thực chi

export interface ExpenseInput {
	lineId: number;
	fundingSourceId: number | null;
	spentOn: string;
	payee: string;
	voucherNo: string;
	description: string;
	amount: number;
	overReason: string | null;
}

export function parseExpenseInput(raw: Raw): ParseResult<ExpenseInput> {
	const r = new Reader(raw, false);
	const lineId = r.id('lineId', { required: 'Chọn khoản chi trong dự toán' });
	const fundingSourceId = r.id('fundingSourceId');
	const spentOn = r.date('spentOn', { required: 'Vui lòng nhập ngày chứng từ' });
	const payee = r.text('payee', 300, { required: 'Vui lòng nhập người nhận tiền / đơn vị cung cấp' });
	const voucherNo = r.text('voucherNo', 80, { required: 'Vui lòng nhập số chứng từ' });
	const description = r.text('description', 1000, { required: 'Vui lòng nhập nội dung chi' });
	const amount = r.money('amount', { required: 'Vui lòng nhập số tiền', positive: true });
	const reason = r.text('overReason', 1000, { multiline: true });
	if (Object.keys(r.errors).length) return { ok: false, errors: r.errors, values: valuesOf(raw) };
	return {
		ok: true,
		value: {
			lineId: lineId!,
			fundingSourceId: fundingSourceId ?? null,
			spentOn: spentOn!,
			payee: payee!,
			voucherNo: voucherNo!,
			description: description!,
			amount: amount!,
			overReason: reason || null
		}
	};
}

export interface ReversalInput {
	spentOn: string;
	voucherNo: string;
	reason: string;
}

export function parseReversalInput(raw: Raw): ParseResult<ReversalInput> {
	const r = new Reader(raw, false);
	const spentOn = r.date('spentOn', { required: 'Vui lòng nhập ngày của bút toán đảo' });
	const voucherNo = r.text('voucherNo', 80, { required: 'Vui lòng nhập số chứng từ của bút toán đảo' });
	const reason = r.text('reason', 1000, { required: 'Vui lòng nêu lý do đảo bút toán', multiline: true });
	if (Object.keys(r.errors).length) return { ok: false, errors: r.errors, values: valuesOf(raw) };
	return { ok: true, value: { spentOn: spentOn!, voucherNo: voucherNo!, reason: reason! } };
}

function finish<T extends object>(r: Reader, raw: Raw, out: T): ParseResult<T> {
	for (const k of Object.keys(out) as (keyof T)[]) if (out[k] === undefined) delete out[k];
	if (Object.keys(r.errors).length) return { ok: false, errors: r.errors, values: valuesOf(raw) };
	return { ok: true, value: out };
}
