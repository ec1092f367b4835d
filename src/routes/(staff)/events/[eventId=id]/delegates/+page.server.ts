import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { listDelegates, setReplyStatus, summaryOf } from '$lib/server/delegates/service';
import { REPLY_STATUS_LABELS } from '$lib/server/delegates/schema';
import { invalid } from '$lib/server/errors';
import type { ReplyStatus } from '$lib/server/delegates/tables';
import { CLIENT_FILTER_MAX, SERVER_ROWS, filterFromParams, filterRows } from '$lib/delegate-list';
import type { Actions, PageServerLoad } from './$types';
import { requireEventAccess } from '$lib/server/auth/access';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	// 'current': active rows and those who sent a substitute (shown under that reply filter only).
	const status = event.url.searchParams.get('status') === 'cancelled' ? 'cancelled' : 'current';
	// Every row of the status is sent once and filtered in the page (instant search on ~1 500 rows);
	// the same filters run on the server for the first render, so the page works without JavaScript.
	// A larger list (a province's communes) is filtered here and only the matches are sent.
	const items = await guardLoad(() => listDelegates(db(), principal, eventId, { status }));
	const rows = items.map((d) => ({
		id: d.id,
		code: d.code,
		kind: d.kind,
		tierId: d.tierId,
		tierName: d.tierName,
		salutation: d.salutation,
		name: d.kind === 'unit' ? d.addressedTo : d.fullName,
		position: d.position,
		unit: d.unit,
		places: d.places,
		attendeeCount: d.attendeeCount,
		email: d.email,
		phone: d.phone,
		seat: d.seat,
		notes: d.notes,
		replyStatus: d.replyStatus,
		status: d.status,
		substituteForLabel: d.substituteForLabel,
		parentUnitLabel: d.parentUnitLabel,
		needsPlacing: d.needsPlacing,
		key: d.searchKey
	}));
	let large: { total: number; matched: number } | null = null;
	let sent = rows;
	if (rows.length > CLIENT_FILTER_MAX) {
		const matched = filterRows(rows, filterFromParams(event.url.searchParams));
		large = { total: rows.length, matched: matched.length };
		sent = matched.slice(0, SERVER_ROWS);
	}
	return {
		status,
		items: sent,
		large,
		summary: await summaryOf(db(), eventId),
		replyLabels: REPLY_STATUS_LABELS,
		imported: Number(event.url.searchParams.get('imported') ?? '') || null
	};
};

export const actions: Actions = {
	reply: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'invitation.send');
			const id = Number(form.get('id'));
			const status = String(form.get('status') ?? '');
			if (!Number.isSafeInteger(id) || id <= 0) throw invalid({ id: 'Thiếu đại biểu' });
			await setReplyStatus(db(), principal, eventId, id, status as ReplyStatus, { via: 'organiser' });
			return { ok: true, action: 'reply', id, status };
		});
	}
};
