/** Parsing and validation of tham luận input (forms and the JSON API take the same names). */
import { normalizeText, parseDateTimeLocal } from '$lib/format';
import type { Decision, DocStatus, SubmissionKind } from './tables';
import { MAX_UPLOAD_MB } from '$lib/server/files/inspect';

export type ParseResult<T> =
	| { ok: true; value: T }
	| { ok: false; errors: Record<string, string>; values: Record<string, string> };

function stringValues(raw: Record<string, unknown>): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') values[k] = v;
	return values;
}

/** A datetime-local value ('YYYY-MM-DDTHH:mm', Vietnam time) or an ISO instant with a zone. */
export function parseInstant(v: unknown): Date | null {
	if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
	if (typeof v !== 'string' || !v.trim()) return null;
	const s = v.trim();
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(s)) return parseDateTimeLocal(s.slice(0, 16));
	if (!/^\d{4}-\d{2}-\d{2}T/.test(s)) return null;
	const d = new Date(s);
	return Number.isNaN(d.getTime()) ? null : d;
}

function text(v: unknown, multiline = false): string {
	const s = typeof v === 'string' ? v : v == null ? '' : String(v);
	return multiline ? s.normalize('NFC').replace(/\r\n?/g, '\n').trim() : normalizeText(s);
}

function bool(v: unknown): boolean {
	return v === true || v === 'on' || v === '1' || v === 'true';
}

function int(v: unknown): number | null {
	if (typeof v === 'number') return Number.isInteger(v) ? v : null;
	if (typeof v !== 'string' || !/^\s*\d+\s*$/.test(v)) return null;
	return Number(v);
}

export interface CallInput {
	guidance: string;
	deadline: Date;
	acceptPdf: boolean;
	acceptDocx: boolean;
	maxSizeMb: number;
	expectedLength: string;
	speakingMinutes: number;
}

export function parseCallInput(raw: Record<string, unknown>): ParseResult<CallInput> {
	const errors: Record<string, string> = {};
	const guidance = text(raw.guidance, true);
	if (guidance.length > 5000) errors.guidance = 'Tối đa 5.000 ký tự';
	const deadline = parseInstant(raw.deadline);
	if (!deadline) errors.deadline = 'Vui lòng nhập hạn nộp hợp lệ (ngày và giờ)';
	// Booleans: a form sends the checkbox only when ticked; the API sends true/false.
	const acceptPdf = raw.acceptPdf === undefined && raw.acceptDocx === undefined ? true : bool(raw.acceptPdf);
	const acceptDocx = raw.acceptPdf === undefined && raw.acceptDocx === undefined ? true : bool(raw.acceptDocx);
	if (!acceptPdf && !acceptDocx) errors.acceptPdf = 'Chọn ít nhất một định dạng tệp';
	const maxSizeMb = raw.maxSizeMb === undefined || raw.maxSizeMb === '' ? MAX_UPLOAD_MB : int(raw.maxSizeMb);
	if (maxSizeMb === null || maxSizeMb < 1 || maxSizeMb > MAX_UPLOAD_MB)
		errors.maxSizeMb = `Dung lượng tối đa từ 1 đến ${MAX_UPLOAD_MB} MB`;
	const expectedLength = text(raw.expectedLength);
	if (expectedLength.length > 200) errors.expectedLength = 'Tối đa 200 ký tự';
	const speakingMinutes = raw.speakingMinutes === undefined || raw.speakingMinutes === '' ? 7 : int(raw.speakingMinutes);
	if (speakingMinutes === null || speakingMinutes < 1 || speakingMinutes > 120)
		errors.speakingMinutes = 'Thời gian trình bày từ 1 đến 120 phút';
	if (Object.keys(errors).length) return { ok: false, errors, values: stringValues(raw) };
	return {
		ok: true,
		value: {
			guidance,
			deadline: deadline!,
			acceptPdf,
			acceptDocx,
			maxSizeMb: maxSizeMb!,
			expectedLength,
			speakingMinutes: speakingMinutes!
		}
	};
}

