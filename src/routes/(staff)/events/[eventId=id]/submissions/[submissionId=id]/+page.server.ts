import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { invalid } from '$lib/server/errors';
import {
	APPROVAL_RESET_MESSAGE,
	addReview,
	getSubmission,
	organisationMembers,
	updateDocument,
	updatePaperMeta,
	uploadStaffVersion,
	uploadWindow
} from '$lib/server/submissions/service';
import { parseDocumentInput, parsePaperMeta, parseReviewInput } from '$lib/server/submissions/schema';
import { fileFromForm } from '$lib/server/submissions/http';
import { DECISION_LABELS, DOC_STATUS_LABELS, PAPER_STATUS_LABELS, kindLabel } from '$lib/server/submissions/labels';
import { formatDateTime, parseDateTimeLocal, toDateTimeLocalValue } from '$lib/format';
import type { Actions, PageServerLoad } from './$types';
import { requireEventAccess } from '$lib/server/auth/access';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const id = idParam(event.params.submissionId);
	const s = await guardLoad(() => getSubmission(db(), principal, eventId, id));
	const members = s.canReview && s.paper.kind !== 'tham_luan' ? await organisationMembers(db(), s.event.organisation_id) : [];
	const now = new Date();
	const w = s.unit ? uploadWindow(s.call, s.unit, s.paper, now) : null;
	const at17 = (d: Date) => parseDateTimeLocal(toDateTimeLocalValue(d).slice(0, 10) + 'T17:00')!;
	return {
		canReview: s.canReview,
		paper: {
			id: s.paper.id,
			kind: s.paper.kind,
			kindLabel: kindLabel(s.paper.kind, s.event.kind),
			title: s.paper.title,
			presenterName: s.paper.presenter_name,
			presenterPosition: s.paper.presenter_position,
			summary: s.paper.summary,
			status: s.paper.status,
			statusLabel: s.paper.kind === 'tham_luan' ? PAPER_STATUS_LABELS[s.paper.status ?? 'none'] : DOC_STATUS_LABELS[s.paper.doc_status ?? 'draft'],
			docStatus: s.paper.doc_status,
			decisionNote: s.paper.decision_note,
			order: s.paper.presentation_order,
			minutes: s.paper.speaking_minutes,
			ownerUserId: s.paper.owner_user_id,
			ownerName: s.owner?.full_name ?? null,
			ownerUnit: s.paper.owner_unit,
			currentVersionId: s.paper.current_version_id
		},
		unit: s.unit ? { id: s.unit.id, name: s.unit.name, email: s.unit.email } : null,
		window: w ? { open: w.open, until: w.until ? formatDateTime(w.until) : null } : null,
		versions: s.versions.map((v) => ({
			id: v.id,
			number: v.number,
			fileName: v.file_name,
			kind: v.file_kind,
			size: Number(v.size),
			pages: v.page_count,
			sha256: v.sha256,
			via: v.uploaded_via,
			by: v.uploaded_by_label,
			at: v.created_at.toISOString(),
			converted: !!v.converted_sha256
		})),
		reviews: s.reviews.map((r) => ({
			id: r.id,
			author: r.author_label,
			decision: r.decision,
			decisionLabel: r.decision ? DECISION_LABELS[r.decision] : null,
			body: r.body,
			versionNumber: s.versions.find((v) => v.id === r.version_id)?.number ?? null,
			reopenedUntil: r.reopened_until ? formatDateTime(r.reopened_until) : null,
			at: r.created_at.toISOString()
		})),
		members: members.map((m) => ({ id: m.id, name: m.full_name })),
		defaultReopen: toDateTimeLocalValue(at17(new Date(now.getTime() + 3 * 24 * 3600 * 1000))),
		decisionLabels: DECISION_LABELS,
		docStatusLabels: DOC_STATUS_LABELS
	};
};

export const actions: Actions = {
	review: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const id = idParam(event.params.submissionId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'submission.review');
			const parsed = parseReviewInput({ ...values, reopenUntil: values.decision === 'revision' ? values.reopenUntil : '' });
			if (!parsed.ok) throw invalid(parsed.errors, Object.values(parsed.errors)[0]);
			const r = await addReview(db(), principal, eventId, id, parsed.value);
			const programmeChanged = !!r.programme && r.programme.added + r.programme.updated + r.programme.removed > 0;
			return { ok: true, action: 'review', decision: parsed.value.decision, mailed: r.mailed, programmeChanged };
		}, { ...values, action: 'review' });
	},
	upload: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const id = idParam(event.params.submissionId);
		const form = await event.request.formData();
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'submission.review');
			const file = await fileFromForm(form);
			if (!file) throw invalid({ file: 'Chưa chọn tệp' }, 'Hãy chọn tệp (PDF hoặc Word .docx) để tải lên');
			const v = await uploadStaffVersion(db(), principal, eventId, id, file);
			return { ok: true, action: 'upload', number: v.number, notice: v.approvalReset ? APPROVAL_RESET_MESSAGE : null };
		}, { action: 'upload' });
	},
	details: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const id = idParam(event.params.submissionId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'submission.review');
			const parsed = parsePaperMeta(values);
			if (!parsed.ok) throw invalid(parsed.errors, Object.values(parsed.errors)[0]);
			await updatePaperMeta(db(), principal, eventId, id, parsed.value);
			return { ok: true, action: 'details' };
		}, { ...values, action: 'details' });
	},
	document: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const id = idParam(event.params.submissionId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			const parsed = parseDocumentInput(values, { partial: true });
			if (!parsed.ok) throw invalid(parsed.errors, Object.values(parsed.errors)[0]);
			await updateDocument(db(), principal, eventId, id, parsed.value);
			return { ok: true, action: 'document' };
		}, { ...values, action: 'document' });
	}
};
