/**
 * Bằng khen printing: the event's layout (full design on plain paper, or overprint on the province's phôi
 * with boxes and offsets in mm), register numbers (số vào sổ) assigned in ceremony order, verification codes
 * with a QR to the public page /v/CODE, fit warnings before printing, and the optional Giấy chứng nhận for
 * delegates. Rendering is the PDF engine's renderCertificates (pdf/certificate.ts).
 */
import { sql } from 'kysely';
import { inTransaction, type Executor } from '$lib/server/db';
import { writeAudit } from '$lib/server/audit';
import { actorOf, requireEventAccess, type EventRow, type Principal } from '$lib/server/auth/access';
import { DomainError, invalid } from '$lib/server/errors';
import { config } from '$lib/server/config';
import { formatDateLong, normalizeText } from '$lib/format';
import {
	CERTIFICATE_FIELDS,
	checkCertificateFit,
	defaultCertificateLayout,
	renderCalibrationPage,
	renderCertificates,
	type CertificateData,
	type CertificateField,
	type CertificateLayout
} from '$lib/server/pdf/certificate';
import { ceremonyAwards, detailLine, displayName, type CeremonyAward } from '$lib/server/awards/service';
import { getCeremonySetting, updateCeremonySetting } from '$lib/server/awards/settings';
import { orderedDelegates } from '$lib/server/delegates/order';
import { presenceOf } from '$lib/server/checkin/presence';
import { normalizeVerificationCode } from '$lib/server/awards/codes';

export interface CertificateOptions {
	/** Print a verification code and QR on each certificate. */
	verification: boolean;
	/** Printed before the register number: "BK-2026/" → "BK-2026/007". */
	registerPrefix: string;
	registerLabel: string;
	/** The date line above the signer: the decision's date, or blank for the văn thư. */
	issueDate: 'decision' | 'blank';
	/** Giấy chứng nhận for delegates. */
	attendanceEnabled: boolean;
	attendanceText: string;
}

export const DEFAULT_OPTIONS: CertificateOptions = {
	verification: true,
	registerPrefix: '',
	registerLabel: 'Số vào sổ',
	issueDate: 'decision',
	attendanceEnabled: false,
	attendanceText: ''
};

export const FIELD_LABELS: Record<CertificateField, string> = {
	authority: 'Cơ quan tặng (dòng đỏ)',
	title: 'Tên bằng (BẰNG KHEN)',
	recipient: 'Người / tập thể nhận',
	detail: 'Chức vụ, đơn vị / địa chỉ',
	achievement: 'Thành tích',
	decision: 'Số, ngày quyết định',
	register: 'Số vào sổ',
	dateLine: 'Địa danh, ngày tháng',
	signer: 'Người ký',
	verification: 'Mã xác thực, QR'
};

function num(v: unknown, min: number, max: number): number | null {
	const n = Number(String(v ?? '').replace(',', '.'));
	return Number.isFinite(n) && n >= min && n <= max ? Math.round(n * 10) / 10 : null;
}

/** A stored (or posted) layout made valid: unknown keys dropped, numbers in range, defaults filled. */
export function normalizeLayout(raw: unknown): CertificateLayout {
	const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
	const paper = r.paper === 'A4' ? 'A4' : 'A3';
	const mode = r.mode === 'overprint' ? 'overprint' : 'full';
	const base = defaultCertificateLayout(paper, mode);
	const [W, H] = paper === 'A3' ? [420, 297] : [297, 210];
	const fields = { ...base.fields };
	const given = (r.fields && typeof r.fields === 'object' ? r.fields : {}) as Record<string, Record<string, unknown>>;
	for (const f of CERTIFICATE_FIELDS) {
		const g = given[f];
		if (!g || typeof g !== 'object') continue;
		const b = base.fields[f];
		fields[f] = {
			...b,
			x: num(g.x, -50, W) ?? b.x,
			y: num(g.y, -50, H) ?? b.y,
			width: num(g.width, 1, W) ?? b.width,
			height: num(g.height, 1, H) ?? b.height,
			maxSize: num(g.maxSize, 4, 120) ?? b.maxSize,
			minSize: num(g.minSize, 4, 120) ?? b.minSize,
			align: g.align === 'left' || g.align === 'right' || g.align === 'center' ? g.align : b.align,
			enabled: g.enabled === undefined ? b.enabled : g.enabled === true || g.enabled === 'on' || g.enabled === '1' || g.enabled === 'true'
		};
		if (fields[f].minSize > fields[f].maxSize) fields[f].minSize = fields[f].maxSize;
	}
	return { mode, paper, offsetX: num(r.offsetX, -30, 30) ?? 0, offsetY: num(r.offsetY, -30, 30) ?? 0, fields };
}

