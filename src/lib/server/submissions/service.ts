/**
 * Tham luận: the call (hạn nộp, hướng dẫn), invited units with their personal links, versions uploaded by
 * link or by staff, reviews and decisions (presented / printed only / sent back / not used), the order of
 * presentation, and the internal documents (báo cáo, phát biểu) with owner and status.
 *
 * Every staff operation starts with requireEventAccess; every change is one transaction with its audit row
 * and its mails (enqueueMessage, idempotency keys). Files are written to the store BEFORE the transaction
 * that records them (store.ts explains why). A change to the tham luận presented (decision, order, speaking
 * time, title, presenter) moves the conference programme's tham luận items in the same transaction
 * (programmeFollows). A new version of an approved internal document sends it back to “Trình duyệt”.
 */
import { sql, type Selectable } from 'kysely';
import { inTransaction, type Executor, type Tx } from '$lib/server/db';
import { DomainError, invalid, mapConstraintError, notFound, conflict } from '$lib/server/errors';
import { writeAudit, changedFields, type Actor } from '$lib/server/audit';
import { actorOf, requireEventAccess, type EventRow, type Principal } from '$lib/server/auth/access';
import { can, type Role } from '$lib/server/auth/permissions';
import { generateToken, hashToken } from '$lib/server/auth/tokens';
import { config } from '$lib/server/config';
import { enqueueMessage } from '$lib/server/mail/outbox';
import { fileStore, registerStoredFile, type FileStore } from '$lib/server/files/store';
import { checkFileName, inspectDocument, type DocumentKind } from '$lib/server/files/inspect';
// Units sort by their whole name (dictionary order); people by given name first (compareVietnameseNames).
import { compareVietnameseNames, nameCollator } from '$lib/format';
import type {
	Decision,
	DocStatus,
	LinkPurpose,
	PaperStatus,
	SubmissionCallTable,
	SubmissionKind,
	SubmissionTable,
	SubmissionUnitTable,
	SubmissionVersionTable,
	UploadedVia
} from './tables';
import type { CallInput, DocumentInput, OrderItem, PaperMeta, ReviewInput, UnitInput } from './schema';
import { decisionMail, inviteMail, reminderMail, type MailCall, type MailEvent } from './notifications';
import { DEFAULT_SPEAKING_MINUTES, presentedSubmissions } from './programme';
import { followPresented, type DiscussionSync } from '$lib/server/programme/service';

export type CallRow = Selectable<SubmissionCallTable>;
export type UnitRow = Selectable<SubmissionUnitTable>;
export type SubmissionRow = Selectable<SubmissionTable>;
export type VersionRow = Selectable<SubmissionVersionTable>;

/** Links work until this long after the event (to see the outcome); uploads close at the deadline anyway. */
export const LINK_GRACE_DAYS = 30;
/** Default time a unit sent back for revision gets to upload the corrected version. */
export const DEFAULT_REVISION_DAYS = 3;

// ------------------------------------------------------------------------------------------ helpers

export function unitLink(token: string, base = config().publicUrl): string {
	return `${base}/u/${token}`;
}

function mailEvent(e: EventRow): MailEvent {
	return { title: e.title, startsAt: e.starts_at, venue: e.venue, organiserName: e.organiser_name };
}

function mailCall(c: CallRow): MailCall {
	return {
		guidance: c.guidance,
		deadline: c.deadline,
		acceptPdf: c.accept_pdf,
		acceptDocx: c.accept_docx,
		maxSizeMb: c.max_size_mb,
		expectedLength: c.expected_length,
		speakingMinutes: c.speaking_minutes
	};
}

export function acceptedKinds(c: Pick<CallRow, 'accept_pdf' | 'accept_docx'>): DocumentKind[] {
	return [...(c.accept_pdf ? (['pdf'] as const) : []), ...(c.accept_docx ? (['docx'] as const) : [])];
}

/** The end of the event (a conference without an end time lasts 10 hours), for link expiry. */
export function linkExpiry(e: Pick<EventRow, 'starts_at' | 'ends_at'>): Date {
	const end = e.ends_at ?? new Date(e.starts_at.getTime() + 10 * 3600 * 1000);
	return new Date(end.getTime() + LINK_GRACE_DAYS * 24 * 3600 * 1000);
}

export async function getCall(db: Executor, eventId: number): Promise<CallRow | undefined> {
	return db.selectFrom('submission_call').selectAll().where('event_id', '=', eventId).executeTakeFirst();
}

async function requireCall(db: Executor, eventId: number): Promise<CallRow> {
	const call = await getCall(db, eventId);
	if (!call)
		throw conflict(
			'call_missing',
			'Hãy lưu thông tin đợt nhận tham luận (hạn nộp, hướng dẫn, định dạng tệp) trước khi mời đơn vị.'
		);
	return call;
}

async function requireUnit(db: Executor, eventId: number, unitId: number, lock = false): Promise<UnitRow> {
	let q = db.selectFrom('submission_unit').selectAll().where('event_id', '=', eventId).where('id', '=', unitId);
	if (lock) q = q.forUpdate();
	const u = await q.executeTakeFirst();
	if (!u) throw notFound('Không tìm thấy đơn vị được mời');
	return u;
}

async function requireSubmission(db: Executor, eventId: number, id: number, lock = false): Promise<SubmissionRow> {
	let q = db.selectFrom('submission').selectAll().where('event_id', '=', eventId).where('id', '=', id);
	if (lock) q = q.forUpdate();
	const s = await q.executeTakeFirst();
	if (!s) throw notFound('Không tìm thấy tham luận hoặc văn bản');
	return s;
}

/** Issues a new random link token for a unit; only its hash is stored. Returns the token. */
async function insertLink(
	tx: Executor,
	unit: Pick<UnitRow, 'id' | 'event_id'>,
	purpose: LinkPurpose,
	createdBy: number | null,
	token = generateToken()
): Promise<string> {
	await tx
		.insertInto('submission_link')
		.values({ unit_id: unit.id, event_id: unit.event_id, token_hash: hashToken(token), purpose, created_by: createdBy })
		.execute();
	return token;
}

/**
 * Queues a mail that carries a fresh personal link. The link row is written only when the mail is new:
 * a repeated request (same idempotency key) leaves the earlier mail and its link as they were.
 */
