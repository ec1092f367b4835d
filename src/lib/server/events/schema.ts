/** Parsing and validation of event input (from a form or the JSON API). */
import { normalizeText, parseDateTimeLocal } from '$lib/format';
import type { EventKind } from '$lib/server/db/foundation-tables';

export interface EventInput {
	kind: EventKind;
	title: string;
	movement: string;
	periodLabel: string;
	startsAt: Date;
	endsAt: Date | null;
	venue: string;
	address: string;
	organiserName: string;
	authorityParent: string;
	authorityName: string;
	placeName: string;
	docNumber: string;
	docSymbol: string;
	signerPrefix: string;
	signerTitle: string;
	signerName: string;
	notes: string;
}

export type ParseResult<T> =
	| { ok: true; value: T }
	| { ok: false; errors: Record<string, string>; values: Record<string, string> };

const KINDS: EventKind[] = ['so_ket', 'tong_ket', 'other'];
const TEXT_FIELDS = {
	title: 300,
	movement: 300,
	periodLabel: 120,
	venue: 300,
	address: 300,
	organiserName: 200,
	authorityParent: 120,
	authorityName: 120,
	placeName: 80,
	docNumber: 20,
	docSymbol: 40,
	signerPrefix: 60,
	signerTitle: 120,
	signerName: 120,
	notes: 4000
} as const;

function asDate(v: unknown): Date | null {
	if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
	if (typeof v !== 'string' || !v.trim()) return null;
	const s = v.trim();
	// datetime-local values are Vietnam time; full ISO strings with a zone are instants.
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(s)) return parseDateTimeLocal(s.slice(0, 16));
	const d = new Date(s);
	return Number.isNaN(d.getTime()) ? null : d;
}

/** Accepts either the form's names (camelCase) or the API's; `partial` for PATCH. */
export function parseEventInput(
	raw: Record<string, unknown>,
	opts: { partial?: boolean } = {}
): ParseResult<Partial<EventInput>> {
	const errors: Record<string, string> = {};
	const values: Record<string, string> = {};
	const out: Partial<EventInput> = {};
	for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') values[k] = v;
	const has = (k: string) => raw[k] !== undefined;

	if (!opts.partial || has('kind')) {
		const kind = String(raw.kind ?? '');
		if (!KINDS.includes(kind as EventKind)) errors.kind = 'Chọn loại hội nghị';
		else out.kind = kind as EventKind;
	}
	for (const [field, max] of Object.entries(TEXT_FIELDS)) {
		if (opts.partial && !has(field)) continue;
		const v = raw[field];
		if (v != null && typeof v !== 'string') {
			errors[field] = 'Giá trị phải là chuỗi ký tự';
			continue;
		}
		const text = field === 'notes' ? String(v ?? '').normalize('NFC').trim() : normalizeText(String(v ?? ''));
		if (text.length > max) errors[field] = `Tối đa ${max} ký tự`;
		(out as Record<string, string>)[field] = text;
	}
	if ((!opts.partial || has('title')) && !out.title) errors.title = 'Vui lòng nhập tên hội nghị';
	if (!opts.partial || has('startsAt')) {
		const d = asDate(raw.startsAt);
		if (!d) errors.startsAt = 'Vui lòng nhập ngày giờ khai mạc hợp lệ';
		else out.startsAt = d;
	}
	if (has('endsAt')) {
		const v = raw.endsAt;
		if (v === null || v === '') out.endsAt = null;
		else {
			const d = asDate(v);
			if (!d) errors.endsAt = 'Ngày giờ kết thúc không hợp lệ';
			else out.endsAt = d;
		}
	}
	if (out.startsAt && out.endsAt && out.endsAt <= out.startsAt)
		errors.endsAt = 'Giờ kết thúc phải sau giờ khai mạc';
	if (out.docSymbol && !/^[\p{L}\d.\-/]+$/u.test(out.docSymbol))
		errors.docSymbol = 'Ký hiệu chỉ gồm chữ, số và các dấu - . /';
	if (Object.keys(errors).length) return { ok: false, errors, values };
	return { ok: true, value: out };
}

export interface TierInput {
	id?: number;
	name: string;
	isLeader: boolean;
}

export function parseTiers(raw: unknown): ParseResult<TierInput[]> {
	const errors: Record<string, string> = {};
	if (!Array.isArray(raw) || raw.length === 0)
		return { ok: false, errors: { tiers: 'Cần ít nhất một cấp đại biểu' }, values: {} };
	if (raw.length > 30) return { ok: false, errors: { tiers: 'Tối đa 30 cấp đại biểu' }, values: {} };
	const out: TierInput[] = [];
	const seen = new Set<string>();
	raw.forEach((t, i) => {
		const name = normalizeText(String((t as { name?: unknown })?.name ?? ''));
		if (!name) errors[`tiers.${i}`] = 'Tên cấp không được để trống';
		else if (name.length > 120) errors[`tiers.${i}`] = 'Tên cấp tối đa 120 ký tự';
		else if (seen.has(name.toLowerCase())) errors[`tiers.${i}`] = `Trùng tên cấp "${name}"`;
		seen.add(name.toLowerCase());
		const idRaw = (t as { id?: unknown })?.id;
		const id = idRaw == null || idRaw === '' ? undefined : Number(idRaw);
		out.push({
			...(id !== undefined && Number.isSafeInteger(id) ? { id } : {}),
			name,
			isLeader: !!(t as { isLeader?: unknown })?.isLeader
		});
	});
	if (Object.keys(errors).length) return { ok: false, errors, values: {} };
	return { ok: true, value: out };
}