export interface UnitInput {
	name: string;
	email: string | null;
	contactName: string;
	delegateId?: number | null;
}

const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function parseUnitInput(raw: Record<string, unknown>): ParseResult<UnitInput> {
	const errors: Record<string, string> = {};
	const name = text(raw.name);
	if (!name) errors.name = 'Vui lòng nhập tên đơn vị';
	else if (name.length > 300) errors.name = 'Tối đa 300 ký tự';
	const emailRaw = text(raw.email).toLowerCase();
	if (emailRaw && !EMAIL_RE.test(emailRaw)) errors.email = 'Email không hợp lệ';
	const contactName = text(raw.contactName);
	if (contactName.length > 200) errors.contactName = 'Tối đa 200 ký tự';
	if (Object.keys(errors).length) return { ok: false, errors, values: stringValues(raw) };
	return { ok: true, value: { name, email: emailRaw || null, contactName } };
}

export interface PaperMeta {
	title: string;
	presenterName: string;
	presenterPosition: string;
	summary: string;
}

export function parsePaperMeta(raw: Record<string, unknown>): ParseResult<PaperMeta> {
	const errors: Record<string, string> = {};
	const title = text(raw.title);
	if (!title) errors.title = 'Vui lòng nhập tên tham luận';
	else if (title.length > 300) errors.title = 'Tối đa 300 ký tự';
	const presenterName = text(raw.presenterName);
	if (!presenterName) errors.presenterName = 'Vui lòng nhập họ tên người trình bày';
	else if (presenterName.length > 120) errors.presenterName = 'Tối đa 120 ký tự';
	const presenterPosition = text(raw.presenterPosition);
	if (presenterPosition.length > 200) errors.presenterPosition = 'Tối đa 200 ký tự';
	const summary = text(raw.summary, true);
	if (summary.length > 3000) errors.summary = 'Tóm tắt tối đa 3.000 ký tự';
	if (Object.keys(errors).length) return { ok: false, errors, values: stringValues(raw) };
	return { ok: true, value: { title, presenterName, presenterPosition, summary } };
}

export const DECISIONS: Decision[] = ['presented', 'printed', 'revision', 'rejected'];

export interface ReviewInput {
	decision: Decision | null;
	body: string;
	/** For 'revision': uploads reopen for the unit until then. */
	reopenUntil: Date | null;
}

export function parseReviewInput(raw: Record<string, unknown>): ParseResult<ReviewInput> {
	const errors: Record<string, string> = {};
	const d = typeof raw.decision === 'string' ? raw.decision.trim() : raw.decision == null ? '' : String(raw.decision);
	const decision = d ? (DECISIONS.includes(d as Decision) ? (d as Decision) : null) : null;
	if (d && !decision) errors.decision = 'Quyết định không hợp lệ';
	const body = text(raw.body, true);
	if (body.length > 5000) errors.body = 'Tối đa 5.000 ký tự';
	if (!d && !body) errors.body = 'Vui lòng nhập ý kiến';
	if (decision === 'revision' && !body) errors.body = 'Hãy ghi rõ lý do và nội dung cần sửa để đơn vị biết';
	let reopenUntil: Date | null = null;
	if (raw.reopenUntil !== undefined && raw.reopenUntil !== null && raw.reopenUntil !== '') {
		reopenUntil = parseInstant(raw.reopenUntil);
		if (!reopenUntil) errors.reopenUntil = 'Hạn nộp lại không hợp lệ';
	}
	if (Object.keys(errors).length) return { ok: false, errors, values: stringValues(raw) };
	return { ok: true, value: { decision, body, reopenUntil } };
}

export const INTERNAL_KINDS: Exclude<SubmissionKind, 'tham_luan'>[] = ['main_report', 'directing_speech', 'opening_speech'];
export const DOC_STATUSES: DocStatus[] = ['draft', 'for_approval', 'approved'];

export interface DocumentInput {
	kind?: Exclude<SubmissionKind, 'tham_luan'>;
	title?: string;
	ownerUserId?: number | null;
	ownerUnit?: string;
	docStatus?: DocStatus;
}