async function mailWithLink(
	tx: Tx,
	p: {
		event: EventRow;
		unit: UnitRow;
		purpose: LinkPurpose;
		kind: string;
		idempotencyKey: string;
		createdBy: number | null;
		build: (link: string) => { subject: string; text: string; html: string };
	}
): Promise<{ queued: boolean; token: string | null }> {
	if (!p.unit.email) return { queued: false, token: null };
	const token = generateToken();
	const content = p.build(unitLink(token));
	const id = await enqueueMessage(tx, {
		organisationId: p.event.organisation_id,
		eventId: p.event.id,
		kind: p.kind,
		idempotencyKey: p.idempotencyKey,
		to: p.unit.email,
		toName: p.unit.contact_name || p.unit.name,
		subject: content.subject,
		text: content.text,
		html: content.html,
		// The body carries a personal link: the outbox viewer hides it.
		sensitive: true,
		createdBy: p.createdBy
	});
	if (id === null) return { queued: false, token: null };
	await insertLink(tx, p.unit, p.purpose, p.createdBy, token);
	return { queued: true, token };
}

// ------------------------------------------------------------------------------------------ call

export async function saveCall(db: Executor, principal: Principal, eventId: number, input: CallInput): Promise<CallRow> {
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'submission.review');
		const cols = {
			guidance: input.guidance,
			deadline: input.deadline,
			accept_pdf: input.acceptPdf,
			accept_docx: input.acceptDocx,
			max_size_mb: input.maxSizeMb,
			expected_length: input.expectedLength,
			speaking_minutes: input.speakingMinutes
		};
		const existing = await tx.selectFrom('submission_call').selectAll().where('event_id', '=', eventId).forUpdate().executeTakeFirst();
		let row: CallRow;
		if (existing) {
			const changes = changedFields(existing as unknown as Record<string, unknown>, cols);
			if (!Object.keys(changes).length) return existing;
			row = await tx
				.updateTable('submission_call')
				.set({ ...cols, updated_at: sql`now()` })
				.where('id', '=', existing.id)
				.returningAll()
				.executeTakeFirstOrThrow();
			await writeAudit(tx, actorOf(principal), {
				action: 'submission.call.updated',
				entityType: 'submission_call',
				entityId: row.id,
				organisationId: event.organisation_id,
				eventId,
				data: changes
			});
		} else {
			row = await tx
				.insertInto('submission_call')
				.values({ ...cols, event_id: eventId, created_by: principal.user.id })
				.returningAll()
				.executeTakeFirstOrThrow();
			await writeAudit(tx, actorOf(principal), {
				action: 'submission.call.created',
				entityType: 'submission_call',
				entityId: row.id,
				organisationId: event.organisation_id,
				eventId,
				data: { deadline: input.deadline.toISOString(), maxSizeMb: input.maxSizeMb }
			});
		}
		return row;
	});
}

// ------------------------------------------------------------------------------------------ units

/** Units of the delegate list (kind 'unit') not yet invited to submit. */
export async function delegateUnitsToInvite(db: Executor, eventId: number) {
	const rows = await db
		.selectFrom('delegate')
		.select(['id', 'unit', 'addressed_to', 'email'])
		.where('event_id', '=', eventId)
		.where('kind', '=', 'unit')
		.where('status', '=', 'active')
		.where((eb) =>
			eb.not(
				eb.exists(
					eb
						.selectFrom('submission_unit')
						.select('submission_unit.id')
						.whereRef('submission_unit.event_id', '=', 'delegate.event_id')
						.where((e2) =>
							e2.or([
								e2('submission_unit.delegate_id', '=', e2.ref('delegate.id')),
								e2(sql`lower(submission_unit.name)`, '=', sql`lower(coalesce(nullif(delegate.unit, ''), delegate.addressed_to))`)
							])
						)
				)
			)
		)
		.orderBy('protocol_rank')
		.orderBy('sort_order')
		.orderBy('id')
		.execute();
	return rows
		.map((r) => ({ delegateId: r.id, name: (r.unit || r.addressed_to).trim(), email: r.email }))
		.filter((r) => r.name);
}

export interface InvitedUnit {
	unitId: number;
	name: string;
	email: string | null;
	/** The personal link, shown once to the organiser (the mail carries its own). */
	link: string;
	mailed: boolean;
	created: boolean;
}

/**
 * Invites units: from the delegate list (delegateIds) and/or typed in (units). Each new unit gets a
 * personal link, shown once in the answer, and (sendMail, with an email) an invitation mail carrying its
 * own link. A unit already invited under the same name is left as it was (created: false, no new link).
 */
export async function inviteUnits(
	db: Executor,
	principal: Principal,
	eventId: number,
	input: { units?: UnitInput[]; delegateIds?: number[]; sendMail?: boolean }
): Promise<InvitedUnit[]> {
	try {
		return await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'submission.review');
			const call = await requireCall(tx, eventId);
			const wanted: UnitInput[] = [...(input.units ?? [])];
			if (input.delegateIds?.length) {
				const ds = await tx
					.selectFrom('delegate')
					.select(['id', 'full_name', 'unit', 'addressed_to', 'email', 'kind', 'status'])
					.where('event_id', '=', eventId)
					.where('id', 'in', input.delegateIds)
					.execute();
				if (ds.length !== new Set(input.delegateIds).size) throw notFound('Không tìm thấy đơn vị trong danh sách đại biểu');
				// Only unit invitations still on the list (what delegateUnitsToInvite offers): a person's unit or a
				// cancelled invitation is not invited by id.
				const notUnits = ds.filter((d) => d.kind !== 'unit' || d.status !== 'active');
				if (notUnits.length)
					throw invalid(
						{ delegateIds: 'Chỉ chọn được đơn vị (thư mời gửi đơn vị, chưa hủy) trong danh sách đại biểu' },
						`Chỉ mời được các đơn vị (thư mời gửi đơn vị, chưa hủy) trong danh sách đại biểu; không mời được: ${notUnits.map((d) => d.full_name || d.addressed_to || d.unit || `#${d.id}`).join('; ')}.`
					);
				for (const d of ds) {
					const name = (d.unit || d.addressed_to).normalize('NFC').trim();
					if (!name) continue;
					wanted.push({ name, email: d.email, contactName: '', delegateId: d.id });
				}
			}
			if (!wanted.length) throw invalid({ units: 'Chọn hoặc nhập ít nhất một đơn vị' }, 'Chọn hoặc nhập ít nhất một đơn vị');
			const out: InvitedUnit[] = [];
			const seen = new Set<string>();
			for (const w of wanted) {
				const key = w.name.toLowerCase();
				if (seen.has(key)) continue;
				seen.add(key);
				// Already invited: under the same name, or from the same row of the delegate list (renamed since).
				const existing = await tx
					.selectFrom('submission_unit')
					.selectAll()
					.where('event_id', '=', eventId)
					.where((eb) => {
						const same = [eb(sql`lower(name)`, '=', key)];
						if (w.delegateId) same.push(eb('delegate_id', '=', w.delegateId));
						return eb.or(same);
					})
					.orderBy('id')
					.executeTakeFirst();
				if (existing) {
					out.push({ unitId: existing.id, name: existing.name, email: existing.email, link: '', mailed: false, created: false });
					continue;
				}
				const unit = await tx
					.insertInto('submission_unit')
					.values({
						event_id: eventId,
						name: w.name,
						email: w.email,
						contact_name: w.contactName,
						delegate_id: w.delegateId ?? null,
						invited_at: new Date(),
						created_by: principal.user.id
					})
					.returningAll()
					.executeTakeFirstOrThrow();
				const token = await insertLink(tx, unit, 'manual', principal.user.id);
				let mailed = false;
				if (input.sendMail !== false && unit.email) {
					const r = await mailWithLink(tx, {
						event,
						unit,
						purpose: 'invite',
						kind: 'submission_invite',
						idempotencyKey: `submission.invite:${unit.id}`,
						createdBy: principal.user.id,
						build: (link) => inviteMail({ event: mailEvent(event), call: mailCall(call), unitName: unit.name, link })
					});
					mailed = r.queued;
				}
				out.push({ unitId: unit.id, name: unit.name, email: unit.email, link: unitLink(token), mailed, created: true });
			}
			const created = out.filter((u) => u.created);
			if (created.length)
				await writeAudit(tx, actorOf(principal), {
					action: 'submission.units.invited',
					entityType: 'event',
					entityId: eventId,
					organisationId: event.organisation_id,
					eventId,
					data: { units: created.map((u) => u.name), mailed: created.filter((u) => u.mailed).length }
				});
			return out;
		});
	} catch (e) {
		throw mapConstraintError(e, {
			submission_unit_email_format: { code: 'invalid_input', message: 'Email của đơn vị không hợp lệ', field: 'email' }
		});
	}
}

