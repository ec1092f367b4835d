/** JSON shapes of tham luận for the API (camelCase, ISO dates, no token hashes). */
import type { CallRow, DocumentListItem, SubmissionRow, UnitListItem, VersionRow } from './service';
import type { Selectable } from 'kysely';
import type { BookletWarning, SubmissionBookletTable, SubmissionReviewTable } from './tables';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function callDto(c: CallRow) {
	return {
		id: c.id,
		guidance: c.guidance,
		deadline: c.deadline.toISOString(),
		acceptPdf: c.accept_pdf,
		acceptDocx: c.accept_docx,
		maxSizeMb: c.max_size_mb,
		expectedLength: c.expected_length,
		speakingMinutes: c.speaking_minutes,
		updatedAt: c.updated_at.toISOString()
	};
}

export function unitDto(u: UnitListItem) {
	return {
		id: u.id,
		name: u.name,
		email: u.email,
		contactName: u.contactName,
		delegateId: u.delegateId,
		invitedAt: iso(u.invitedAt),
		lastRemindedAt: iso(u.lastRemindedAt),
		reminderCount: u.reminderCount,
		reopenedUntil: iso(u.reopenedUntil),
		activeLinks: u.activeLinks,
		submissionId: u.submissionId,
		title: u.title,
		status: u.versions ? u.status : null,
		versions: u.versions,
		lastUploadAt: iso(u.lastUploadAt),
		resubmitted: u.resubmitted
	};
}

export function documentDto(d: DocumentListItem) {
	return {
		id: d.id,
		kind: d.kind,
		title: d.title,
		ownerUserId: d.ownerUserId,
		ownerName: d.ownerName,
		ownerUnit: d.ownerUnit,
		docStatus: d.docStatus,
		versions: d.versions,
		currentVersionId: d.currentVersionId,
		updatedAt: d.updatedAt.toISOString()
	};
}

export function versionDto(v: VersionRow) {
	return {
		id: v.id,
		number: v.number,
		fileName: v.file_name,
		fileKind: v.file_kind,
		contentType: v.content_type,
		size: Number(v.size),
		sha256: v.sha256,
		pageCount: v.page_count,
		convertedToPdf: !!v.converted_sha256,
		uploadedVia: v.uploaded_via,
		uploadedBy: v.uploaded_by_label,
		createdAt: v.created_at.toISOString()
	};
}

export function reviewDto(r: Selectable<SubmissionReviewTable>) {
	return {
		id: r.id,
		versionId: r.version_id,
		author: r.author_label,
		decision: r.decision,
		body: r.body,
		reopenedUntil: iso(r.reopened_until),
		createdAt: r.created_at.toISOString()
	};
}

export function submissionDto(s: SubmissionRow, extra: { unit?: { id: number; name: string } | null } = {}) {
	return {
		id: s.id,
		kind: s.kind,
		unitId: s.unit_id,
		unitName: extra.unit?.name ?? null,
		title: s.title,
		presenterName: s.presenter_name,
		presenterPosition: s.presenter_position,
		summary: s.summary,
		status: s.status,
		docStatus: s.doc_status,
		ownerUserId: s.owner_user_id,
		ownerUnit: s.owner_unit,
		decisionNote: s.decision_note,
		decidedAt: iso(s.decided_at),
		presentationOrder: s.presentation_order,
		speakingMinutes: s.speaking_minutes,
		currentVersionId: s.current_version_id,
		createdAt: s.created_at.toISOString(),
		updatedAt: s.updated_at.toISOString()
	};
}

export function bookletDto(b: Selectable<SubmissionBookletTable>, warnings: BookletWarning[] = []) {
	return {
		id: b.id,
		pageCount: b.page_count,
		size: Number(b.size),
		sha256: b.sha256,
		durationMs: b.duration_ms,
		contents: b.contents,
		missing: b.missing,
		warnings,
		createdAt: b.created_at.toISOString()
	};
}