export function normalizeOptions(raw: unknown): CertificateOptions {
	const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
	const b = (v: unknown, d: boolean) => (v === undefined ? d : v === true || v === 'on' || v === '1' || v === 'true');
	return {
		verification: b(r.verification, DEFAULT_OPTIONS.verification),
		registerPrefix: normalizeText(String(r.registerPrefix ?? '')).slice(0, 30),
		registerLabel: normalizeText(String(r.registerLabel ?? '')).slice(0, 40) || DEFAULT_OPTIONS.registerLabel,
		issueDate: r.issueDate === 'blank' ? 'blank' : 'decision',
		attendanceEnabled: b(r.attendanceEnabled, false),
		attendanceText: String(r.attendanceText ?? '').normalize('NFC').trim().slice(0, 1000)
	};
}

export async function certificateSettings(db: Executor, eventId: number): Promise<{ layout: CertificateLayout; options: CertificateOptions; customised: boolean }> {
	const s = await getCeremonySetting(db, eventId);
	return { layout: normalizeLayout(s.certificate_layout ?? {}), options: normalizeOptions(s.certificate_options), customised: s.certificate_layout !== null };
}

/** Saves the layout and options. `reset` starts again from the defaults of the chosen paper and mode. */
export async function saveCertificateSettings(
	db: Executor,
	principal: Principal,
	eventId: number,
	input: { layout?: unknown; options?: unknown; reset?: boolean }
): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'certificate.print');
		const before = await certificateSettings(tx, eventId);
		let layout = before.layout;
		if (input.layout !== undefined) {
			const l = input.layout as Record<string, unknown>;
			const changedSheet = l && (l.paper !== undefined && l.paper !== before.layout.paper || l.mode !== undefined && l.mode !== before.layout.mode);
			// A new paper or mode starts from its own default boxes (A4 boxes are not A3 boxes).
			layout = normalizeLayout(input.reset || changedSheet ? { paper: l.paper ?? before.layout.paper, mode: l.mode ?? before.layout.mode, offsetX: l.offsetX, offsetY: l.offsetY } : { ...before.layout, ...l, fields: { ...before.layout.fields, ...((l.fields as object) ?? {}) } });
		}
		const options = input.options !== undefined ? normalizeOptions({ ...before.options, ...(input.options as object) }) : before.options;
		await updateCeremonySetting(tx, eventId, { certificate_layout: JSON.stringify(layout), certificate_options: JSON.stringify(options) });
		await writeAudit(tx, actorOf(principal), {
			action: 'certificate.settings.updated',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: {
				paper: layout.paper,
				mode: layout.mode,
				offsetX: layout.offsetX,
				offsetY: layout.offsetY,
				reset: !!input.reset,
				options
			}
		});
	});
}

/** "007" or "BK-2026/007". */
export function formatRegisterNumber(prefix: string, seq: number): string {
	return `${prefix}${String(seq).padStart(3, '0')}`;
}

/**
 * Gives every award without one a register number (số vào sổ): per decision, the next numbers in ceremony
 * order. Numbers already given stay (certificates may be printed); `renumber` starts each decision again
 * from 1 in ceremony order. Returns how many were assigned.
 */
