import { json } from '@sveltejs/kit';
import { api, isId, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireOrgPermission } from '$lib/server/auth/access';
import { invalid } from '$lib/server/errors';
import { createEvent, getEvent, listEvents } from '$lib/server/events/service';
import { parseEventInput, parseTiers, type EventInput } from '$lib/server/events/schema';
import { eventDto } from '$lib/server/events/dto';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ url }, principal) => {
	const events = await listEvents(db(), principal, { includeArchived: url.searchParams.get('archived') === 'true' });
	return json({
		events: events.map((e) => ({
			id: e.id,
			title: e.title,
			kind: e.kind,
			startsAt: e.startsAt.toISOString(),
			venue: e.venue,
			organisationId: e.organisationId,
			organisationName: e.organisationName,
			role: e.role,
			status: e.status
		}))
	});
});

export const POST: RequestHandler = api(async ({ request }, principal) => {
	const body = await readJsonObject(request);
	// The organisation is the scope: checked first (not a member 404, a role without event.edit 403), then the
	// fields. Without an organisation there is nothing to check access against: the body's errors as before.
	const orgId = Number(body.organisationId);
	if (isId(orgId)) await requireOrgPermission(db(), principal, orgId, 'event.edit');
	const parsed = parseEventInput(body);
	if (!parsed.ok) throw invalid(parsed.errors);
	if (!isId(orgId)) throw invalid({ organisationId: 'Thiếu mã đơn vị tổ chức' });
	let tiers;
	if (body.tiers !== undefined) {
		const t = parseTiers(body.tiers);
		if (!t.ok) throw invalid(t.errors);
		tiers = t.value;
	}
	const id = await createEvent(db(), principal, orgId, parsed.value as EventInput, {
		presetKey: typeof body.tierPreset === 'string' ? body.tierPreset : undefined,
		tiers
	});
	const { event, tiers: rows } = await getEvent(db(), principal, id);
	return json(eventDto(event, rows), { status: 201 });
});
