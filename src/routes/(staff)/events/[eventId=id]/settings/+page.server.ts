import { db } from '$lib/server/db';
import { formValues, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { invalid, DomainError } from '$lib/server/errors';
import { getEvent, setEventArchived, setTiers, updateEvent } from '$lib/server/events/service';
import { parseEventInput, parseTiers } from '$lib/server/events/schema';
import { TIER_PRESETS } from '$lib/server/events/presets';
import { can } from '$lib/server/auth/permissions';
import { toDateTimeLocalValue } from '$lib/format';
import type { Actions, PageServerLoad } from './$types';
import { requireEventAccess } from '$lib/server/auth/access';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const { event: e, role } = await getEvent(db(), principal, idParam(event.params.eventId));
	return {
		canEdit: can(role, 'event.edit'),
		presets: TIER_PRESETS.map((p) => ({ key: p.key, label: p.label, tiers: p.tiers })),
		values: {
			kind: e.kind,
			title: e.title,
			movement: e.movement,
			periodLabel: e.period_label,
			startsAt: toDateTimeLocalValue(e.starts_at),
			endsAt: e.ends_at ? toDateTimeLocalValue(e.ends_at) : '',
			venue: e.venue,
			address: e.address,
			organiserName: e.organiser_name,
			authorityParent: e.authority_parent,
			authorityName: e.authority_name,
			placeName: e.place_name,
			docNumber: e.doc_number,
			docSymbol: e.doc_symbol,
			signerPrefix: e.signer_prefix,
			signerTitle: e.signer_title,
			signerName: e.signer_name,
			notes: e.notes
		} as Record<string, string>
	};
};

export const actions: Actions = {
	save: async (event) => {
		const principal = requirePrincipal(event);
		const id = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, id, 'event.edit');
			const parsed = parseEventInput(values);
			if (!parsed.ok) throw invalid(parsed.errors);
			if (!values.endsAt) parsed.value.endsAt = null;
			await updateEvent(db(), principal, id, parsed.value);
			return { ok: true, action: 'save' };
		}, values);
	},
	tiers: async (event) => {
		const principal = requirePrincipal(event);
		const id = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			await requireEventAccess(db(), principal, id, 'event.edit');
			let raw: unknown;
			try {
				raw = JSON.parse(String(form.get('tiers') ?? '[]'));
			} catch {
				throw new DomainError('invalid_input', 'Danh sách cấp đại biểu không hợp lệ');
			}
			const parsed = parseTiers(raw);
			if (!parsed.ok) throw invalid(parsed.errors, Object.values(parsed.errors)[0]);
			await setTiers(db(), principal, id, parsed.value);
			return { ok: true, action: 'tiers' };
		});
	},
	archive: async (event) => {
		const principal = requirePrincipal(event);
		const id = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			await setEventArchived(db(), principal, id, form.get('archived') === '1');
			return { ok: true, action: 'archive' };
		});
	}
};