export async function assignRegisterNumbers(
	db: Executor,
	principal: Principal,
	eventId: number,
	opts: { renumber?: boolean } = {}
): Promise<number> {
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'certificate.print');
		await sql`select pg_advisory_xact_lock(4242026, ${eventId})`.execute(tx);
		const { options } = await certificateSettings(tx, eventId);
		const awards = await ceremonyAwards(tx, eventId);
		if (opts.renumber) await tx.updateTable('award').set({ register_seq: null, register_number: null }).where('event_id', '=', eventId).execute();
		const next = new Map<number, number>();
		for (const a of awards) {
			if (!opts.renumber && a.registerSeq !== null) next.set(a.decisionId, Math.max(next.get(a.decisionId) ?? 0, a.registerSeq));
		}
		const numbered: ReturnType<typeof sql>[] = [];
		for (const a of awards) {
			if (!opts.renumber && a.registerSeq !== null) continue;
			const seq = (next.get(a.decisionId) ?? 0) + 1;
			next.set(a.decisionId, seq);
			numbered.push(sql`(${a.id}::int, ${seq}::int, ${formatRegisterNumber(options.registerPrefix, seq)}::text)`);
		}
		// One statement per thousand awards rather than one per award.
		for (let i = 0; i < numbered.length; i += 1000) {
			await sql`update award set register_seq = v.seq, register_number = v.num
				from (values ${sql.join(numbered.slice(i, i + 1000))}) as v(id, seq, num)
				where award.id = v.id and award.event_id = ${eventId}`.execute(tx);
		}
		const assigned = numbered.length;
		if (assigned) {
			await writeAudit(tx, actorOf(principal), {
				action: opts.renumber ? 'certificate.register.renumbered' : 'certificate.register.assigned',
				entityType: 'event',
				entityId: eventId,
				organisationId: event.organisation_id,
				eventId,
				data: { assigned }
			});
		}
		return assigned;
	});
}

interface DecisionPrintInfo {
	authority_line: string;
	signer_prefix: string;
	signer_title: string;
	signer_name: string;
	issuer: string;
}

export function verificationUrl(code: string, base = config().publicUrl): string {
	return `${base}/v/${code}`;
}

/** The certificate's text for one award. */
export function certificateDataFor(
	a: CeremonyAward,
	d: DecisionPrintInfo,
	event: Pick<EventRow, 'place_name'>,
	options: CertificateOptions,
	base?: string
): CertificateData {
	return {
		authorityLine: d.authority_line || d.issuer.toLocaleUpperCase('vi'),
		formTitle: a.certificateTitle,
		recipientKind: a.kind,
		recipientLine: displayName(a),
		recipientDetail: detailLine(a),
		achievement: a.achievement,
		decisionNumber: a.decisionNumber,
		decisionDate: formatDateLong(a.decisionDate),
		registerNumber: a.registerNumber ?? '',
		registerLabel: options.registerLabel,
		placeName: event.place_name,
		issueDate: options.issueDate === 'blank' ? null : new Date(`${a.decisionDate}T05:00:00Z`),
		signerPrefix: d.signer_prefix,
		signerTitle: d.signer_title,
		signerName: d.signer_name,
		...(options.verification ? { verification: { code: a.verificationCode, url: verificationUrl(a.verificationCode, base) } } : {})
	};
}

async function printable(db: Executor, event: EventRow, opts: { decisionId?: number; awardId?: number }) {
	const { layout, options } = await certificateSettings(db, event.id);
	let awards = await ceremonyAwards(db, event.id, { decisionId: opts.decisionId });
	if (opts.awardId) awards = awards.filter((a) => a.id === opts.awardId);
	// "All" prints what the organiser prints itself; a decision or one award prints whatever is asked.
	else if (!opts.decisionId) awards = awards.filter((a) => a.printsCertificate);
	const decisions = await db
		.selectFrom('award_decision')
		.select(['id', 'authority_line', 'signer_prefix', 'signer_title', 'signer_name', 'issuer'])
		.where('event_id', '=', event.id)
		.execute();
	const byId = new Map(decisions.map((d) => [d.id, d]));
	const items = awards.map((a) => certificateDataFor(a, byId.get(a.decisionId)!, event, options));
	return { layout, options, awards, items };
}

/**
 * The certificates PDF: one award, one decision, or every certificate the organiser prints, in ceremony
 * order. Missing register numbers are assigned first (in ceremony order).
 */
export async function renderAwardCertificates(
	db: Executor,
	principal: Principal,
	eventId: number,
	opts: { decisionId?: number; awardId?: number } = {}
): Promise<{ bytes: Uint8Array; count: number; filename: string }> {
	const { event } = await requireEventAccess(db, principal, eventId, 'certificate.print');
	await assignRegisterNumbers(db, principal, eventId);
	const { layout, awards, items } = await printable(db, event, opts);
	if (!items.length) {
		throw new DomainError(opts.awardId ? 'not_found' : 'nothing_to_print', opts.awardId ? 'Không tìm thấy người, tập thể được khen thưởng' : 'Chưa có bằng khen nào để in', { status: opts.awardId ? 404 : 409 });
	}
	const bytes = await renderCertificates(items, layout);
	const slug = opts.awardId ? `bang-khen-${awards[0].id}` : opts.decisionId ? `bang-khen-qd-${awards[0].decisionNumber.replace(/[^\p{L}\d]+/gu, '-')}` : 'bang-khen-tat-ca';
	return { bytes, count: items.length, filename: `${slug}-${layout.paper}-${layout.mode === 'full' ? 'day-du' : 'in-de'}.pdf` };
}