/** Changes a unit's name, email or contact. */
export async function updateUnit(db: Executor, principal: Principal, eventId: number, unitId: number, input: UnitInput): Promise<void> {
	try {
		await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'submission.review');
			const unit = await requireUnit(tx, eventId, unitId, true);
			const cols = { name: input.name, email: input.email, contact_name: input.contactName };
			const changes = changedFields(unit as unknown as Record<string, unknown>, cols);
			if (!Object.keys(changes).length) return;
			await tx.updateTable('submission_unit').set({ ...cols, updated_at: sql`now()` }).where('id', '=', unitId).execute();
			await writeAudit(tx, actorOf(principal), {
				action: 'submission.unit.updated',
				entityType: 'submission_unit',
				entityId: unitId,
				organisationId: event.organisation_id,
				eventId,
				data: changes
			});
		});
	} catch (e) {
		throw mapConstraintError(e, {
			submission_unit_event_name_key: { code: 'unit_name_taken', message: 'Đã có đơn vị cùng tên trong danh sách mời', field: 'name' }
		});
	}
}

/** Removes an invited unit that has sent nothing (its links stop working). */
export async function removeUnit(db: Executor, principal: Principal, eventId: number, unitId: number): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'submission.review');
		const unit = await requireUnit(tx, eventId, unitId, true);
		const paper = await tx.selectFrom('submission').select(['id', 'current_version_id']).where('unit_id', '=', unitId).executeTakeFirst();
		if (paper?.current_version_id)
			throw conflict('unit_has_submission', 'Đơn vị đã gửi tham luận nên không xóa khỏi danh sách mời được. Hãy đánh dấu tham luận là “Không sử dụng”.');
		if (paper) await tx.deleteFrom('submission').where('id', '=', paper.id).execute();
		await tx.deleteFrom('submission_unit').where('id', '=', unitId).execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'submission.unit.removed',
			entityType: 'submission_unit',
			entityId: unitId,
			organisationId: event.organisation_id,
			eventId,
			data: { name: unit.name }
		});
	});
}

/**
 * A new personal link for a unit, shown once (e.g. to send by phone or Zalo); optionally revokes the
 * others (a link sent to the wrong address) and mails the new one.
 */
export async function issueLink(
	db: Executor,
	principal: Principal,
	eventId: number,
	unitId: number,
	opts: { revokeOthers?: boolean } = {}
): Promise<{ link: string; revoked: number }> {
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'submission.review');
		const unit = await requireUnit(tx, eventId, unitId, true);
		let revoked = 0;
		if (opts.revokeOthers) {
			const r = await tx
				.updateTable('submission_link')
				.set({ revoked_at: new Date() })
				.where('unit_id', '=', unitId)
				.where('revoked_at', 'is', null)
				.executeTakeFirst();
			revoked = Number(r.numUpdatedRows);
		}
		const token = await insertLink(tx, unit, 'manual', principal.user.id);
		await writeAudit(tx, actorOf(principal), {
			action: 'submission.link.issued',
			entityType: 'submission_unit',
			entityId: unitId,
			organisationId: event.organisation_id,
			eventId,
			data: { unit: unit.name, revokedOthers: revoked }
		});
		return { link: unitLink(token), revoked };
	});
}

/** Reopens uploads for one unit until a time past the deadline (null closes it again). */
export async function reopenUnit(
	db: Executor,
	principal: Principal,
	eventId: number,
	unitId: number,
	until: Date | null,
	now = new Date()
): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'submission.review');
		if (until && until <= now) throw invalid({ until: 'Thời hạn mở lại phải sau thời điểm hiện tại' }, 'Thời hạn mở lại phải sau thời điểm hiện tại');
		const unit = await requireUnit(tx, eventId, unitId, true);
		await tx.updateTable('submission_unit').set({ reopened_until: until, updated_at: sql`now()` }).where('id', '=', unitId).execute();
		await writeAudit(tx, actorOf(principal), {
			action: until ? 'submission.unit.reopened' : 'submission.unit.closed',
			entityType: 'submission_unit',
			entityId: unitId,
			organisationId: event.organisation_id,
			eventId,
			data: { unit: unit.name, until: until?.toISOString() ?? null }
		});
	});
}

/**
 * Reminds the units that have not sent a tham luận (no version yet), by mail with a fresh link each.
 * `round` (a nonce from the form, or the day) makes the reminder idempotent: repeating the same request
 * queues nothing more.
 */
