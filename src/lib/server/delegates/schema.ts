/** Parsing and validation of delegate input (from a form or the JSON API). */
import { normalizePhone, normalizeText, stripSalutation, type Salutation } from '$lib/format';
import { isValidEmail } from '$lib/server/sheets/rows';
import type { DelegateKind, ReplyStatus, SeatNumbering } from './tables';

export type ParseResult<T> =
	| { ok: true; value: T }
	| { ok: false; errors: Record<string, string>; values: Record<string, string> };

export interface DelegateInput {
	kind: DelegateKind;
	tierId: number;
	salutation: Salutation | null;
	fullName: string;
	position: string;
	unit: string;
	/** Unit invitations: "Lãnh đạo Sở Tài chính". */
	addressedTo: string;
	/** Unit invitations: places offered (1–100). */
	places: number;
	email: string | null;
	phone: string | null;
	seat: string;
	notes: string;
	/** Lower first within the tier; null → the default from the position (rank.ts). */
	protocolRank: number | null;
}

export const REPLY_STATUSES: ReplyStatus[] = ['pending', 'attending', 'declined', 'substituted'];

export const REPLY_STATUS_LABELS: Record<ReplyStatus, string> = {
	pending: 'Chưa phản hồi',
	attending: 'Tham dự',
	declined: 'Không tham dự',
	substituted: 'Cử người dự thay'
};

const TEXT_FIELDS = { fullName: 120, position: 300, unit: 300, addressedTo: 300, seat: 40, notes: 2000 } as const;

const MAX_RANK = 99_999;

function str(v: unknown): string | undefined {
	if (v === undefined) return undefined;
	if (v === null) return '';
	if (typeof v === 'string') return v;
	if (typeof v === 'number') return String(v);
	return undefined;
}

/** Reads an integer from a form string or a JSON number; undefined when absent, NaN when bad. */
function int(v: unknown): number | undefined {
	if (v === undefined || v === null || v === '') return undefined;
	const n = typeof v === 'number' ? v : /^\s*-?\d+\s*$/.test(String(v)) ? Number(String(v).trim()) : NaN;
	return Number.isSafeInteger(n) ? n : NaN;
}

/**
 * Accepts the form's and the API's names (camelCase); `partial` for PATCH (only what is sent).
 * Names typed with "Ông"/"Bà" in front lose it to the salutation field.
 */
export function parseDelegateInput(
	raw: Record<string, unknown>,
	opts: { partial?: boolean } = {}
): ParseResult<Partial<DelegateInput>> {
	const errors: Record<string, string> = {};
	const values: Record<string, string> = {};
	for (const [k, v] of Object.entries(raw)) if (typeof v === 'string' || typeof v === 'number') values[k] = String(v);
	const out: Partial<DelegateInput> = {};
	const has = (k: string) => raw[k] !== undefined;
	const partial = !!opts.partial;

	if (!partial || has('kind')) {
		const kind = str(raw.kind) || 'person';
		if (kind !== 'person' && kind !== 'unit') errors.kind = 'Chọn đại biểu cá nhân hoặc thư mời đơn vị';
		else out.kind = kind;
	}
	if (!partial || has('tierId')) {
		const t = int(raw.tierId);
		if (t === undefined || Number.isNaN(t) || t <= 0) errors.tierId = 'Chọn cấp đại biểu';
		else out.tierId = t;
	}
	for (const [field, max] of Object.entries(TEXT_FIELDS)) {
		if (partial && !has(field)) continue;
		const v = raw[field] === undefined ? '' : str(raw[field]);
		if (v === undefined) {
			errors[field] = 'Giá trị phải là chuỗi ký tự';
			continue;
		}
		const text = field === 'notes' ? v.normalize('NFC').trim() : normalizeText(v);
		if (text.length > max) errors[field] = `Tối đa ${max} ký tự`;
		(out as Record<string, unknown>)[field] = text;
	}
	if (out.fullName !== undefined) {
		const s = stripSalutation(out.fullName);
		out.fullName = s.name;
		if (s.salutation && !has('salutation')) out.salutation = s.salutation;
	}
	if (has('salutation') || !partial) {
		const s = str(raw.salutation) ?? '';
		if (s === '') out.salutation = out.salutation ?? null;
		else if (s === 'Ông' || s === 'Bà') out.salutation = s;
		else errors.salutation = 'Danh xưng là Ông hoặc Bà';
	}
	if (!partial || has('places')) {
		const p = int(raw.places);
		if (p === undefined) out.places = 1;
		else if (Number.isNaN(p) || p < 1 || p > 100) errors.places = 'Số người dự từ 1 đến 100';
		else out.places = p;
	}
	if (!partial || has('email')) {
		const e = (str(raw.email) ?? '').trim().toLowerCase().replace(/^mailto:/, '');
		if (e === '') out.email = null;
		else if (!isValidEmail(e) || e.length > 200) errors.email = 'Email không hợp lệ';
		else out.email = e;
	}
	if (!partial || has('phone')) {
		const p = (str(raw.phone) ?? '').trim();
		if (p === '') out.phone = null;
		else {
			const n = normalizePhone(p);
			if (!n) errors.phone = 'Số điện thoại không hợp lệ (ví dụ 0912 345 678)';
			else out.phone = n;
		}
	}
	if (!partial || has('protocolRank')) {
		const r = int(raw.protocolRank);
		if (r === undefined) out.protocolRank = null;
		else if (Number.isNaN(r) || r < 0 || r > MAX_RANK) errors.protocolRank = `Ngôi thứ là số từ 0 đến ${MAX_RANK}`;
		else out.protocolRank = r;
	}
	// Cross-field rules only when the kind is known (always on create; on PATCH the service checks
	// the merged row).
	if (!partial) {
		if (out.kind === 'person' && !out.fullName) errors.fullName = 'Vui lòng nhập họ và tên';
		if (out.kind === 'unit' && !out.addressedTo && !out.unit)
			errors.addressedTo = 'Vui lòng nhập nơi nhận thư mời (ví dụ: Lãnh đạo Sở Tài chính)';
	}
	if (Object.keys(errors).length) return { ok: false, errors, values };
	return { ok: true, value: out };
}