export interface FitWarning {
	awardId: number;
	name: string;
	decisionNumber: string;
	fields: { field: CertificateField; label: string; truncated: boolean; size: number }[];
}

/** Certificates whose text had to shrink below its minimum size or was cut: shown before printing. */
export async function certificateFitWarnings(db: Executor, principal: Principal, eventId: number): Promise<FitWarning[]> {
	const { event } = await requireEventAccess(db, principal, eventId, 'award.view');
	const { layout, awards, items } = await printable(db, event, {});
	const out: FitWarning[] = [];
	for (const [i, item] of items.entries()) {
		const fits = await checkCertificateFit(item, layout);
		const bad = fits.filter((f) => f.belowMin || f.truncated);
		if (bad.length) {
			out.push({
				awardId: awards[i].id,
				name: item.recipientLine,
				decisionNumber: awards[i].decisionNumber,
				fields: bad.map((f) => ({ field: f.field, label: FIELD_LABELS[f.field], truncated: f.truncated, size: Math.round(f.size * 10) / 10 }))
			});
		}
	}
	return out;
}

/** The calibration sheet for the event's layout (ruler grid and field boxes, with the offsets). */
export async function renderEventCalibration(db: Executor, principal: Principal, eventId: number): Promise<Uint8Array> {
	await requireEventAccess(db, principal, eventId, 'certificate.print');
	const { layout } = await certificateSettings(db, eventId);
	return renderCalibrationPage(layout);
}

/** A sample certificate with the event's layout (the first award, or a made-up recipient). */
export async function renderSampleCertificate(db: Executor, principal: Principal, eventId: number): Promise<Uint8Array> {
	const { event } = await requireEventAccess(db, principal, eventId, 'certificate.print');
	const { layout, items } = await printable(db, event, {});
	const options = (await certificateSettings(db, eventId)).options;
	const sample: CertificateData = items[0] ?? {
		authorityLine: `CHỦ TỊCH ${event.authority_parent} ${event.authority_name}`.trim(),
		formTitle: 'BẰNG KHEN',
		recipientKind: 'individual',
		recipientLine: 'Bà Huỳnh Thị Phượng',
		recipientDetail: 'Phó Chủ tịch Ủy ban nhân dân xã Phước Hà',
		achievement: `Đã có thành tích xuất sắc trong Phong trào thi đua “${event.movement}” ${event.period_label}`.trim(),
		decisionNumber: '……/QĐ-UBND',
		decisionDate: 'ngày … tháng … năm …',
		registerNumber: '001',
		registerLabel: options.registerLabel,
		placeName: event.place_name,
		issueDate: null,
		signerPrefix: 'KT. CHỦ TỊCH',
		signerTitle: 'PHÓ CHỦ TỊCH',
		signerName: 'Nguyễn Văn A',
		...(options.verification ? { verification: { code: 'MAU0-MAU0-00', url: verificationUrl('MAU0-MAU0-00') } } : {})
	};
	return renderCertificates([sample], layout);
}

// ------------------------------------------------------------------------------------------------
// Giấy chứng nhận for delegates