export async function sendReminders(
	db: Executor,
	principal: Principal,
	eventId: number,
	opts: { round: string; unitIds?: number[] }
): Promise<{ queued: number; noEmail: string[]; alreadySent: number }> {
	const round = opts.round.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'r';
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'submission.review');
		const call = await requireCall(tx, eventId);
		let q = tx
			.selectFrom('submission_unit')
			.selectAll('submission_unit')
			.where('submission_unit.event_id', '=', eventId)
			.where((eb) =>
				eb.not(
					eb.exists(
						eb
							.selectFrom('submission')
							.select('submission.id')
							.whereRef('submission.unit_id', '=', 'submission_unit.id')
							.where('submission.current_version_id', 'is not', null)
					)
				)
			)
			.orderBy('submission_unit.id');
		if (opts.unitIds?.length) q = q.where('submission_unit.id', 'in', opts.unitIds);
		const units = await q.execute();
		let queued = 0;
		let alreadySent = 0;
		const noEmail: string[] = [];
		for (const unit of units) {
			if (!unit.email) {
				noEmail.push(unit.name);
				continue;
			}
			const deadline = unit.reopened_until && unit.reopened_until > call.deadline ? unit.reopened_until : call.deadline;
			const r = await mailWithLink(tx, {
				event,
				unit,
				purpose: 'reminder',
				kind: 'submission_reminder',
				idempotencyKey: `submission.reminder:${unit.id}:${round}`,
				createdBy: principal.user.id,
				build: (link) => reminderMail({ event: mailEvent(event), call: mailCall(call), unitName: unit.name, link, deadline })
			});
			if (r.queued) {
				queued++;
				await tx
					.updateTable('submission_unit')
					.set({ last_reminded_at: new Date(), reminder_count: sql`reminder_count + 1` })
					.where('id', '=', unit.id)
					.execute();
			} else alreadySent++;
		}
		if (queued)
			await writeAudit(tx, actorOf(principal), {
				action: 'submission.reminders.sent',
				entityType: 'event',
				entityId: eventId,
				organisationId: event.organisation_id,
				eventId,
				data: { queued, noEmail }
			});
		return { queued, noEmail, alreadySent };
	});
}

// ------------------------------------------------------------------------------------------ upload window

export type WindowState =
	| { open: true; until: Date; reopened: boolean }
	| { open: false; reason: 'deadline_passed' | 'decided' | 'no_call'; until: Date | null };

/**
 * Whether a unit may upload now: before the call's deadline, or before its own reopened_until (reopened by
 * the organiser or sent back for revision). Once a tham luận is decided (presented, printed, not used) it
 * is frozen unless the organiser reopens that unit.
 */
export function uploadWindow(
	call: Pick<CallRow, 'deadline'> | null | undefined,
	unit: Pick<UnitRow, 'reopened_until'>,
	paper: Pick<SubmissionRow, 'status'> | null | undefined,
	now = new Date()
): WindowState {
	if (!call) return { open: false, reason: 'no_call', until: null };
	const reopened = !!unit.reopened_until && unit.reopened_until > now;
	const until = unit.reopened_until && unit.reopened_until > call.deadline ? unit.reopened_until : call.deadline;
	const decided = paper?.status === 'presented' || paper?.status === 'printed' || paper?.status === 'rejected';
	if (decided && !reopened) return { open: false, reason: 'decided', until };
	if (now > until) return { open: false, reason: 'deadline_passed', until };
	return { open: true, until, reopened };
}

export function windowClosedError(w: Extract<WindowState, { open: false }>, formatDate: (d: Date) => string): DomainError {
	if (w.reason === 'decided')
		return new DomainError(
			'upload_closed',
			'Ban tổ chức đã xem xét và quyết định về tham luận này nên không nhận bản mới. Nếu cần sửa, xin liên hệ ban tổ chức để được mở lại.',
			{ status: 403 }
		);
	if (w.reason === 'no_call')
		return new DomainError('upload_closed', 'Hội nghị này chưa mở đợt nhận tham luận.', { status: 403 });
	return new DomainError(
		'deadline_passed',
		`Đã hết hạn nộp tham luận${w.until ? ` (hạn: ${formatDate(w.until)}, giờ Việt Nam)` : ''}. Tệp chưa được nhận và bản đã gửi trước (nếu có) vẫn giữ nguyên. Nếu cần nộp muộn, xin liên hệ ban tổ chức để được mở lại.`,
		{ status: 403 }
	);
}

// ------------------------------------------------------------------------------------------ versions

export interface UploadFile {
	bytes: Uint8Array;
	name: string;
}

export interface CheckedFile {
	sha256: string;
	size: number;
	kind: DocumentKind;
	contentType: string;
	pageCount: number | null;
	fileName: string;
}

/** Checks the name and content, then stores the file (before any transaction). Nothing stored on refusal. */
export async function checkAndStore(
	file: UploadFile,
	opts: { accept: DocumentKind[]; maxBytes: number; store: FileStore }
): Promise<CheckedFile> {
	const fileName = checkFileName(file.name);
	const inspected = await inspectDocument(file.bytes, { accept: opts.accept, maxBytes: opts.maxBytes, fileName });
	const put = await opts.store.put(file.bytes);
	return {
		sha256: put.sha256,
		size: put.size,
		kind: inspected.kind,
		contentType: inspected.contentType,
		pageCount: inspected.pageCount,
		fileName
	};
}

/** Records a version of a locked submission (in the caller's transaction); returns it. */
export async function insertVersion(
	tx: Tx,
	paper: SubmissionRow,
	f: CheckedFile,
	via: UploadedVia,
	actor: Actor
): Promise<VersionRow> {
	await registerStoredFile(tx, { sha256: f.sha256, size: f.size, contentType: f.contentType });
	const last = await tx
		.selectFrom('submission_version')
		.select((eb) => eb.fn.max('number').as('n'))
		.where('submission_id', '=', paper.id)
		.executeTakeFirst();
	const number = Number(last?.n ?? 0) + 1;
	const v = await tx
		.insertInto('submission_version')
		.values({
			submission_id: paper.id,
			event_id: paper.event_id,
			number,
			sha256: f.sha256,
			size: f.size,
			content_type: f.contentType,
			file_kind: f.kind,
			file_name: f.fileName,
			page_count: f.pageCount,
			uploaded_via: via,
			uploaded_by: actor.userId,
			uploaded_by_label: actor.label
		})
		.returningAll()
		.executeTakeFirstOrThrow();
	// A new version of a paper sent back (or not yet reviewed) goes (back) to the reviewers; a decided
	// paper the organiser reopened keeps its decision (the fix is usually a typo).
	const status: PaperStatus | null =
		paper.kind !== 'tham_luan' ? null : paper.status === null || paper.status === 'revision' ? 'submitted' : paper.status;
	// An internal document: what was approved is the text of the earlier version, so a new text goes back to
	// the leaders (“Trình duyệt”) to be approved again (approvalReset tells the caller to say so and audit it).
	const docStatus: DocStatus | null = paper.kind === 'tham_luan' ? paper.doc_status : approvalAfterNewVersion(paper.doc_status);
	await tx
		.updateTable('submission')
		.set({ current_version_id: v.id, status, doc_status: docStatus, updated_at: sql`now()` })
		.where('id', '=', paper.id)
		.execute();
	return v;
}

