import { fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { can } from '$lib/server/auth/permissions';
import { requireEventAccess } from '$lib/server/auth/access';
import {
	PROGRAMME_KIND_LABELS,
	addProgrammeItem,
	createProgrammeTemplate,
	deleteProgrammeItem,
	getProgramme,
	markProgrammeItem,
	moveProgrammeItem,
	parseProgrammeItemInput,
	reorderProgramme,
	syncDiscussions,
	updateProgrammeItem,
	type ProgrammeMark
} from '$lib/server/programme/service';
import { linkableDelegates } from '$lib/server/awards/batches';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const p = await guardLoad(() => getProgramme(db(), principal, eventId));
	const { role } = await requireEventAccess(db(), principal, eventId, 'programme.view');
	const { event: e, ...programme } = p;
	return {
		programme,
		kinds: Object.entries(PROGRAMME_KIND_LABELS).map(([value, label]) => ({ value, label })),
		canEdit: can(role, 'programme.edit'),
		people: (await linkableDelegates(db(), eventId)).map((d) => d.label),
		startsAt: e.starts_at.toISOString()
	};
};

async function dayOf(principal: ReturnType<typeof requirePrincipal>, eventId: number) {
	const { event } = await requireEventAccess(db(), principal, eventId, 'programme.view');
	return event.starts_at;
}

const itemId = (v: FormDataEntryValue | null) => idParam(String(v ?? ''));

export const actions: Actions = {
	template: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		return runAction(async () => ({ ok: true, action: 'template', count: await createProgrammeTemplate(db(), principal, eventId) }));
	},
	sync: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		return runAction(async () => ({ ok: true, action: 'sync', ...(await syncDiscussions(db(), principal, eventId)) }));
	},
	add: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			const input = parseProgrammeItemInput(values, await dayOf(principal, eventId));
			await addProgrammeItem(db(), principal, eventId, input, { afterId: values.afterId ? Number(values.afterId) : null });
			return { ok: true, action: 'add' };
		}, values);
	},
	update: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'programme.edit');
			const input = parseProgrammeItemInput(values, await dayOf(principal, eventId));
			await updateProgrammeItem(db(), principal, eventId, idParam(values.id), input);
			return { ok: true, action: 'update', id: Number(values.id) };
		}, values);
	},
	delete: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'programme.edit');
			await deleteProgrammeItem(db(), principal, eventId, itemId(form.get('id')));
			return { ok: true, action: 'delete' };
		});
	},
	move: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'programme.edit');
			await moveProgrammeItem(db(), principal, eventId, itemId(form.get('id')), form.get('delta') === '-1' ? -1 : 1);
			return { ok: true, action: 'move' };
		});
	},
	reorder: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			const ids = String(form.get('ids') ?? '').split(',').filter(Boolean).map(Number);
			await reorderProgramme(db(), principal, eventId, ids);
			return { ok: true, action: 'reorder' };
		});
	},
	mark: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const mark = String(form.get('mark') ?? '') as ProgrammeMark;
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'programme.edit');
			if (!['start', 'end', 'clear'].includes(mark)) return fail(400, { message: 'Thao tác không hợp lệ' });
			await markProgrammeItem(db(), principal, eventId, itemId(form.get('id')), mark);
			return { ok: true, action: 'mark' };
		});
	}
};