export function parseDocumentInput(raw: Record<string, unknown>, opts: { partial?: boolean } = {}): ParseResult<DocumentInput> {
	const errors: Record<string, string> = {};
	const out: DocumentInput = {};
	const has = (k: string) => raw[k] !== undefined;
	if (!opts.partial || has('kind')) {
		const k = String(raw.kind ?? '');
		if (!INTERNAL_KINDS.includes(k as never)) errors.kind = 'Chọn loại văn bản';
		else out.kind = k as DocumentInput['kind'];
	}
	if (!opts.partial || has('title')) {
		out.title = text(raw.title);
		if (out.title.length > 300) errors.title = 'Tối đa 300 ký tự';
	}
	if (has('ownerUserId')) {
		const v = raw.ownerUserId;
		if (v === null || v === '') out.ownerUserId = null;
		else {
			const n = int(v);
			if (n === null || n <= 0) errors.ownerUserId = 'Người phụ trách không hợp lệ';
			else out.ownerUserId = n;
		}
	}
	if (!opts.partial || has('ownerUnit')) {
		out.ownerUnit = text(raw.ownerUnit);
		if (out.ownerUnit.length > 200) errors.ownerUnit = 'Tối đa 200 ký tự';
	}
	if (has('docStatus')) {
		const s = String(raw.docStatus ?? '');
		if (!DOC_STATUSES.includes(s as DocStatus)) errors.docStatus = 'Trạng thái không hợp lệ';
		else out.docStatus = s as DocStatus;
	}
	if (Object.keys(errors).length) return { ok: false, errors, values: stringValues(raw) };
	return { ok: true, value: out };
}

export interface OrderItem {
	id: number;
	speakingMinutes: number;
}

/** [{id, speakingMinutes}] in speaking order (from JSON, or a form's parallel `id`/`minutes` lists). */
export function parseOrder(raw: unknown): ParseResult<OrderItem[]> {
	if (!Array.isArray(raw)) return { ok: false, errors: { order: 'Danh sách thứ tự không hợp lệ' }, values: {} };
	const out: OrderItem[] = [];
	const seen = new Set<number>();
	for (const item of raw) {
		const id = int((item as { id?: unknown })?.id);
		const minutes = int((item as { speakingMinutes?: unknown })?.speakingMinutes);
		if (id === null || id <= 0 || seen.has(id)) return { ok: false, errors: { order: 'Danh sách thứ tự không hợp lệ' }, values: {} };
		if (minutes === null || minutes < 1 || minutes > 120)
			return { ok: false, errors: { order: 'Thời gian trình bày từ 1 đến 120 phút' }, values: {} };
		seen.add(id);
		out.push({ id, speakingMinutes: minutes });
	}
	return { ok: true, value: out };
}

/**
 * Units typed or pasted one per line: "Tên đơn vị, email" (the email anywhere on the line, separated by a
 * comma, semicolon, tab or spaces; optional).
 */
export function parseUnitLines(text: string): ParseResult<UnitInput[]> {
	const out: UnitInput[] = [];
	const errors: Record<string, string> = {};
	const lines = text.normalize('NFC').split(/\r?\n/);
	lines.forEach((line, i) => {
		if (!line.trim()) return;
		const m = /[^\s,;<>()]+@[^\s,;<>()]+/.exec(line);
		const email = m ? m[0] : '';
		const name = (m ? line.slice(0, m.index) + ' ' + line.slice(m.index + m[0].length) : line)
			.replace(/[<>()]/g, ' ')
			.replace(/^[\s,;\t–-]+|[\s,;\t–-]+$/g, '');
		const parsed = parseUnitInput({ name, email, contactName: '' });
		if (!parsed.ok) errors[`line${i + 1}`] = `Dòng ${i + 1}: ${Object.values(parsed.errors).join('; ')}`;
		else out.push(parsed.value);
	});
	if (Object.keys(errors).length) return { ok: false, errors, values: { manual: text } };
	return { ok: true, value: out };
}