/** The status of an internal document once a new version is uploaded: approved goes back to “Trình duyệt”. */
export function approvalAfterNewVersion(current: DocStatus | null): DocStatus {
	return current === 'approved' ? 'for_approval' : (current ?? 'draft');
}

function maxBytesOf(call: Pick<CallRow, 'max_size_mb'> | null | undefined): number {
	return (call?.max_size_mb ?? 20) * 1024 * 1024;
}

/**
 * Staff upload of a version (an internal document, or a tham luận on behalf of its unit: no deadline
 * applies to staff).
 */
export async function uploadStaffVersion(
	db: Executor,
	principal: Principal,
	eventId: number,
	submissionId: number,
	file: UploadFile,
	opts: { store?: FileStore; via?: 'staff' | 'api' } = {}
): Promise<VersionRow & { approvalReset: boolean }> {
	const store = opts.store ?? fileStore();
	const { event } = await requireEventAccess(db, principal, eventId, 'submission.review');
	const paper = await requireSubmission(db, eventId, submissionId);
	const call = await getCall(db, eventId);
	const accept: DocumentKind[] = paper.kind === 'tham_luan' && call ? acceptedKinds(call) : ['pdf', 'docx'];
	const checked = await checkAndStore(file, { accept, maxBytes: paper.kind === 'tham_luan' ? maxBytesOf(call) : maxBytesOf(null), store });
	return inTransaction(db, async (tx) => {
		await requireEventAccess(tx, principal, eventId, 'submission.review');
		const locked = await requireSubmission(tx, eventId, submissionId, true);
		const actor = actorOf(principal);
		const v = await insertVersion(tx, locked, checked, opts.via ?? 'staff', actor);
		await writeAudit(tx, actor, {
			action: 'submission.version.uploaded',
			entityType: 'submission',
			entityId: submissionId,
			organisationId: event.organisation_id,
			eventId,
			data: { number: v.number, sha256: v.sha256, size: v.size, kind: v.file_kind, via: v.uploaded_via }
		});
		const approvalReset = locked.kind !== 'tham_luan' && locked.doc_status === 'approved';
		if (approvalReset)
			await writeAudit(tx, actor, {
				action: 'submission.document.approval_reset',
				entityType: 'submission',
				entityId: submissionId,
				organisationId: event.organisation_id,
				eventId,
				data: { doc_status: { from: 'approved', to: 'for_approval' }, version: v.number }
			});
		return Object.assign(v, { approvalReset });
	});
}

/** What the uploader is told when a new version sends an approved document back to “Trình duyệt”. */
export const APPROVAL_RESET_MESSAGE =
	'Văn bản đã được duyệt trước đó; vì nội dung thay đổi nên văn bản chuyển về “Trình duyệt”: bản mới cần được lãnh đạo duyệt lại.';

/** Creates (or updates the details of) the tham luận of a unit, as staff. Returns its id. */
export async function savePaperForUnit(
	db: Executor,
	principal: Principal,
	eventId: number,
	unitId: number,
	meta: PaperMeta
): Promise<number> {
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'submission.review');
		const unit = await requireUnit(tx, eventId, unitId, true);
		const id = await upsertPaper(tx, unit, meta);
		await writeAudit(tx, actorOf(principal), {
			action: 'submission.details.updated',
			entityType: 'submission',
			entityId: id,
			organisationId: event.organisation_id,
			eventId,
			data: { unit: unit.name, title: meta.title }
		});
		return id;
	});
}

async function upsertPaper(tx: Tx, unit: UnitRow, meta: PaperMeta): Promise<number> {
	const cols = {
		title: meta.title,
		presenter_name: meta.presenterName,
		presenter_position: meta.presenterPosition,
		summary: meta.summary
	};
	const existing = await tx.selectFrom('submission').select('id').where('unit_id', '=', unit.id).forUpdate().executeTakeFirst();
	if (existing) {
		await tx.updateTable('submission').set({ ...cols, updated_at: sql`now()` }).where('id', '=', existing.id).execute();
		return existing.id;
	}
	const row = await tx
		.insertInto('submission')
		.values({ ...cols, event_id: unit.event_id, kind: 'tham_luan', unit_id: unit.id })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Staff edit of a tham luận's details (title, presenter, summary). */
export async function updatePaperMeta(
	db: Executor,
	principal: Principal,
	eventId: number,
	submissionId: number,
	meta: PaperMeta
): Promise<void> {
	await inTransaction(db, async (tx) => {
		const access = await requireEventAccess(tx, principal, eventId, 'submission.review');
		const { event } = access;
		const paper = await requireSubmission(tx, eventId, submissionId, true);
		if (paper.kind !== 'tham_luan') throw notFound('Không tìm thấy tham luận');
		const cols = {
			title: meta.title,
			presenter_name: meta.presenterName,
			presenter_position: meta.presenterPosition,
			summary: meta.summary
		};
		const changes = changedFields(paper as unknown as Record<string, unknown>, cols);
		if (!Object.keys(changes).length) return;
		await tx.updateTable('submission').set({ ...cols, updated_at: sql`now()` }).where('id', '=', submissionId).execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'submission.details.updated',
			entityType: 'submission',
			entityId: submissionId,
			organisationId: event.organisation_id,
			eventId,
			data: changes
		});
		// The programme shows the title and presenter of a presented tham luận.
		if (paper.status === 'presented') await programmeFollows(tx, principal, access, 'submission.details.updated');
	});
}

// ------------------------------------------------------------------------------------------ reviews

/**
 * A comment, or a decision on a tham luận (with its reason). A decision is mailed to the unit. Sending back
 * for revision reopens the unit's uploads until `reopenUntil` (default: 3 days) and mails a fresh link.
 */
