import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { can } from '$lib/server/auth/permissions';
import { DomainError } from '$lib/server/errors';
import { autoLinkDelegates, generateBatches, listBatches, parseArrangement, saveArrangement, updateBatch } from '$lib/server/awards/batches';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const view = await guardLoad(() => listBatches(db(), principal, eventId));
	const { role } = await requireEventAccess(db(), principal, eventId, 'programme.view');
	return { view, canEdit: can(role, 'award.edit') };
};

export const actions: Actions = {
	generate: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => ({ ok: true, action: 'generate', ...(await generateBatches(db(), principal, eventId, { capacity: Number(form.get('capacity') || 10) })) }));
	},
	arrange: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'award.edit');
			let raw: unknown;
			try {
				raw = JSON.parse(String(form.get('arrangement') ?? ''));
			} catch {
				throw new DomainError('invalid_input', 'Sắp xếp đợt không hợp lệ');
			}
			await saveArrangement(db(), principal, eventId, parseArrangement(raw));
			return { ok: true, action: 'arrange' };
		});
	},
	presenter: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'award.edit');
			const v = String(form.get('presenterDelegateId') ?? '');
			await updateBatch(db(), principal, eventId, idParam(String(form.get('batchId'))), v ? { presenterDelegateId: Number(v) } : { presenterDelegateId: null, presenterName: String(form.get('presenterName') ?? ''), presenterPosition: String(form.get('presenterPosition') ?? '') });
			return { ok: true, action: 'presenter' };
		});
	},
	autolink: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		return runAction(async () => ({ ok: true, action: 'autolink', ...(await autoLinkDelegates(db(), principal, eventId)) }));
	}
};
