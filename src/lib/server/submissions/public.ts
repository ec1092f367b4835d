/**
 * The unit's side: everything reached with a personal link (/u/<token>) and no account. The token is looked
 * up by its SHA-256; an unknown, altered, revoked or expired token is the same 404, so a guess learns
 * nothing.
 */
import { sql } from 'kysely';
import { inTransaction, type Executor } from '$lib/server/db';
import { DomainError, invalid } from '$lib/server/errors';
import { writeAudit, type Actor } from '$lib/server/audit';
import { hashToken } from '$lib/server/auth/tokens';
import { formatDateTime } from '$lib/format';
import { fileStore, type FileStore } from '$lib/server/files/store';
import type { EventRow } from '$lib/server/auth/access';
import {
	acceptedKinds,
	checkAndStore,
	getCall,
	insertVersion,
	linkExpiry,
	uploadWindow,
	windowClosedError,
	type CallRow,
	type SubmissionRow,
	type UnitRow,
	type UploadFile,
	type VersionRow
} from './service';
import { parsePaperMeta } from './schema';
import type { PaperStatus } from './tables';

export function linkInvalid(): DomainError {
	return new DomainError(
		'link_invalid',
		'Liên kết không đúng hoặc đã hết hạn. Hãy mở đúng liên kết trong thư của Ban tổ chức (chép đủ cả dòng), hoặc liên hệ Ban tổ chức để được cấp liên kết mới.',
		{ status: 404 }
	);
}

const TOKEN_RE = /^[a-z2-7]{20,64}$/;

export interface LinkContext {
	linkId: number;
	unit: UnitRow;
	event: EventRow;
	call: CallRow | null;
	paper: SubmissionRow | null;
}

/** Resolves a personal link, or throws link_invalid (404). */
export async function resolveLink(db: Executor, token: string, now = new Date()): Promise<LinkContext> {
	if (!TOKEN_RE.test(token)) throw linkInvalid();
	const link = await db
		.selectFrom('submission_link')
		.select(['id', 'unit_id', 'event_id', 'revoked_at'])
		.where('token_hash', '=', hashToken(token))
		.executeTakeFirst();
	if (!link || link.revoked_at) throw linkInvalid();
	const unit = await db.selectFrom('submission_unit').selectAll().where('id', '=', link.unit_id).executeTakeFirst();
	const event = await db.selectFrom('event').selectAll().where('id', '=', link.event_id).executeTakeFirst();
	if (!unit || !event || event.archived_at || now > linkExpiry(event)) throw linkInvalid();
	const [call, paper] = await Promise.all([
		getCall(db, event.id),
		db.selectFrom('submission').selectAll().where('unit_id', '=', unit.id).executeTakeFirst()
	]);
	return { linkId: link.id, unit, event, call: call ?? null, paper: paper ?? null };
}

function unitActor(unit: UnitRow, ip?: string | null): Actor {
	return { userId: null, label: `${unit.name} (liên kết riêng)`, ip: ip ?? null };
}

/** What the unit's page shows. */
export async function unitPage(db: Executor, token: string, now = new Date()) {
	const ctx = await resolveLink(db, token, now);
	const versions = ctx.paper
		? await db
				.selectFrom('submission_version')
				.select(['id', 'number', 'file_name', 'file_kind', 'size', 'sha256', 'page_count', 'created_at', 'uploaded_via'])
				.where('submission_id', '=', ctx.paper.id)
				.orderBy('number', 'desc')
				.execute()
		: [];
	const window = uploadWindow(ctx.call, ctx.unit, ctx.paper, now);
	return { ...ctx, versions, window };
}

/**
 * An upload by the unit: details (title, presenter, summary) and, for the first time necessarily, a file.
 * Refused — with nothing stored and the earlier version intact — when the link is bad, the window is
 * closed, the details are incomplete, or the file is not a real PDF/DOCX within the limit.
 */