export async function addReview(
	db: Executor,
	principal: Principal,
	eventId: number,
	submissionId: number,
	input: ReviewInput,
	now = new Date()
): Promise<{ reviewId: number; mailed: boolean; programme?: DiscussionSync | null }> {
	return inTransaction(db, async (tx) => {
		const access = await requireEventAccess(tx, principal, eventId, 'submission.review');
		const { event } = access;
		const paper = await requireSubmission(tx, eventId, submissionId, true);
		const actor = actorOf(principal);
		if (!input.decision) {
			const r = await tx
				.insertInto('submission_review')
				.values({
					submission_id: paper.id,
					event_id: eventId,
					version_id: paper.current_version_id,
					author_user_id: principal.user.id,
					author_label: actor.label,
					body: input.body
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await writeAudit(tx, actor, {
				action: 'submission.comment.added',
				entityType: 'submission',
				entityId: paper.id,
				organisationId: event.organisation_id,
				eventId,
				data: { reviewId: r.id }
			});
			return { reviewId: r.id, mailed: false };
		}
		if (paper.kind !== 'tham_luan')
			throw new DomainError('decision_not_allowed', 'Chỉ tham luận mới có quyết định chọn; văn bản nội bộ dùng trạng thái (dự thảo, trình duyệt, đã duyệt).');
		if (!paper.current_version_id)
			throw conflict('no_version', 'Đơn vị chưa gửi tệp tham luận nên chưa thể quyết định.');
		const decision: Decision = input.decision;
		let reopenUntil: Date | null = null;
		if (decision === 'revision') {
			reopenUntil = input.reopenUntil ?? new Date(now.getTime() + DEFAULT_REVISION_DAYS * 24 * 3600 * 1000);
			if (reopenUntil <= now) throw invalid({ reopenUntil: 'Hạn nộp lại phải sau thời điểm hiện tại' }, 'Hạn nộp lại phải sau thời điểm hiện tại');
		}
		const unit = await requireUnit(tx, eventId, paper.unit_id!, true);
		const call = await getCall(tx, eventId);
		let order: number | null = null;
		let minutes: number | null = null;
		if (decision === 'presented') {
			if (paper.status === 'presented') {
				order = paper.presentation_order;
				minutes = paper.speaking_minutes;
			} else {
				const max = await tx
					.selectFrom('submission')
					.select((eb) => eb.fn.max('presentation_order').as('m'))
					.where('event_id', '=', eventId)
					.where('status', '=', 'presented')
					.executeTakeFirst();
				order = Number(max?.m ?? 0) + 1;
				minutes = call?.speaking_minutes ?? DEFAULT_SPEAKING_MINUTES;
			}
		}
		const review = await tx
			.insertInto('submission_review')
			.values({
				submission_id: paper.id,
				event_id: eventId,
				version_id: paper.current_version_id,
				author_user_id: principal.user.id,
				author_label: actor.label,
				decision,
				body: input.body,
				reopened_until: reopenUntil
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await tx
			.updateTable('submission')
			.set({
				status: decision,
				decision_note: input.body,
				decided_at: now,
				decided_by: principal.user.id,
				presentation_order: order,
				speaking_minutes: minutes,
				updated_at: sql`now()`
			})
			.where('id', '=', paper.id)
			.execute();
		if (decision === 'presented' || paper.status === 'presented') await renumberPresented(tx, eventId);
		// Sent back: the link reopens until the revision deadline. Any other decision closes a reopening.
		await tx
			.updateTable('submission_unit')
			.set({ reopened_until: reopenUntil, updated_at: sql`now()` })
			.where('id', '=', unit.id)
			.execute();
		let mailed = false;
		if (unit.email) {
			const build = (link: string | null) =>
				decisionMail({
					event: mailEvent(event),
					unitName: unit.name,
					title: paper.title,
					decision,
					note: input.body,
					presenterName: paper.presenter_name,
					speakingMinutes: minutes,
					reopenUntil,
					link
				});
			const key = `submission.decision:${paper.id}:${review.id}`;
			if (decision === 'revision') {
				mailed = (
					await mailWithLink(tx, { event, unit, purpose: 'revision', kind: 'submission_decision', idempotencyKey: key, createdBy: principal.user.id, build })
				).queued;
			} else {
				const c = build(null);
				mailed =
					(await enqueueMessage(tx, {
						organisationId: event.organisation_id,
						eventId,
						kind: 'submission_decision',
						idempotencyKey: key,
						to: unit.email,
						toName: unit.contact_name || unit.name,
						subject: c.subject,
						text: c.text,
						html: c.html,
						createdBy: principal.user.id
					})) !== null;
			}
		}
		await writeAudit(tx, actor, {
			action: 'submission.decided',
			entityType: 'submission',
			entityId: paper.id,
			organisationId: event.organisation_id,
			eventId,
			data: { decision, from: paper.status, unit: unit.name, reopenUntil: reopenUntil?.toISOString() ?? null, mailed }
		});
		// Selected for presentation, or no longer: the programme gains or loses its item.
		const programme =
			decision === 'presented' || paper.status === 'presented' ? await programmeFollows(tx, principal, access, 'submission.decided') : null;
		return { reviewId: review.id, mailed, programme };
	});
}

/** Keeps presentation orders 1..n without gaps (in their current order). */
async function renumberPresented(tx: Tx, eventId: number): Promise<void> {
	const rows = await tx
		.selectFrom('submission')
		.select(['id', 'presentation_order'])
		.where('event_id', '=', eventId)
		.where('status', '=', 'presented')
		.orderBy('presentation_order')
		.orderBy('id')
		.execute();
	for (const [i, r] of rows.entries())
		if (r.presentation_order !== i + 1)
			await tx.updateTable('submission').set({ presentation_order: i + 1 }).where('id', '=', r.id).execute();
}

/**
 * The conference programme follows the tham luận selected for presentation (their items, order among them,
 * speaking times; the day re-timed), in the same transaction as the change, with its own audit row. Done
 * only for someone who may also edit the programme, and only once the programme has items (an empty one
 * takes the tham luận when its template is created). Returns what changed, or null.
 */
async function programmeFollows(
	tx: Tx,
	principal: Principal,
	access: { event: EventRow; role: Role },
	trigger: string
): Promise<DiscussionSync | null> {
	if (!can(access.role, 'programme.edit')) return null;
	return followPresented(tx, access.event, actorOf(principal), (t) => presentedSubmissions(t, access.event.id), trigger);
}

/**
 * Sets the speaking order and times of the tham luận selected for presentation (all of them, in order);
 * the programme's tham luận items follow (programmeFollows). Returns what changed in the programme.
 */
export async function setPresentationOrder(
	db: Executor,
	principal: Principal,
	eventId: number,
	items: OrderItem[]
): Promise<{ programme: DiscussionSync | null }> {
	return inTransaction(db, async (tx) => {
		const access = await requireEventAccess(tx, principal, eventId, 'submission.review');
		const { event } = access;
		const presented = await tx
			.selectFrom('submission')
			.select(['id', 'presentation_order', 'speaking_minutes'])
			.where('event_id', '=', eventId)
			.where('status', '=', 'presented')
			.forUpdate()
			.execute();
		const ids = new Set(presented.map((p) => p.id));
		if (items.length !== ids.size || items.some((i) => !ids.has(i.id)))
			throw conflict('order_mismatch', 'Danh sách tham luận trình bày đã thay đổi; hãy tải lại trang rồi sắp xếp lại.');
		for (const [i, item] of items.entries())
			await tx
				.updateTable('submission')
				.set({ presentation_order: i + 1, speaking_minutes: item.speakingMinutes, updated_at: sql`now()` })
				.where('id', '=', item.id)
				.execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'submission.order.updated',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: { order: items.map((i) => [i.id, i.speakingMinutes]) }
		});
		return { programme: await programmeFollows(tx, principal, access, 'submission.order.updated') };
	});
}

// ------------------------------------------------------------------------------------------ internal documents

export async function createDocument(db: Executor, principal: Principal, eventId: number, input: DocumentInput): Promise<number> {
	try {
		return await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'submission.review');
			// A new document has no file yet: nothing to submit or approve (updateDocument says the same).
			if (input.docStatus && input.docStatus !== 'draft')
				throw conflict(
					'no_version',
					'Văn bản mới chưa có tệp nên chỉ tạo được ở trạng thái “Dự thảo”. Hãy tải lên bản dự thảo rồi mới trình duyệt.'
				);
			if (input.ownerUserId) await requireMember(tx, event.organisation_id, input.ownerUserId);
			const row = await tx
				.insertInto('submission')
				.values({
					event_id: eventId,
					kind: input.kind!,
					title: input.title ?? '',
					owner_user_id: input.ownerUserId ?? null,
					owner_unit: input.ownerUnit ?? '',
					doc_status: 'draft'
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await writeAudit(tx, actorOf(principal), {
				action: 'submission.document.created',
				entityType: 'submission',
				entityId: row.id,
				organisationId: event.organisation_id,
				eventId,
				data: { kind: input.kind, title: input.title }
			});
			return row.id;
		});
	} catch (e) {
		throw mapConstraintError(e, {
			submission_event_internal_kind_key: { code: 'document_exists', message: 'Hội nghị đã có văn bản loại này', field: 'kind' }
		});
	}
}

async function requireMember(db: Executor, organisationId: number, userId: number): Promise<void> {
	const m = await db.selectFrom('membership').select('user_id').where('organisation_id', '=', organisationId).where('user_id', '=', userId).executeTakeFirst();
	if (!m) throw invalid({ ownerUserId: 'Người phụ trách phải là thành viên của đơn vị tổ chức' });
}

export async function updateDocument(
	db: Executor,
	principal: Principal,
	eventId: number,
	submissionId: number,
	input: DocumentInput
): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'submission.review');
		const doc = await requireSubmission(tx, eventId, submissionId, true);
		if (doc.kind === 'tham_luan') throw notFound('Không tìm thấy văn bản');
		if (input.ownerUserId) await requireMember(tx, event.organisation_id, input.ownerUserId);
		const cols: Partial<Record<'title' | 'owner_user_id' | 'owner_unit' | 'doc_status', unknown>> = {};
		if (input.title !== undefined) cols.title = input.title;
		if (input.ownerUserId !== undefined) cols.owner_user_id = input.ownerUserId;
		if (input.ownerUnit !== undefined) cols.owner_unit = input.ownerUnit;
		if (input.docStatus !== undefined) {
			if (input.docStatus !== 'draft' && !doc.current_version_id)
				throw conflict('no_version', 'Hãy tải lên bản dự thảo trước khi trình duyệt.');
			cols.doc_status = input.docStatus;
		}
		const changes = changedFields(doc as unknown as Record<string, unknown>, cols);
		if (!Object.keys(changes).length) return;
		await tx.updateTable('submission').set({ ...cols, updated_at: sql`now()` } as never).where('id', '=', submissionId).execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'submission.document.updated',
			entityType: 'submission',
			entityId: submissionId,
			organisationId: event.organisation_id,
			eventId,
			data: changes
		});
	});
}

