import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { invalid } from '$lib/server/errors';
import { can } from '$lib/server/auth/permissions';
import { listDelegates, moveDelegate, reorderTier, setProtocolRank } from '$lib/server/delegates/service';
import { RANK_RULES } from '$lib/server/delegates/rank';
import type { Actions, PageServerLoad } from './$types';
import { requireEventAccess } from '$lib/server/auth/access';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const items = await guardLoad(() => listDelegates(db(), principal, eventId));
	const { role } = await event.parent();
	return {
		canEdit: can(role, 'delegate.edit'),
		items: items.map((d) => ({
			id: d.id,
			tierId: d.tierId,
			kind: d.kind,
			name: d.kind === 'unit' ? d.addressedTo : d.fullName,
			salutation: d.salutation,
			position: d.position,
			unit: d.unit,
			rank: d.protocolRank,
			needsPlacing: d.needsPlacing,
			substituteForLabel: d.substituteForLabel,
			parentUnitLabel: d.parentUnitLabel
		})),
		rules: RANK_RULES.map((r) => ({ rank: r.rank, label: r.label }))
	};
};

function ids(raw: FormDataEntryValue | null): number[] {
	try {
		const v = JSON.parse(String(raw ?? '[]'));
		if (Array.isArray(v) && v.every((x) => Number.isSafeInteger(x))) return v;
	} catch {
		// fall through
	}
	throw invalid({ ids: 'Danh sách không hợp lệ' });
}

export const actions: Actions = {
	/** The whole new order of one tier (drag and drop, or keyboard moves). */
	reorder: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			await reorderTier(db(), principal, eventId, Number(form.get('tierId')), ids(form.get('ids')));
			return { ok: true, action: 'reorder' };
		});
	},
	/** One step up or down (the buttons; works without JavaScript). */
	move: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'delegate.edit');
			const id = Number(form.get('id'));
			if (!Number.isSafeInteger(id) || id <= 0) throw invalid({ id: 'Thiếu đại biểu' });
			await moveDelegate(db(), principal, eventId, id, form.get('dir') === 'up' ? 'up' : 'down');
			return { ok: true, action: 'move', id };
		});
	},
	rank: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			const id = Number(form.get('id'));
			const raw = String(form.get('rank') ?? '').trim();
			const rank = raw === '' ? null : Number(raw);
			if (rank !== null && (!Number.isSafeInteger(rank) || rank < 0 || rank > 99_999)) throw invalid({ rank: 'Ngôi thứ là số từ 0 đến 99999' });
			await setProtocolRank(db(), principal, eventId, id, rank);
			return { ok: true, action: 'rank', id };
		});
	}
};
