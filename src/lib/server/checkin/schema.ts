/** Parsing of check-in input from the scanner, the JSON API and the forms. Returns values or field errors. */
import { normalizeText } from '$lib/format/names';
import { normalizePhone } from '$lib/format/phone';
import { invalid } from '$lib/server/errors';
import type { AttendanceStatus } from './tables';

/** Client nonces and device ids: what crypto.getRandomValues gives, written in base64url/hex. */
export const NONCE_RE = /^[A-Za-z0-9_-]{8,64}$/;

export interface ScanContext {
	nonce: string;
	deviceId: string;
	deviceLabel: string;
	/** The device's clock when it scanned. */
	clientTime: Date | null;
}

export interface ScanInput extends ScanContext {
	raw: string;
}

export interface ManualInput extends ScanContext {
	delegateId: number;
}

export interface SyncItem extends ScanContext {
	/** 'checkin': a scan or a pick from the list accepted offline; 'refused': a scan refused offline (logged). */
	kind: 'checkin' | 'refused';
	raw: string | null;
	delegateId: number | null;
	/** For 'refused': the code and reason the device showed. */
	reason: string;
}

export interface WalkInInput extends ScanContext {
	fullName: string;
	salutation: 'Ông' | 'Bà' | null;
	position: string;
	unit: string;
	phone: string | null;
	tierId: number;
}

export interface MarkInput {
	delegateId: number;
	/** null clears the mark (the door decides again). */
	status: AttendanceStatus | null;
	note: string;
}

type Body = Record<string, unknown>;

function str(v: unknown): string {
	return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function text(v: unknown, max: number): string {
	return normalizeText(str(v)).slice(0, max);
}

/** An ISO instant from the device; null when absent or unreadable (the server's clock is used then). */
export function parseClientTime(v: unknown): Date | null {
	if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
	if (typeof v === 'number' && Number.isFinite(v)) return new Date(v);
	if (typeof v !== 'string' || !v.trim()) return null;
	const d = new Date(v.trim());
	return Number.isNaN(d.getTime()) ? null : d;
}

function positiveInt(v: unknown): number | null {
	const n = typeof v === 'number' ? v : /^\d+$/.test(str(v).trim()) ? Number(str(v).trim()) : NaN;
	return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export function parseScanContext(b: Body): ScanContext {
	const errors: Record<string, string> = {};
	const nonce = str(b.nonce).trim();
	const deviceId = str(b.deviceId ?? b.device_id).trim();
	if (!NONCE_RE.test(nonce)) errors.nonce = 'Thiếu mã chống trùng (nonce) hợp lệ: 8–64 ký tự A-Z, a-z, 0-9, _ hoặc -';
	if (!NONCE_RE.test(deviceId)) errors.deviceId = 'Thiếu mã thiết bị hợp lệ: 8–64 ký tự A-Z, a-z, 0-9, _ hoặc -';
	if (Object.keys(errors).length) throw invalid(errors);
	return {
		nonce,
		deviceId,
		deviceLabel: text(b.deviceLabel ?? b.device_label, 60),
		clientTime: parseClientTime(b.clientTime ?? b.client_time)
	};
}

export function parseScanInput(b: Body): ScanInput {
	const ctx = parseScanContext(b);
	const raw = str(b.token ?? b.raw ?? b.code);
	if (!raw.trim()) throw invalid({ token: 'Thiếu nội dung mã quét (token)' });
	return { ...ctx, raw: raw.slice(0, 500) };
}

export function parseManualInput(b: Body): ManualInput {
	const ctx = parseScanContext(b);
	const delegateId = positiveInt(b.delegateId ?? b.delegate_id);
	if (!delegateId) throw invalid({ delegateId: 'Thiếu mã đại biểu' });
	return { ...ctx, delegateId };
}

export const MAX_SYNC_ITEMS = 500;

export function parseSyncItems(b: Body): SyncItem[] {
	const items = b.items;
	if (!Array.isArray(items)) throw invalid({ items: 'Cần danh sách items' });
	if (items.length > MAX_SYNC_ITEMS) throw invalid({ items: `Tối đa ${MAX_SYNC_ITEMS} lượt quét mỗi lần đồng bộ` });
	return items.map((it, i) => {
		if (!it || typeof it !== 'object') throw invalid({ [`items.${i}`]: 'Mục không hợp lệ' });
		const o = it as Body;
		const ctx = parseScanContext(o);
		const kind = o.kind === 'refused' ? 'refused' : 'checkin';
		const raw = str(o.token ?? o.raw).slice(0, 500) || null;
		const delegateId = positiveInt(o.delegateId ?? o.delegate_id);
		if (!raw && !delegateId) throw invalid({ [`items.${i}`]: 'Mỗi mục cần token hoặc delegateId' });
		return { ...ctx, kind, raw, delegateId, reason: text(o.reason, 200) };
	});
}

export function parseWalkIn(b: Body): WalkInInput {
	const ctx = parseScanContext(b);
	const errors: Record<string, string> = {};
	const fullName = text(b.fullName ?? b.full_name, 120);
	if (!fullName) errors.fullName = 'Vui lòng nhập họ và tên';
	const sal = str(b.salutation);
	const salutation = sal === 'Ông' || sal === 'Bà' ? sal : null;
	const tierId = positiveInt(b.tierId ?? b.tier_id);
	if (!tierId) errors.tierId = 'Vui lòng chọn cấp đại biểu';
	const phoneRaw = text(b.phone, 40);
	let phone: string | null = null;
	if (phoneRaw) {
		phone = normalizePhone(phoneRaw);
		if (!phone) errors.phone = 'Số điện thoại không hợp lệ';
	}
	if (Object.keys(errors).length) throw invalid(errors);
	return {
		...ctx,
		fullName,
		salutation,
		position: text(b.position, 200),
		unit: text(b.unit, 200),
		phone,
		tierId: tierId!
	};
}

const STATUSES: AttendanceStatus[] = ['present', 'absent', 'partial'];

export function parseMarks(v: unknown): MarkInput[] {
	if (!Array.isArray(v)) throw invalid({ marks: 'Cần danh sách marks' });
	if (v.length > 5000) throw invalid({ marks: 'Quá nhiều dòng' });
	return v.map((m, i) => {
		const o = (m ?? {}) as Body;
		const delegateId = positiveInt(o.delegateId ?? o.delegate_id);
		if (!delegateId) throw invalid({ [`marks.${i}`]: 'Thiếu mã đại biểu' });
		const s = str(o.status);
		if (s && s !== 'none' && !STATUSES.includes(s as AttendanceStatus))
			throw invalid({ [`marks.${i}`]: 'Trạng thái phải là present, absent, partial hoặc để trống' });
		return { delegateId, status: s && s !== 'none' ? (s as AttendanceStatus) : null, note: text(o.note, 300) };
	});
}

/** The attendance form: one status_<id> and note_<id> per row shown (rows not sent are unchanged). */
export function parseMarksForm(form: FormData): MarkInput[] {
	const out: MarkInput[] = [];
	for (const [k, v] of form.entries()) {
		const m = /^status_(\d+)$/.exec(k);
		if (!m || typeof v !== 'string') continue;
		out.push({ delegateId: Number(m[1]), status: null, note: String(form.get(`note_${m[1]}`) ?? '') });
		const s = v.trim();
		if (STATUSES.includes(s as AttendanceStatus)) out[out.length - 1].status = s as AttendanceStatus;
		out[out.length - 1].note = text(out[out.length - 1].note, 300);
	}
	return out;
}
