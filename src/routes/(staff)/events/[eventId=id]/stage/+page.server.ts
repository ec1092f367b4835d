import { fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { can } from '$lib/server/auth/permissions';
import { getProgramme, markProgrammeItem, type ProgrammeMark } from '$lib/server/programme/service';
import { batchesView, moveStage, type StageMove } from '$lib/server/awards/batches';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const { event: _e, ...programme } = await guardLoad(() => getProgramme(db(), principal, eventId));
	void _e;
	const { role } = await requireEventAccess(db(), principal, eventId, 'programme.view');
	const batches = await batchesView(db(), eventId);
	return { programme, batches, canEdit: can(role, 'programme.edit'), now: new Date().toISOString() };
};

export const actions: Actions = {
	mark: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const mark = String(form.get('mark') ?? '') as ProgrammeMark;
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'programme.edit');
			if (!['start', 'end', 'clear'].includes(mark)) return fail(400, { message: 'Thao tác không hợp lệ' });
			await markProgrammeItem(db(), principal, eventId, idParam(String(form.get('id') ?? '')), mark);
			return { ok: true };
		});
	},
	stage: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const m = String(form.get('move') ?? '');
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'programme.edit');
			const move: StageMove = m === 'next' || m === 'prev' || m === 'reset' ? m : { batchId: idParam(m) };
			await moveStage(db(), principal, eventId, move);
			return { ok: true };
		});
	}
};