/** A person named by a unit (the unit's reply page, or the organiser on the unit's page). */
export interface UnitAttendeeInput {
	fullName: string;
	salutation?: Salutation | null;
	position?: string | null;
	email?: string | null;
	phone?: string | null;
	notes?: string | null;
}

export interface ListFilters {
	tierId?: number;
	replyStatus?: ReplyStatus;
	kind?: DelegateKind;
	/** Free text: matched word by word against the search key (no accents). */
	q?: string;
	/** 'active' (default), 'current' (active and those replaced by a substitute), 'cancelled', 'all'. */
	status?: 'active' | 'current' | 'cancelled' | 'all';
	/** Only substitutes and people named by a unit that the organiser has not placed yet. */
	needsPlacing?: boolean;
	/** 'protocol' (default) or 'name' (Vietnamese name order). */
	sort?: 'protocol' | 'name';
}

/** Filters from URL search parameters (the list page and GET /delegates). */
export function parseListFilters(params: URLSearchParams): ListFilters {
	const f: ListFilters = {};
	const tier = int(params.get('tier') ?? params.get('tierId') ?? undefined);
	if (tier && !Number.isNaN(tier) && tier > 0) f.tierId = tier;
	const rs = params.get('reply') ?? params.get('replyStatus');
	if (rs && (REPLY_STATUSES as string[]).includes(rs)) f.replyStatus = rs as ReplyStatus;
	const kind = params.get('kind');
	if (kind === 'person' || kind === 'unit') f.kind = kind;
	const q = params.get('q');
	if (q && q.trim()) f.q = q.trim().slice(0, 200);
	const st = params.get('status');
	if (st === 'cancelled' || st === 'all' || st === 'active' || st === 'current') f.status = st;
	if (params.get('needsPlacing') === '1' || params.get('needsPlacing') === 'true') f.needsPlacing = true;
	if (params.get('sort') === 'name') f.sort = 'name';
	return f;
}

export interface SeatingRowInput {
	id?: number;
	kind: 'presidium' | 'row';
	label: string;
	shortLabel: string;
	seatCount: number;
	numbering: SeatNumbering;
	nameCards: boolean;
}

/** The rows of a seating plan, in order from the stage. */
export function parseSeatingRows(raw: unknown): ParseResult<SeatingRowInput[]> {
	if (!Array.isArray(raw)) return { ok: false, errors: { rows: 'Danh sách hàng ghế không hợp lệ' }, values: {} };
	if (raw.length > 30) return { ok: false, errors: { rows: 'Tối đa 30 hàng ghế' }, values: {} };
	const errors: Record<string, string> = {};
	const out: SeatingRowInput[] = [];
	const shorts = new Set<string>();
	raw.forEach((r: Record<string, unknown>, i) => {
		const label = normalizeText(String(r?.label ?? ''));
		const shortLabel = normalizeText(String(r?.shortLabel ?? '')) || label.split(' ').pop() || '';
		const seatCount = int(r?.seatCount);
		const kind = r?.kind === 'presidium' ? 'presidium' : 'row';
		const numbering = r?.numbering === 'left' || r?.numbering === 'right' ? r.numbering : 'centre';
		if (!label) errors[`rows.${i}`] = 'Tên hàng ghế không được để trống';
		else if (label.length > 80 || shortLabel.length > 12) errors[`rows.${i}`] = 'Tên hàng ghế quá dài';
		else if (seatCount === undefined || Number.isNaN(seatCount) || seatCount < 1 || seatCount > 80)
			errors[`rows.${i}`] = `Hàng "${label}": số ghế từ 1 đến 80`;
		else if (shorts.has(shortLabel.toLowerCase())) errors[`rows.${i}`] = `Trùng ký hiệu hàng "${shortLabel}"`;
		shorts.add(shortLabel.toLowerCase());
		const idRaw = int(r?.id);
		out.push({
			...(idRaw !== undefined && !Number.isNaN(idRaw) && idRaw > 0 ? { id: idRaw } : {}),
			kind,
			label,
			shortLabel,
			seatCount: seatCount && !Number.isNaN(seatCount) ? seatCount : 1,
			numbering,
			nameCards: r?.nameCards === true || r?.nameCards === 'on' || r?.nameCards === '1' || r?.nameCards === 'true'
		});
	});
	if (Object.keys(errors).length) return { ok: false, errors, values: {} };
	return { ok: true, value: out };
}