// ------------------------------------------------------------------------------------------ reads

export interface UnitListItem {
	id: number;
	name: string;
	email: string | null;
	contactName: string;
	delegateId: number | null;
	invitedAt: Date | null;
	lastRemindedAt: Date | null;
	reminderCount: number;
	reopenedUntil: Date | null;
	activeLinks: number;
	submissionId: number | null;
	title: string;
	status: PaperStatus | null;
	versions: number;
	lastUploadAt: Date | null;
	resubmitted: boolean;
}

export async function listUnits(db: Executor, eventId: number): Promise<UnitListItem[]> {
	const rows = await db
		.selectFrom('submission_unit as u')
		.leftJoin('submission as s', 's.unit_id', 'u.id')
		.select([
			'u.id',
			'u.name',
			'u.email',
			'u.contact_name',
			'u.delegate_id',
			'u.invited_at',
			'u.last_reminded_at',
			'u.reminder_count',
			'u.reopened_until',
			's.id as submission_id',
			's.title',
			's.status',
			(eb) =>
				eb
					.selectFrom('submission_link as l')
					.select((e2) => e2.fn.countAll<number>().as('n'))
					.whereRef('l.unit_id', '=', 'u.id')
					.where('l.revoked_at', 'is', null)
					.as('active_links'),
			(eb) =>
				eb
					.selectFrom('submission_version as v')
					.select((e2) => e2.fn.countAll<number>().as('n'))
					.whereRef('v.submission_id', '=', 's.id')
					.as('versions'),
			(eb) =>
				eb
					.selectFrom('submission_version as v')
					.select((e2) => e2.fn.max('v.created_at').as('m'))
					.whereRef('v.submission_id', '=', 's.id')
					.as('last_upload_at'),
			(eb) =>
				eb
					.selectFrom('submission_review as r')
					.select((e2) => e2.fn.countAll<number>().as('n'))
					.whereRef('r.submission_id', '=', 's.id')
					.where('r.decision', '=', 'revision')
					.as('revisions')
		])
		.where('u.event_id', '=', eventId)
		.execute();
	return rows
		.map((r) => ({
			id: r.id,
			name: r.name,
			email: r.email,
			contactName: r.contact_name,
			delegateId: r.delegate_id,
			invitedAt: r.invited_at,
			lastRemindedAt: r.last_reminded_at,
			reminderCount: r.reminder_count,
			reopenedUntil: r.reopened_until,
			activeLinks: Number(r.active_links ?? 0),
			submissionId: r.submission_id ?? null,
			title: r.title ?? '',
			status: (r.status ?? null) as PaperStatus | null,
			versions: Number(r.versions ?? 0),
			lastUploadAt: r.last_upload_at ? new Date(r.last_upload_at as unknown as string) : null,
			resubmitted: r.status === 'submitted' && Number(r.revisions ?? 0) > 0
		}))
		.sort((a, b) => nameCollator.compare(a.name, b.name) || a.id - b.id);
}

