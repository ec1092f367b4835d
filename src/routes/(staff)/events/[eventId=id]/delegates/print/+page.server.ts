import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { exportRows, sectionLetter } from '$lib/server/delegates/export';
import { parseListFilters, REPLY_STATUS_LABELS } from '$lib/server/delegates/schema';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const { event: e, items } = await guardLoad(() => exportRows(db(), principal, eventId, parseListFilters(event.url.searchParams)));
	const groups: { title: string; rows: typeof items }[] = [];
	for (const d of items) {
		const last = groups[groups.length - 1];
		if (last && last.rows[0].tierId === d.tierId) last.rows.push(d);
		else groups.push({ title: '', rows: [d] });
	}
	groups.forEach((g, i) => (g.title = `${sectionLetter(i)}. ${g.rows[0].tierName.toLocaleUpperCase('vi-VN')}`));
	return {
		authority: [e.authority_parent, e.authority_name].filter(Boolean).join(' '),
		total: items.length,
		replyLabels: REPLY_STATUS_LABELS,
		groups: groups.map((g) => ({
			title: g.title,
			rows: g.rows.map((d) => ({
				id: d.id,
				name: d.kind === 'unit' ? `${d.addressedTo} (${d.places} người)` : [d.salutation, d.fullName].filter(Boolean).join(' '),
				position: d.position,
				unit: d.unit,
				phone: d.phone,
				seat: d.seat,
				reply: d.replyStatus,
				note: [d.substituteForLabel ? `Dự thay ${d.substituteForLabel}` : '', d.notes].filter(Boolean).join('; ')
			}))
		}))
	};
};