export async function uploadByLink(
	db: Executor,
	token: string,
	input: { fields: Record<string, unknown>; file: UploadFile | null },
	opts: { store?: FileStore; now?: Date; ip?: string | null } = {}
): Promise<{ versionNumber: number | null; submissionId: number }> {
	const now = opts.now ?? new Date();
	const store = opts.store ?? fileStore();
	const ctx = await resolveLink(db, token, now);
	const w = uploadWindow(ctx.call, ctx.unit, ctx.paper, now);
	if (!w.open) throw windowClosedError(w, formatDateTime);
	const call = ctx.call!;
	const parsed = parsePaperMeta(input.fields);
	if (!parsed.ok) throw invalid(parsed.errors);
	if (!input.file && !ctx.paper?.current_version_id)
		throw new DomainError('file_required', 'Hãy chọn tệp tham luận (PDF hoặc Word .docx) để gửi.', { fields: { file: 'Chưa chọn tệp' } });
	const checked = input.file
		? await checkAndStore(input.file, { accept: acceptedKinds(call), maxBytes: call.max_size_mb * 1024 * 1024, store })
		: null;
	const meta = parsed.value;
	return inTransaction(db, async (tx) => {
		// Under the unit's lock: the deadline, the link and the decision may have changed since the check.
		const unit = await tx.selectFrom('submission_unit').selectAll().where('id', '=', ctx.unit.id).forUpdate().executeTakeFirst();
		const link = await tx.selectFrom('submission_link').select(['revoked_at']).where('id', '=', ctx.linkId).executeTakeFirst();
		if (!unit || !link || link.revoked_at) throw linkInvalid();
		const freshCall = await getCall(tx, ctx.event.id);
		let paper = await tx.selectFrom('submission').selectAll().where('unit_id', '=', unit.id).forUpdate().executeTakeFirst();
		const w2 = uploadWindow(freshCall, unit, paper, now);
		if (!w2.open) throw windowClosedError(w2, formatDateTime);
		const cols = {
			title: meta.title,
			presenter_name: meta.presenterName,
			presenter_position: meta.presenterPosition,
			summary: meta.summary
		};
		if (paper) {
			await tx.updateTable('submission').set({ ...cols, updated_at: sql`now()` }).where('id', '=', paper.id).execute();
			paper = { ...paper, ...cols };
		} else {
			paper = await tx
				.insertInto('submission')
				.values({ ...cols, event_id: unit.event_id, kind: 'tham_luan', unit_id: unit.id })
				.returningAll()
				.executeTakeFirstOrThrow();
		}
		const actor = unitActor(unit, opts.ip);
		let version: VersionRow | null = null;
		if (checked) {
			version = await insertVersion(tx, paper, checked, 'link', actor);
		}
		await tx.updateTable('submission_link').set({ last_used_at: now }).where('id', '=', ctx.linkId).execute();
		await writeAudit(tx, actor, {
			action: version ? 'submission.version.uploaded' : 'submission.details.updated',
			entityType: 'submission',
			entityId: paper.id,
			organisationId: ctx.event.organisation_id,
			eventId: ctx.event.id,
			data: version
				? { number: version.number, sha256: version.sha256, size: version.size, kind: version.file_kind, via: 'link' }
				: { title: meta.title }
		});
		return { versionNumber: version?.number ?? null, submissionId: paper.id };
	});
}

/** One of the unit's own versions, for a download from its page. */
export async function unitVersionFile(db: Executor, token: string, versionId: number, now = new Date()): Promise<VersionRow> {
	const ctx = await resolveLink(db, token, now);
	if (!ctx.paper) throw linkInvalid();
	const v = await db
		.selectFrom('submission_version')
		.selectAll()
		.where('submission_id', '=', ctx.paper.id)
		.where('id', '=', versionId)
		.executeTakeFirst();
	if (!v) throw new DomainError('not_found', 'Không tìm thấy phiên bản tệp', { status: 404 });
	return v;
}

export type { PaperStatus };
