import { json } from '@sveltejs/kit';
import { api, apiIdParam, isId, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { DomainError } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { addProgrammeItem, getProgramme, parseProgrammeItemInput, reorderProgramme } from '$lib/server/programme/service';
import type { RequestHandler } from './$types';

const view = async (principal: Parameters<typeof getProgramme>[1], eventId: number) => {
	const { event: _event, ...p } = await getProgramme(db(), principal, eventId);
	void _event;
	return p;
};

export const GET: RequestHandler = api(async ({ params }, principal) => json(await view(principal, apiIdParam(params.eventId))));

/** Adds an item (at the end, or after `afterId`). */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const { event } = await requireEventAccess(db(), principal, eventId, 'programme.edit');
	const body = await readJsonObject(request);
	const input = parseProgrammeItemInput(body, event.starts_at);
	const afterId = body.afterId == null ? null : Number(body.afterId);
	const id = await addProgrammeItem(db(), principal, eventId, input, { afterId: isId(afterId) ? afterId : null });
	return json({ id, ...(await view(principal, eventId)) }, { status: 201 });
});

/** Puts the items in the given order: { ids: [...] } with every item once. */
export const PUT: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'programme.edit');
	const body = await readJsonObject(request);
	if (!Array.isArray(body.ids)) throw new DomainError('invalid_order', 'Gửi { ids: [...] } gồm mỗi mục đúng một lần');
	await reorderProgramme(db(), principal, eventId, body.ids.map(Number));
	return json(await view(principal, eventId));
});