export interface DocumentListItem {
	id: number;
	kind: SubmissionKind;
	title: string;
	ownerUserId: number | null;
	ownerName: string | null;
	ownerUnit: string;
	docStatus: DocStatus;
	versions: number;
	currentVersionId: number | null;
	updatedAt: Date;
}

export async function listDocuments(db: Executor, eventId: number): Promise<DocumentListItem[]> {
	const rows = await db
		.selectFrom('submission as s')
		.leftJoin('app_user as o', 'o.id', 's.owner_user_id')
		.select([
			's.id',
			's.kind',
			's.title',
			's.owner_user_id',
			'o.full_name as owner_name',
			's.owner_unit',
			's.doc_status',
			's.current_version_id',
			's.updated_at',
			(eb) =>
				eb
					.selectFrom('submission_version as v')
					.select((e2) => e2.fn.countAll<number>().as('n'))
					.whereRef('v.submission_id', '=', 's.id')
					.as('versions')
		])
		.where('s.event_id', '=', eventId)
		.where('s.kind', '<>', 'tham_luan')
		.execute();
	const order = ['main_report', 'opening_speech', 'directing_speech'];
	return rows
		.map((r) => ({
			id: r.id,
			kind: r.kind,
			title: r.title,
			ownerUserId: r.owner_user_id,
			ownerName: r.owner_name ?? null,
			ownerUnit: r.owner_unit,
			docStatus: r.doc_status ?? 'draft',
			versions: Number(r.versions ?? 0),
			currentVersionId: r.current_version_id,
			updatedAt: r.updated_at
		}))
		.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

/** Everything the tham luận page shows. */
export async function submissionsOverview(db: Executor, principal: Principal, eventId: number) {
	const { event, role } = await requireEventAccess(db, principal, eventId, 'submission.view');
	const [call, units, documents, booklet] = await Promise.all([
		getCall(db, eventId),
		listUnits(db, eventId),
		listDocuments(db, eventId),
		latestBooklet(db, eventId)
	]);
	const presented = await db
		.selectFrom('submission as s')
		.innerJoin('submission_unit as u', 'u.id', 's.unit_id')
		.select(['s.id', 's.title', 'u.name as unit', 's.presenter_name', 's.presenter_position', 's.presentation_order', 's.speaking_minutes'])
		.where('s.event_id', '=', eventId)
		.where('s.status', '=', 'presented')
		.orderBy('s.presentation_order')
		.orderBy('s.id')
		.execute();
	const counts = { invited: units.length, submitted: 0, none: 0, submittedOnly: 0, presented: 0, printed: 0, revision: 0, rejected: 0 };
	for (const u of units) {
		if (!u.versions) counts.none++;
		else counts.submitted++;
		if (u.status === 'submitted') counts.submittedOnly++;
		if (u.status === 'presented') counts.presented++;
		if (u.status === 'printed') counts.printed++;
		if (u.status === 'revision') counts.revision++;
		if (u.status === 'rejected') counts.rejected++;
	}
	return { event, role, canReview: can(role, 'submission.review'), call, units, documents, presented, counts, booklet };
}

/** A compact summary for the event overview card. */
export async function submissionsSummary(db: Executor, eventId: number) {
	const call = await getCall(db, eventId);
	const units = await listUnits(db, eventId);
	const presented = units.filter((u) => u.status === 'presented').length;
	const printed = units.filter((u) => u.status === 'printed').length;
	const waiting = units.filter((u) => u.status === 'submitted').length;
	const booklet = await latestBooklet(db, eventId);
	return {
		deadline: call?.deadline ?? null,
		invited: units.length,
		submitted: units.filter((u) => u.versions > 0).length,
		waiting,
		presented,
		printed,
		bookletPages: booklet?.page_count ?? null
	};
}

export async function latestBooklet(db: Executor, eventId: number) {
	return db
		.selectFrom('submission_booklet')
		.selectAll()
		.where('event_id', '=', eventId)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
}

/** One submission with its versions and reviews. */
export async function getSubmission(db: Executor, principal: Principal, eventId: number, submissionId: number) {
	const { event, role } = await requireEventAccess(db, principal, eventId, 'submission.view');
	const paper = await requireSubmission(db, eventId, submissionId);
	const [unit, versions, reviews, owner] = await Promise.all([
		paper.unit_id ? requireUnit(db, eventId, paper.unit_id) : Promise.resolve(null),
		db.selectFrom('submission_version').selectAll().where('submission_id', '=', paper.id).orderBy('number', 'desc').execute(),
		db.selectFrom('submission_review').selectAll().where('submission_id', '=', paper.id).orderBy('created_at', 'asc').orderBy('id').execute(),
		paper.owner_user_id
			? db.selectFrom('app_user').select(['id', 'full_name']).where('id', '=', paper.owner_user_id).executeTakeFirst()
			: Promise.resolve(undefined)
	]);
	const call = await getCall(db, eventId);
	return { event, role, canReview: can(role, 'submission.review'), paper, unit, versions, reviews, owner: owner ?? null, call };
}

/** The stored file of one version (for a download), scoped by event and submission. */
export async function versionFile(db: Executor, principal: Principal, eventId: number, submissionId: number, versionId: number) {
	await requireEventAccess(db, principal, eventId, 'submission.view');
	const v = await db
		.selectFrom('submission_version')
		.selectAll()
		.where('event_id', '=', eventId)
		.where('submission_id', '=', submissionId)
		.where('id', '=', versionId)
		.executeTakeFirst();
	if (!v) throw notFound('Không tìm thấy phiên bản tệp');
	return v;
}

/** Members of the event's organisation (owners of internal documents). */
export async function organisationMembers(db: Executor, organisationId: number) {
	const rows = await db
		.selectFrom('membership')
		.innerJoin('app_user', 'app_user.id', 'membership.user_id')
		.select(['app_user.id', 'app_user.full_name'])
		.where('membership.organisation_id', '=', organisationId)
		.where('app_user.disabled_at', 'is', null)
		.execute();
	return rows.sort((a, b) => compareVietnameseNames(a.full_name, b.full_name));
}