/** Attendance certificates: present delegates (or, before the day, everyone who has not declined). */
export async function renderAttendanceCertificates(
	db: Executor,
	principal: Principal,
	eventId: number,
	opts: { delegateId?: number } = {}
): Promise<{ bytes: Uint8Array; count: number }> {
	const { event } = await requireEventAccess(db, principal, eventId, 'certificate.print');
	const { layout, options } = await certificateSettings(db, eventId);
	if (!options.attendanceEnabled) throw new DomainError('attendance_disabled', 'Chưa bật in giấy chứng nhận cho đại biểu', { status: 409 });
	const [delegates, presence] = await Promise.all([orderedDelegates(db, eventId), presenceOf(db, eventId)]);
	const known = [...presence.values()].some((p) => p.present);
	const people = delegates.filter(
		(d) => d.kind === 'person' && d.full_name && (opts.delegateId ? d.id === opts.delegateId : known ? presence.get(d.id)?.present : d.reply_status !== 'declined')
	);
	if (!people.length) throw new DomainError('nothing_to_print', 'Không có đại biểu nào để in giấy chứng nhận', { status: 409 });
	const text = options.attendanceText || `Đã tham dự ${event.title}`;
	const attendance: CertificateLayout = {
		...layout,
		fields: { ...layout.fields, decision: { ...layout.fields.decision, enabled: false }, register: { ...layout.fields.register, enabled: false }, verification: { ...layout.fields.verification, enabled: false } }
	};
	const items: CertificateData[] = people.map((d) => ({
		authorityLine: `${event.authority_parent} ${event.authority_name}`.trim(),
		formTitle: 'GIẤY CHỨNG NHẬN',
		recipientKind: 'individual',
		recipientLine: d.salutation ? `${d.salutation} ${d.full_name}` : d.full_name,
		recipientDetail: [d.position, d.unit].filter(Boolean).join(', '),
		achievement: text,
		decisionNumber: '',
		decisionDate: '',
		registerNumber: '',
		placeName: event.place_name,
		issueDate: event.starts_at,
		signerPrefix: event.signer_prefix,
		signerTitle: event.signer_title,
		signerName: event.signer_name
	}));
	return { bytes: await renderCertificates(items, attendance), count: items.length };
}

// ------------------------------------------------------------------------------------------------
// Public verification

export interface VerifiedCertificate {
	code: string;
	recipient: string;
	kindLabel: string;
	detail: string;
	formName: string;
	certificateTitle: string;
	decisionNumber: string;
	decisionDate: string;
	issuer: string;
	registerNumber: string | null;
	eventTitle: string;
}

/** What the public page shows for a code; null when no certificate carries it. No ids, no amounts. */
export async function verifyCertificate(db: Executor, rawCode: string): Promise<VerifiedCertificate | null> {
	const code = normalizeVerificationCode(rawCode);
	if (!code) return null;
	const r = await db
		.selectFrom('award as a')
		.innerJoin('award_decision as d', 'd.id', 'a.decision_id')
		.innerJoin('award_form as f', 'f.id', 'd.form_id')
		.innerJoin('event as e', 'e.id', 'a.event_id')
		.select([
			'a.verification_code',
			'a.kind',
			'a.name',
			'a.salutation',
			'a.position',
			'a.unit',
			'a.register_number',
			'f.name as form_name',
			'f.certificate_title',
			'd.number',
			'd.decision_date',
			'd.issuer',
			'e.title as event_title'
		])
		.where('a.verification_code', '=', code)
		.executeTakeFirst();
	if (!r) return null;
	const kindLabel = r.kind === 'collective' ? 'Tập thể' : r.kind === 'household' ? 'Hộ gia đình' : 'Cá nhân';
	return {
		code: r.verification_code,
		recipient: displayName({ kind: r.kind, name: r.name, salutation: r.salutation }),
		kindLabel,
		detail: detailLine(r),
		formName: r.form_name,
		certificateTitle: r.certificate_title,
		decisionNumber: r.number,
		decisionDate: r.decision_date,
		issuer: r.issuer,
		registerNumber: r.register_number,
		eventTitle: r.event_title
	};
}

/** Parses the layout form (fields.<name>.<prop> inputs) into a partial layout for saveCertificateSettings. */
export function layoutFromForm(values: Record<string, string>, checkboxes: Set<string>): Record<string, unknown> {
	const fields: Record<string, Record<string, unknown>> = {};
	for (const f of CERTIFICATE_FIELDS) {
		const g: Record<string, unknown> = {};
		for (const p of ['x', 'y', 'width', 'height', 'maxSize', 'minSize', 'align']) {
			const v = values[`${f}.${p}`];
			if (v !== undefined && v !== '') g[p] = v;
		}
		if (values[`${f}.present`] !== undefined) g.enabled = checkboxes.has(`${f}.enabled`);
		if (Object.keys(g).length) fields[f] = g;
	}
	const out: Record<string, unknown> = { fields };
	for (const k of ['paper', 'mode', 'offsetX', 'offsetY']) if (values[k] !== undefined && values[k] !== '') out[k] = values[k];
	if (out.offsetX !== undefined && num(out.offsetX, -30, 30) === null) throw invalid({ offsetX: 'Độ lệch từ -30 đến 30 mm' });
	if (out.offsetY !== undefined && num(out.offsetY, -30, 30) === null) throw invalid({ offsetY: 'Độ lệch từ -30 đến 30 mm' });
	return out;
}
