import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { can } from '$lib/server/auth/permissions';
import { invalid } from '$lib/server/errors';
import { addAward, deleteAward, deleteDecision, getDecision, previewAwardImport, recomputePrizes, updateAward, updateDecision } from '$lib/server/awards/service';
import { parseAwardInput, parseDecisionInput } from '$lib/server/awards/schema';
import { FUND_LABELS, listAwardForms } from '$lib/server/awards/rules';
import { MISSING_LABELS, ROUNDING_LABELS } from '$lib/server/awards/prize';
import { autoLinkDelegates, linkableDelegates } from '$lib/server/awards/batches';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const decisionId = idParam(event.params.decisionId);
	const detail = await guardLoad(() => getDecision(db(), principal, eventId, decisionId));
	const { event: e, role } = await requireEventAccess(db(), principal, eventId, 'award.view');
	const canEdit = can(role, 'award.edit');
	return {
		detail,
		forms: (await listAwardForms(db(), e.organisation_id)).map((f) => ({ id: f.id, name: f.name })),
		delegates: canEdit ? await linkableDelegates(db(), eventId) : [],
		fundLabels: FUND_LABELS,
		roundingLabels: ROUNDING_LABELS,
		missingLabels: MISSING_LABELS,
		canEdit,
		canPrint: can(role, 'certificate.print'),
		imported: Number(event.url.searchParams.get('imported')) || null
	};
};

function ids(event: { params: { eventId: string; decisionId: string } }) {
	return { eventId: idParam(event.params.eventId), decisionId: idParam(event.params.decisionId) };
}

export const actions: Actions = {
	update: async (event) => {
		const principal = requirePrincipal(event);
		const { eventId, decisionId } = ids(event);
		const values = formValues(await event.request.formData());
		return runAction(async () => ({ ok: true, action: 'update', ...(await updateDecision(db(), principal, eventId, decisionId, parseDecisionInput(values, { partial: true }))) }), values);
	},
	delete: async (event) => {
		const principal = requirePrincipal(event);
		const { eventId, decisionId } = ids(event);
		const res = await runAction(async () => {
			await deleteDecision(db(), principal, eventId, decisionId);
			return { deleted: true };
		});
		if (res && 'deleted' in res) redirect(303, `/events/${eventId}/awards`);
		return res;
	},
	addAward: async (event) => {
		const principal = requirePrincipal(event);
		const { eventId, decisionId } = ids(event);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'award.edit');
			await addAward(db(), principal, eventId, decisionId, { ...parseAwardInput(values), delegateId: values.delegateId ? Number(values.delegateId) : null });
			return { ok: true, action: 'addAward' };
		}, values);
	},
	updateAward: async (event) => {
		const principal = requirePrincipal(event);
		const { eventId } = ids(event);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'award.edit');
			const input = parseAwardInput(values, { partial: true });
			await updateAward(db(), principal, eventId, idParam(values.id), { ...input, ...(values.delegateId !== undefined ? { delegateId: values.delegateId ? Number(values.delegateId) : null } : {}) });
			return { ok: true, action: 'updateAward', id: Number(values.id) };
		}, values);
	},
	deleteAward: async (event) => {
		const principal = requirePrincipal(event);
		const { eventId } = ids(event);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'award.edit');
			await deleteAward(db(), principal, eventId, idParam(values.id));
			return { ok: true, action: 'deleteAward' };
		});
	},
	recompute: async (event) => {
		const principal = requirePrincipal(event);
		const { eventId, decisionId } = ids(event);
		return runAction(async () => ({ ok: true, action: 'recompute', changed: (await recomputePrizes(db(), principal, eventId, { decisionId })).changed.length }));
	},
	autolink: async (event) => {
		const principal = requirePrincipal(event);
		const { eventId } = ids(event);
		return runAction(async () => ({ ok: true, action: 'autolink', linked: (await autoLinkDelegates(db(), principal, eventId)).linked }));
	},
	preview: async (event) => {
		const principal = requirePrincipal(event);
		const { eventId, decisionId } = ids(event);
		const form = await event.request.formData();
		const file = form.get('file');
		const res = await runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'award.edit');
			if (!(file instanceof File) || file.size === 0) throw invalid({ file: 'Chọn tệp danh sách' }, 'Chọn tệp danh sách (.xlsx hoặc .csv)');
			return { importId: (await previewAwardImport(db(), principal, eventId, new Uint8Array(await file.arrayBuffer()), file.name, { decisionId })).importId };
		});
		if (res && 'importId' in res) redirect(303, `/events/${eventId}/awards?import=${res.importId}#xem-truoc`);
		return res;
	}
};
