import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { can } from '$lib/server/auth/permissions';
import {
	delegateUnitsToInvite,
	getCall,
	inviteUnits,
	issueLink,
	listUnits,
	removeUnit,
	reopenUnit,
	saveCall,
	savePaperForUnit,
	updateUnit,
	uploadStaffVersion
} from '$lib/server/submissions/service';
import { fileFromForm } from '$lib/server/submissions/http';
import { parseCallInput, parseInstant, parsePaperMeta, parseUnitInput, parseUnitLines } from '$lib/server/submissions/schema';
import { PAPER_STATUS_LABELS } from '$lib/server/submissions/labels';
import { formatDateTime, parseDateTimeLocal, toDateTimeLocalValue } from '$lib/format';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const { role, event: e } = await guardLoad(() => requireEventAccess(db(), principal, eventId, 'submission.view'));
	const canReview = can(role, 'submission.review');
	const [call, units, candidates] = await Promise.all([
		getCall(db(), eventId),
		listUnits(db(), eventId),
		canReview ? delegateUnitsToInvite(db(), eventId) : Promise.resolve([])
	]);
	const now = new Date();
	// Default deadline: ten days before the conference, 17:00 (Vietnam time).
	const at17 = (d: Date) => parseDateTimeLocal(toDateTimeLocalValue(d).slice(0, 10) + 'T17:00')!;
	const defaultDeadline = at17(new Date(e.starts_at.getTime() - 10 * 24 * 3600 * 1000));
	return {
		canReview,
		hasCall: !!call,
		values: {
			guidance: call?.guidance ?? '',
			deadline: toDateTimeLocalValue(call?.deadline ?? defaultDeadline),
			acceptPdf: call ? call.accept_pdf : true,
			acceptDocx: call ? call.accept_docx : true,
			maxSizeMb: String(call?.max_size_mb ?? 20),
			expectedLength: call?.expected_length ?? '3–5 trang A4',
			speakingMinutes: String(call?.speaking_minutes ?? 7)
		},
		units: units.map((u) => ({
			id: u.id,
			name: u.name,
			email: u.email ?? '',
			contactName: u.contactName,
			fromDelegates: u.delegateId !== null,
			activeLinks: u.activeLinks,
			status: PAPER_STATUS_LABELS[u.versions ? (u.status ?? 'none') : 'none'],
			hasFile: u.versions > 0,
			reopenedUntil: u.reopenedUntil && u.reopenedUntil > now ? formatDateTime(u.reopenedUntil) : null,
			lastRemindedAt: u.lastRemindedAt?.toISOString() ?? null
		})),
		candidates,
		defaultReopen: toDateTimeLocalValue(at17(new Date(now.getTime() + 3 * 24 * 3600 * 1000)))
	};
};

export const actions: Actions = {
	save: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'submission.review');
			const parsed = parseCallInput({ ...values, acceptPdf: values.acceptPdf ?? '', acceptDocx: values.acceptDocx ?? '' });
			if (!parsed.ok) throw invalid(parsed.errors);
			await saveCall(db(), principal, eventId, parsed.value);
			return { ok: true, action: 'save' };
		}, { ...values, action: 'save' });
	},
	invite: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const values = formValues(form);
		return runAction(async () => {
			const delegateIds = form.getAll('delegate').map((v) => Number(v)).filter((n) => Number.isSafeInteger(n) && n > 0);
			const lines = parseUnitLines(values.manual ?? '');
			if (!lines.ok) throw invalid(lines.errors, Object.values(lines.errors)[0]);
			const invited = await inviteUnits(db(), principal, eventId, { units: lines.value, delegateIds, sendMail: values.sendMail === 'on' });
			return { ok: true, action: 'invite', invited };
		}, { manual: values.manual, action: 'invite' });
	},
	link: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'submission.review');
			const unitId = idParam(values.unitId);
			const r = await issueLink(db(), principal, eventId, unitId, { revokeOthers: values.revokeOthers === 'on' });
			return { ok: true, action: 'link', unitId, link: r.link, revoked: r.revoked };
		});
	},
	reopen: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'submission.review');
			const unitId = idParam(values.unitId);
			const until = values.close ? null : parseInstant(values.until);
			if (!values.close && !until) throw invalid({ until: 'Nhập thời hạn mở lại' }, 'Nhập thời hạn mở lại (ngày và giờ)');
			await reopenUnit(db(), principal, eventId, unitId, until);
			return { ok: true, action: 'reopen', unitId };
		});
	},
	edit: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'submission.review');
			const unitId = idParam(values.unitId);
			const parsed = parseUnitInput(values);
			if (!parsed.ok) throw invalid(parsed.errors, Object.values(parsed.errors)[0]);
			await updateUnit(db(), principal, eventId, unitId, parsed.value);
			return { ok: true, action: 'edit', unitId };
		});
	},
	onBehalf: async (event) => {
		// A unit sent its tham luận by email or on paper: the organiser uploads it for the unit (no deadline).
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const values = formValues(form);
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'submission.review');
			const unitId = idParam(values.unitId);
			const parsed = parsePaperMeta(values);
			if (!parsed.ok) throw invalid(parsed.errors, Object.values(parsed.errors)[0]);
			const file = await fileFromForm(form);
			if (!file) throw invalid({ file: 'Chưa chọn tệp' }, 'Hãy chọn tệp tham luận (PDF hoặc Word .docx)');
			const submissionId = await savePaperForUnit(db(), principal, eventId, unitId, parsed.value);
			const v = await uploadStaffVersion(db(), principal, eventId, submissionId, file);
			return { ok: true, action: 'onBehalf', unitId, submissionId, number: v.number };
		}, { ...values, action: 'onBehalf' });
	},
	remove: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'submission.review');
			await removeUnit(db(), principal, eventId, idParam(values.unitId));
			return { ok: true, action: 'remove' };
		});
	}
};
