import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { can } from '$lib/server/auth/permissions';
import { invalid } from '$lib/server/errors';
import { commitAwardImport, createDecision, getAwardImport, listDecisions, previewAwardImport } from '$lib/server/awards/service';
import { parseDecisionInput } from '$lib/server/awards/schema';
import { FUND_SHORT, listAwardForms } from '$lib/server/awards/rules';
import { awardTotalsByFund, certificateCount } from '$lib/server/awards/totals';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const decisions = await guardLoad(() => listDecisions(db(), principal, eventId));
	const { event: e, role } = await requireEventAccess(db(), principal, eventId, 'award.view');
	const canEdit = can(role, 'award.edit');
	const importId = Number(event.url.searchParams.get('import'));
	const preview = canEdit && Number.isSafeInteger(importId) && importId > 0 ? await getAwardImport(db(), principal, eventId, importId).catch(() => null) : null;
	const [forms, funds, certificates] = await Promise.all([listAwardForms(db(), e.organisation_id), awardTotalsByFund(db(), eventId), certificateCount(db(), eventId)]);
	return {
		decisions,
		forms: forms.map((f) => ({ id: f.id, name: f.name, code: f.code })),
		funds,
		fundShort: FUND_SHORT,
		certificates,
		preview,
		canEdit,
		canPrint: can(role, 'certificate.print')
	};
};

export const actions: Actions = {
	preview: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const file = form.get('file');
		const res = await runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'award.edit');
			if (!(file instanceof File) || file.size === 0) throw invalid({ file: 'Chọn tệp danh sách (.xlsx hoặc .csv)' }, 'Chọn tệp danh sách (.xlsx hoặc .csv)');
			const view = await previewAwardImport(db(), principal, eventId, new Uint8Array(await file.arrayBuffer()), file.name);
			return { ok: true, importId: view.importId };
		});
		if (res && 'importId' in res) redirect(303, `/events/${eventId}/awards?import=${res.importId}#xem-truoc`);
		return res;
	},
	commit: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		const res = await runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'award.edit');
			const importId = idParam(values.importId);
			if (values.target && values.target !== 'new') {
				return commitAwardImport(db(), principal, eventId, importId, { decisionId: idParam(values.target) });
			}
			return commitAwardImport(db(), principal, eventId, importId, { decision: parseDecisionInput(values) });
		}, values);
		if (res && 'decisionId' in res) redirect(303, `/events/${eventId}/awards/${res.decisionId}?imported=${res.imported}`);
		return res;
	},
	create: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		const res = await runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'award.edit');
			return { id: await createDecision(db(), principal, eventId, parseDecisionInput(values)) };
		}, values);
		if (res && 'id' in res) redirect(303, `/events/${eventId}/awards/${res.id}`);
		return res;
	}
};
